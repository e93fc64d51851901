import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';

// The CLI is tested as shipped: the built `dist/cli.mjs` (the package's test task runs after build).
const CLI = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm build\` in packages/sandbox first`);
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function run(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: 'pipe' });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const output = () => ({ stdout, stderr });
  // Waits as long as the CLI runs: the test's own timeout bounds it, not a count of polls.
  const waitFor = async (pattern: RegExp) => {
    for (;;) {
      const match = pattern.exec(stdout);
      if (match) return match;
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no ${pattern} in output: ${stdout}${stderr}`);
  };
  return { child, exited, output, waitFor };
}

// Spawning Node and hashing the demo seed's passwords is slow on a busy machine: give each test two minutes.
describe('authspec-sandbox CLI', { timeout: 120_000 }, () => {
  it('starts on a free port with the demo seed, serves, and stops cleanly on SIGTERM', async () => {
    const cli = run([]);
    const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    await cli.waitFor(/Press Ctrl\+C/);
    const { stdout } = cli.output();
    expect(stdout).toContain(`Equinix Metal  ${url}/metal/v1`);
    expect(stdout).toContain(`SFTPGo         ${url}/api/v2`);
    expect(stdout).toContain('client_id=demo-m2m-app client_secret=demo-m2m-app-secret');
    expect(stdout).toContain('client_id=demo-web-app client_secret=demo-web-app-secret');
    expect(stdout).toMatch(/username=grace .*totp_secret=[A-Z2-7]+/);

    const token = await fetch(`${url}/oidc/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'demo-m2m-app',
        client_secret: 'demo-m2m-app-secret',
        resource: 'https://default.logto.app/api',
        scope: 'all',
      }),
    });
    expect(token.status).toBe(200);
    const sftpgo = await fetch(`${url}/api/v2/user/token`, {
      headers: { authorization: `Basic ${Buffer.from('alice:alice-password').toString('base64')}` },
    });
    expect(sftpgo.status).toBe(200);

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.output().stderr).toContain('SIGTERM, stopping');
    expect(cli.output().stderr).not.toContain('demo-m2m-app-secret');
    await expect(fetch(`${url}/sign-in`)).rejects.toThrow();
  });

  it('stops on SIGINT as well, and loads a seed file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-cli-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const seedFile = join(dir, 'seed.json');
    await writeFile(
      seedFile,
      JSON.stringify({ sftpgo: { users: [{ username: 'seeded', password: 'seeded-password' }] } }),
    );
    const cli = run(['--seed', seedFile, '--quiet']);
    const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    await cli.waitFor(/username=seeded password=seeded-password/);
    expect(cli.output().stdout).not.toContain('demo-m2m-app');
    const response = await fetch(`${url}/api/v2/user/token`, {
      headers: { authorization: `Basic ${Buffer.from('seeded:seeded-password').toString('base64')}` },
    });
    expect(response.status).toBe(200);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });

  it('serves a sign-in page, hands out URLs on a public host and allows CORS origins', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-cli-page-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Custom sign-in</title>');
    const cli = run([
      '--quiet',
      '--public-host',
      'localhost',
      '--sign-in-page',
      dir,
      '--cors-origin',
      'http://localhost:5173',
      '--cors-origin',
      'http://localhost:4173',
    ]);
    const [, url] = await cli.waitFor(/listening on (http:\/\/localhost:\d+)/);
    await cli.waitFor(/Press Ctrl\+C/);
    expect(cli.output().stdout).toContain('CORS origins   http://localhost:5173 http://localhost:4173');
    const port = new URL(url as string).port;
    const page = await fetch(`http://127.0.0.1:${port}/sign-in/`);
    expect(await page.text()).toContain('Custom sign-in');
    const preflight = await fetch(`http://127.0.0.1:${port}/api/experience`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:4173', 'access-control-request-method': 'PUT' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:4173');
    // Malformed percent-encoding gets the API's 400 from the built package too (a check the
    // bundler once dropped as side-effect free, leaving a 500).
    const equinix = await fetch(`http://127.0.0.1:${port}/metal/v1/user/otp/verify/%E0%A4%A`, {
      method: 'POST',
    });
    expect(equinix.status).toBe(400);
    const logto = await fetch(`http://127.0.0.1:${port}/api/one-time-tokens/%E0%A4%A`);
    expect([logto.status, (await logto.json()).code]).toEqual([400, 'guard.invalid_input']);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('exits 2 with the usage on invalid flags', async () => {
    for (const args of [
      ['--bogus'],
      ['--port', 'abc'],
      ['--port', '70000'],
      ['positional'],
      ['--cors-origin', 'not an origin'],
      ['--public-host', ''],
    ]) {
      const cli = run(args);
      expect(await cli.exited, args.join(' ')).toBe(2);
      expect(cli.output().stderr).toContain('Usage: authspec-sandbox');
    }
  });

  it('exits 1 when the seed file cannot be read', async () => {
    const cli = run(['--seed', join(tmpdir(), 'does-not-exist.json')]);
    expect(await cli.exited).toBe(1);
    expect(cli.output().stderr).toContain('could not start');
  });
});

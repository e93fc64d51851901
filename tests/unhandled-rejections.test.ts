// Every client test suite runs with Node's unhandled-rejection mode set to strict, so that a
// promise rejection the clients leave unhandled fails `pnpm test` even when every assertion passed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SUITES = ['core', 'logto', 'equinix-otp', 'sftpgo-token', 'e2e'];

describe('unhandled rejections', () => {
  it.each(SUITES)('the %s suite runs its workers with --unhandled-rejections=strict', async (pkg) => {
    const file = ['vitest.config.mts', 'vitest.config.ts']
      .map((name) => join(ROOT, 'packages', pkg, name))
      .find((path) => existsSync(path));
    expect(file, `packages/${pkg} has a vitest config`).toBeDefined();
    const config = (await import(file as string)).default;
    expect(config.test.execArgv).toContain('--unhandled-rejections=strict');
  });

  it('fails a run whose test passes but leaves a rejection unhandled', () => {
    const dir = mkdtempSync(join(tmpdir(), 'authspec-unhandled-'));
    try {
      mkdirSync(join(dir, 'test'));
      writeFileSync(
        join(dir, 'test', 'canary.test.ts'),
        [
          "import { expect, it } from 'vitest';",
          "it('passes its assertion', async () => {",
          "  void Promise.reject(new Error('canary rejection nobody handles'));",
          '  await new Promise((resolve) => setTimeout(resolve, 50));',
          '  expect(1).toBe(1);',
          '});',
        ].join('\n'),
      );
      const res = spawnSync(
        process.execPath,
        [
          join(ROOT, 'node_modules/vitest/vitest.mjs'),
          'run',
          '--root',
          dir,
          '--config',
          join(ROOT, 'vitest.clients.ts'),
        ],
        { encoding: 'utf8', timeout: 60_000, cwd: ROOT },
      );
      expect(res.status).not.toBe(0);
      expect(`${res.stdout}${res.stderr}`).toContain('canary rejection nobody handles');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { refusedPort } from './http-server';

export type PrismServer = {
  url: string;
  /**
   * `fetch` that opens a new connection for every request, for the clients under test. Prism,
   * like any Node server, closes a keep-alive connection after 5 s idle. A test worker starved
   * of CPU for that long (a loaded CI machine) writes its next request into a connection the
   * server has already closed, and gets ECONNRESET or "other side closed". The clients rightly do
   * not repeat a POST that failed that way, since it may have reached the server. These tests are
   * about what the spec allows, not about keep-alive, so they take that race away.
   */
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  close(): Promise<void>;
  output(): string;
};

function freshConnectionFetch(url: string, init: RequestInit): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('connection', 'close');
  return fetch(url, { ...init, headers });
}

const require = createRequire(import.meta.url);

/**
 * Prism serving a bundled spec as a mock with request validation on: any request the spec
 * does not allow is answered with an error instead of a mock response. Started on a free
 * port on 127.0.0.1 and stopped by its own PID.
 */
export async function startPrism(specFile: string): Promise<PrismServer> {
  if (!existsSync(specFile)) throw new Error(`${specFile} is missing; run \`pnpm bundle:spec\` first`);
  const cli = join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
  const port = await refusedPort();
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, 'mock', specFile, '--host', '127.0.0.1', '--port', String(port), '--errors', '--dynamic', 'false'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  // Prism takes a few seconds to start, more on a loaded machine.
  const deadline = Date.now() + 90_000;
  while (!/Prism is listening/.test(output)) {
    if (child.exitCode !== null) throw new Error(`Prism exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Prism did not start in 90 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    fetch: freshConnectionFetch,
    output: () => output,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The bundled spec of an API, as `pnpm bundle:spec` writes it. */
export function bundledSpec(api: string): string {
  return fileURLToPath(new URL(`../../../build/spec/${api}.json`, import.meta.url));
}

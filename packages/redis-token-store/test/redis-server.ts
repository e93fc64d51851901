// A real redis-server for one test file: on 127.0.0.1 and a port the OS picked, without
// persistence (nothing of the tests is written to disk), stopped by its own PID.
import { type ChildProcess, spawn } from 'node:child_process';
import { refusedPort } from '@authspec/test-utils';

export type RedisServer = {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  stop(): Promise<void>;
};

export async function startRedis(): Promise<RedisServer> {
  // A port nothing listens on: the OS picked it for a listener that was closed at once.
  const port = await refusedPort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await ready(child);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => stop(child),
  };
}

/** Resolves once the server says it accepts connections; rejects with its output if it exits first. */
function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        // Keep draining its output, so that a full pipe never blocks the server.
        child.stdout?.resume();
        child.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (code: number | null) =>
      reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`));
    const onError = (error: Error) =>
      reject(new Error(`redis-server could not start (${error.message}); run scripts/install-redis.sh`));
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
    return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid, 'SIGTERM');
  return exited;
}

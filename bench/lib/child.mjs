// Servers under test run in child processes of their own, so that they never share the
// measuring process's event loop. A child reports `{ type: 'ready', ... }` over IPC once it
// listens; it is stopped by its own PID (SIGTERM, then SIGKILL after a grace period).
import { fork } from 'node:child_process';

const running = new Set();
process.once('exit', () => {
  for (const child of running) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {}
  }
});

/**
 * Start `script` with IPC and wait for its ready message.
 * @returns {Promise<{ pid: number, info: any, request(message: object): Promise<any>, stop(): Promise<void> }>}
 */
export async function startChild(script, { args = [], env, execArgv = [], timeoutMs = 30_000 } = {}) {
  const child = fork(script, args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
    execArgv,
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const info = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} did not start in ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`${script} exited (${code ?? signal}) before ready`)),
    );
    child.on('message', function onMessage(message) {
      if (message?.type !== 'ready') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message);
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });

  let nextId = 1;
  /** Send `message` and resolve with the child's reply carrying the same `id`. */
  function request(message) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const onMessage = (reply) => {
        if (reply?.id !== id) return;
        child.off('message', onMessage);
        if (reply.error) reject(new Error(reply.error));
        else resolve(reply.result);
      };
      child.on('message', onMessage);
      child.send({ ...message, id });
    });
  }

  async function stop() {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {}
    }, 5_000);
    await exited;
    clearTimeout(timer);
  }

  return { pid: child.pid, info, request, stop };
}

/** In a child: tell the parent we are ready, and exit cleanly on SIGTERM or a lost parent. */
export function announceReady(info, onStop) {
  const shutdown = async () => {
    try {
      await onStop?.();
    } finally {
      process.exit(0);
    }
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.once('disconnect', shutdown);
  process.send({ type: 'ready', ...info });
}

/** In a child: answer the parent's `request()` calls with `handler(message)`. */
export function serveRequests(handler) {
  process.on('message', async (message) => {
    if (message?.type === 'ready' || message?.id === undefined) return;
    try {
      process.send({ id: message.id, result: await handler(message) });
    } catch (error) {
      process.send({ id: message.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}

// Eight instances of an application (child processes running the built packages) share one
// Redis: fifty concurrent calls in each on a cold cache cost one token request in all, and the
// renewal before expiry exactly one more.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { delay, sendJson, startServer, type TestServer } from '@authspec/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedis } from './redis-server';

const INSTANCES = 8;
const CALLS = 50;
/**
 * Short enough to reach the renewal (halfway through, at 12 s) within the test, long enough for
 * 400 calls on a loaded machine to be over well before it.
 */
const LIFE_S = 24;
const FIXTURE = fileURLToPath(new URL('./fixtures/instance.mjs', import.meta.url));

let redis: RedisServer;
let logto: TestServer;
const issuedAt: number[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  logto = await startServer(async (req, res) => {
    if (req.url !== '/oidc/token') return sendJson(res, 200, []);
    issuedAt.push(Date.now());
    const n = issuedAt.length;
    // A token endpoint that takes a moment: every instance asks before the first one answers.
    await delay(50);
    sendJson(res, 200, {
      access_token: `access-${n}`,
      expires_in: LIFE_S,
      token_type: 'Bearer',
      scope: 'all',
    });
  });
  for (let i = 0; i < INSTANCES; i++) {
    const child = fork(FIXTURE, [], {
      env: {
        ...process.env,
        REDIS_URL: redis.url,
        LOGTO_ENDPOINT: logto.url,
        CLIENT_SECRET: 'm2m-secret-5e1b',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(child);
  }
  await Promise.all(children.map((child) => next(child, 'ready')));
  logto.requests.length = 0;
  // Eight Node processes loading the built packages take a while on a small machine.
}, 60_000);

afterAll(async () => {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.connected) child.send({ type: 'exit' });
      // A child that does not leave by itself is ended by its own PID.
      const timer = setTimeout(() => child.pid && process.kill(child.pid, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }),
  );
  await logto?.close();
  await redis?.stop();
}, 30_000);

/** The next message of `type` from `child`; rejects if it exits first. */
function next(child: ChildProcess, type: string): Promise<{ type: string; failed?: string[] }> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => reject(new Error(`instance exited (${code}) before "${type}"`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Every instance makes CALLS concurrent calls at once; resolves with the failures. */
async function callEverywhere(): Promise<string[]> {
  const done = children.map((child) => next(child, 'done'));
  for (const child of children) child.send({ type: 'calls', count: CALLS });
  return (await Promise.all(done)).flatMap((m) => m.failed ?? []);
}

const tokenRequests = () => logto.requests.filter((r) => r.url === '/oidc/token');
const bearersSent = () =>
  new Set(logto.requests.filter((r) => r.url !== '/oidc/token').map((r) => r.headers.authorization));

describe(`${INSTANCES} instances sharing a Redis token store`, () => {
  it(`ask the token endpoint once for ${INSTANCES * CALLS} concurrent calls on a cold cache`, async () => {
    expect(await callEverywhere()).toEqual([]);
    expect(tokenRequests()).toHaveLength(1);
    expect(bearersSent()).toEqual(new Set(['Bearer access-1']));
    expect(logto.requests).toHaveLength(1 + INSTANCES * CALLS);
  });

  it('ask once more when the token is due for renewal, before it expires', async () => {
    // Past the renewal time every instance computed for the first token (halfway through its
    // life, measured from before it was asked for).
    await delay(Math.max(0, (issuedAt[0] as number) + (LIFE_S * 1000) / 2 + 100 - Date.now()));
    logto.requests.length = 0;
    expect(await callEverywhere()).toEqual([]);
    expect(tokenRequests()).toHaveLength(1);
    expect(bearersSent()).toEqual(new Set(['Bearer access-2']));
  }, 60_000);
});

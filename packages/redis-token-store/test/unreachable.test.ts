// A Redis that cannot be reached never fails a call: the client keeps its token itself and says
// so once, through its logger, without the token in the message.
import { createManagementClient } from '@authspec/logto';
import { refusedPort, sendJson, startServer, type TestServer } from '@authspec/test-utils';
import { createClient } from 'redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisTokenStore } from '../src';
import { type RedisServer, startRedis } from './redis-server';

let logto: TestServer;
let issued = 0;
/** API requests to refuse with 401 (each forces a renewal). */
let refuse = 0;

beforeAll(async () => {
  logto = await startServer((req, res) => {
    if (req.url === '/oidc/token') {
      issued++;
      return sendJson(res, 200, {
        access_token: `access-${issued}-x9`,
        expires_in: 3600,
        token_type: 'Bearer',
      });
    }
    if (refuse > 0) {
      refuse--;
      return sendJson(res, 401, { code: 'auth.unauthorized', message: 'expired' });
    }
    return sendJson(res, 200, []);
  });
});
afterAll(() => logto?.close());
beforeEach(() => {
  issued = 0;
  refuse = 0;
  logto.requests.length = 0;
});

/** A Management client on `store`, and the lines its logger received about the store. */
function clientWith(redis: ReturnType<typeof createClient>) {
  const lines: string[] = [];
  const client = createManagementClient({
    endpoint: logto.url,
    clientId: 'm2m-app',
    clientSecret: 'm2m-secret-77aa',
    tokenStore: createRedisTokenStore(redis),
    logger: { debug: (line) => lines.push(line) },
  });
  return { client, storeLines: () => lines.filter((l) => l.includes('token store')), lines };
}

describe('a Redis that cannot be reached', () => {
  it('on a wrong port: the calls succeed, the log says so once', async () => {
    const redis = createClient({
      url: `redis://127.0.0.1:${await refusedPort()}`,
      socket: { reconnectStrategy: false },
    });
    redis.on('error', () => {});
    await expect(redis.connect()).rejects.toThrow();
    const { client, storeLines, lines } = clientWith(redis);
    const results = await Promise.all(Array.from({ length: 20 }, () => client.oneTimeTokens.list()));
    expect(results).toHaveLength(20);
    refuse = 1;
    await client.oneTimeTokens.list();
    expect(issued).toBe(2);
    expect(storeLines()).toHaveLength(1);
    expect(storeLines()[0]).toMatch(/the token store failed .*tokens are cached in this process/);
    expect(lines.join('\n')).not.toMatch(/access-\d-x9/);
  });

  it('stopped while the client runs: the calls succeed, the log says so once', async () => {
    const server: RedisServer = await startRedis();
    const redis = createClient({ url: server.url, socket: { reconnectStrategy: () => 100 } });
    redis.on('error', () => {});
    await redis.connect();
    try {
      const { client, storeLines } = clientWith(redis);
      await client.oneTimeTokens.list();
      expect(await redis.keys('authspec:token:*')).toHaveLength(1);
      expect(storeLines()).toEqual([]);
      await server.stop();
      // Two renewals with Redis gone (each after a refused token): both served, one warning.
      refuse = 1;
      await client.oneTimeTokens.list();
      refuse = 1;
      await client.oneTimeTokens.list();
      expect(issued).toBe(3);
      expect(storeLines()).toHaveLength(1);
    } finally {
      redis.destroy();
      await server.stop();
    }
  });
});

// SFTPGo sessions sharing a Redis store: one login serves every session of the account, and a
// logout takes the revoked token out of the store.
import { createSftpgoSession } from '@authspec/sftpgo-token/session';
import { delay, sendJson, startServer, type TestServer } from '@authspec/test-utils';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisTokenStore } from '../src';
import { type RedisServer, startRedis } from './redis-server';

let redis: RedisServer;
let client: ReturnType<typeof createClient>;
let sftpgo: TestServer;
let logins = 0;

beforeAll(async () => {
  redis = await startRedis();
  client = createClient({ url: redis.url });
  client.on('error', () => {});
  await client.connect();
  // What SFTPGo answers to an admin's login and logout.
  sftpgo = await startServer(async (req, res) => {
    if (req.url === '/api/v2/token') {
      logins++;
      await delay(30);
      return sendJson(res, 200, {
        access_token: `jwt-${logins}-4f0c`,
        expires_at: new Date(Date.now() + 20 * 60_000).toISOString(),
      });
    }
    if (req.url === '/api/v2/logout') return sendJson(res, 200, { message: 'Logged out' });
    return sendJson(res, 404, { error: 'not found' });
  });
});
afterAll(async () => {
  await client?.close();
  await sftpgo?.close();
  await redis?.stop();
});

const session = () =>
  createSftpgoSession({
    baseUrl: `${sftpgo.url}/api/v2`,
    username: 'admin',
    password: 'admin-password-1',
    role: 'admin',
    tokenStore: createRedisTokenStore(client),
  });

describe('SFTPGo sessions on a Redis token store', () => {
  it('log in once for every session of the account, and forget a token logged out', async () => {
    const sessions = Array.from({ length: 4 }, session);
    const tokens = await Promise.all(
      sessions.flatMap((s) => Array.from({ length: 10 }, () => s.getAccessToken())),
    );
    expect(new Set(tokens)).toEqual(new Set(['jwt-1-4f0c']));
    expect(logins).toBe(1);
    const keys = await client.keys('authspec:token:sftpgo:*');
    expect(keys).toHaveLength(1);
    // The key names the account, never its password.
    expect(keys[0]).not.toContain('admin-password-1');

    await sessions[0]?.logout();
    expect(await client.keys('authspec:token:sftpgo:*')).toEqual([]);
    // A new session logs in again rather than take the revoked token.
    expect(await session().getAccessToken()).toBe('jwt-2-4f0c');
    expect(logins).toBe(2);
  });
});

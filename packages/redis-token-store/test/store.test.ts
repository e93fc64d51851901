// The Redis store against a real redis-server, through node-redis and an ioredis-shaped client:
// what it writes (JSON under the prefix, PX until the token expires) and its lock (SET NX PX,
// released only by its holder).
import { createClient } from 'redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisTokenStore, type IoRedisLike } from '../src';
import { type RedisServer, startRedis } from './redis-server';

let redis: RedisServer;
let client: ReturnType<typeof createClient>;

beforeAll(async () => {
  redis = await startRedis();
  client = createClient({ url: redis.url });
  client.on('error', () => {});
  await client.connect();
});
afterAll(async () => {
  await client?.close();
  await redis?.stop();
});
beforeEach(async () => {
  await client.flushAll();
});

describe('createRedisTokenStore', () => {
  it('keeps a token as JSON under the prefix, until it expires', async () => {
    const store = createRedisTokenStore(client);
    await store.set('k', { value: 'tok', renewAt: 1_000, expiresAt: 2_000 }, 60_000);
    expect(await store.get('k')).toEqual({ value: 'tok', renewAt: 1_000, expiresAt: 2_000 });
    expect(await client.keys('*')).toEqual(['authspec:token:k']);
    const ttl = await client.pTTL('authspec:token:k');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await store.set('k', { value: 'tok2', renewAt: 1_500 }, 60_000);
    expect(await store.get('k')).toEqual({ value: 'tok2', renewAt: 1_500 });
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
  });

  it('uses its own prefix, and reads what it did not write as no token', async () => {
    const store = createRedisTokenStore(client, { prefix: 'app1:' });
    await store.set('k', { value: 'tok', renewAt: 1 }, 60_000);
    expect(await client.keys('*')).toEqual(['app1:k']);
    await client.set('app1:garbage', 'not json');
    await client.set('app1:other', '{"x":1}');
    expect(await store.get('garbage')).toBeUndefined();
    expect(await store.get('other')).toBeUndefined();
    expect(await store.get('missing')).toBeUndefined();
  });

  it('gives the lock to one holder, releases only the holder’s own, and lets it expire', async () => {
    const store = createRedisTokenStore(client);
    const first = await store.lock('k', 60_000);
    expect(first).toBeTypeOf('function');
    expect(await store.lock('k', 60_000)).toBeUndefined();
    expect(await client.pTTL('authspec:token:k:lock')).toBeGreaterThan(0);
    await first?.();
    // An expired lock (forced here) is taken by the next holder; the first one's late release
    // must leave it taken.
    const second = await store.lock('k', 60_000);
    await client.del('authspec:token:k:lock');
    const third = await store.lock('k', 60_000);
    expect(third).toBeTypeOf('function');
    await second?.();
    expect(await store.lock('k', 60_000)).toBeUndefined();
    await third?.();
    expect(await store.lock('k', 60_000)).toBeTypeOf('function');
  });

  it('works through an ioredis-shaped client (call(command, ...args))', async () => {
    const commands: string[] = [];
    const io: IoRedisLike = {
      call: (command, ...args) => {
        commands.push(command);
        return client.sendCommand([command, ...args]);
      },
    };
    const store = createRedisTokenStore(io);
    await store.set('k', { value: 'tok', renewAt: 5 }, 60_000);
    expect(await store.get('k')).toEqual({ value: 'tok', renewAt: 5 });
    const release = await store.lock('k', 1_000);
    await release?.();
    expect(commands).toEqual(['SET', 'GET', 'SET', 'EVAL']);
  });

  it('works as the README’s ACL user, which may touch nothing outside the prefix', async () => {
    await client.sendCommand(
      [
        'ACL',
        'SETUSER',
        'authspec',
        'on',
        '>acl-password-3d',
        'resetkeys',
        '~authspec:token:*',
        'resetchannels',
      ].concat(['-@all', '+get', '+set', '+del', '+eval']),
    );
    const limited = createClient({ url: redis.url.replace('//', '//authspec:acl-password-3d@') });
    limited.on('error', () => {});
    await limited.connect();
    try {
      const store = createRedisTokenStore(limited);
      await store.set('k', { value: 'tok', renewAt: 1 }, 60_000);
      expect(await store.get('k')).toEqual({ value: 'tok', renewAt: 1 });
      const release = await store.lock('k', 60_000);
      await release?.();
      await store.delete('k');
      await expect(createRedisTokenStore(limited, { prefix: 'other:' }).get('k')).rejects.toThrow(/NOPERM/);
      await expect(limited.keys('*')).rejects.toThrow(/NOPERM/);
    } finally {
      await limited.close();
    }
  });

  it('refuses something that is not a Redis client', () => {
    expect(() => createRedisTokenStore({} as never)).toThrow('needs a node-redis or ioredis client');
  });
});

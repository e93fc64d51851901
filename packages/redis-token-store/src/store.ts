// A TokenStore on Redis. Tokens are kept as JSON under `{prefix}{key}` with PX = the time left
// until they expire (Redis forgets them then), and the renewal lock is `{prefix}{key}:lock`,
// taken with SET NX PX and released by a compare-and-delete script, so that a holder whose lock
// has expired and been taken by another never releases the other's.
import type { ReleaseLock, StoredToken, TokenStore } from '@authspec/core';
import { type RedisClientLike, sender } from './commands';

/** Options of `createRedisTokenStore`. */
export type RedisTokenStoreOptions = {
  /**
   * Put before every key the store writes (default `authspec:token:`). Give the Redis user an ACL
   * that allows only keys under it (`~authspec:token:*`).
   */
  prefix?: string;
};

/** Deletes the lock only if it still holds this holder's id. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * A token store on Redis, for `createManagementClient({ …, tokenStore })` of `@authspec/logto` and
 * `createSftpgoSession({ …, tokenStore })` of `@authspec/sftpgo-token`: every instance using
 * the same Redis (and prefix) shares one token, and one instance renews it.
 * @param client A connected node-redis or ioredis client, which the application owns.
 * @param options The key prefix.
 */
export function createRedisTokenStore(
  client: RedisClientLike,
  options: RedisTokenStoreOptions = {},
): TokenStore {
  const send = sender(client);
  const prefix = options.prefix ?? 'authspec:token:';
  if (typeof prefix !== 'string') throw new TypeError('prefix must be a string');
  const tokenKey = (key: string) => `${prefix}${key}`;
  const lockKey = (key: string) => `${prefix}${key}:lock`;
  const ms = (ttlMs: number) => String(Math.max(1, Math.ceil(ttlMs)));

  return {
    async get(key) {
      const text = await send('GET', tokenKey(key));
      if (typeof text !== 'string') return undefined;
      try {
        return fromJson(JSON.parse(text));
      } catch {
        // Not written by this store: the caller gets a token of its own (and overwrites it).
        return undefined;
      }
    },
    async set(key, token, ttlMs) {
      await send('SET', tokenKey(key), JSON.stringify(toJson(token)), 'PX', ms(ttlMs));
    },
    async delete(key) {
      await send('DEL', tokenKey(key));
    },
    async lock(key, ttlMs) {
      const holder = crypto.randomUUID();
      const taken = await send('SET', lockKey(key), holder, 'NX', 'PX', ms(ttlMs));
      if (taken !== 'OK') return undefined;
      const release: ReleaseLock = async () => {
        await send('EVAL', RELEASE, '1', lockKey(key), holder);
      };
      return release;
    },
  };
}

/** The stored shape: short names, and nothing but the token and its times. */
type Json = { v: string; r: number; e?: number };

const toJson = (token: StoredToken): Json =>
  token.expiresAt === undefined
    ? { v: token.value, r: token.renewAt }
    : { v: token.value, r: token.renewAt, e: token.expiresAt };

function fromJson(json: Json): StoredToken | undefined {
  if (typeof json?.v !== 'string' || typeof json.r !== 'number') return undefined;
  return typeof json.e === 'number'
    ? { value: json.v, renewAt: json.r, expiresAt: json.e }
    : { value: json.v, renewAt: json.r };
}

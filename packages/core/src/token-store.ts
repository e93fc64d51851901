// Where a renewing credential can be kept so that every instance of an application shares it:
// the interface a store implements, an in-memory one, and the key a credential is kept under.
// No Node built-ins: core also runs in browsers (hashing goes through WebCrypto).
import { ValidationError } from './errors';

/** A token as a store keeps it: its value and when to renew it (epoch ms, the obtaining instance's clock). */
export type StoredToken = {
  /** The token itself: a secret, which a store must never log. */
  value: string;
  /** When to stop handing the token out and get a new one (epoch ms), some time before it expires. */
  renewAt: number;
  /** When the token stops working (epoch ms), when known. */
  expiresAt?: number;
};

/**
 * Releases a lock taken with `TokenStore.lock`; it releases only the lock it took (one that has
 * expired and been taken by another instance stays taken).
 */
export type ReleaseLock = () => void | Promise<void>;

/**
 * Somewhere to keep renewing tokens that several clients (or several instances of an
 * application) share, so that one token request serves them all. Every method may answer
 * synchronously or with a promise. A store that throws, rejects or does not answer in time is
 * never the cause of a failed call: the client then caches its tokens itself.
 *
 * Keys name a credential without containing any secret (see `tokenStoreKey`); values are tokens,
 * which are secrets.
 */
export interface TokenStore {
  /** The token kept under `key`, or undefined when there is none (or it has expired). */
  get(key: string): StoredToken | undefined | Promise<StoredToken | undefined>;
  /** Keep `token` under `key` for `ttlMs` milliseconds (until it expires), replacing any other. */
  set(key: string, token: StoredToken, ttlMs: number): void | Promise<void>;
  /** Forget the token kept under `key` (it was revoked). */
  delete(key: string): void | Promise<void>;
  /**
   * Take the renewal lock of `key` for at most `ttlMs` milliseconds, unless another holder has
   * it: the function that releases it, or undefined when it is taken. Only the holder asks the
   * token endpoint; the others wait for the token it stores.
   */
  lock(key: string, ttlMs: number): ReleaseLock | undefined | Promise<ReleaseLock | undefined>;
}

/**
 * A `TokenStore` in this process's memory: for clients of one process that should share their
 * tokens, and for tests. Entries and locks expire after their `ttlMs` on `now`'s clock.
 */
export function memoryTokenStore(now: () => number = Date.now): TokenStore {
  const tokens = new Map<string, { token: StoredToken; until: number }>();
  const locks = new Map<string, { holder: object; until: number }>();
  return {
    get(key) {
      const kept = tokens.get(key);
      if (kept && now() < kept.until) return { ...kept.token };
      tokens.delete(key);
      return undefined;
    },
    set(key, token, ttlMs) {
      tokens.set(key, { token: { ...token }, until: now() + ttlMs });
    },
    delete(key) {
      tokens.delete(key);
    },
    lock(key, ttlMs) {
      const held = locks.get(key);
      if (held && now() < held.until) return undefined;
      // A lock is released by its own holder only, as Redis's compare-and-delete does.
      const holder = {};
      locks.set(key, { holder, until: now() + ttlMs });
      return () => {
        if (locks.get(key)?.holder === holder) locks.delete(key);
      };
    },
  };
}

/**
 * The key a credential is kept under: `kind`, then each part of `identity` (URL-encoded), then
 * the SHA-256 (hex) of all of them with `secret`. The key shows which credential it is without
 * revealing the secret, and two secrets for the same identity never share a token.
 * @param kind What the credential is, e.g. `logto-client-credentials`.
 * @param identity What names the credential and is not secret: endpoint, client ID, scope…
 * @param secret What proves it (a client secret, a password); only its hash is in the key.
 */
export async function tokenStoreKey(
  kind: string,
  identity: readonly string[],
  secret: string,
): Promise<string> {
  // The identity is hashed with the secret, so the hash of a weak password cannot be looked up
  // in a table made for every user at once.
  const bytes = new TextEncoder().encode(JSON.stringify([kind, ...identity, secret]));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  return [kind, ...identity.map(encodeURIComponent), hex].join(':');
}

/** Is `entry` (read from a store that anyone may have written) a token? */
export function isStoredToken(entry: unknown): entry is StoredToken {
  const e = entry as StoredToken | undefined;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.value === 'string' &&
    e.value !== '' &&
    Number.isFinite(e.renewAt) &&
    (e.expiresAt === undefined || Number.isFinite(e.expiresAt))
  );
}

/** `store` when it is a TokenStore (or undefined), else a ValidationError naming `argument`. */
export function optionalTokenStore(store: unknown, argument: string): TokenStore | undefined {
  if (store === undefined) return undefined;
  const methods = ['get', 'set', 'delete', 'lock'] as const;
  if (
    typeof store !== 'object' ||
    store === null ||
    !methods.every((m) => typeof (store as Record<string, unknown>)[m] === 'function')
  )
    throw new ValidationError(argument, 'must be a token store (with get, set, delete and lock methods)');
  return store as TokenStore;
}

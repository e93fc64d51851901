// A renewal shared through a TokenStore: read the store first, and when it has no fresh token
// let only the instance that takes the lock ask the token endpoint, while the others wait for
// what it stores. A store that fails is skipped (reported once): the caller then obtains the
// token itself, exactly as without a store.
import type { SecretValues } from './redact';
import type { Expiring } from './renewing';
import type { Logger } from './runtime';
import { sleep } from './signal';
import { isStoredToken, type ReleaseLock, type TokenStore } from './token-store';

/** How a renewing token is shared through a store. */
export type TokenSharing = {
  /** Where the token is kept. */
  store: TokenStore;
  /** The key it is kept under (computed once, on the first renewal); see `tokenStoreKey`. */
  key: () => Promise<string>;
  /** Called with each token taken from the store, so that the client redacts it like its own. */
  received?: (value: string) => void;
  /** Called once, with the first failure of the store. */
  warn: (error: unknown) => void;
  /** How long a lock holder may take to obtain and store a token (default 30 000 ms). */
  lockTtlMs?: number;
  /** How long to wait for another instance's token before obtaining one (default 10 000 ms). */
  waitMs?: number;
  /** How long each store operation may take before it counts as failed (default 2 000 ms). */
  storeTimeoutMs?: number;
};

/** A token source that shares its renewals through a store. */
export type SharedRenewal = {
  /** A fresh token: the store's, or one obtained (by this instance, when it holds the lock). */
  obtain(signal?: AbortSignal): Promise<Expiring<string>>;
  /** The server refused `value`: never take it from the store again. */
  refuse(value: string): void;
  /** `value` was revoked: refuse it, and remove it from the store if it is still there. */
  discard(value: string): Promise<void>;
};

const FAILED = Symbol('store failed');
/** Polls start quick (the holder usually answers within milliseconds) and back off. */
const FIRST_POLL_MS = 10;
const MAX_POLL_MS = 250;
/** Refused values remembered; older ones have expired long since. */
const REFUSED_LIMIT = 16;

/**
 * `obtain` behind a shared store: the store's token while it is fresh (and was not refused here);
 * otherwise the instance that takes the store's lock obtains a token and stores it, and the
 * others poll the store for it (taking the lock themselves if it is freed without a token), up
 * to `waitMs` before they obtain their own. A store operation that fails or times out is skipped
 * and reported once through `sharing.warn`: the token is then obtained as without a store.
 * @param obtain Asks the token endpoint for a new token.
 * @param sharing The store, the key, and how to report a failing store.
 * @param now The clock `renewAt` is compared with.
 */
export function sharedRenewal(
  obtain: () => Promise<Expiring<string>>,
  sharing: TokenSharing,
  now: () => number = Date.now,
): SharedRenewal {
  const { store } = sharing;
  const lockTtlMs = sharing.lockTtlMs ?? 30_000;
  const waitMs = sharing.waitMs ?? 10_000;
  const timeoutMs = sharing.storeTimeoutMs ?? 2_000;
  const refused = new Set<string>();
  let key: Promise<string> | undefined;
  let warned = false;

  /** One store operation, or FAILED when it throws or takes too long (reported the first time). */
  async function attempt<R>(
    op: () => R | PromiseLike<R>,
    late?: (value: R) => void,
  ): Promise<R | typeof FAILED> {
    try {
      return await withTimeout(op, timeoutMs, late);
    } catch (error) {
      if (!warned) {
        warned = true;
        sharing.warn(error);
      }
      return FAILED;
    }
  }

  /** The store's token when it is fresh and not refused. */
  async function take(k: string): Promise<Expiring<string> | undefined | typeof FAILED> {
    const entry = await attempt(() => store.get(k));
    if (entry === FAILED) return FAILED;
    if (!isStoredToken(entry) || now() >= entry.renewAt || refused.has(entry.value)) return undefined;
    sharing.received?.(entry.value);
    return entry.expiresAt === undefined
      ? { value: entry.value, renewAt: entry.renewAt }
      : { value: entry.value, renewAt: entry.renewAt, expiresAt: entry.expiresAt };
  }

  async function obtainAndStore(k: string): Promise<Expiring<string>> {
    const token = await obtain();
    // Kept until it stops working, so that another instance can still use it (or revoke it).
    const ttlMs = Math.ceil((token.expiresAt ?? token.renewAt) - now());
    if (ttlMs > 0) await attempt(() => store.set(k, token, ttlMs));
    return token;
  }

  /** Holding the lock: another holder may have stored a token just before this one took it. */
  async function renewHolding(k: string, release: ReleaseLock): Promise<Expiring<string>> {
    try {
      const stored = await take(k);
      if (stored === FAILED) return await obtain();
      return stored ?? (await obtainAndStore(k));
    } finally {
      // A lock that cannot be released expires by itself.
      await attempt(release);
    }
  }

  /** Computed once; a key that cannot be computed (no WebCrypto) counts as a failed store. */
  function keyOf(): Promise<string> {
    key ??= sharing.key();
    return key;
  }

  function refuse(value: string) {
    refused.delete(value);
    refused.add(value);
    if (refused.size > REFUSED_LIMIT) refused.delete(refused.values().next().value as string);
  }

  return {
    async obtain(signal) {
      const k = await attempt(keyOf);
      if (k === FAILED) return obtain();
      const deadline = now() + waitMs;
      for (let round = 0; ; round++) {
        const stored = await take(k);
        if (stored === FAILED) return obtain();
        if (stored) return stored;
        // A lock whose answer comes after the timeout is released at once: nobody uses it.
        const release = await attempt(
          () => store.lock(k, lockTtlMs),
          (late) => {
            if (late)
              Promise.resolve()
                .then(late)
                .catch(() => {});
          },
        );
        if (release === FAILED) return obtain();
        if (release) return renewHolding(k, release);
        // Another instance is renewing. Past the deadline it is taken to be stuck, and this one
        // asks for its own token rather than leave its callers waiting.
        if (now() >= deadline) return obtainAndStore(k);
        await sleep(Math.min(MAX_POLL_MS, FIRST_POLL_MS * 2 ** round), signal);
      }
    },
    refuse,
    async discard(value) {
      refuse(value);
      const k = await attempt(keyOf);
      if (k === FAILED) return;
      const entry = await attempt(() => store.get(k));
      if (entry !== FAILED && isStoredToken(entry) && entry.value === value)
        await attempt(() => store.delete(k));
    },
  };
}

/** `op()`'s result, or a rejection once `ms` have passed; `late` receives a result that came after. */
function withTimeout<R>(op: () => R | PromiseLike<R>, ms: number, late?: (value: R) => void): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      reject(new Error(`the token store did not answer within ${ms} ms`));
    }, ms);
    Promise.resolve()
      .then(op)
      .then(
        (value) => {
          clearTimeout(timer);
          if (expired) late?.(value);
          else resolve(value);
        },
        (error) => {
          clearTimeout(timer);
          reject(error);
        },
      );
  });
}

/**
 * The one warning of a client whose token store fails: through its `logger` when it has one,
 * else `console.warn`. The store's own message is kept (it says what is wrong: a refused
 * connection, a missing permission) with every secret the client knows scrubbed from it.
 */
export function storeWarning(logger: Logger | undefined, secrets: SecretValues): (error: unknown) => void {
  return (error) => {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : `a thrown ${typeof error}`;
    const message = `authspec: the token store failed (${secrets.scrub(reason).slice(0, 300)}); tokens are cached in this process until it answers again`;
    if (logger) logger.debug(message);
    else console.warn(message);
  };
}

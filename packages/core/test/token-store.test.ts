// The token store contract (the in-memory store, its lock) and renewals shared through a store:
// one token request for every client sharing it, a store that fails never failing a call.
import { describe, expect, it, vi } from 'vitest';
import {
  type Expiring,
  memoryTokenStore,
  renewingBearer,
  SecretValues,
  storeWarning,
  type TokenSharing,
  type TokenStore,
  tokenStoreKey,
} from '../src';

describe('memoryTokenStore', () => {
  it('keeps a token for its ttl, and forgets it when deleted', () => {
    let now = 0;
    const store = memoryTokenStore(() => now);
    store.set('k', { value: 'tok', renewAt: 50, expiresAt: 100 }, 100);
    expect(store.get('k')).toEqual({ value: 'tok', renewAt: 50, expiresAt: 100 });
    now = 100;
    expect(store.get('k')).toBeUndefined();
    store.set('k', { value: 'tok', renewAt: 150 }, 100);
    store.delete('k');
    expect(store.get('k')).toBeUndefined();
  });

  it('gives the lock to one holder at a time, until released or expired', async () => {
    let now = 0;
    const store = memoryTokenStore(() => now);
    const first = await store.lock('k', 1_000);
    expect(first).toBeTypeOf('function');
    expect(await store.lock('k', 1_000)).toBeUndefined();
    // Another key has its own lock.
    expect(await store.lock('other', 1_000)).toBeTypeOf('function');
    await first?.();
    const second = await store.lock('k', 1_000);
    expect(second).toBeTypeOf('function');
    // Expired: a third holder takes it, and the second one's late release leaves it taken.
    now = 1_000;
    const third = await store.lock('k', 1_000);
    expect(third).toBeTypeOf('function');
    await second?.();
    expect(await store.lock('k', 1_000)).toBeUndefined();
    await third?.();
    expect(await store.lock('k', 1_000)).toBeTypeOf('function');
  });
});

describe('tokenStoreKey', () => {
  it('names the credential, hides the secret, and differs for every secret', async () => {
    const key = await tokenStoreKey('logto', ['https://t.example', 'app:1'], 'secret-1');
    expect(key).toMatch(/^logto:https%3A%2F%2Ft\.example:app%3A1:[0-9a-f]{64}$/);
    expect(key).not.toContain('secret-1');
    expect(await tokenStoreKey('logto', ['https://t.example', 'app:1'], 'secret-1')).toBe(key);
    expect(await tokenStoreKey('logto', ['https://t.example', 'app:1'], 'secret-2')).not.toBe(key);
    expect(await tokenStoreKey('logto', ['https://t.example', 'app:2'], 'secret-1')).not.toBe(key);
  });
});

/** A token endpoint stand-in that counts its requests; each token lives `lifeMs` on `clock`. */
function tokenSource(lifeMs = 60_000, clock: () => number = Date.now) {
  const source = {
    requests: 0,
    async obtain(): Promise<Expiring<string>> {
      const n = ++source.requests;
      // Slow enough that every client asks before the first answer.
      await new Promise((r) => setTimeout(r, 20));
      return { value: `token-${n}`, renewAt: clock() + lifeMs / 2, expiresAt: clock() + lifeMs };
    },
  };
  return source;
}

const sharingOf = (store: TokenStore, extra: Partial<TokenSharing> = {}): TokenSharing => ({
  store,
  key: async () => 'shared-key',
  warn: () => {},
  ...extra,
});

describe('renewals shared through a store', () => {
  it('asks once for every client on a cold store, and once more when the token is due', async () => {
    let now = Date.now();
    const store = memoryTokenStore(() => now);
    const source = tokenSource(60_000, () => now);
    const clients = Array.from({ length: 8 }, () =>
      renewingBearer(source.obtain, () => now, sharingOf(store)),
    );
    const tokens = await Promise.all(clients.flatMap((c) => Array.from({ length: 20 }, () => c.token.get())));
    expect(new Set(tokens)).toEqual(new Set(['token-1']));
    expect(source.requests).toBe(1);
    // Past renewAt (but before expiry): every client renews, through one request.
    now += 40_000;
    const renewed = await Promise.all(
      clients.flatMap((c) => Array.from({ length: 20 }, () => c.token.get())),
    );
    expect(new Set(renewed)).toEqual(new Set(['token-2']));
    expect(source.requests).toBe(2);
  });

  it('lets a waiting client take the lock when the holder failed', async () => {
    const store = memoryTokenStore();
    let requests = 0;
    const obtain = async (): Promise<Expiring<string>> => {
      requests++;
      await new Promise((r) => setTimeout(r, 20));
      if (requests === 1) throw new Error('token endpoint down');
      return { value: 'token-ok', renewAt: Number.MAX_SAFE_INTEGER };
    };
    const [a, b] = [
      renewingBearer(obtain, Date.now, sharingOf(store)),
      renewingBearer(obtain, Date.now, sharingOf(store)),
    ];
    const results = await Promise.allSettled([a?.token.get(), b?.token.get()]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(requests).toBe(2);
  });

  it('never takes a token the server refused from the store again', async () => {
    const store = memoryTokenStore();
    const source = tokenSource();
    const [a, b] = [
      renewingBearer(source.obtain, Date.now, sharingOf(store)),
      renewingBearer(source.obtain, Date.now, sharingOf(store)),
    ];
    expect(await a?.token.get()).toBe('token-1');
    expect(await b?.token.get()).toBe('token-1');
    expect(b?.onUnauthorized({ Authorization: 'Bearer token-1' })).toBe(true);
    expect(await b?.token.get()).toBe('token-2');
    expect(source.requests).toBe(2);
  });

  it('removes a revoked token from the store', async () => {
    const store = memoryTokenStore();
    const source = tokenSource();
    const a = renewingBearer(source.obtain, Date.now, sharingOf(store));
    expect(await a.token.get()).toBe('token-1');
    await a.discard('token-1');
    expect(await store.get('shared-key')).toBeUndefined();
    expect(await a.token.get()).toBe('token-2');
  });

  it('stops waiting for another instance once every caller has given up', async () => {
    const store = memoryTokenStore();
    // Another instance holds the lock and never stores a token.
    await store.lock('shared-key', 60_000);
    const source = tokenSource();
    const a = renewingBearer(source.obtain, Date.now, sharingOf(store));
    const controller = new AbortController();
    const call = a.token.get(controller.signal);
    setTimeout(() => controller.abort(new Error('gave up')), 30);
    await expect(call).rejects.toThrow('gave up');
    expect(source.requests).toBe(0);
  });

  it('asks for its own token when the holder takes too long', async () => {
    const store = memoryTokenStore();
    await store.lock('shared-key', 60_000);
    const source = tokenSource();
    const a = renewingBearer(source.obtain, Date.now, sharingOf(store, { waitMs: 50 }));
    expect(await a.token.get()).toBe('token-1');
    expect(await store.get('shared-key')).toMatchObject({ value: 'token-1' });
  });

  it('falls back to its own cache when the store fails, reporting it once, without the token', async () => {
    let reads = 0;
    const broken: TokenStore = {
      // Answers twice (before and after the lock), then fails like a server that went away.
      get: () => (reads++ < 2 ? undefined : Promise.reject(new Error('connection refused'))),
      lock: () => () => {},
      // A store that echoes what it was given in its error.
      set: (_key, token) => {
        throw new Error(`cannot keep ${token.value}`);
      },
      delete: () => {},
    };
    const lines: string[] = [];
    const secrets = new SecretValues();
    const source = tokenSource();
    const warn = storeWarning({ debug: (line) => lines.push(line) }, secrets);
    const a = renewingBearer(
      async () => {
        const t = await source.obtain();
        secrets.addRotating(t.value);
        return t;
      },
      Date.now,
      sharingOf(broken, { warn }),
    );
    expect(await Promise.all([a.token.get(), a.token.get()])).toEqual(['token-1', 'token-1']);
    a.token.invalidate();
    expect(await a.token.get()).toBe('token-2');
    expect(await a.token.get()).toBe('token-2');
    expect(source.requests).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('the token store failed (Error: cannot keep [REDACTED])');
  });

  it('warns on the console when the client has no logger', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      storeWarning(undefined, new SecretValues().add('client-secret'))(new Error('NOAUTH client-secret'));
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toContain('(Error: NOAUTH [REDACTED])');
    } finally {
      warn.mockRestore();
    }
  });

  it('reports a store that never answers', async () => {
    const silent: TokenStore = {
      get: () => new Promise(() => {}),
      set: () => {},
      delete: () => {},
      lock: () => undefined,
    };
    const warnings: unknown[] = [];
    const source = tokenSource();
    const a = renewingBearer(
      source.obtain,
      Date.now,
      sharingOf(silent, { warn: (e) => warnings.push(e), storeTimeoutMs: 20 }),
    );
    expect(await a.token.get()).toBe('token-1');
    expect(String(warnings[0])).toContain('did not answer within 20 ms');
  });
});

// A credential that expires and is renewed before it does (OAuth access tokens, SFTPGo JWTs),
// fetched by at most one request at a time however many callers ask at once.

/** A value and when to renew it. */
export type Expiring<T> = {
  /** The credential. */
  value: T;
  /** When to stop using the value and get a new one (epoch ms), some time before it expires. */
  renewAt: number;
  /** When the value stops working (epoch ms), when known; `current()` hands it out until then. */
  expiresAt?: number;
};

/** A credential kept fresh: cached until it must be renewed, then obtained once for every caller. */
export type RenewingValue<T> = {
  /** The current value, or a new one once `renewAt` has passed. */
  get(signal?: AbortSignal): Promise<T>;
  /**
   * Forget the value (only if it is still `value`, when given), so the next get() renews it;
   * true when it was forgotten.
   */
  invalidate(value?: T): boolean;
  /** The current value without renewing it, if there is one that is still fresh. */
  peek(): T | undefined;
  /** The current value even past `renewAt`, as long as it has not expired (to revoke it, say). */
  current(): T | undefined;
};

/**
 * `renewAt` for a credential that expires at `expiresAt`: `marginMs` before it, or halfway
 * through its life when the whole life is shorter than twice the margin.
 */
export function renewalTime(obtainedAt: number, expiresAt: number, marginMs: number): number {
  return expiresAt - Math.min(marginMs, Math.max(0, (expiresAt - obtainedAt) / 2));
}

/** A renewing credential from `obtain`, cached until its `renewAt` (read with `now`). */
export function renewingValue<T>(
  obtain: () => Promise<Expiring<T>>,
  now: () => number = Date.now,
): RenewingValue<T> {
  let current: Expiring<T> | undefined;
  let pending: Promise<Expiring<T>> | undefined;
  const fresh = () => (current && now() < current.renewAt ? current : undefined);

  const renew = () => {
    pending ??= obtain()
      .then((value) => {
        current = value;
        return value;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };

  return {
    async get(signal) {
      const cached = fresh();
      if (cached) return cached.value;
      // A caller that has already given up starts nothing.
      if (signal?.aborted) throw signal.reason;
      const shared = renew();
      // Every waiter may give up: the renewal's failure is then nobody's to handle, but it must
      // not become an unhandled rejection.
      shared.catch(() => {});
      // One caller giving up must not cancel the renewal the others are waiting for.
      return (signal ? await untilAborted(shared, signal) : await shared).value;
    },
    invalidate(value) {
      if (current === undefined || (value !== undefined && current.value !== value)) return false;
      current = undefined;
      return true;
    },
    peek: () => fresh()?.value,
    current: () => (current && now() < (current.expiresAt ?? current.renewAt) ? current.value : undefined),
  };
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Bearer authentication from a renewing token, as the runtime's `authenticate` and `onUnauthorized` hooks. */
export type BearerAuth = {
  /** The token itself: `get()` for a valid one, `peek()` for the cached one, `invalidate()` to drop it. */
  token: RenewingValue<string>;
  /** `Authorization: Bearer …` for the next attempt; synchronous while the cached token is fresh. */
  authenticate(signal?: AbortSignal): Record<string, string> | Promise<Record<string, string>>;
  /**
   * The server refused the token it was sent: drop it and repeat the call once with a new one;
   * when the new one is refused too, keep it and let the 401 through (no renewal on every call)
   * until a call with it succeeds.
   */
  onUnauthorized(sent: Record<string, string>): boolean;
  /** A request with this token was not refused: it works, and may be renewed again when refused. */
  onAuthenticated(sent: Record<string, string>): void;
};

/**
 * Bearer authentication for a token that expires: cached until `renewAt`, obtained by one request
 * however many callers wait, and dropped when the server refuses it so that the next attempt gets
 * a new one. Serves the Logto client-credentials grant and the SFTPGo session alike.
 */
export function renewingBearer(
  obtain: () => Promise<Expiring<string>>,
  now: () => number = Date.now,
): BearerAuth {
  // A token obtained to replace a refused one, until a call with it is not refused. If it is
  // refused as well, the server refuses fresh tokens (a missing role, a revoked client): asking
  // for more on every call would only hammer the token endpoint.
  let replacing = false;
  let suspect: string | undefined;
  const token = renewingValue(async () => {
    const obtained = await obtain();
    if (replacing) suspect = obtained.value;
    replacing = false;
    return obtained;
  }, now);
  const header = (value: string) => ({ Authorization: `Bearer ${value}` });
  const sentToken = (sent: Record<string, string>) =>
    (sent.Authorization ?? sent.authorization)?.replace(/^Bearer /, '');
  return {
    token,
    authenticate(signal) {
      const cached = token.peek();
      return cached === undefined ? token.get(signal).then(header) : header(cached);
    },
    onUnauthorized(sent) {
      const value = sentToken(sent);
      if (!value || value === suspect) return false;
      // Another call may have replaced it already: then this call just uses the replacement.
      if (token.invalidate(value)) replacing = true;
      return true;
    },
    onAuthenticated(sent) {
      if (suspect !== undefined && sentToken(sent) === suspect) suspect = undefined;
    },
  };
}

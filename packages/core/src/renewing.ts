// A credential that expires and is renewed before it does (OAuth access tokens, SFTPGo JWTs),
// fetched by at most one request at a time however many callers ask at once.

export type Expiring<T> = {
  value: T;
  /** When to stop using the value and get a new one (epoch ms), some time before it expires. */
  renewAt: number;
};

export type RenewingValue<T> = {
  /** The current value, or a new one once `renewAt` has passed. */
  get(signal?: AbortSignal): Promise<T>;
  /** Forget the value (only if it is still `value`, when given), so the next get() renews it. */
  invalidate(value?: T): void;
  /** The current value without renewing it, if there is one that is still fresh. */
  peek(): T | undefined;
};

/**
 * `renewAt` for a credential that expires at `expiresAt`: `marginMs` before it, or halfway
 * through its life when the whole life is shorter than twice the margin.
 */
export function renewalTime(obtainedAt: number, expiresAt: number, marginMs: number): number {
  return expiresAt - Math.min(marginMs, Math.max(0, (expiresAt - obtainedAt) / 2));
}

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
      const shared = renew();
      // One caller giving up must not cancel the renewal the others are waiting for.
      return (signal ? await untilAborted(shared, signal) : await shared).value;
    },
    invalidate(value) {
      if (value === undefined || current?.value === value) current = undefined;
    },
    peek: () => fresh()?.value,
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

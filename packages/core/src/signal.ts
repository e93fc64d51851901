// Abort and timeout plumbing for one attempt of a request.

/** The reason our own timer aborts an attempt with, told apart from the caller's reason. */
class AttemptTimeout extends Error {
  override name = 'AttemptTimeout';
}

export type AttemptSignal = {
  /** Undefined when there is neither a timeout nor a caller's signal: nothing can abort. */
  signal: AbortSignal | undefined;
  /** Did the per-attempt timer fire (as opposed to the caller aborting)? */
  timedOut(): boolean;
  /**
   * Stop the timer and detach from the caller's signal; `keepCallerLink` leaves the caller able
   * to abort a body that is still being read after the call returned.
   */
  dispose(keepCallerLink?: boolean): void;
};

/**
 * A signal for one attempt: aborted when the caller's signal aborts or when `timeoutMs` has
 * passed since this call, whichever comes first. The timer starts now, not when the client
 * was made. `timeoutMs` 0 means no timeout.
 */
const UNTIMED = { signal: undefined, timedOut: () => false, dispose() {} };

export function attemptSignal(caller: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  // No timeout (0): nothing to add to the caller's own signal, so no controller and no timer.
  if (timeoutMs === 0) return caller ? { ...UNTIMED, signal: caller } : UNTIMED;
  const controller = new AbortController();
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    controller.abort(new AttemptTimeout(`attempt timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  const onAbort = () => controller.abort(caller?.reason);
  caller?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => fired,
    dispose(keepCallerLink) {
      clearTimeout(timer);
      if (!keepCallerLink) caller?.removeEventListener('abort', onAbort);
    },
  };
}

/** Wait `ms`, or reject with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

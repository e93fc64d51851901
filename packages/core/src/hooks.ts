// Hooks: the application's callbacks on each request, answer, retry and outcome of a call. The
// runtime builds an event only when a client has hooks, so a client without them pays one
// `undefined` check per step. Every event is made of what errors and log lines show: redacted
// URLs and headers, typed secret-free errors.
import { AuthspecError, HookError, ValidationError } from './errors';
import { checkHeaders, requireObject } from './validate';

/** The call an event belongs to: the same object in every event of one call, another per call. */
export type HookCall = {
  /** The operation (the spec's operationId), e.g. `VerifyOneTimeToken`. */
  readonly operationId: string;
  /** The request's HTTP method. */
  readonly method: string;
  /** The request URL with secrets in its path or query replaced by `[REDACTED]`. */
  readonly url: string;
};

/** What every hook event says. */
export type HookEvent = HookCall & {
  /**
   * The call this event belongs to, the same object in every event of one call: a key to relate
   * them (in a WeakMap), as `tracing()` does to keep one span per call.
   */
  readonly call: HookCall;
  /**
   * 1 for the first request, 2 for the first retry, and so on. A request repeated once with a
   * renewed token after a 401 is not a retry: it keeps the number of the one refused.
   */
  readonly attempt: number;
};

/** A request about to be sent. */
export type RequestHookEvent = HookEvent & {
  /** The headers to be sent, names lower-cased, credentials replaced by `[REDACTED]`. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Add a header to this request, or replace one (names compare case-insensitively). A name or
   * value that cannot be sent throws a ValidationError, which fails the call unless the hook
   * catches it. Only while the onRequest hooks run.
   */
  setHeader(name: string, value: string): void;
};

/** An answer's status and headers arrived (its body is read after). */
export type ResponseHookEvent = HookEvent & {
  /** The HTTP status. */
  readonly status: number;
  /** The answer's headers, names lower-cased, credentials replaced by `[REDACTED]`. */
  readonly headers: Readonly<Record<string, string>>;
  /** Milliseconds from the attempt's start (authentication included) to the answer's headers. */
  readonly durationMs: number;
};

/** A failed attempt will be repeated after a delay. */
export type RetryHookEvent = HookEvent & {
  /** How long the runtime waits before the next attempt, in milliseconds. */
  readonly delayMs: number;
  /** Why: the failure of this attempt (an InternalServerError for a 503, a ConnectionError, …). */
  readonly reason: AuthspecError;
};

/** The call failed; the promise rejects with `error` right after the hooks. */
export type ErrorHookEvent = HookEvent & {
  /** What the call rejects with (secrets already redacted). */
  readonly error: AuthspecError;
};

/** The call succeeded; its answer has been read. */
export type SuccessHookEvent = HookEvent & {
  /** The HTTP status of the answer. */
  readonly status: number;
  /** Milliseconds from the call's first attempt to its answer read, waits between retries included. */
  readonly durationMs: number;
};

/**
 * Callbacks on every call of a client (`hooks` in the client options). A hook may return a
 * promise, which is waited for. A hook that throws or rejects fails the call: it rejects with a
 * HookError naming the operation and the hook (or with the ValidationError of a refused
 * `setHeader`), is not retried, and the onError hooks see that error. Every hooks object still
 * receives the event that failed.
 */
export type ClientHooks = {
  /** Before each request is sent, authentication included; may add headers. */
  onRequest?(event: RequestHookEvent): void | Promise<void>;
  /** When each answer's status and headers arrive, whatever the status. */
  onResponse?(event: ResponseHookEvent): void | Promise<void>;
  /** Before the wait ahead of each retry: count retries here. */
  onRetry?(event: RetryHookEvent): void | Promise<void>;
  /** Once, when the call fails (after its last attempt, or an abort, timeout or refused argument). */
  onError?(event: ErrorHookEvent): void | Promise<void>;
  /** Once, when the call succeeds. */
  onSuccess?(event: SuccessHookEvent): void | Promise<void>;
};

/** The hook names, for the events the runtime delivers. */
export type HookName = keyof ClientHooks;

/** The `hooks` option as a list, checked; undefined when there are none. */
export function hookList(value: ClientHooks | readonly ClientHooks[] | undefined): ClientHooks[] | undefined {
  if (value === undefined) return undefined;
  const list = ([] as ClientHooks[]).concat(value);
  for (const hooks of list) {
    requireObject(hooks, 'hooks');
    for (const [name, hook] of Object.entries(hooks)) {
      if (hook !== undefined && typeof hook !== 'function')
        throw new ValidationError(`hooks.${name}`, 'must be a function');
    }
  }
  return list.length ? list : undefined;
}

/**
 * Deliver `event` to every hooks object in turn, waiting for each; fails with the first failure
 * once all have run, so that every hooks object (tracing among them) sees every event.
 */
export async function emit(
  list: readonly ClientHooks[] | undefined,
  name: HookName,
  event: HookEvent,
): Promise<void> {
  let failure: [unknown] | undefined;
  for (const hooks of list ?? []) {
    try {
      await (hooks[name] as ((event: HookEvent) => unknown) | undefined)?.call(hooks, event);
    } catch (error) {
      failure ??= [error];
    }
  }
  if (failure)
    throw failure[0] instanceof AuthspecError
      ? failure[0]
      : new HookError(name, event.operationId, failure[0]);
}

/** An event of `call`'s attempt number `attempt`, with what is particular to its kind. */
// Not `{ ...call, call, attempt, ...extra }`: V8 (Node 20) gives the result of a spread followed by
// more members a shape of its own every time, and that is slow to build (bench/own-work, BENCHMARKS.md).
export const hookEvent = <E>(call: HookCall, attempt: number, extra: E): HookEvent & E =>
  Object.assign({}, call, { call, attempt }, extra);

/**
 * The onRequest event of one attempt, and what its hooks made of the headers: `sent` itself, or
 * a copy with the headers they set.
 */
export function requestEvent(
  base: HookEvent,
  sent: Record<string, string>,
  redacted: Record<string, string>,
): [RequestHookEvent, () => Record<string, string>] {
  let headers = sent;
  let open = true;
  const event: RequestHookEvent = Object.assign({}, base, {
    headers: redacted,
    setHeader(name: string, value: string) {
      const where = 'setHeader';
      if (!open)
        throw new ValidationError(where, 'works only while the onRequest hooks run', base.operationId);
      // The same checks as the `headers` option: a token name, a value HTTP can carry.
      checkHeaders({ [name]: value }, where, base.operationId);
      if (headers === sent) headers = Object.assign({}, sent);
      for (const key in headers) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
      headers[name] = value;
    },
  });
  return [
    event,
    () => {
      open = false;
      return headers;
    },
  ];
}

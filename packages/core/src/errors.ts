// Typed errors. Every failed call of an @authspec client rejects with a subclass of
// AuthspecError, so callers can branch with `instanceof`.
//
// Each package ships both an ESM and a CJS build; an application that loads both gets two copies
// of these classes. `instanceof` must still work across the copies, so it compares the class
// names an error recorded when it was made (under a `Symbol.for` key, shared by every copy in
// the process) instead of following the prototype chain.

const BRANDS = Symbol.for('@authspec/core.error-brands');
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Response headers as a plain object, secrets already replaced with `[REDACTED]`. */
export type ErrorHeaders = Record<string, string>;

/** Where a failed request was going; every field is safe to log. */
export type RequestDescription = {
  /** The spec's operationId, e.g. `VerifyOneTimeToken`. */
  operationId: string;
  /** The request's HTTP method. */
  method: string;
  /** The request URL with secrets in its path or query replaced by `[REDACTED]`. */
  url: string;
};

/** The base of every error an @authspec client rejects with; branch on its subclasses with `instanceof`. */
export class AuthspecError extends Error {
  /** The class's name, which `instanceof` compares; every subclass declares its own. */
  static brand = 'AuthspecError';

  /** `instanceof` that holds across the ESM and CJS copies of the package: it compares brands. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    const brands = (value as { [BRANDS]?: string[] } | null | undefined)?.[BRANDS];
    // `this` is the class on the right of `instanceof`, which may be any subclass.
    // biome-ignore lint/complexity/noThisInStatic: the check must use the subclass's own brand
    return brands?.includes(this.brand) === true;
  }

  /** The class name, e.g. `NotFoundError`. */
  declare name: string;
  /** The operation that failed (the spec's operationId), when the error belongs to one. */
  declare readonly operationId: string | undefined;

  constructor(message: string, options?: { cause?: unknown; operationId?: string | undefined }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    const brands: string[] = [];
    for (let c: typeof AuthspecError = new.target; c.brand; c = Object.getPrototypeOf(c)) {
      if (Object.hasOwn(c, 'brand')) brands.push(c.brand);
    }
    Object.defineProperty(this, BRANDS, { value: brands });
    this.name = new.target.brand;
    this.operationId = options?.operationId;
  }

  /** A plain, secret-free view for logs and JSON. */
  toJSON(): Record<string, unknown> {
    const view: Record<string, unknown> = { name: this.name, message: this.message, ...(this as object) };
    // The cause is the original error, kept for programs; its text may come from anywhere
    // (a custom fetch, a proxy), so views show only what kind of error it was.
    const cause = this.cause as { name?: unknown; code?: unknown } | undefined;
    if (cause != null)
      view.cause = { name: typeof cause.name === 'string' ? cause.name : typeof cause, code: cause.code };
    return view;
  }

  /** What `util.inspect` and `console.log` show in Node: the stack and the secret-free view. */
  [INSPECT](_depth: number, options: object, inspect?: (value: unknown, options: object) => string): string {
    const { name: _name, message: _message, ...rest } = this.toJSON();
    const stack = this.stack ?? `${this.name}: ${this.message}`;
    return Object.keys(rest).length === 0 || !inspect ? stack : `${stack} ${inspect(rest, options)}`;
  }
}

/** The arguments of a call are wrong; nothing was sent. */
export class ValidationError extends AuthspecError {
  static override brand = 'ValidationError';
  /** The argument (or option) that is wrong, e.g. `body.email` or `options.headers["X-Trace"]`. */
  declare readonly argument: string;

  constructor(argument: string, problem: string, operationId?: string) {
    super(`${operationId ? `${operationId}: ` : ''}${argument} ${problem}`, { operationId });
    this.argument = argument;
  }
}

/**
 * A hook given in the client options (`hooks`) threw or rejected, which fails the call; `cause`
 * is what it threw. Errors of the runtime's own that a hook lets through (setHeader's
 * ValidationError) fail the call as they are instead.
 */
export class HookError extends AuthspecError {
  static override brand = 'HookError';
  /** The hook that failed, e.g. `onRequest`. */
  declare readonly hook: string;

  constructor(hook: string, operationId: string, cause: unknown) {
    // The thrown value's own text is the application's and may hold anything: only its kind.
    super(`${operationId}: the ${hook} hook failed (${(cause as Error | null)?.name ?? typeof cause})`, {
      cause,
      operationId,
    });
    this.hook = hook;
  }
}

/** Options that describe a request for transport-level errors. */
type TransportErrorOptions = RequestDescription & {
  cause?: unknown;
  /** How many attempts were made, retries included. */
  attempts: number;
  /** Short, secret-free reason, e.g. `ECONNREFUSED`. */
  reason?: string;
};

/** The request never got an HTTP answer: DNS, refused or reset connection, TLS, ... */
export class ConnectionError extends AuthspecError {
  static override brand = 'ConnectionError';
  /** The request's HTTP method. */
  declare readonly method: string;
  /** The request's URL, secrets redacted. */
  declare readonly url: string;
  /** How many attempts were made, retries included. */
  declare readonly attempts: number;

  constructor(options: TransportErrorOptions) {
    super(
      `${options.operationId} failed: could not reach ${originOf(options.url)} (${options.reason ?? 'network error'})`,
      options,
    );
    describeRequest(this, options);
  }
}

/** An attempt took longer than the configured timeout. */
export class TimeoutError extends AuthspecError {
  static override brand = 'TimeoutError';
  /** The request's HTTP method. */
  declare readonly method: string;
  /** The request's URL, secrets redacted. */
  declare readonly url: string;
  /** How many attempts were made, retries included. */
  declare readonly attempts: number;
  /** The timeout of each attempt, in milliseconds. */
  declare readonly timeoutMs: number;

  constructor(options: TransportErrorOptions & { timeoutMs: number }) {
    super(
      `${options.operationId} timed out after ${options.timeoutMs} ms (${options.method} ${options.url})`,
      options,
    );
    describeRequest(this, options);
    this.timeoutMs = options.timeoutMs;
  }
}

/** The caller aborted the call through its AbortSignal; `cause` is the signal's reason. */
export class AbortError extends AuthspecError {
  static override brand = 'AbortError';
  /** The request's HTTP method. */
  declare readonly method: string;
  /** The request's URL, secrets redacted. */
  declare readonly url: string;

  constructor(options: RequestDescription & { cause?: unknown }) {
    super(`${options.operationId} was aborted by the caller`, options);
    describeRequest(this, options);
  }
}

/** What an ApiError is made of (for clients that build one themselves). */
export type ApiErrorOptions = RequestDescription & {
  /** The HTTP status. */
  status: number;
  /** The reason phrase, secrets scrubbed. */
  statusText?: string | undefined;
  /** The service's machine-readable code: Logto `code`, SFTPGo `error`, Equinix `error` or first of `errors`. */
  code?: string | undefined;
  /** The service's human-readable explanation, when it sent one. */
  detail?: string | undefined;
  /** Parsed JSON body, or the raw text when the body is not JSON (secrets redacted). */
  body: unknown;
  /** The response headers, secrets redacted. */
  headers: ErrorHeaders;
  /** The request id the service sent, to quote when reporting the failure. */
  requestId?: string | undefined;
  /** How many attempts were made, retries included. */
  attempts?: number;
  /** How long the server asked to wait before trying again (`Retry-After`), in milliseconds. */
  retryAfterMs?: number | undefined;
};

/** The server answered with an HTTP status >= 400. */
export class ApiError extends AuthspecError {
  static override brand = 'ApiError';
  /** The HTTP status, >= 400. */
  declare readonly status: number;
  /** The service's machine-readable error code (Logto's `code`, SFTPGo's `error`, Equinix's `error`). */
  declare readonly code: string | undefined;
  /** The parsed JSON error body, or its text when it is not JSON; secrets redacted. */
  declare readonly body: unknown;
  /** The response headers, secrets redacted. */
  declare readonly headers: ErrorHeaders;
  /** The request id the service sent (e.g. Logto's `Logto-Core-Request-Id`), to quote when reporting the failure. */
  declare readonly requestId: string | undefined;
  /** The request's HTTP method. */
  declare readonly method: string;
  /** The request's URL, secrets redacted. */
  declare readonly url: string;
  /** How many attempts were made, retries included. */
  declare readonly attempts: number;

  constructor(o: ApiErrorOptions) {
    const what = [o.code, o.detail !== o.code && o.detail].filter(Boolean).join(': ');
    super(
      `${o.operationId} failed with ${o.status}${o.statusText ? ` ${o.statusText}` : ''}${what ? ` - ${what}` : ''} (${o.method} ${o.url}${o.requestId ? `, request ${o.requestId}` : ''})`,
      o,
    );
    this.status = o.status;
    this.code = o.code;
    this.body = o.body;
    this.headers = o.headers;
    this.requestId = o.requestId;
    describeRequest(this, { attempts: 1, ...o });
  }

  /** Build the subclass that matches the status (404 -> NotFoundError, ...). */
  static fromResponse(options: ApiErrorOptions): ApiError {
    const { status } = options;
    const ErrorClass = BY_STATUS[status] ?? (status >= 500 ? InternalServerError : ApiError);
    return new ErrorClass(options);
  }
}

/** 400: the request was refused as malformed or invalid. */
export class BadRequestError extends ApiError {
  static override brand = 'BadRequestError';
}
/** 401: the credentials are missing, wrong or expired. */
export class AuthenticationError extends ApiError {
  static override brand = 'AuthenticationError';
}
/** 403: the credentials are valid but not allowed to do this (or a second factor is missing). */
export class PermissionDeniedError extends ApiError {
  static override brand = 'PermissionDeniedError';
}
/** 404: what the request names does not exist. */
export class NotFoundError extends ApiError {
  static override brand = 'NotFoundError';
}
/** 409: the request conflicts with the current state. */
export class ConflictError extends ApiError {
  static override brand = 'ConflictError';
}
/** 422: the request is well-formed but cannot be applied (a policy, a missing profile field, …). */
export class UnprocessableEntityError extends ApiError {
  static override brand = 'UnprocessableEntityError';
}
/** 500 and above: the server failed. */
export class InternalServerError extends ApiError {
  static override brand = 'InternalServerError';
}

/** 429: too many requests; `retryAfterMs` says how long the server asked to wait. */
export class RateLimitError extends ApiError {
  static override brand = 'RateLimitError';
  /** How long the server asked to wait (from `Retry-After`), when it said. */
  declare readonly retryAfterMs: number | undefined;

  constructor(options: ApiErrorOptions) {
    super(options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

const BY_STATUS: Record<number, typeof ApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The request fields of a transport or HTTP error. */
function describeRequest(error: object, o: RequestDescription & { attempts?: number }): void {
  Object.assign(
    error,
    { method: o.method, url: o.url },
    o.attempts === undefined ? {} : { attempts: o.attempts },
  );
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

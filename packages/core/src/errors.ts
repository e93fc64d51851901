// Typed errors. Every failed call of an @authspec client rejects with a subclass of
// AuthspecError, so callers can branch with `instanceof`.
//
// Each package ships both an ESM and a CJS build; an application that loads both gets two copies
// of these classes. `instanceof` must still work across the copies, so it checks a brand
// (a `Symbol.for` key, shared by every copy in the process) instead of the prototype chain.

const BRANDS = Symbol.for('@authspec/core.error-brands');
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

type Branded = { readonly brand: symbol };

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
  /** The class's identity across copies of the package (a `Symbol.for` key), read by `instanceof`. */
  static readonly brand: symbol = Symbol.for('@authspec/core.AuthspecError');

  /** `instanceof` that holds across the ESM and CJS copies of the package: it compares brands. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    const brands = (value as { [BRANDS]?: unknown })[BRANDS];
    // `this` is the class on the right of `instanceof`, which may be any subclass.
    // biome-ignore lint/complexity/noThisInStatic: the check must use the subclass's own brand
    return Array.isArray(brands) && brands.includes((this as unknown as Branded).brand);
  }

  /** The class name, e.g. `NotFoundError`. */
  override name = 'AuthspecError';
  /** The operation that failed (the spec's operationId), when the error belongs to one. */
  readonly operationId: string | undefined;

  constructor(message: string, options?: { cause?: unknown; operationId?: string | undefined }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.operationId = options?.operationId;
    const brands: symbol[] = [];
    for (let c: unknown = new.target; typeof c === 'function' && (c as Partial<Branded>).brand; ) {
      const { brand } = c as unknown as Branded;
      if (!brands.includes(brand)) brands.push(brand);
      c = Object.getPrototypeOf(c);
    }
    Object.defineProperty(this, BRANDS, { value: brands });
  }

  /** A plain, secret-free view for logs and JSON. */
  toJSON(): Record<string, unknown> {
    const view: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) if (key !== 'name') view[key] = value;
    // The cause is the original error, kept for programs; its text may come from anywhere
    // (a custom fetch, a proxy), so views show only what kind of error it was.
    const cause = this.cause as { name?: unknown; code?: unknown } | undefined;
    if (cause !== undefined && cause !== null) {
      view.cause = { name: typeof cause.name === 'string' ? cause.name : typeof cause, code: cause.code };
    }
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
  /** The class's identity across copies of the package, read by `instanceof`. */
  static override readonly brand: symbol = Symbol.for('@authspec/core.ValidationError');
  /** Always `ValidationError`. */
  override name = 'ValidationError';
  /** The argument (or option) that is wrong, e.g. `id` or `headers.X-Trace`. */
  readonly argument: string;

  constructor(argument: string, problem: string, operationId?: string) {
    super(`${operationId ? `${operationId}: ` : ''}${argument} ${problem}`, { operationId });
    this.argument = argument;
  }
}

/** Options that describe a request for transport-level errors. */
type TransportErrorOptions = RequestDescription & {
  cause?: unknown;
  attempts: number;
  /** Short, secret-free reason, e.g. `ECONNREFUSED`. */
  reason?: string;
};

/** The request never got an HTTP answer: DNS, refused or reset connection, TLS, ... */
export class ConnectionError extends AuthspecError {
  /** The class's identity across copies of the package, read by `instanceof`. */
  static override readonly brand: symbol = Symbol.for('@authspec/core.ConnectionError');
  /** Always `ConnectionError`. */
  override name = 'ConnectionError';
  /** The request's HTTP method. */
  readonly method: string;
  /** The request's URL, secrets redacted. */
  readonly url: string;
  /** How many attempts were made, retries included. */
  readonly attempts: number;

  constructor(options: TransportErrorOptions) {
    const reason = options.reason ?? 'network error';
    super(`${options.operationId} failed: could not reach ${originOf(options.url)} (${reason})`, options);
    this.method = options.method;
    this.url = options.url;
    this.attempts = options.attempts;
  }
}

/** An attempt took longer than the configured timeout. */
export class TimeoutError extends AuthspecError {
  /** The class's identity across copies of the package, read by `instanceof`. */
  static override readonly brand: symbol = Symbol.for('@authspec/core.TimeoutError');
  /** Always `TimeoutError`. */
  override name = 'TimeoutError';
  /** The request's HTTP method. */
  readonly method: string;
  /** The request's URL, secrets redacted. */
  readonly url: string;
  /** How many attempts were made, retries included. */
  readonly attempts: number;
  /** The timeout of each attempt, in milliseconds. */
  readonly timeoutMs: number;

  constructor(options: TransportErrorOptions & { timeoutMs: number }) {
    super(
      `${options.operationId} timed out after ${options.timeoutMs} ms (${options.method} ${options.url})`,
      options,
    );
    this.method = options.method;
    this.url = options.url;
    this.attempts = options.attempts;
    this.timeoutMs = options.timeoutMs;
  }
}

/** The caller aborted the call through its AbortSignal; `cause` is the signal's reason. */
export class AbortError extends AuthspecError {
  /** The class's identity across copies of the package, read by `instanceof`. */
  static override readonly brand: symbol = Symbol.for('@authspec/core.AbortError');
  /** Always `AbortError`. */
  override name = 'AbortError';
  /** The request's HTTP method. */
  readonly method: string;
  /** The request's URL, secrets redacted. */
  readonly url: string;

  constructor(options: RequestDescription & { cause?: unknown }) {
    super(`${options.operationId} was aborted by the caller`, options);
    this.method = options.method;
    this.url = options.url;
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
};

/** The server answered with an HTTP status >= 400. */
export class ApiError extends AuthspecError {
  /** The class's identity across copies of the package, read by `instanceof`. */
  static override readonly brand: symbol = Symbol.for('@authspec/core.ApiError');
  /** The subclass name (`NotFoundError`, …), or `ApiError` for a status without one. */
  override name = 'ApiError';
  /** The HTTP status, >= 400. */
  readonly status: number;
  /** The service's machine-readable error code (Logto's `code`, SFTPGo's `error`, Equinix's `error`). */
  readonly code: string | undefined;
  /** The parsed JSON error body, or its text when it is not JSON; secrets redacted. */
  readonly body: unknown;
  /** The response headers, secrets redacted. */
  readonly headers: ErrorHeaders;
  /** The request id the service sent (e.g. Logto's `Logto-Core-Request-Id`), to quote when reporting the failure. */
  readonly requestId: string | undefined;
  /** The request's HTTP method. */
  readonly method: string;
  /** The request's URL, secrets redacted. */
  readonly url: string;
  /** How many attempts were made, retries included. */
  readonly attempts: number;

  constructor(options: ApiErrorOptions) {
    super(apiErrorMessage(options), options);
    this.status = options.status;
    this.code = options.code;
    this.body = options.body;
    this.headers = options.headers;
    this.requestId = options.requestId;
    this.method = options.method;
    this.url = options.url;
    this.attempts = options.attempts ?? 1;
  }

  /**
   * Build the subclass that matches the status (404 -> NotFoundError, ...); `retryAfterMs` is
   * kept by a RateLimitError.
   */
  static fromResponse(options: ApiErrorOptions & { retryAfterMs?: number | undefined }): ApiError {
    const ErrorClass = errorClassFor(options.status);
    return new ErrorClass(options);
  }
}

/** 400: the request was refused as malformed or invalid. */
export class BadRequestError extends ApiError {
  /** The class's identity across copies of the package, read by `instanceof`. */
  static override readonly brand: symbol = Symbol.for('@authspec/core.BadRequestError');
  override name = 'BadRequestError';
}

/** 401: the credentials are missing, wrong or expired. */
export class AuthenticationError extends ApiError {
  /** The class's identity across copies of the package, read by `instanceof`. */
  static override readonly brand: symbol = Symbol.for('@authspec/core.AuthenticationError');
  override name = 'AuthenticationError';
}

/** 403: the credentials are valid but not allowed to do this (or a second factor is missing). */
export class PermissionDeniedError extends ApiError {
  /** The class's identity across copies of the package, read by `instanceof`. */
  static override readonly brand: symbol = Symbol.for('@authspec/core.PermissionDeniedError');
  override name = 'PermissionDeniedError';
}

/** 404: what the request names does not exist. */
export class NotFoundError extends ApiError {
  /** The class's identity across copies of the package, read by `instanceof`. */
  static override readonly brand: symbol = Symbol.for('@authspec/core.NotFoundError');
  override name = 'NotFoundError';
}

/** 409: the request conflicts with the current state. */
export class ConflictError extends ApiError {
  /** The class's identity across copies of the package, read by `instanceof`. */
  static override readonly brand: symbol = Symbol.for('@authspec/core.ConflictError');
  override name = 'ConflictError';
}

/** 422: the request is well-formed but cannot be applied (a policy, a missing profile field, …). */
export class UnprocessableEntityError extends ApiError {
  /** The class's identity across copies of the package, read by `instanceof`. */
  static override readonly brand: symbol = Symbol.for('@authspec/core.UnprocessableEntityError');
  override name = 'UnprocessableEntityError';
}

/** 429: too many requests; `retryAfterMs` says how long the server asked to wait. */
export class RateLimitError extends ApiError {
  /** The class's identity across copies of the package, read by `instanceof`. */
  static override readonly brand: symbol = Symbol.for('@authspec/core.RateLimitError');
  override name = 'RateLimitError';
  /** How long the server asked to wait (from `Retry-After`), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(options: ApiErrorOptions & { retryAfterMs?: number | undefined }) {
    super(options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** 500 and above: the server failed. */
export class InternalServerError extends ApiError {
  /** The class's identity across copies of the package, read by `instanceof`. */
  static override readonly brand: symbol = Symbol.for('@authspec/core.InternalServerError');
  override name = 'InternalServerError';
}

type ApiErrorClass = new (options: ApiErrorOptions & { retryAfterMs?: number | undefined }) => ApiError;

function errorClassFor(status: number): ApiErrorClass {
  switch (status) {
    case 400:
      return BadRequestError;
    case 401:
      return AuthenticationError;
    case 403:
      return PermissionDeniedError;
    case 404:
      return NotFoundError;
    case 409:
      return ConflictError;
    case 422:
      return UnprocessableEntityError;
    case 429:
      return RateLimitError;
    default:
      return status >= 500 ? InternalServerError : ApiError;
  }
}

function apiErrorMessage(o: ApiErrorOptions): string {
  const status = o.statusText ? `${o.status} ${o.statusText}` : String(o.status);
  const what = [o.code, o.detail && o.detail !== o.code ? o.detail : undefined].filter(Boolean).join(': ');
  const request = o.requestId ? `, request ${o.requestId}` : '';
  return `${o.operationId} failed with ${status}${what ? ` - ${what}` : ''} (${o.method} ${o.url}${request})`;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

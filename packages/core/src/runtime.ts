// The request runtime every @authspec client shares: an openapi-fetch client typed by the
// generated `paths`, and `call()`, which runs one operation with per-attempt timeouts, safe
// retries, typed errors and redacted logging.
import createClient, { type Client } from 'openapi-fetch';
import {
  AbortError,
  ApiError,
  AuthspecError,
  ConnectionError,
  OAuthTokenError,
  TimeoutError,
  ValidationError,
} from './errors';
import { redactBody, redactHeaders, redactUrl, SecretValues } from './redact';
import {
  backoffDelay,
  DEFAULT_MAX_RETRIES,
  isIdempotentMethod,
  isRetryableStatus,
  MAX_RETRY_AFTER_MS,
  neverReachedServer,
  parseRetryAfter,
} from './retry';
import { attemptSignal, sleep } from './signal';
import { checkHeaders, optionalNumber, requireHeaderValue } from './validate';

export const DEFAULT_TIMEOUT_MS = 60_000;

export type FetchFunction = (input: Request, init?: RequestInit) => Promise<Response>;

/** Receives redacted debug lines; `console` fits. */
export type Logger = { debug(message: string, details?: Record<string, unknown>): void };

/** Options every client takes. */
export type ClientOptions = {
  /** The API's server URL, e.g. `https://sftpgo.example.com/api/v2`. */
  baseUrl?: string;
  /** A fetch implementation to use instead of the global one. */
  fetch?: FetchFunction;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Timeout of each attempt in milliseconds (default 60 000); 0 means none. */
  timeoutMs?: number;
  /** How many times a failed request may be repeated where that is safe (default 2; 0 disables). */
  maxRetries?: number;
  /** Appended to the User-Agent header (outside browsers), e.g. `my-app/1.2`. */
  userAgent?: string;
  /** Debug logging of every attempt, with secrets redacted. */
  logger?: Logger;
};

/** Options of one call; they override the client's. */
export type RequestOptions = {
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
  headers?: Record<string, string>;
};

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD';

/** What `call()` needs to know about the operation it runs. */
export type Operation = {
  /** The spec's operationId, named in every error. */
  operationId: string;
  method: HttpMethod;
  /**
   * Whether repeating the request can never create or consume anything twice. Defaults from
   * the method (GET, HEAD, PUT, DELETE). A request that is not idempotent is repeated only when
   * the connection was never established.
   */
  idempotent?: boolean;
  /** Secret values of this call (OTPs, passwords, tokens), scrubbed from errors and logs. */
  secrets?: ReadonlyArray<string | undefined>;
  /** Which answers count as success (default: 2xx). */
  accept?: (response: Response) => boolean;
};

/**
 * One attempt of a call, handed to the function that sends it and spread into the openapi-fetch
 * call: `client.GET(path, { params, ...attempt })`. It carries no signal on purpose: its fetch
 * applies the attempt's signal (timeout or caller's abort), so that undici follows the signal
 * once per request instead of twice (once for openapi-fetch's Request, once for its own).
 */
export type Attempt = {
  /** Per-call and authentication headers. */
  headers: Record<string, string> | undefined;
  /** The attempt's fetch (records the request, applies the signal); also for requests built by hand. */
  fetch: FetchFunction;
};

export type FetchResult = { data?: unknown; error?: unknown; response: Response };

export type RuntimeConfig = {
  /** Package name and version, for the User-Agent. */
  package: { name: string; version: string };
  baseUrl: string;
  options: ClientOptions;
  /** Client-level secrets (client secret, API key, password) to scrub from any text. */
  secrets?: SecretValues;
  /**
   * Wrap the transport, e.g. with a cookie jar. Unlike a caller's `fetch`, the wrapper is trusted
   * to hand `init` (which carries the attempt's signal) on to the fetch it wraps.
   */
  wrapFetch?: (fetch: FetchFunction) => FetchFunction;
  /** Extra fetch options, e.g. `{ credentials: 'include' }` in browsers. */
  requestInit?: Omit<RequestInit, 'body' | 'headers' | 'method' | 'signal'>;
  /**
   * Headers that authenticate an attempt (e.g. a Bearer token), asked for before each attempt
   * (and before each request of the escape-hatch `api` client).
   */
  authenticate?: (
    signal: AbortSignal | undefined,
  ) => Record<string, string> | Promise<Record<string, string>>;
  /**
   * Called when the server answers 401; resolve true to repeat the call once, e.g. after
   * dropping a cached access token that the server no longer accepts.
   */
  onUnauthorized?: (request: Request) => boolean | Promise<boolean>;
  /** Turn every error answer into this error instead of the subclass picked by status. */
  toError?: (options: ConstructorParameters<typeof ApiError>[0]) => ApiError;
};

export type Runtime<Paths extends {}> = {
  /** The openapi-fetch client `call()`'s senders use (authentication is added per attempt). */
  client: Client<Paths>;
  /** The typed openapi-fetch client for users (authentication and cookies included, no retries). */
  api: Client<Paths>;
  /** Run one operation; resolves with openapi-fetch's result when the response is 2xx. */
  call<R extends FetchResult>(
    operation: Operation,
    send: (attempt: Attempt) => Promise<R>,
    options?: RequestOptions,
  ): Promise<R>;
  /** Client-level secret values (add tokens as they are obtained). */
  secrets: SecretValues;
  baseUrl: string;
};

const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-amzn-requestid', 'x-correlation-id'];

export function createRuntime<Paths extends {}>(config: RuntimeConfig): Runtime<Paths> {
  const options = checkClientOptions(config.options);
  const secrets = config.secrets ?? new SecretValues();
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  const transport: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const baseFetch = config.wrapFetch ? config.wrapFetch(transport) : transport;
  const headers: Record<string, string> = { ...options.headers };
  if (!isBrowser()) {
    const agent = `${config.package.name.replace(/^@/, '').replace('/', '-')}/${config.package.version}`;
    headers['User-Agent'] = options.userAgent ? `${agent} ${options.userAgent}` : agent;
  }
  const clientWith = (fetch: FetchFunction) =>
    createClient<Paths>({ baseUrl, fetch, headers, ...config.requestInit });
  const client = clientWith(baseFetch);
  const { authenticate } = config;
  // The escape hatch authenticates in its fetch: `call()` does it per attempt instead.
  const api = authenticate
    ? clientWith(async (request, init) => {
        for (const [name, value] of Object.entries(await authenticate(request.signal)))
          request.headers.set(name, value);
        return baseFetch(request, init);
      })
    : client;
  const logger = options.logger;

  async function call<R extends FetchResult>(
    operation: Operation,
    send: (attempt: Attempt) => Promise<R>,
    requestOptions: RequestOptions = {},
  ): Promise<R> {
    const { operationId } = operation;
    const perCall = checkRequestOptions(requestOptions, operationId);
    const maxRetries = perCall.maxRetries ?? options.maxRetries ?? DEFAULT_MAX_RETRIES;
    const timeoutMs = perCall.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const idempotent = operation.idempotent ?? isIdempotentMethod(operation.method);
    const callSecrets = operation.secrets?.length
      ? secrets.with(new SecretValues().add(...operation.secrets))
      : secrets;
    const signal = perCall.signal;
    // The request as sent, captured by the attempt's fetch, for errors and logs.
    let sent: Request | undefined;
    let attemptAbort: AbortSignal | undefined;
    const fetchAndRecord: FetchFunction = (input, init) => {
      sent = input;
      if (logger) {
        logger.debug(`authspec → ${operationId} ${input.method} ${redactUrl(input.url, callSecrets)}`, {
          headers: redactHeaders(input.headers),
        });
      }
      if (!attemptAbort) return baseFetch(input, init);
      // A custom fetch may look at the Request alone, so the signal goes on the Request; the
      // global fetch takes it from init, which spares undici from following it twice.
      return options.fetch
        ? baseFetch(new Request(input, { signal: attemptAbort }), init)
        : baseFetch(input, { ...init, signal: attemptAbort });
    };
    const where = () => ({
      operationId,
      method: sent?.method ?? operation.method,
      url: sent ? redactUrl(sent.url, callSecrets) : baseUrl,
    });
    let attempts = 0;
    let refreshedAuth = false;

    for (;;) {
      if (signal?.aborted) throw new AbortError({ ...where(), cause: signal.reason });
      attempts++;
      const started = logger ? performance.now() : 0;
      const attempt = attemptSignal(signal, timeoutMs);
      attemptAbort = attempt.signal;
      let result: R;
      try {
        const headers = authenticate
          ? { ...perCall.headers, ...(await authenticate(attempt.signal)) }
          : perCall.headers;
        result = await send({ headers, fetch: fetchAndRecord });
      } catch (error) {
        if (error instanceof AuthspecError) throw error;
        if (signal?.aborted) throw new AbortError({ ...where(), cause: signal.reason });
        const timedOut = attempt.timedOut();
        const failure = timedOut
          ? new TimeoutError({ ...where(), attempts, timeoutMs, cause: error })
          : new ConnectionError({
              ...where(),
              attempts,
              cause: error,
              reason: callSecrets.scrub(reasonOf(error)),
            });
        // A request that may have reached the server is repeated only if that is harmless.
        const mayRepeat = idempotent || (!timedOut && neverReachedServer(error));
        if (attempts > maxRetries || !mayRepeat) throw failure;
        await wait(backoffDelay(attempts - 1), failure);
        continue;
      } finally {
        attempt.dispose();
      }

      const { response } = result;
      logger?.debug(
        `authspec ← ${operationId} ${response.status} in ${Math.round(performance.now() - started)} ms`,
        {
          attempt: attempts,
          requestId: requestIdOf(response.headers),
        },
      );
      if (operation.accept ? operation.accept(response) : response.ok) return result;

      if (response.status === 401 && config.onUnauthorized && !refreshedAuth && sent) {
        refreshedAuth = true;
        if (await config.onUnauthorized(sent)) {
          attempts--;
          continue;
        }
      }
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      const error = makeApiError(response, result.error, attempts, retryAfterMs);
      if (attempts > maxRetries || !idempotent || !isRetryableStatus(response.status)) throw error;
      if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) throw error;
      await wait(retryAfterMs ?? backoffDelay(attempts - 1), error);
    }

    async function wait(ms: number, reason: AuthspecError) {
      logger?.debug(`authspec ↻ ${operationId} retry in ${ms} ms after ${reason.name}`);
      try {
        await sleep(ms, signal);
      } catch {
        throw new AbortError({ ...where(), cause: signal?.reason });
      }
    }

    function makeApiError(
      response: Response,
      body: unknown,
      attempts: number,
      retryAfterMs: number | undefined,
    ) {
      const { code, detail } = describeErrorBody(body);
      const errorOptions = {
        ...where(),
        status: response.status,
        statusText: response.statusText,
        code: code === undefined ? undefined : callSecrets.scrub(code),
        detail: detail === undefined ? undefined : callSecrets.scrub(detail),
        body: redactBody(body, { request: false, secrets: callSecrets }),
        headers: redactHeaders(response.headers),
        requestId: requestIdOf(response.headers),
        attempts,
      };
      return config.toError
        ? config.toError(errorOptions)
        : ApiError.fromResponse({ ...errorOptions, retryAfterMs });
    }
  }

  return { client, api, call, secrets, baseUrl };
}

/** The service's error code and explanation, from any of the four error body shapes. */
export function describeErrorBody(body: unknown): { code?: string; detail?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const b = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  const list = Array.isArray(b.errors) ? b.errors.filter((e): e is string => typeof e === 'string') : [];
  // Logto `{ code, message }`, OAuth `{ error, error_description }`, SFTPGo `{ message, error }`,
  // Equinix `{ error }` or `{ errors: [...] }`.
  const code = str(b.code) ?? str(b.error) ?? list[0];
  const detail =
    str(b.message) ?? str(b.error_description) ?? (list.length > 1 ? list.join('; ') : undefined);
  return { code, detail };
}

/** An OAuth token endpoint's error answer as an OAuthTokenError (an AuthenticationError). */
export function toOAuthTokenError(options: ConstructorParameters<typeof ApiError>[0]): ApiError {
  const body = options.body as { error_description?: unknown } | undefined;
  const errorDescription = typeof body?.error_description === 'string' ? body.error_description : undefined;
  return new OAuthTokenError({ ...options, errorDescription });
}

function requestIdOf(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

function reasonOf(error: unknown): string {
  // undici says `fetch failed` and keeps the useful part (ECONNREFUSED, ...) in its cause.
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const next = (current as { cause?: unknown }).cause;
    if (!next) break;
    current = next;
  }
  return error instanceof Error ? error.message : 'network error';
}

function isBrowser(): boolean {
  return typeof window !== 'undefined' && typeof document !== 'undefined';
}

export function checkClientOptions(options: ClientOptions): ClientOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('options', 'must be an object');
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new ValidationError('fetch', 'must be a function');
  }
  if (options.logger !== undefined && typeof options.logger?.debug !== 'function') {
    throw new ValidationError('logger', 'must have a debug(message, details) method');
  }
  optionalNumber(options.timeoutMs, 'timeoutMs', { min: 0 });
  optionalNumber(options.maxRetries, 'maxRetries', { min: 0, integer: true });
  checkHeaders(options.headers, 'headers');
  if (options.userAgent !== undefined) requireHeaderValue(options.userAgent, 'userAgent');
  return options;
}

function checkRequestOptions(options: RequestOptions, operationId: string): RequestOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('options', 'must be an object', operationId);
  }
  optionalNumber(options.timeoutMs, 'options.timeoutMs', { min: 0 }, operationId);
  optionalNumber(options.maxRetries, 'options.maxRetries', { min: 0, integer: true }, operationId);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new ValidationError('options.signal', 'must be an AbortSignal', operationId);
  }
  if (options.headers === undefined) return options;
  return { ...options, headers: checkHeaders(options.headers, 'options.headers', operationId) };
}

/** Check that a base URL is an absolute http(s) URL; answers it without a trailing slash. */
export function checkBaseUrl(value: unknown, argument: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(argument, 'must be an absolute http(s) URL');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError(argument, 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ValidationError(argument, 'must be an absolute http(s) URL');
  }
  if (url.username || url.password) {
    throw new ValidationError(argument, 'must not contain credentials');
  }
  return value.replace(/\/+$/, '');
}

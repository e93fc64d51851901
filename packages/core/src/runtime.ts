// The request runtime every @authspec client shares. It sends an operation of a generated table
// (or a request described by hand, for what no table covers) as one plain `fetch(url, init)` per
// attempt, with the query and body serialised by openapi-fetch's own serialisers and the path as
// its path serialiser writes it, and adds per-attempt timeouts, safe retries, typed errors and
// redacted logging.
import { createQuerySerializer, defaultBodySerializer } from 'openapi-fetch';
import {
  AbortError,
  ApiError,
  type ApiErrorOptions,
  AuthspecError,
  ConnectionError,
  TimeoutError,
  ValidationError,
} from './errors';
import { type ClientHooks, emit, type HookCall, hookEvent, hookList, requestEvent } from './hooks';
import type { ApiSecrets, OperationSpec, OperationTable, ResultMappers } from './operation';
import { redactBody, redactHeaders, redactor, redactUrl, SecretValues } from './redact';
import {
  backoffDelay,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  isIdempotentMethod,
  isRetryableStatus,
  MAX_RETRY_AFTER_MS,
  neverReachedServer,
  parseRetryAfter,
} from './retry';
import { describe, problemOf, type Schema, secretValues } from './schema';
import { attemptSignal, sleep } from './signal';
import { checkClientOptions, checkRequestOptions, headerValueProblem, isWellFormed } from './validate';

/**
 * How the clients send a request: `fetch(url, init)`, as the global `fetch` is called. `init`
 * carries the method, the headers (a plain object), the body and the attempt's abort signal.
 */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

/** Receives redacted debug lines; `console` fits. */
export type Logger = {
  /** One line per attempt, answer and retry; secrets are already redacted. */
  debug(message: string, details?: Record<string, unknown>): void;
};

/** Options every client takes. */
export type ClientOptions = {
  /** The API's server URL, e.g. `https://sftpgo.example.com/api/v2`. */
  baseUrl?: string | undefined;
  /** A fetch implementation to use instead of the global one; it is called as `fetch(url, init)`. */
  fetch?: FetchFunction | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** Timeout of each attempt in milliseconds (default 60 000); 0 means none. */
  timeoutMs?: number | undefined;
  /** How many times a failed request may be repeated where that is safe (default 2; 0 disables). */
  maxRetries?: number | undefined;
  /** Appended to the User-Agent header (outside browsers), e.g. `my-app/1.2`. */
  userAgent?: string | undefined;
  /** Debug logging of every attempt, with secrets redacted. */
  logger?: Logger | undefined;
  /**
   * Callbacks on every request, answer, retry and outcome (a list runs each in turn), e.g.
   * `tracing(tracer)` for OpenTelemetry spans. What they see is redacted like errors are.
   */
  hooks?: ClientHooks | readonly ClientHooks[] | undefined;
};

/** Options of one call; they override the client's. */
export type RequestOptions = {
  /** Abort the call (every attempt and every wait between attempts). */
  signal?: AbortSignal | undefined;
  /** Timeout of each attempt of this call in milliseconds; 0 means none. */
  timeoutMs?: number | undefined;
  /** How many times this call may be repeated where that is safe. */
  maxRetries?: number | undefined;
  /** Extra headers for this call. */
  headers?: Record<string, string> | undefined;
};

/** What a client tells the runtime about the service it talks to. */
export type ServiceFacts = {
  /** Secret headers and members, from the generated table. */
  secrets: ApiSecrets;
  /** The service's machine-readable code and explanation in one of its error bodies. */
  describeError(body: unknown): { code?: string | undefined; detail?: string | undefined };
  /** Response headers that carry the request id, before the generic ones. */
  requestIdHeaders?: readonly string[];
  /** How long the service asks to wait, from its own headers (before `Retry-After`), in ms. */
  retryAfter?: (headers: Headers) => number | undefined;
};

/** What a client tells `createRuntime`. */
export type RuntimeConfig = {
  /** Package name and version, for the User-Agent. */
  package: { name: string; version: string };
  /** The API's base URL, without a trailing slash. */
  baseUrl: string;
  /** The options the client was created with. */
  options: ClientOptions;
  /** What the client knows about its service. */
  service: ServiceFacts;
  /** Headers of every request that the client itself sets (an API key, `Logto-App-Id`). */
  headers?: Record<string, string>;
  /** Values of the client options that fill parameters (`x-authspec-client-option`), by option. */
  optionParams?: Record<string, unknown>;
  /** Client-level secrets (client secret, API key, password) to scrub from any text. */
  secrets?: SecretValues;
  /**
   * Wrap the transport, e.g. with a cookie jar; the wrapper hands `init` on unchanged otherwise,
   * and adds what it learns that is secret (cookie values) to `secrets`.
   */
  wrapFetch?: (fetch: FetchFunction, secrets: SecretValues) => FetchFunction;
  /**
   * Extra fetch options: `{ credentials: 'include' }` in browsers, `{ redirect: 'error' }` for a
   * token endpoint (a redirect must not carry a client secret elsewhere).
   */
  requestInit?: { credentials?: RequestCredentials; redirect?: RequestRedirect };
  /** Headers that authenticate a request (e.g. a Bearer token), asked for before each attempt. */
  authenticate?: (
    signal: AbortSignal | undefined,
  ) => Record<string, string> | Promise<Record<string, string>>;
  /**
   * Called when the server answers 401 to an authenticated request, with the headers it was
   * sent with; resolve true to repeat the call once (after dropping a refused token).
   */
  onUnauthorized?: (sent: Record<string, string>) => boolean | Promise<boolean>;
  /** Called when an authenticated request was not refused (any answer but 401), with its headers. */
  onAuthenticated?: (sent: Record<string, string>) => void;
  /** Turn every error answer into this error instead of the subclass picked by status. */
  toError?: (options: ApiErrorOptions & { retryAfterMs?: number | undefined }) => ApiError;
};

/** A request described by hand, for endpoints no table covers and for pass-through fetches. */
export type RawRequest = {
  /** Named in every error and log line. */
  operationId: string;
  /** The HTTP method. */
  method: string;
  /** The absolute URL. */
  url: string;
  /** Headers besides the client's defaults. */
  headers?: Record<string, string>;
  /** The body, as `fetch` takes it. */
  body?: BodyInit;
  /** Repeating it cannot create or consume anything twice (default: from the method). */
  idempotent?: boolean;
  /** Which answers count as success (default: 2xx). */
  accept?: (response: Response) => boolean;
  /** How a successful answer is read (default `json`); `response` hands it over unread. */
  read?: 'json' | 'text' | 'none' | 'response';
  /** Secret values of this request, scrubbed from errors and logs. */
  secrets?: ReadonlyArray<string | undefined>;
  /** How `fetch` treats a redirect (default: follow). */
  redirect?: RequestRedirect;
  /** Add the client's authentication (default false). */
  auth?: boolean;
};

/** How a client's requests travel, for the typed openapi-fetch escape hatch. */
export type Transport = {
  /** The API's base URL. */
  baseUrl: string;
  /** Default headers, authentication excluded. */
  headers: Record<string, string>;
  /** The client's fetch (cookie jar included); authentication is added per request. */
  fetch: FetchFunction;
  /** Headers that authenticate a request, when the client authenticates. */
  authenticate: RuntimeConfig['authenticate'];
  /** Extra fetch options (browser cookies). */
  requestInit: RuntimeConfig['requestInit'];
};

/** The request runtime of one client. */
export type Runtime = {
  /** Run an operation of a table with a method's arguments: path parameters, input, options. */
  invoke<T = unknown>(op: OperationSpec, args: ArrayLike<unknown>): Promise<{ data: T; response: Response }>;
  /** Run a request described by hand. */
  request<T = unknown>(
    request: RawRequest,
    options?: RequestOptions,
  ): Promise<{ data: T; response: Response }>;
  /**
   * One method per named operation, each resolving with the parsed answer, or with what
   * `mappers[operationId]` makes of it.
   */
  methods(
    table: OperationTable,
    names: { readonly [operationId: string]: string | undefined },
    mappers?: ResultMappers,
  ): object;
  /** Client-level secret values (add tokens as they are obtained). */
  secrets: SecretValues;
  /** The API's base URL. */
  baseUrl: string;
  /** How requests travel, for the openapi-fetch escape hatch. */
  transport: Transport;
};

const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-correlation-id', 'x-amzn-requestid'];

/** A request ready to send: everything but what each attempt adds. */
type Prepared = {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: BodyInit | undefined;
  idempotent: boolean;
  auth?: boolean | undefined;
  ok?: OperationSpec['ok'] | undefined;
  accept?: ((response: Response) => boolean) | undefined;
  read?: RawRequest['read'];
  /** Answer `{ status, data }` (an operation with several success statuses). */
  tagged?: boolean | undefined;
  redirect?: RequestRedirect | undefined;
  /** The call's own secret values, gathered only when an error or a log line needs them. */
  secrets?: (() => ReadonlyArray<string | undefined>) | undefined;
  /** The call's options argument, checked as the call starts. */
  options?: unknown;
  /** What a method makes of the answer and its response, instead of the answer alone. */
  map?: Mapper | undefined;
  /** The client's secrets with the call's own, once an error or a log line needed them. */
  known?: SecretValues | undefined;
};

type Mapper = (data: unknown, response: Response) => unknown;

type Param = NonNullable<OperationSpec['params']>[number];

/** What the runtime works out once per operation. */
type Plan = {
  path: Param[];
  /**
   * The path cut where each parameter's value goes: text, a parameter's name, text, and so on.
   * The generator checks that every `{name}` of a path is a declared path parameter, and a value
   * is a string or a number: for those, openapi-fetch's `defaultPathSerializer` writes exactly
   * `encodeURIComponent(value)` in place of `{name}` (a test holds the two to the same URLs).
   */
  template: string[];
  other: Param[];
  /** How errors name each of `other`: the client option, or the input member. */
  otherWhere: string[];
  /** The name of the input argument in the method's signature (named by errors). */
  argument: string;
  /** Input members that are parameters or credentials, not body members. */
  notBody: string[];
  required: boolean;
  hasSecrets: boolean;
  /** The operation has several success statuses: it answers `{ status, data }`. */
  tagged: boolean;
  /** Its method can be repeated safely (a single-use parameter can still make a call unsafe). */
  idempotent: boolean;
};

const plans = new WeakMap<OperationSpec, Plan>();

function planOf(op: OperationSpec): Plan {
  let plan = plans.get(op);
  if (!plan) {
    const params = op.params ?? [];
    const other = params.filter((p) => p.in !== 'path');
    const inputParams = other.filter((p) => !p.option);
    const credentials = op.basic ? ['username', 'password'] : op.bearer ? ['accessToken'] : [];
    const notBody = [...inputParams.map((p) => p.key ?? p.name), ...credentials];
    const path = params.filter((p) => p.in === 'path');
    const argument = op.body && notBody.length ? 'input' : op.body ? 'body' : 'params';
    plan = {
      path,
      // openapi-fetch's own pattern, cut once rather than matched on every call.
      template: op.path.split(/\{([^{}]+)\}/),
      other,
      otherWhere: other.map((p) => p.option ?? `${argument}.${p.key ?? p.name}`),
      argument,
      notBody,
      required: !!op.body?.required || inputParams.some((p) => p.required) || credentials.length > 0,
      hasSecrets: credentials.length > 0 || params.some((p) => p.secret) || holdsSecrets(op.body?.schema),
      tagged: Object.keys(op.ok).length > 1,
      idempotent: isIdempotentMethod(op.method),
    };
    plans.set(op, plan);
  }
  return plan;
}

/** The runtime a client sends its operations through. */
export function createRuntime(config: RuntimeConfig): Runtime {
  const options = checkClientOptions(config.options);
  const { baseUrl, authenticate, onUnauthorized, onAuthenticated, requestInit } = config;
  const secrets = config.secrets ?? new SecretValues();
  const redact = redactor(config.service.secrets);
  const transport: FetchFunction = options.fetch ?? ((url, init) => fetch(url, init));
  const fetchFn = config.wrapFetch ? config.wrapFetch(transport, secrets) : transport;
  const defaultHeaders: Record<string, string> = { ...options.headers, ...config.headers };
  if (typeof document === 'undefined') {
    const agent = `${config.package.name.slice(1).replace('/', '-')}/${config.package.version}`;
    defaultHeaders['User-Agent'] = options.userAgent ? `${agent} ${options.userAgent}` : agent;
  }
  const requestIdHeaders = [...(config.service.requestIdHeaders ?? []), ...REQUEST_ID_HEADERS];
  const logger = options.logger;
  const hooks = hookList(options.hooks);
  const querySerializer = createQuerySerializer();
  const requestIdOf = (headers: Headers) =>
    requestIdHeaders.map((name) => headers.get(name)).find(Boolean) ?? undefined;

  let basic: [unknown, unknown, string] = [undefined, undefined, ''];
  let merged: [object, object, Record<string, string>] = [{}, {}, {}];

  /**
   * `headers` with one more: a copy while they are still the client's defaults. The copy is
   * `Object.assign`, as in hooks.ts and the cookie jar, not `{ ...headers }`: V8 (Node 20) gives a
   * spread's copy a shape of its own, and adding a member to it is then slow (BENCHMARKS.md §1b).
   */
  const withHeader = (headers: Record<string, string>, name: string, value: string) => {
    const own = headers === defaultHeaders ? Object.assign({}, headers) : headers;
    own[name] = value;
    return own;
  };

  /** Validate a method's arguments against the table and build the request. */
  // No closure per call here or in `execute`: a call allocates only what it sends.
  function prepare(op: OperationSpec, args: ArrayLike<unknown>, map: Mapper | undefined): Prepared {
    const plan = planOf(op);
    const id = op.id;
    let i = 0;
    const path: Record<string, unknown> = {};
    let query: Record<string, unknown> | undefined;
    let headers = defaultHeaders;
    let idempotent = plan.idempotent;
    for (const p of plan.path) {
      const value = args[i++];
      const problem = pathValueProblem(value, p.schema, p.secret);
      if (problem) fail(id, p.key ?? p.name, problem);
      path[p.name] = value;
    }
    const input = op.input ? args[i++] : undefined;
    const argument = plan.argument;
    if (input === undefined ? op.input && plan.required : !isPlainObject(input)) {
      fail(
        id,
        argument,
        input === undefined ? 'is required' : `must be an object (got ${describe(input, false)})`,
      );
    }
    const record = (input ?? {}) as Record<string, unknown>;
    for (let k = 0; k < plan.other.length; k++) {
      const p = plan.other[k] as Param;
      const where = plan.otherWhere[k] as string;
      const value = p.option ? config.optionParams?.[p.option] : record[p.key ?? p.name];
      if (value === undefined) {
        if (p.required) fail(id, where, 'is required');
        continue;
      }
      const problem = problemOf(value, p.schema, where, p.secret);
      if (problem) fail(id, problem.path, problem.problem);
      const text = String(value);
      if (!isWellFormed(text)) fail(id, where, 'must not contain unpaired surrogates');
      if (p.singleUse) idempotent = false;
      if (p.in === 'query') {
        query ??= {};
        query[p.name] = value;
      } else headers = withHeader(headers, p.name, checkHeaderValue(text, where, id));
    }
    if (op.basic) {
      const { username, password } = record;
      // The same credentials give the same header: encode them once.
      if (basic[0] !== username || basic[1] !== password) {
        basic = [username, password, basicAuthorization(record, argument, id)];
      }
      headers = withHeader(headers, 'Authorization', basic[2]);
    }
    if (op.bearer) {
      const where = `${argument}.accessToken`;
      headers = withHeader(
        headers,
        'Authorization',
        `Bearer ${checkHeaderValue(nonEmpty(record.accessToken, where, id), where, id)}`,
      );
    }
    let body: BodyInit | undefined;
    let bodyValue: unknown;
    if (op.body) {
      bodyValue = plan.notBody.length ? omit(record, plan.notBody) : input;
      if (bodyValue !== undefined) {
        const problem = problemOf(bodyValue, op.body.schema, argument, false);
        if (problem) fail(id, problem.path, problem.problem);
        if (headers === defaultHeaders) headers = Object.assign({}, headers);
        try {
          body = serializeBody(op.body.type, bodyValue, headers);
        } catch (error) {
          // A BigInt, a cycle, a symbol key's value: what JSON (or a form) cannot carry. The
          // reason names types and members, never values.
          fail(
            id,
            argument,
            `cannot be sent as ${op.body.type} (${error instanceof Error ? error.message : 'unserializable'})`,
          );
        }
      }
    }
    // openapi-fetch's wire format: its path serialisation (see Plan.template) and its query
    // serialiser.
    const template = plan.template;
    let url = baseUrl + template[0];
    for (let k = 1; k < template.length; k += 2)
      url += encodeURIComponent(path[template[k] as string] as string) + template[k + 1];
    const search = query ? querySerializer(query).replace(/^\?/, '') : '';
    if (search) url += `?${search}`;
    return {
      id,
      method: op.method,
      url,
      headers,
      body,
      idempotent,
      // Credentials given per call (Basic, a bearer token) replace the client's own authentication.
      auth: op.auth !== false && !op.basic && !op.bearer,
      ok: op.ok,
      tagged: plan.tagged,
      secrets: plan.hasSecrets ? secretsOfCall(op, path, record, bodyValue, headers) : undefined,
      options: args[i],
      map,
      known: undefined,
    };
  }

  /** The client's secrets with the call's own, gathered when an error or a log line first needs them. */
  const secretsOf = (p: Prepared) => (p.known ??= p.secrets ? secrets.with(p.secrets()) : secrets);
  /** The call as errors and hooks name it. */
  const whereOf = (p: Prepared) => ({
    operationId: p.id,
    method: p.method,
    url: redactUrl(p.url, redact, secretsOf(p)),
  });
  const abortedError = (p: Prepared, signal: AbortSignal | undefined) =>
    new AbortError({ ...whereOf(p), cause: signal?.reason });

  /**
   * Sends a prepared request: resolves with `{ data, response }`, or with the data alone when
   * `dataOnly` (a client method: no second promise to take the data out).
   */
  async function execute(p: Prepared, dataOnly: boolean): Promise<unknown> {
    const perCall = p.options === undefined ? NO_OPTIONS : checkRequestOptions(p.options, p.id);
    const maxRetries = perCall.maxRetries ?? options.maxRetries ?? DEFAULT_MAX_RETRIES;
    const timeoutMs = perCall.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const signal = perCall.signal;
    const headers = perCall.headers ? { ...p.headers, ...perCall.headers } : p.headers;
    let attempts = 0;
    let renewed = false;
    // Made only when there are hooks: without, no event is ever built.
    const call: HookCall | undefined = hooks && whereOf(p);
    const callStarted = call ? performance.now() : 0;
    let response!: Response;
    let result: unknown;
    /** How long to wait before the next attempt, and why. */
    let pause: [number, AuthspecError] | undefined;

    try {
      for (;;) {
        if (pause) {
          const [ms, reason] = pause;
          pause = undefined;
          logger?.debug(`authspec ↻ ${p.id} retry in ${ms} ms after ${reason.name}`);
          if (call) await emit(hooks, 'onRetry', hookEvent(call, attempts, { delayMs: ms, reason }));
          try {
            await sleep(ms, signal);
          } catch {
            throw abortedError(p, signal);
          }
        }
        if (signal?.aborted) throw abortedError(p, signal);
        attempts++;
        const started = logger || hooks ? performance.now() : 0;
        const attempt = attemptSignal(signal, timeoutMs);
        let sent = headers;
        let errorBody: unknown;
        try {
          if (p.auth && authenticate) {
            let auth = authenticate(signal);
            if (auth instanceof Promise) auth = await auth;
            // A cached token answers the same object each time: merge it with the same headers once.
            if (auth !== merged[0] || headers !== merged[1])
              merged = [auth, headers, { ...headers, ...auth }];
            sent = merged[2];
            // A token obtained for this attempt (a cold cache, a renewal after a 401) joined the
            // client's secrets after the call's set was made: make it again when next needed.
            p.known = undefined;
          }
          if (call) {
            const [request, final] = requestEvent(
              hookEvent(call, attempts, {}),
              sent,
              redactHeaders(sent, redact, secretsOf(p)),
            );
            try {
              await emit(hooks, 'onRequest', request);
            } finally {
              sent = final();
            }
          }
          const init: RequestInit = { method: p.method, headers: sent, ...requestInit };
          if (p.body !== undefined) init.body = p.body;
          if (attempt.signal) init.signal = attempt.signal;
          if (p.redirect) init.redirect = p.redirect;
          logger?.debug(`authspec → ${p.id} ${p.method} ${whereOf(p).url}`, {
            attempt: attempts,
            headers: redactHeaders(sent, redact, secretsOf(p)),
          });
          response = await fetchFn(p.url, init);
          if (call) {
            const answered = hookEvent(call, attempts, {
              status: response.status,
              headers: redactHeaders(response.headers, redact, secretsOf(p)),
              durationMs: performance.now() - started,
            });
            try {
              await emit(hooks, 'onResponse', answered);
            } catch (error) {
              // A hook that fails the call must not leave the connection held by an unread body.
              discardBody(response);
              throw error;
            }
          }
          logger?.debug(
            `authspec ← ${p.id} ${response.status} in ${Math.round(performance.now() - started)} ms`,
            {
              attempt: attempts,
              // What a server echoes may quote the request's secrets.
              requestId: scrub(secretsOf(p), requestIdOf(response.headers)),
            },
          );
          // A 401 turned the request away before it could change anything: with the refused token
          // dropped, it is repeated once (when its body can be sent again).
          if (p.auth && response.status !== 401) onAuthenticated?.(sent);
          if (
            response.status === 401 &&
            p.auth &&
            !renewed &&
            !(p.body instanceof ReadableStream) &&
            (await onUnauthorized?.(sent))
          ) {
            renewed = true;
            discardBody(response);
            attempts--;
            continue;
          }
          if (p.accept ? p.accept(response) : response.ok) {
            const read = p.read ?? p.ok?.[response.status];
            // Read here, not in an async helper: one promise fewer on every call.
            const data = bodyIsText(response, read)
              ? parseBody(await response.text(), response, read)
              : undefined;
            if (call) {
              const done = { status: response.status, durationMs: performance.now() - callStarted };
              await emit(hooks, 'onSuccess', hookEvent(call, attempts, done));
            }
            // An operation with several success statuses answers which one came, with its body.
            result = p.tagged ? { status: response.status, data } : data;
            break;
          }
          errorBody = bodyIsText(response, undefined)
            ? parseBody(await response.text(), response, undefined)
            : undefined;
        } catch (error) {
          if (error instanceof AuthspecError) throw error;
          if (signal?.aborted) throw abortedError(p, signal);
          const timedOut = attempt.timedOut();
          const failure = timedOut
            ? new TimeoutError({ ...whereOf(p), attempts, timeoutMs, cause: error })
            : new ConnectionError({
                ...whereOf(p),
                attempts,
                cause: error,
                reason: secretsOf(p).scrub(reasonOf(error)),
              });
          // A request that may have reached the server is repeated only if that is harmless.
          if (attempts > maxRetries || !(p.idempotent || (!timedOut && neverReachedServer(error))))
            throw failure;
          pause = [backoffDelay(attempts - 1), failure];
          continue;
        } finally {
          attempt.dispose(p.read === 'response');
        }

        const callKnown = secretsOf(p);
        const { code, detail } = config.service.describeError(errorBody);
        const retryAfterMs =
          config.service.retryAfter?.(response.headers) ??
          parseRetryAfter(response.headers.get('retry-after'));
        const errorOptions = {
          ...whereOf(p),
          status: response.status,
          statusText: scrub(callKnown, response.statusText),
          code: scrub(callKnown, code),
          detail: scrub(callKnown, detail),
          body: redactBody(errorBody, redact, callKnown),
          headers: redactHeaders(response.headers, redact, callKnown),
          requestId: scrub(callKnown, requestIdOf(response.headers)),
          attempts,
          retryAfterMs,
        };
        const error = config.toError ? config.toError(errorOptions) : ApiError.fromResponse(errorOptions);
        // A 429 that says when to come back turned the request away without processing it:
        // repeating it then cannot do anything twice, whatever the request (a passcode it carried
        // was not spent). Without a time, the limit may outlast any backoff: the caller decides.
        const repeatable = p.idempotent || (response.status === 429 && retryAfterMs !== undefined);
        if (attempts > maxRetries || !repeatable || !isRetryableStatus(response.status)) throw error;
        if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) throw error;
        pause = [retryAfterMs ?? backoffDelay(attempts - 1), error];
      }
    } catch (error) {
      if (call && error instanceof AuthspecError)
        await emit(hooks, 'onError', hookEvent(call, attempts, { error }));
      throw error;
    }
    // After onSuccess, as a `.then` would: what the mapper throws is the caller's, not an attempt's.
    return p.map ? p.map(result, response) : dataOnly ? result : { data: result, response };
  }

  // Not an async function: a method's call goes straight to the attempt loop, one promise fewer.
  function invoke<T>(op: OperationSpec, args: ArrayLike<unknown>): Promise<{ data: T; response: Response }>;
  function invoke(
    op: OperationSpec,
    args: ArrayLike<unknown>,
    dataOnly: true,
    map?: Mapper,
  ): Promise<unknown>;
  function invoke(
    op: OperationSpec,
    args: ArrayLike<unknown>,
    dataOnly = false,
    map?: Mapper,
  ): Promise<unknown> {
    try {
      return execute(prepare(op, args, map), dataOnly);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  return {
    invoke,
    request: async <T>(raw: RawRequest, callOptions?: RequestOptions) =>
      execute(
        {
          ...raw,
          id: raw.operationId,
          method: raw.method.toUpperCase(),
          headers: raw.headers ? { ...defaultHeaders, ...raw.headers } : defaultHeaders,
          idempotent: raw.idempotent ?? isIdempotentMethod(raw.method),
          read: raw.read ?? 'json',
          secrets: raw.secrets && (() => raw.secrets as ReadonlyArray<string | undefined>),
          options: callOptions,
        },
        false,
      ) as Promise<{ data: T; response: Response }>,
    methods(table, names, mappers = {}) {
      const out: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
      for (const id in names) {
        const op = table[id];
        const map = mappers[id] as Mapper | undefined;
        if (!op) throw new Error(`no operation ${id} in the table`);
        out[names[id] as string] = (...args) => invoke(op, args, true, map);
      }
      return out;
    },
    secrets,
    baseUrl,
    transport: { baseUrl, headers: defaultHeaders, fetch: fetchFn, authenticate, requestInit },
  };
}

/** The options of a call made without any. */
const NO_OPTIONS: RequestOptions = Object.freeze({});

function holdsSecrets(schema: Schema | undefined, depth = 0): boolean {
  if (!schema || depth > 20) return false;
  return (
    schema.secret === true ||
    holdsSecrets(schema.items, depth + 1) ||
    [...(schema.anyOf ?? []), ...Object.values(schema.properties ?? {})].some((s) =>
      holdsSecrets(s, depth + 1),
    )
  );
}

const isPlainObject = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function omit(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name in record) if (!keys.includes(name)) out[name] = record[name];
  return out;
}

function fail(operationId: string, where: string, problem: string): never {
  throw new ValidationError(where, problem, operationId);
}

function nonEmpty(value: unknown, where: string, operationId: string): string {
  return typeof value === 'string' && value !== ''
    ? value
    : fail(operationId, where, `must be a non-empty string (got ${describe(value, true)})`);
}

function checkHeaderValue(text: string, where: string, operationId: string): string {
  const problem = headerValueProblem(text);
  return problem ? fail(operationId, where, problem) : text;
}

/** What a server echoes (a request id, a reason phrase) may quote the request's secrets. */
const scrub = (known: SecretValues, text: string | undefined | null) =>
  text ? known.scrub(text) : undefined;

/** Gathers a call's secret values (credentials, secret parameters and body members) on demand. */
function secretsOfCall(
  op: OperationSpec,
  path: Record<string, unknown>,
  record: Record<string, unknown>,
  bodyValue: unknown,
  headers: Record<string, string>,
): () => ReadonlyArray<string | undefined> {
  return () => {
    const found: unknown[] = [headers.Authorization, record.password, record.accessToken];
    for (const p of op.params ?? [])
      if (p.secret) found.push(p.in === 'path' ? path[p.name] : record[p.key ?? p.name]);
    if (op.body) secretValues(bodyValue, op.body.schema, found as string[]);
    return found.filter((v): v is string => typeof v === 'string');
  };
}

/** A path parameter must be a value that fills exactly one non-empty segment. */
function pathValueProblem(value: unknown, schema: Schema, secret: boolean | undefined): string | undefined {
  const numeric = schema.type === 'integer' || schema.type === 'number';
  if (typeof value === 'number' && numeric) return problemOf(value, schema, '', secret)?.problem;
  if (typeof value !== 'string' || !/\S/.test(value))
    return `must be a non-empty string (got ${describe(value, true)})`;
  if (value === '.' || value === '..')
    return `cannot be "${value}" (a dot-segment cannot be sent in a URL path)`;
  if (!isWellFormed(value)) return 'must not contain unpaired surrogates';
  return problemOf(value, schema, '', secret)?.problem;
}

function serializeBody(type: string, value: unknown, headers: Record<string, string>): BodyInit {
  if (type === 'multipart/form-data') {
    const form = new FormData();
    for (const [name, member] of Object.entries(value as Record<string, unknown>)) {
      if (member !== undefined)
        form.append(
          name,
          member instanceof Blob ? member : typeof member === 'string' ? member : JSON.stringify(member),
        );
    }
    return form;
  }
  headers['Content-Type'] = type;
  // openapi-fetch's wire format: a form is URL-encoded from the object's members, JSON otherwise.
  return type === 'application/x-www-form-urlencoded'
    ? new URLSearchParams(value as Record<string, string>).toString()
    : defaultBodySerializer(value);
}

/** `Basic base64(username:password)`, both encoded as UTF-8 (RFC 7617). */
function basicAuthorization(record: Record<string, unknown>, argument: string, operationId: string): string {
  const [username, password] = ['username', 'password'].map((name) => {
    const where = `${argument}.${name}`;
    const value = nonEmpty(record[name], where, operationId);
    return isWellFormed(value) ? value : fail(operationId, where, 'must not contain unpaired surrogates');
  }) as [string, string];
  if (username.includes(':'))
    fail(operationId, `${argument}.username`, 'must not contain ":" (HTTP Basic cannot carry it)');
  let binary = '';
  for (const byte of new TextEncoder().encode(`${username}:${password}`)) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/**
 * Releases an unread body without waiting for it. A cancelled branch of a teed stream settles
 * only once the other branch is cancelled too: MSW keeps a tee of every mocked response (a
 * redirect's `Redirecting to …` text, say), so awaiting the cancel would hang the call.
 */
function discardBody(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

/**
 * Whether an answer's body is to be read as text. One that is not is released unread, unless
 * the operation hands the response over (`response`: the caller reads it).
 */
function bodyIsText(response: Response, read: RawRequest['read'] | null): boolean {
  if (read === 'response') return false;
  if (read === null || read === 'none' || response.status === 204 || response.status === 304) {
    discardBody(response);
    return false;
  }
  return true;
}

/** A body as its operation says it comes: JSON or text; by its media type when unsaid. */
function parseBody(text: string, response: Response, read: RawRequest['read'] | null): unknown {
  if (read === 'text' || text === '') return text === '' ? undefined : text;
  if (read === undefined && !/[/+]json\b/i.test(response.headers.get('content-type') ?? '')) return text;
  try {
    return JSON.parse(text);
  } catch {
    // Not what the operation promises; kept as text for the error or the caller.
    return text;
  }
}

function reasonOf(error: unknown): string {
  // undici says `fetch failed` and keeps the useful part (ECONNREFUSED, ...) in its cause.
  for (
    let current = error as { code?: unknown; cause?: unknown } | undefined, depth = 0;
    current && depth < 5;
    depth++
  ) {
    if (typeof current.code === 'string') return current.code;
    current = current.cause as typeof current;
  }
  // No code: the innermost message says most (undici's own is only "fetch failed").
  let innermost = error as { message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; innermost?.cause instanceof Error && depth < 5; depth++) innermost = innermost.cause;
  return typeof innermost?.message === 'string' ? innermost.message : 'network error';
}

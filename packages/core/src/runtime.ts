// The request runtime every @authspec client shares. It sends an operation of a generated table
// (or a request described by hand, for what no table covers) as one plain `fetch(url, init)` per
// attempt, with the URL, query and body serialised by openapi-fetch's own serialisers, and adds
// per-attempt timeouts, safe retries, typed errors and redacted logging.
import {
  createFinalURL,
  createQuerySerializer,
  defaultBodySerializer,
  defaultPathSerializer,
} from 'openapi-fetch';
import {
  AbortError,
  ApiError,
  type ApiErrorOptions,
  AuthspecError,
  ConnectionError,
  TimeoutError,
  ValidationError,
} from './errors';
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
import { problemOf, type Schema, secretValues } from './schema';
import { attemptSignal, sleep } from './signal';
import { checkHeaders, headerValueProblem, isWellFormed, optionalNumber } from './validate';

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
  baseUrl?: string;
  /** A fetch implementation to use instead of the global one; it is called as `fetch(url, init)`. */
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
  /** Abort the call (every attempt and every wait between attempts). */
  signal?: AbortSignal;
  /** Timeout of each attempt of this call in milliseconds; 0 means none. */
  timeoutMs?: number;
  /** How many times this call may be repeated where that is safe. */
  maxRetries?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
};

/** What a client tells the runtime about the service it talks to. */
export type ServiceFacts = {
  /** Secret headers and members, from the generated table. */
  secrets: ApiSecrets;
  /** The service's machine-readable code and explanation in one of its error bodies. */
  describeError(body: unknown): { code?: string | undefined; detail?: string | undefined };
  /** Response headers that carry the request id, before the generic ones. */
  requestIdHeaders?: readonly string[];
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
  /** Wrap the transport, e.g. with a cookie jar; the wrapper hands `init` on unchanged otherwise. */
  wrapFetch?: (fetch: FetchFunction) => FetchFunction;
  /** Extra fetch options, e.g. `{ credentials: 'include' }` in browsers. */
  requestInit?: { credentials?: RequestCredentials };
  /** Headers that authenticate a request (e.g. a Bearer token), asked for before each attempt. */
  authenticate?: (
    signal: AbortSignal | undefined,
  ) => Record<string, string> | Promise<Record<string, string>>;
  /**
   * Called when the server answers 401 to an authenticated request, with the headers it was
   * sent with; resolve true to repeat the call once (after dropping a refused token).
   */
  onUnauthorized?: (sent: Record<string, string>) => boolean | Promise<boolean>;
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

const GENERIC_REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-correlation-id', 'x-amzn-requestid'];
const NO_OPTIONS: RequestOptions = {};

/** A request ready to send: everything but what each attempt adds. */
type Prepared = {
  operationId: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: BodyInit | undefined;
  idempotent: boolean;
  auth: boolean;
  ok: OperationSpec['ok'] | undefined;
  accept: ((response: Response) => boolean) | undefined;
  read: RawRequest['read'];
  /** Answer `{ status, data }` (an operation with several success statuses). */
  tagged: boolean;
  redirect: RequestRedirect | undefined;
  /** The call's own secret values, gathered only when an error or a log line needs them. */
  secrets: (() => ReadonlyArray<string | undefined>) | undefined;
};

/** The runtime a client sends its operations through. */
export function createRuntime(config: RuntimeConfig): Runtime {
  const options = checkClientOptions(config.options);
  const secrets = config.secrets ?? new SecretValues();
  const baseUrl = config.baseUrl;
  const redact = redactor(config.service.secrets);
  const transport: FetchFunction = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const fetchFn = config.wrapFetch ? config.wrapFetch(transport) : transport;
  const defaultHeaders: Record<string, string> = { ...options.headers, ...config.headers };
  if (!isBrowser()) {
    const agent = `${config.package.name.replace(/^@/, '').replace('/', '-')}/${config.package.version}`;
    defaultHeaders['User-Agent'] = options.userAgent ? `${agent} ${options.userAgent}` : agent;
  }
  const requestIdHeaders = [...(config.service.requestIdHeaders ?? []), ...GENERIC_REQUEST_ID_HEADERS];
  const { authenticate, onUnauthorized } = config;
  const logger = options.logger;
  const clientTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clientRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const querySerializer = createQuerySerializer();
  const plans = new WeakMap<OperationSpec, Plan>();

  function planOf(op: OperationSpec): Plan {
    let plan = plans.get(op);
    if (!plan) {
      plan = makePlan(op);
      plans.set(op, plan);
    }
    return plan;
  }

  /** Validate a method's arguments against the table and build the request. */
  function prepare(op: OperationSpec, args: ArrayLike<unknown>): { prepared: Prepared; options: unknown } {
    const plan = planOf(op);
    const id = op.id;
    let i = 0;
    let path: Record<string, unknown> | undefined;
    for (const p of plan.path) {
      const value = args[i++];
      const problem = pathValueProblem(value, p.schema, p.secret === true);
      if (problem) throw new ValidationError(p.key ?? p.name, problem, id);
      path ??= {};
      path[p.name] = value;
    }
    const input = op.input ? args[i++] : undefined;
    const callOptions = args[i];
    let query: Record<string, unknown> | undefined;
    let headers = defaultHeaders;
    let singleUse = false;
    if (op.input) {
      if (input === undefined) {
        if (plan.inputRequired) throw new ValidationError(plan.argument, 'is required', id);
      } else if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw new ValidationError(plan.argument, `must be an object (got ${kindOf(input)})`, id);
      }
    }
    const record = (input ?? {}) as Record<string, unknown>;
    for (const p of plan.other) {
      const member = p.key ?? p.name;
      const value = p.option ? config.optionParams?.[p.option] : record[member];
      const where = p.option ?? `${plan.argument}.${member}`;
      if (value === undefined) {
        if (p.required) throw new ValidationError(where, 'is required', id);
        continue;
      }
      const problem = problemOf(value, p.schema, where, p.secret === true);
      if (problem) throw new ValidationError(problem.path, problem.problem, id);
      if (p.singleUse) singleUse = true;
      if (p.in === 'query') {
        if (typeof value === 'string' && !isWellFormed(value)) {
          throw new ValidationError(where, 'must not contain unpaired surrogates', id);
        }
        query ??= {};
        query[p.name] = value;
      } else {
        const text = String(value);
        const headerProblem = headerValueProblem(text);
        if (headerProblem) throw new ValidationError(where, headerProblem, id);
        if (headers === defaultHeaders) headers = { ...defaultHeaders };
        headers[p.name] = text;
      }
    }
    let authorization: string | undefined;
    if (op.basic) {
      authorization = basicAuthorization(record.username, record.password, plan.argument, id);
    } else if (op.bearer) {
      const token = record.accessToken;
      const where = `${plan.argument}.accessToken`;
      if (typeof token !== 'string' || token === '') {
        throw new ValidationError(where, `must be a non-empty string (got ${kindOf(token)})`, id);
      }
      const problem = headerValueProblem(token);
      if (problem) throw new ValidationError(where, problem, id);
      authorization = `Bearer ${token}`;
    }
    if (authorization !== undefined) {
      if (headers === defaultHeaders) headers = { ...defaultHeaders };
      headers.Authorization = authorization;
    }
    let body: BodyInit | undefined;
    let bodyValue: unknown;
    if (op.body) {
      bodyValue = plan.bodyKeysToDrop.length ? omit(record, plan.bodyKeysToDrop) : input;
      if (bodyValue === undefined) {
        if (op.body.required) throw new ValidationError(plan.argument, 'is required', id);
      } else {
        const problem = problemOf(bodyValue, op.body.schema, plan.argument, false);
        if (problem) throw new ValidationError(problem.path, problem.problem, id);
        if (headers === defaultHeaders) headers = { ...defaultHeaders };
        body = serializeBody(op.body.type, bodyValue, headers);
      }
    }
    const url =
      path || query
        ? createFinalURL(op.path, {
            baseUrl,
            params: { path, query },
            querySerializer,
            pathSerializer: defaultPathSerializer,
          })
        : baseUrl + op.path;
    const prepared: Prepared = {
      operationId: id,
      method: op.method,
      url,
      headers,
      body,
      idempotent: plan.idempotent && !singleUse,
      auth: op.auth !== false,
      ok: op.ok,
      accept: undefined,
      read: undefined,
      tagged: plan.tagged,
      redirect: undefined,
      secrets: plan.hasSecrets
        ? () => {
            const found: string[] = [];
            for (const p of plan.all) {
              const value = p.in === 'path' ? path?.[p.name] : record[p.key ?? p.name];
              if (p.secret && typeof value === 'string') found.push(value);
            }
            if (op.basic && typeof record.password === 'string')
              found.push(record.password, authorization as string);
            if (op.bearer && typeof record.accessToken === 'string') found.push(record.accessToken);
            if (op.body) secretValues(bodyValue, op.body.schema, found);
            return found;
          }
        : undefined,
    };
    return { prepared, options: callOptions };
  }

  async function invoke<T>(op: OperationSpec, args: ArrayLike<unknown>) {
    const { prepared, options: callOptions } = prepare(op, args);
    return execute<T>(prepared, callOptions);
  }

  async function request<T>(raw: RawRequest, callOptions?: RequestOptions) {
    const headers = raw.headers ? { ...defaultHeaders, ...raw.headers } : defaultHeaders;
    const prepared: Prepared = {
      operationId: raw.operationId,
      method: raw.method.toUpperCase(),
      url: raw.url,
      headers,
      body: raw.body,
      idempotent: raw.idempotent ?? isIdempotentMethod(raw.method),
      auth: raw.auth === true,
      ok: undefined,
      accept: raw.accept,
      read: raw.read ?? 'json',
      tagged: false,
      redirect: raw.redirect,
      secrets: raw.secrets ? () => raw.secrets as ReadonlyArray<string | undefined> : undefined,
    };
    return execute<T>(prepared, callOptions);
  }

  async function execute<T>(p: Prepared, rawOptions: unknown): Promise<{ data: T; response: Response }> {
    const perCall = rawOptions === undefined ? NO_OPTIONS : checkRequestOptions(rawOptions, p.operationId);
    const maxRetries = perCall.maxRetries ?? clientRetries;
    const timeoutMs = perCall.timeoutMs ?? clientTimeout;
    const signal = perCall.signal;
    const headers = perCall.headers ? { ...p.headers, ...perCall.headers } : p.headers;
    let known: SecretValues | undefined;
    const callSecrets = () => {
      known ??= p.secrets ? secrets.with(p.secrets()) : secrets;
      return known;
    };
    const where = () => ({
      operationId: p.operationId,
      method: p.method,
      url: redactUrl(p.url, redact, callSecrets()),
    });
    const wait = async (ms: number, reason: AuthspecError) => {
      logger?.debug(`authspec ↻ ${p.operationId} retry in ${ms} ms after ${reason.name}`);
      try {
        await sleep(ms, signal);
      } catch {
        throw new AbortError({ ...where(), cause: signal?.reason });
      }
    };
    let attempts = 0;
    let renewed = false;

    for (;;) {
      if (signal?.aborted) throw new AbortError({ ...where(), cause: signal.reason });
      attempts++;
      const started = logger ? performance.now() : 0;
      const attempt = attemptSignal(signal, timeoutMs);
      let sent = headers;
      let response: Response;
      let errorBody: unknown;
      try {
        if (p.auth && authenticate) {
          const auth = authenticate(signal);
          sent = { ...headers, ...(auth instanceof Promise ? await auth : auth) };
        }
        const init: RequestInit = { method: p.method, headers: sent };
        if (p.body !== undefined) init.body = p.body;
        if (attempt.signal) init.signal = attempt.signal;
        if (p.redirect) init.redirect = p.redirect;
        if (config.requestInit) Object.assign(init, config.requestInit);
        if (logger) {
          logger.debug(`authspec → ${p.operationId} ${p.method} ${redactUrl(p.url, redact, callSecrets())}`, {
            attempt: attempts,
            headers: redactHeaders(sent, redact, callSecrets()),
          });
        }
        response = await fetchFn(p.url, init);
        if (logger) {
          logger.debug(
            `authspec ← ${p.operationId} ${response.status} in ${Math.round(performance.now() - started)} ms`,
            { attempt: attempts, requestId: requestIdOf(response.headers) },
          );
        }
        // A 401 turned the request away before it could change anything: with the refused token
        // dropped, it is repeated once (when its body can be sent again).
        if (
          response.status === 401 &&
          p.auth &&
          onUnauthorized &&
          !renewed &&
          !(p.body instanceof ReadableStream) &&
          (await onUnauthorized(sent))
        ) {
          renewed = true;
          await response.body?.cancel();
          attempts--;
          continue;
        }
        if (p.accept ? p.accept(response) : response.ok) {
          const data = await readSuccess(p, response);
          // An operation with several success statuses answers which one came, with its body.
          return { data: (p.tagged ? { status: response.status, data } : data) as T, response };
        }
        errorBody = await readErrorBody(response);
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
              reason: callSecrets().scrub(reasonOf(error)),
            });
        // A request that may have reached the server is repeated only if that is harmless.
        const mayRepeat = p.idempotent || (!timedOut && neverReachedServer(error));
        if (attempts > maxRetries || !mayRepeat) throw failure;
        await wait(backoffDelay(attempts - 1), failure);
        continue;
      } finally {
        attempt.dispose(p.read === 'response');
      }

      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      const error = apiError(response, errorBody, attempts, retryAfterMs, where(), callSecrets());
      if (attempts > maxRetries || !p.idempotent || !isRetryableStatus(response.status)) throw error;
      if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) throw error;
      await wait(retryAfterMs ?? backoffDelay(attempts - 1), error);
    }
  }

  function apiError(
    response: Response,
    body: unknown,
    attempts: number,
    retryAfterMs: number | undefined,
    where: { operationId: string; method: string; url: string },
    known: SecretValues,
  ): ApiError {
    const { code, detail } = config.service.describeError(body);
    const requestId = requestIdOf(response.headers);
    const options = {
      ...where,
      status: response.status,
      statusText: response.statusText ? known.scrub(response.statusText) : undefined,
      code: code === undefined ? undefined : known.scrub(code),
      detail: detail === undefined ? undefined : known.scrub(detail),
      body: redactBody(body, redact, known),
      headers: redactHeaders(response.headers, redact, known),
      requestId: requestId === undefined ? undefined : known.scrub(requestId),
      attempts,
      retryAfterMs,
    };
    return config.toError ? config.toError(options) : ApiError.fromResponse(options);
  }

  function requestIdOf(headers: Headers): string | undefined {
    for (const name of requestIdHeaders) {
      const value = headers.get(name);
      if (value) return value;
    }
    return undefined;
  }

  function methods(
    table: OperationTable,
    names: { readonly [operationId: string]: string | undefined },
    mappers: ResultMappers = {},
  ) {
    const out: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
    for (const id in names) {
      const op = table[id];
      const name = names[id];
      if (!op || !name) throw new Error(`no operation ${id} in the table`);
      const map = mappers[id] as ((data: unknown, response: Response) => unknown) | undefined;
      out[name] = map
        ? (...args) => invoke(op, args).then(({ data, response }) => map(data, response))
        : (...args) => invoke(op, args).then(dataOf);
    }
    return out;
  }

  return {
    invoke,
    request,
    methods,
    secrets,
    baseUrl,
    transport: {
      baseUrl,
      headers: defaultHeaders,
      fetch: fetchFn,
      authenticate,
      requestInit: config.requestInit,
    },
  };
}

const dataOf = (result: { data: unknown }) => result.data;

/** What the runtime works out once per operation. */
type Plan = {
  path: NonNullable<OperationSpec['params']>[number][];
  other: NonNullable<OperationSpec['params']>[number][];
  all: NonNullable<OperationSpec['params']>[number][];
  /** The name of the input argument in the method's signature (named by errors). */
  argument: string;
  inputRequired: boolean;
  /** Input members that are parameters or credentials, not body members. */
  bodyKeysToDrop: string[];
  idempotent: boolean;
  hasSecrets: boolean;
  tagged: boolean;
};

function makePlan(op: OperationSpec): Plan {
  const all = [...(op.params ?? [])];
  const path = all.filter((p) => p.in === 'path');
  const other = all.filter((p) => p.in !== 'path');
  const credentials = op.basic ? ['username', 'password'] : op.bearer ? ['accessToken'] : [];
  const inputParams = other.filter((p) => !p.option);
  const hasParams = inputParams.length > 0 || credentials.length > 0;
  const argument = op.body && hasParams ? 'input' : op.body ? 'body' : 'params';
  return {
    path,
    other,
    all,
    argument,
    inputRequired:
      op.body?.required === true || inputParams.some((p) => p.required) || credentials.length > 0,
    bodyKeysToDrop: op.body ? [...inputParams.map((p) => p.key ?? p.name), ...credentials] : [],
    idempotent: isIdempotentMethod(op.method),
    tagged: Object.keys(op.ok).length > 1,
    hasSecrets:
      all.some((p) => p.secret) ||
      credentials.length > 0 ||
      (op.body !== undefined && mayHoldSecrets(op.body.schema)),
  };
}

function mayHoldSecrets(schema: Schema | undefined, depth = 0): boolean {
  if (!schema || depth > 20) return false;
  if (schema.secret) return true;
  if (mayHoldSecrets(schema.items, depth + 1)) return true;
  if (schema.anyOf?.some((s) => mayHoldSecrets(s, depth + 1))) return true;
  return Object.values(schema.properties ?? {}).some((s) => mayHoldSecrets(s, depth + 1));
}

function omit(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name in record) if (!keys.includes(name)) out[name] = record[name];
  return out;
}

/** A path parameter must be a value that fills exactly one non-empty segment. */
function pathValueProblem(value: unknown, schema: Schema, secret: boolean): string | undefined {
  if (typeof value === 'number' && (schema.type === 'integer' || schema.type === 'number')) {
    return problemOf(value, schema, '', secret)?.problem;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    return `must be a non-empty string (got ${kindOf(value)})`;
  }
  if (value === '.' || value === '..')
    return `cannot be "${value}" (a dot-segment cannot be sent in a URL path)`;
  if (!isWellFormed(value)) return 'must not contain unpaired surrogates';
  return problemOf(value, schema, '', secret)?.problem;
}

function serializeBody(type: string, value: unknown, headers: Record<string, string>): BodyInit {
  if (type === 'multipart/form-data') {
    if (value instanceof FormData) return value;
    const form = new FormData();
    for (const [name, member] of Object.entries(value as Record<string, unknown>)) {
      if (member === undefined) continue;
      if (member instanceof Blob) form.append(name, member);
      else form.append(name, typeof member === 'string' ? member : JSON.stringify(member));
    }
    return form;
  }
  headers['Content-Type'] = type;
  // openapi-fetch's wire format: a form is URL-encoded from the object's members, JSON otherwise.
  if (type === 'application/x-www-form-urlencoded') {
    return new URLSearchParams(value as Record<string, string>).toString();
  }
  return defaultBodySerializer(value);
}

/** `Basic base64(username:password)`, both encoded as UTF-8 (RFC 7617). */
function basicAuthorization(
  username: unknown,
  password: unknown,
  argument: string,
  operationId: string,
): string {
  for (const [name, value] of [
    ['username', username],
    ['password', password],
  ] as const) {
    if (typeof value !== 'string' || value === '') {
      throw new ValidationError(
        `${argument}.${name}`,
        `must be a non-empty string (got ${kindOf(value)})`,
        operationId,
      );
    }
    if (!isWellFormed(value)) {
      throw new ValidationError(`${argument}.${name}`, 'must not contain unpaired surrogates', operationId);
    }
  }
  if ((username as string).includes(':')) {
    throw new ValidationError(
      `${argument}.username`,
      'must not contain ":" (HTTP Basic cannot carry it)',
      operationId,
    );
  }
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

async function readSuccess(p: Prepared, response: Response): Promise<unknown> {
  const read = p.read ?? (p.ok ? p.ok[response.status] : undefined);
  if (read === 'response') return undefined;
  if (read === null || read === 'none' || response.status === 204 || response.status === 304) {
    await response.body?.cancel();
    return undefined;
  }
  const text = await response.text();
  if (read === 'text') return text;
  if (read === undefined && !/[/+]json\b/i.test(response.headers.get('content-type') ?? '')) {
    return text === '' ? undefined : text;
  }
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // The status says success but the body is not what the spec promises.
    return text;
  }
}

async function readErrorBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
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

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === '') return 'an empty string';
  if (typeof value === 'string') return value.trim() === '' ? 'a blank string' : 'a string';
  return typeof value;
}

function isBrowser(): boolean {
  return typeof window !== 'undefined' && typeof document !== 'undefined';
}

/** The options every client takes, checked before anything is sent. */
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
  if (options.userAgent !== undefined) {
    const problem =
      typeof options.userAgent === 'string' ? headerValueProblem(options.userAgent) : 'must be a string';
    if (problem) throw new ValidationError('userAgent', problem);
  }
  return options;
}

function checkRequestOptions(options: unknown, operationId: string): RequestOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValidationError('options', `must be an object (got ${kindOf(options)})`, operationId);
  }
  const o = options as RequestOptions;
  optionalNumber(o.timeoutMs, 'options.timeoutMs', { min: 0 }, operationId);
  optionalNumber(o.maxRetries, 'options.maxRetries', { min: 0, integer: true }, operationId);
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    throw new ValidationError('options.signal', 'must be an AbortSignal', operationId);
  }
  if (o.headers === undefined) return o;
  return { ...o, headers: checkHeaders(o.headers, 'options.headers', operationId) };
}

/** Check that a base URL is an absolute http(s) URL without credentials, query or fragment. */
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
  if (url.search || url.hash || value.includes('?') || value.includes('#')) {
    throw new ValidationError(
      argument,
      'must not contain a query or a fragment (every request would go to the wrong URL)',
    );
  }
  return value.replace(/\/+$/, '');
}

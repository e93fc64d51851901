// How a module serves one OpenAPI document: a handler (or an explicit "not implemented") per
// operationId, typed by the operations the client package generates from the same spec, and
// the real service's error shapes. `specRoutes` turns it into routes: authenticate, parse and
// validate the request against the spec, then call the handler.

import { parseBody } from '../http/body.js';
import { parseCookies } from '../http/headers.js';
import type { MultipartBody } from '../http/multipart.js';
import { ApiError, type Reply } from '../http/reply.js';
import type { ModuleContext, Route, RoutedRequest } from '../module.js';
import {
  type CompiledOperation,
  compileDocument,
  describeValidationErrors,
  type ErrorObject,
} from './compile.js';
import type { DocumentName } from './files.js';
import type {
  NotImplemented,
  OperationHandler,
  OperationHandlers,
  OperationRequest,
  SecurityHandlers,
  SecurityRequest,
  SpecErrors,
} from './types.js';

/** One document served by a module. */
export interface SpecApi<Ops, Call, Principals> {
  document: DocumentName;
  /** Where the document's paths start in the sandbox (`/metal/v1`; `''` for the origin). */
  basePath: string;
  security: SecurityHandlers<Call, Principals>;
  handlers: OperationHandlers<Ops, Call, Principals>;
  errors: SpecErrors;
  /**
   * Operations whose handler checks its input itself, in the protocol's own error shapes and
   * order (the OAuth token endpoint); their replies are still checked against the spec.
   */
  handlerChecksInput?: readonly (keyof Ops & string)[];
}

/** Types a document binding by the generated `operations` of its client package. */
export const defineSpecApi = <Ops, Call, Principals>(api: SpecApi<Ops, Call, Principals>) => api;

/** The handler of an operation the sandbox does not emulate yet: 501 in the API's shape. */
export const notImplemented: NotImplemented = { notImplemented: true };

const isNotImplemented = (handler: unknown): handler is NotImplemented =>
  (handler as NotImplemented).notImplemented === true;

/** Query parameters as openapi-backend's validators expect them: repeated names become arrays. */
function queryObject(search: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of search) {
    const existing = query[name];
    query[name] =
      existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

function multipartForValidation({ fields, files }: MultipartBody) {
  const value: Record<string, string> = { ...fields };
  for (const [name, file] of Object.entries(files)) value[name] = file.data.toString('latin1');
  return value;
}

function multipartForHandler({ fields, files }: MultipartBody) {
  const value: Record<string, string | Blob> = { ...fields };
  for (const [name, file] of Object.entries(files))
    value[name] = new Blob([new Uint8Array(file.data)], { type: file.contentType });
  return value;
}

/** The routes of a document, bound to a module's per-request call object. */
export async function specRoutes<Ops, Call, Principals>(
  api: SpecApi<Ops, Call, Principals>,
  context: ModuleContext,
  callOf: (request: RoutedRequest) => Call,
): Promise<Route[]> {
  const compiled = await compileDocument(api.document);
  const handlers = api.handlers as Record<
    string,
    OperationHandler<unknown, Call, Principals> | NotImplemented
  >;
  const checksInput = new Set<string>(api.handlerChecksInput ?? []);
  return compiled.operations.map((operation) => {
    const handler = handlers[operation.operationId];
    if (!handler) throw new Error(`${api.document}: no handler for ${operation.operationId}`);
    const bound: BoundOperation<Call, Principals> = {
      api: api as unknown as SpecApi<unknown, Call, Principals>,
      operation,
      handler,
      checksInput: checksInput.has(operation.operationId),
      context,
    };
    return {
      method: operation.method,
      path: `${api.basePath}${operation.path}`,
      label: operation.operationId,
      requestHeaders: operation.requestHeaders,
      checkResponse: (reply: Reply) => compiled.checkResponse(operation, reply),
      handle: (request: RoutedRequest) => handle(bound, request, callOf(request)),
    };
  });
}

type Authenticated<Principals> = { principals: Partial<Principals> } | { refused: Reply };

// Shared by every request to a public operation: frozen, so that no handler can change it.
const PUBLIC: Authenticated<Record<string, never>> = Object.freeze({ principals: Object.freeze({}) });

/**
 * Runs the operation's security checks. An operation with one scheme (nearly all of them) is
 * checked without a promise when its check answers at once: every request pays for this step.
 */
function authenticate<Call, Principals>(
  api: SpecApi<unknown, Call, Principals>,
  operation: CompiledOperation,
  request: SecurityRequest,
  call: Call,
): Authenticated<Principals> | Promise<Authenticated<Principals>> {
  const { security } = operation;
  if (security.length === 0) return PUBLIC as Authenticated<Principals>;
  const only = security.length === 1 && security[0]?.length === 1 ? security[0][0] : undefined;
  if (only === undefined) return authenticateAll(api, security, request, call);
  const check = (api.security as Record<string, SecurityRequestHandler<Call>>)[only];
  const settle = (principal: unknown): Authenticated<Principals> =>
    principal === null || principal === undefined
      ? { refused: api.errors.unauthorized(request) }
      : { principals: { [only]: principal } as Partial<Principals> };
  const refuse = (error: unknown): Authenticated<Principals> => {
    if (!(error instanceof ApiError)) throw error;
    return { refused: error.toReply() };
  };
  let principal: unknown;
  try {
    principal = check ? check(request, call) : null;
  } catch (error) {
    return refuse(error);
  }
  return principal instanceof Promise ? principal.then(settle, refuse) : settle(principal);
}

async function authenticateAll<Call, Principals>(
  api: SpecApi<unknown, Call, Principals>,
  requirements: readonly string[][],
  request: SecurityRequest,
  call: Call,
): Promise<Authenticated<Principals>> {
  const security = api.security as Record<string, SecurityRequestHandler<Call>>;
  let refusal: Reply | undefined;
  // Like OpenAPI: one alternative must pass, with every scheme it names.
  for (const requirement of requirements) {
    const principals: Record<string, unknown> = {};
    let passed = true;
    for (const scheme of requirement) {
      const check = security[scheme];
      let principal: unknown = null;
      try {
        principal = check ? await check(request, call) : null;
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        refusal ??= error.toReply();
      }
      if (principal === null || principal === undefined) {
        passed = false;
        break;
      }
      principals[scheme] = principal;
    }
    if (passed) return { principals: principals as Partial<Principals> };
  }
  return { refused: refusal ?? api.errors.unauthorized(request) };
}

type SecurityRequestHandler<Call> = (request: SecurityRequest, call: Call) => unknown;

/** A request's cookies, parsed on first use by the security checks or the handler. */
class RequestCookies {
  #cookies: Record<string, string> | undefined;
  constructor(readonly header: string | undefined) {}
  get value(): Record<string, string> {
    this.#cookies ??= parseCookies(this.header);
    return this.#cookies;
  }
}

/** What a security check reads; a class, so that a request costs no accessor of its own. */
class SecurityInput implements SecurityRequest {
  constructor(
    readonly operationId: string,
    readonly headers: RoutedRequest['headers'],
    readonly jar: RequestCookies,
  ) {}
  get cookies() {
    return this.jar.value;
  }
}

/** What a route knows of its operation, gathered once when the routes are built. */
interface BoundOperation<Call, Principals> {
  api: SpecApi<unknown, Call, Principals>;
  operation: CompiledOperation;
  handler: OperationHandler<unknown, Call, Principals> | NotImplemented;
  /** The handler checks its input itself (`handlerChecksInput`). */
  checksInput: boolean;
  context: ModuleContext;
}

/**
 * Authenticates, validates and hands the request to its handler. Not an async function: a
 * request whose checks answer at once reaches its handler without a promise in between.
 */
function handle<Call, Principals>(
  bound: BoundOperation<Call, Principals>,
  request: RoutedRequest,
  call: Call,
): Reply | Promise<Reply> {
  const jar = new RequestCookies(request.headers.cookie);
  const securityRequest = new SecurityInput(bound.operation.operationId, request.headers, jar);
  const auth = authenticate(bound.api, bound.operation, securityRequest, call);
  const next = (done: Authenticated<Principals>) =>
    'refused' in done ? done.refused : validateAndHandle(bound, request, call, jar, done.principals);
  return auth instanceof Promise ? auth.then(next) : next(auth);
}

function validateAndHandle<Call, Principals>(
  { api, operation, handler, checksInput, context }: BoundOperation<Call, Principals>,
  request: RoutedRequest,
  call: Call,
  jar: RequestCookies,
  principals: Partial<Principals>,
): Reply | Promise<Reply> {
  const { operationId } = operation;

  const failed = (details: string, errors: readonly ErrorObject[] = []) =>
    api.errors.validationFailed(operationId, operation.statuses, details, errors);
  const body = parseBody(request.body, request.headers['content-type'], context.maxJsonDepth);
  // Malformed (or too deep) JSON fails every operation, whether it documents a body or not.
  if (body.kind === 'malformed-json') return failed(`body: ${body.error}`);
  if (body.kind === 'malformed-multipart') return failed(`body: ${body.error}`);
  const query = request.search.length > 1 ? queryObject(request.searchParams) : {};
  const parameters: Record<string, unknown> = {
    path: { ...request.params },
    query,
    header: request.headers,
    cookie: operation.cookieParameters ? jar.value : {},
  };
  if (body.kind === 'json') parameters.requestBody = body.value;
  else if (body.kind === 'form') parameters.requestBody = Object.fromEntries(body.value);
  // The validators see a file as the binary string the spec describes (`format: binary`); the
  // handler gets it as a Blob (the type the spec's `binary` generates), with its media type.
  else if (body.kind === 'multipart') parameters.requestBody = multipartForValidation(body.value);
  if (!checksInput) {
    const errors = [];
    for (const validate of operation.validators()) {
      // The parameters' validator coerces query and path values to their schema types in place.
      if (!validate(parameters)) errors.push(...(validate.errors ?? []));
    }
    if (errors.length > 0) return failed(describeValidationErrors(errors), errors);
  }
  if (isNotImplemented(handler)) return { ...api.errors.notImplemented(operationId), unchecked: true };
  const typed: OperationRequest<unknown, Principals> = {
    operationId,
    body: (body.kind === 'multipart' ? multipartForHandler(body.value) : parameters.requestBody) as undefined,
    params: parameters.path as Record<string, never>,
    query: parameters.query as Record<string, never>,
    headers: request.headers,
    get cookies() {
      return jar.value;
    },
    security: principals,
  };
  return handler(typed, call) as Reply | Promise<Reply>;
}

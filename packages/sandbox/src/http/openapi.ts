import { type Context, OpenAPIBackend, type Operation } from 'openapi-backend';
import { type ApiName, loadSpec } from '../spec-files.js';
import type { ParsedBody } from './body.js';
import { ApiError, type Reply } from './reply.js';

/** The parts of an Ajv error the sandbox reports. */
interface ErrorObject {
  instancePath: string;
  keyword: string;
  message?: string;
}

/** Per-request data handed to every handler next to openapi-backend's context. */
export interface CallBase {
  body: ParsedBody;
  /** Logs an unexpected error without request data (which may hold secrets). */
  logError(where: string, error: unknown): void;
}

export type OperationHandler<C extends CallBase> = (context: Context, call: C) => Reply | Promise<Reply>;
export type SecurityHandler<C extends CallBase> = (context: Context, call: C) => unknown;

/** How one API document is served: its handlers and the error shapes of the real service. */
export interface ApiBinding<C extends CallBase> {
  name: ApiName;
  handlers: Record<string, OperationHandler<C>>;
  securityHandlers: Record<string, SecurityHandler<C>>;
  /** Answer when the operation's security requirement is not met. */
  unauthorized(context: Context, call: C): Reply;
  /** Answer to a request that fails the spec (or whose JSON is malformed). */
  validationFailed(operation: Operation, details: string): Reply;
  notFound(): Reply;
  methodNotAllowed(): Reply;
  internalError(): Reply;
  /** Answer to an operation of the spec that the sandbox does not emulate yet (501). */
  notImplemented(operationId: string): Reply;
}

export interface Outcome {
  reply: Reply;
  /** The matched operation; absent for unknown routes and wrong methods. */
  operation?: Operation;
}

export interface BackendRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | string[]>;
  body?: unknown;
}

export interface BoundApi<C extends CallBase> {
  handle(request: BackendRequest, call: C): Promise<Outcome>;
  /** Spec problems of a reply to an operation (undocumented status, body or header mismatch). */
  checkResponse(operation: Operation, reply: Reply): unknown[];
  /** An operation of the document by its operationId. */
  operation(operationId: string): Operation | undefined;
}

// openapi-backend's Ajv knows only the OAS numeric/byte formats and ignores the others with a
// console warning. The sandbox cannot depend on ajv-formats, so it registers the two formats the
// documents use through Ajv's own `addFormat`; validation itself stays the library's.
const EMAIL =
  /^[\w.!#$%&'*+/=?^`{|}~-]+@[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?)+$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

const pathOf = (error: ErrorObject): string => {
  const segments = error.instancePath.split('/').filter(Boolean);
  if (segments[0] === 'requestBody') segments[0] = 'body';
  if (segments.length === 0) return error.keyword === 'parse' ? 'body' : 'request';
  return segments.join('.');
};

/** Turns Ajv errors into one line such as `query.page_size: must be <= 100`. */
export function describeValidationErrors(errors: ErrorObject[] | null | undefined): string {
  const lines = [...new Set((errors ?? []).map((e) => `${pathOf(e)}: ${e.message ?? e.keyword}`))];
  const text = lines.join('; ');
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

type ResponseObject = {
  content?: Record<string, { schema?: unknown }>;
  headers?: Record<string, { required?: boolean }>;
};

function documentedResponse(operation: Operation, status: number): ResponseObject | undefined {
  const responses = (operation.responses ?? {}) as Record<string, ResponseObject>;
  return responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
}

const cache = new WeakMap<object, Promise<OpenAPIBackend>>();

/**
 * Binds an API document to handlers through one openapi-backend instance. Handlers are pure
 * functions of (context, call), so the instance of a binding is shared by every sandbox in the
 * process.
 */
export async function bindApi<C extends CallBase>(binding: ApiBinding<C>): Promise<BoundApi<C>> {
  let pending = cache.get(binding);
  if (!pending) {
    pending = createBackend(binding as unknown as ApiBinding<CallBase>);
    cache.set(binding, pending);
  }
  const backend = await pending;
  return {
    handle: async (request, call) => (await backend.handleRequest(request, call)) as Outcome,
    checkResponse: (operation, reply) => checkResponse(backend, operation, reply),
    operation: (operationId) => backend.getOperation(operationId),
  };
}

async function createBackend(binding: ApiBinding<CallBase>): Promise<OpenAPIBackend> {
  const run = async (call: CallBase, where: string, fn: () => Reply | Promise<Reply>): Promise<Reply> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ApiError) return error.toReply();
      call.logError(where, error);
      return binding.internalError();
    }
  };
  const handlers: Record<string, (context: Context, call: CallBase) => Promise<Outcome> | Outcome> = {};
  for (const [operationId, handler] of Object.entries(binding.handlers)) {
    handlers[operationId] = async (context, call) => {
      const { operation } = context;
      // Operations with a JSON body already failed validation on malformed JSON; the others
      // must not silently accept it either.
      if (call.body.kind === 'malformed-json') {
        return { reply: binding.validationFailed(operation, `body: ${call.body.error}`), operation };
      }
      return {
        reply: await run(call, `${binding.name} ${operationId}`, () => handler(context, call)),
        operation,
      };
    };
  }
  const backend = new OpenAPIBackend({
    definition: loadSpec(binding.name),
    quick: true,
    validate: true,
    coerceTypes: true,
    customizeAjv: (ajv) => {
      ajv.addFormat('email', EMAIL);
      ajv.addFormat('date-time', {
        type: 'string',
        validate: (v: string) => DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)),
      });
      return ajv;
    },
    handlers: {
      ...handlers,
      validationFail: (context: Context) => ({
        reply: binding.validationFailed(
          context.operation,
          describeValidationErrors(context.validation.errors),
        ),
        operation: context.operation,
      }),
      unauthorizedHandler: async (context: Context, call: CallBase) => ({
        reply: await run(call, `${binding.name} security`, () => binding.unauthorized(context, call)),
        operation: context.operation,
      }),
      notFound: () => ({ reply: binding.notFound() }),
      methodNotAllowed: () => ({ reply: binding.methodNotAllowed() }),
      // Not checked against the spec: the answer is the emulator's own, not the service's.
      notImplemented: (context: Context) => ({
        reply: binding.notImplemented(context.operation?.operationId ?? 'this operation'),
      }),
    },
    securityHandlers: binding.securityHandlers as Record<
      string,
      (context: Context, ...args: unknown[]) => unknown
    >,
  });
  await backend.init();
  return backend;
}

function checkResponse(backend: OpenAPIBackend, operation: Operation, reply: Reply): unknown[] {
  const documented = documentedResponse(operation, reply.status);
  if (!documented) return [{ message: `status ${reply.status} is not documented` }];
  const errors: unknown[] = [];
  const json = documented.content?.['application/json'];
  if (!documented.content) {
    if (reply.body !== undefined || reply.text !== undefined)
      errors.push({ message: 'the spec documents no body for this status' });
  } else if (reply.text !== undefined) {
    if (!documented.content['text/plain'])
      errors.push({ message: 'the spec documents no text body for this status' });
  } else if (!json) {
    errors.push({ message: 'the spec documents no JSON body for this status' });
  } else if (reply.body === undefined) {
    errors.push({ message: 'the spec documents a JSON body for this status, none was sent' });
  } else if (json.schema) {
    const result = backend.validateResponse(reply.body, operation, reply.status);
    if (result.errors) errors.push(...result.errors);
  }
  const sent = new Set(Object.keys(reply.headers ?? {}).map((h) => h.toLowerCase()));
  for (const [name, header] of Object.entries(documented.headers ?? {})) {
    if (header.required && !sent.has(name.toLowerCase()))
      errors.push({ message: `required header ${name} missing` });
  }
  if (sent.size > 0) {
    const headers = Object.fromEntries(
      Object.entries(reply.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const result = backend.validateResponseHeaders(headers, operation, { statusCode: reply.status });
    if (result.errors) errors.push(...result.errors);
  }
  return errors;
}

// One OpenAPI document made ready to serve: its operations listed once, with their security
// requirements and the Ajv validators openapi-backend compiles for them. The sandbox routes and
// dispatches itself (openapi-backend's handleRequest rebuilds its operation list and re-parses
// the request several times per call); openapi-backend stays the owner of the validation.
import { OpenAPIBackend, type Operation } from 'openapi-backend';
import type { Reply } from '../http/reply.js';
import { type DocumentName, loadSpec } from './files.js';

/**
 * The parts of an Ajv error the sandbox reports. Ajv runs `verbose`, so an error also carries
 * the failing value and its schema: a module can then answer in its service's own error shape
 * (Logto's zod issues name the received value and the expected type).
 */
export interface ErrorObject {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
  /** The value that failed (`verbose`). */
  data?: unknown;
  /** The schema holding the failed keyword (`verbose`). */
  parentSchema?: { type?: unknown; properties?: Record<string, { type?: unknown }> };
}

/** An Ajv validate function, as openapi-backend compiles it. */
interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** One operation of a compiled document. */
export interface CompiledOperation {
  operationId: string;
  /** Upper-case method. */
  method: string;
  /** The path template of the document (`/user/otp/verify/{otp}`). */
  path: string;
  /** Alternatives, each a list of scheme names that must all accept the request. */
  security: string[][];
  /** Statuses the operation documents (`'200'`, `'4XX'`, `'default'`). */
  statuses: string[];
  /** Headers the operation reads: its header parameters and its security schemes' headers. */
  requestHeaders: string[];
  /** Whether a parameter is read from a cookie (the validator then needs the cookies). */
  cookieParameters: boolean;
  /** The dereferenced operation object (for response validation). */
  operation: Operation;
  /** Request validators: the body's (if any) and the parameters'. Compiled on first use. */
  validators(): Validator[];
}

export interface CompiledDocument {
  name: DocumentName;
  operations: CompiledOperation[];
  /** Spec problems of a reply (undocumented status, body or header mismatch). */
  checkResponse(operation: CompiledOperation, reply: Reply): unknown[];
}

// openapi-backend's Ajv knows only the OAS numeric/byte formats and ignores the others with a
// console warning. The sandbox cannot depend on ajv-formats, so it registers the formats the
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

const messageOf = (error: ErrorObject): string => {
  const message = error.message ?? error.keyword;
  const extra = error.params?.additionalProperty;
  return typeof extra === 'string' ? `${message} ("${extra}")` : message;
};

/** Turns Ajv errors into one line such as `query.page_size: must be <= 100`. */
export function describeValidationErrors(errors: readonly ErrorObject[] | null | undefined): string {
  const lines = [...new Set((errors ?? []).map((e) => `${pathOf(e)}: ${messageOf(e)}`))];
  const text = lines.join('; ');
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const cache = new Map<DocumentName, Promise<CompiledDocument>>();

/** The compiled document; compiled once per process (it holds no sandbox state). */
export function compileDocument(name: DocumentName): Promise<CompiledDocument> {
  let pending = cache.get(name);
  if (!pending) {
    pending = compile(name);
    cache.set(name, pending);
    pending.catch(() => cache.delete(name));
  }
  return pending;
}

async function compile(name: DocumentName): Promise<CompiledDocument> {
  // openapi-backend 5.20 cannot validate a 3.1 definition document: `quick` skips that step;
  // request and response validation work.
  const backend = new OpenAPIBackend({
    definition: loadSpec(name),
    quick: true,
    validate: true,
    coerceTypes: true,
    ajvOpts: { verbose: true },
    customizeAjv: (ajv) => {
      ajv.addFormat('email', EMAIL);
      // An absolute URI (the sign-in experience's branding URLs): what WHATWG URL parses.
      ajv.addFormat('uri', { type: 'string', validate: (v: string) => URL.canParse(v) });
      ajv.addFormat('date-time', {
        type: 'string',
        validate: (v: string) => DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)),
      });
      return ajv;
    },
  });
  await backend.init();
  const byId = new Map(backend.router.getOperations().map((op) => [op.operationId, op]));
  const schemes = (backend.definition.components?.securitySchemes ?? {}) as Record<
    string,
    { type?: string; in?: string; name?: string }
  >;
  const schemeHeader = (name: string) => {
    const scheme = schemes[name];
    if (scheme?.type === 'apiKey') return scheme.in === 'header' ? scheme.name : undefined;
    return scheme?.type === 'http' || scheme?.type === 'oauth2' ? 'Authorization' : undefined;
  };
  const operations: CompiledOperation[] = [];
  for (const [path, item] of Object.entries(backend.definition.paths ?? {})) {
    for (const method of METHODS) {
      const raw = item?.[method];
      const operation = raw?.operationId ? byId.get(raw.operationId) : undefined;
      if (!operation?.operationId) continue;
      const operationId = operation.operationId;
      let validators: Validator[] | undefined;
      operations.push({
        operationId,
        method: method.toUpperCase(),
        path,
        security: (operation.security ?? []).map((requirement) => Object.keys(requirement)),
        statuses: Object.keys(operation.responses ?? {}),
        requestHeaders: [
          ...(operation.parameters ?? []).flatMap((p) => ('in' in p && p.in === 'header' ? [p.name] : [])),
          ...(operation.security ?? []).flatMap((r) => Object.keys(r).flatMap((s) => schemeHeader(s) ?? [])),
        ],
        cookieParameters: (operation.parameters ?? []).some((p) => 'in' in p && p.in === 'cookie'),
        operation,
        validators: () => {
          validators ??= backend.validator.getRequestValidatorsForOperation(operationId) as Validator[];
          return validators;
        },
      });
    }
  }
  return { name, operations, checkResponse: (operation, reply) => checkResponse(backend, operation, reply) };
}

type ResponseObject = {
  content?: Record<string, { schema?: unknown }>;
  headers?: Record<string, { required?: boolean }>;
};

function documentedResponse(operation: Operation, status: number): ResponseObject | undefined {
  const responses = (operation.responses ?? {}) as Record<string, ResponseObject>;
  return responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
}

function checkResponse(backend: OpenAPIBackend, compiled: CompiledOperation, reply: Reply): unknown[] {
  const { operation } = compiled;
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
  for (const [header, value] of Object.entries(documented.headers ?? {})) {
    if (value.required && !sent.has(header.toLowerCase()))
      errors.push({ message: `required header ${header} missing` });
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

/**
 * A check of a value against the request body schema of an operation, for helper inputs that
 * are the same as the operation's body (`createOneTimeToken`, seeded one-time tokens); errors
 * name the place like the other checks do.
 */
export function specBodyCheck<T>(document: CompiledDocument, operationId: string) {
  const operation = document.operations.find((op) => op.operationId === operationId);
  if (!operation) throw new Error(`${document.name} has no operation ${operationId}`);
  return (value: unknown, path: string): T => {
    const [validate] = operation.validators();
    if (validate && !validate({ requestBody: value })) {
      const details = (validate.errors ?? [])
        .map((e) => {
          const where = pathOf(e).replace(/^body(?=\.|$)|^request$/, path);
          return `${where === path || where.startsWith(`${path}.`) ? where : `${path}.${where}`}: ${messageOf(e)}`;
        })
        .join('; ');
      throw new TypeError(
        details.replace(`${path}: must have required property 'requestBody'`, `${path} is required`),
      );
    }
    return value as T;
  };
}

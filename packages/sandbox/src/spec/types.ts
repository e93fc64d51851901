// What a handler of a spec operation sees and answers, computed from the operation's type as
// openapi-typescript generates it (`operations[K]` of the client packages): the request body,
// path and query parameters, and one reply shape per documented status.
import type { IncomingHttpHeaders } from 'node:http';
import type { Reply } from '../http/reply.js';
import type { ErrorObject } from './compile.js';

type ValueOf<T> = T[keyof T];
type Present<T> = [NonNullable<T>] extends [never] ? undefined : NonNullable<T>;

/** The body of a request to the operation, as the spec describes it (undefined: none). */
export type RequestBody<Op> = Op extends { requestBody: { content: infer C } }
  ? ValueOf<C>
  : Op extends { requestBody?: infer B }
    ? [NonNullable<B>] extends [never]
      ? undefined
      : NonNullable<B> extends { content: infer C }
        ? ValueOf<C> | undefined
        : undefined
    : undefined;

type Parameters<Op, In extends string> = Op extends { parameters: infer P }
  ? P extends { [K in In]?: infer V }
    ? Present<V> extends undefined
      ? Record<string, never>
      : Present<V>
    : Record<string, never>
  : Record<string, never>;

/** Headers a reply sets besides the content headers. */
export type ReplyHeaders = Record<string, string | string[]>;

type ReplyOf<S extends number, R> = R extends { content: { 'application/json': infer B } }
  ? { status: S; body: B; text?: undefined; headers?: ReplyHeaders }
  : R extends { content: { 'text/plain': infer T } }
    ? { status: S; text: T; body?: undefined; headers?: ReplyHeaders }
    : { status: S; body?: undefined; text?: undefined; headers?: ReplyHeaders };

/** Every answer the spec documents for the operation: status, and the body of that status. */
export type OperationReply<Op> = Op extends { responses: infer R }
  ? ValueOf<{ [S in keyof R]: ReplyOf<S extends number ? S : number, R[S]> }>
  : never;

/** An answer marked with `unchecked()`: outside the spec's replies, and not checked against it. */
export type UncheckedReply = Reply & { unchecked: true };

/** A request to an operation, after routing, authentication and validation against the spec. */
export interface OperationRequest<Op, Principals> {
  operationId: string;
  /** The JSON (or form) body, validated against the operation's request body schema. */
  body: RequestBody<Op>;
  /** Path parameters, percent-decoded. */
  params: Parameters<Op, 'path'>;
  /** Query parameters, coerced to their schema types. */
  query: Parameters<Op, 'query'>;
  /** Raw request headers (lower-case names). */
  headers: IncomingHttpHeaders;
  /** Cookies of the request. */
  cookies: Record<string, string>;
  /** What each security handler that accepted the request found (the account, the session…). */
  security: Partial<Principals>;
}

/** A handler of one operation: the typed request in, one of the documented replies out. */
export type OperationHandler<Op, Call, Principals> = (
  request: OperationRequest<Op, Principals>,
  call: Call,
) => OperationReply<Op> | UncheckedReply | Promise<OperationReply<Op> | UncheckedReply>;

/** Marks an operation of the spec that the sandbox does not emulate yet (it answers 501). */
export interface NotImplemented {
  readonly notImplemented: true;
}

/** What the sandbox does with each operation of a document: every operationId is a key. */
export type OperationHandlers<Ops, Call, Principals> = {
  [K in keyof Ops]: OperationHandler<Ops[K], Call, Principals> | NotImplemented;
};

/** What a security handler reads: the request before its body is parsed. */
export interface SecurityRequest {
  operationId: string;
  headers: IncomingHttpHeaders;
  cookies: Record<string, string>;
}

/**
 * A security scheme's check: answers what it authenticated (the principal), or null (refused
 * with the API's `unauthorized` reply), or throws an ApiError to refuse with its own reply.
 */
export type SecurityHandler<Call, Principal> = (
  request: SecurityRequest,
  call: Call,
) => Principal | null | Promise<Principal | null>;

export type SecurityHandlers<Call, Principals> = {
  [S in keyof Principals]: SecurityHandler<Call, Principals[S]>;
};

/** Replies a spec API gives outside of its operations' handlers, in the real service's shapes. */
export interface SpecErrors {
  /** A request refused by every security requirement of its operation. */
  unauthorized(request: SecurityRequest): Reply;
  /**
   * A request that fails the spec (or whose JSON is malformed or too deep): `details` is one
   * line for people, `errors` the validator's own errors (none for malformed JSON).
   */
  validationFailed(
    operationId: string,
    documentedStatuses: readonly string[],
    details: string,
    errors: readonly ErrorObject[],
  ): Reply;
  /** An operation of the spec the sandbox does not emulate yet (501; not checked against the spec). */
  notImplemented(operationId: string): Reply;
}

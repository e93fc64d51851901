// What the generated operation tables say about each operation, and the typing of the methods
// clients build from them.
import type { Schema } from './schema';

/** An HTTP method of an operation. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS';

/** One parameter of an operation, as the spec declares it. */
export type ParamSpec = {
  /** Where it is sent. */
  readonly in: 'path' | 'query' | 'header';
  /** The name on the wire. */
  readonly name: string;
  /** The input member it is taken from, when not `name` (`x-authspec-name`). */
  readonly key?: string;
  /** The spec requires it. */
  readonly required?: boolean;
  /** The checks its value must pass. */
  readonly schema: Schema;
  /** Its value is a secret (`x-authspec-secret`). */
  readonly secret?: boolean;
  /** A request carrying it spends it (`x-authspec-single-use`): never repeated once sent. */
  readonly singleUse?: boolean;
  /** Filled from this client option rather than from the method's input (`x-authspec-client-option`). */
  readonly option?: string;
};

/** One operation of a generated table. */
export type OperationSpec = {
  /** The spec's operationId, named by every error. */
  readonly id: string;
  /** The HTTP method. */
  readonly method: HttpMethod;
  /** The path template, e.g. `/api/one-time-tokens/{id}`. */
  readonly path: string;
  /** Path parameters (positional, in path order), then query and header parameters. */
  readonly params?: readonly ParamSpec[];
  /** The request body: its media type, whether it is required, and its checks. */
  readonly body?: { readonly type: string; readonly required?: boolean; readonly schema: Schema };
  /** The method takes an input argument (body and/or non-path parameters) after the path ones. */
  readonly input?: boolean;
  /** HTTP Basic: the input carries `username` and `password`. */
  readonly basic?: boolean;
  /** HTTP bearer per call: the input carries `accessToken`. */
  readonly bearer?: boolean;
  /** The operation needs no client-level authentication (its security is empty). */
  readonly auth?: false;
  /** Success statuses and how each answer is read; null: no body. */
  readonly ok: { readonly [status: number]: 'json' | 'text' | null };
};

/** A generated table of one API's operations, by operationId. */
export type OperationTable = { readonly [operationId: string]: OperationSpec };

/** The headers and JSON members of one API that carry secrets, as its spec marks them. */
export type ApiSecrets = {
  /** Lower-case header names (apiKey schemes in headers, secret header parameters). */
  readonly headers: readonly string[];
  /** Member and query parameter names whose values are secrets. */
  readonly members: readonly string[];
};

/**
 * The generated methods `M` (keyed by operationId) under the names `N` gives them. Remapping the
 * keys keeps every method's documentation.
 */
export type NamedMethods<M, N extends { readonly [K in keyof M]?: string }> = {
  [K in keyof M as K extends keyof N ? N[K] & string : never]: M[K];
};

/**
 * The friendly name of each operation a client exposes. Written as
 * `{ … } as const satisfies OperationNames<Methods>`, naming an operation the spec no longer has
 * fails to compile right there.
 */
export type OperationNames<M> = { readonly [K in keyof M]?: string };

/** What a method answers: the spec's result `T`, unless the client maps operation `K` to another (`R[K]`). */
export type ResultOf<R, K extends string, T> = K extends keyof R ? R[K] : T;

/** How a client turns an operation's parsed answer into what its method answers. */
export type ResultMappers = {
  readonly [operationId: string]: ((data: never, response: Response) => unknown) | undefined;
};

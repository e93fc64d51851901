/** What a handler answers; the server serializes it (JSON unless `body` is undefined or `text` is set). */
export interface Reply {
  status: number;
  body?: unknown;
  /** A `text/plain` body instead of JSON. */
  text?: string;
  /** Raw bytes (a static file); `headers` carry its content type. */
  bytes?: Uint8Array;
  headers?: Record<string, string | string[]>;
  /** The emulator's own answer, not the service's (501 not emulated): not checked against the spec. */
  unchecked?: true;
}

/**
 * Thrown by handlers to answer an error; the server turns it into a reply. Throwing keeps the
 * happy path of a handler linear while every check stays synchronous.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers?: Record<string, string | string[]>,
  ) {
    super(`HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** Throws a reply built by a helper (`json(401, …)`). */
  static of(reply: Reply): ApiError {
    return new ApiError(reply.status, reply.body, reply.headers);
  }

  toReply(): Reply {
    return { status: this.status, body: this.body, ...(this.headers ? { headers: this.headers } : {}) };
  }
}

// The helpers keep the status a literal type, so that a handler's reply is checked against the
// statuses and bodies its operation documents.

export const json = <S extends number, B>(
  status: S,
  body: B,
  headers?: Record<string, string | string[]>,
): { status: S; body: B; headers?: Record<string, string | string[]> } => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});

export const noContent = (): { status: 204 } => ({ status: 204 });

export const redirect = (location: string, headers: Record<string, string | string[]> = {}): Reply => ({
  status: 303,
  headers: { ...headers, location },
});

/**
 * Marks an answer the sandbox knows to differ from the spec (a gap the fidelity work is to
 * close): it is sent as is and not checked against the spec, so say why where it is used.
 */
export const unchecked = <R extends Reply>(reply: R): R & { unchecked: true } => ({
  ...reply,
  unchecked: true,
});

export const text = <S extends number>(status: S, body: string): { status: S; text: string } => ({
  status,
  text: body,
});

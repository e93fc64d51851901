/** What a handler answers; the server serializes it (JSON unless `body` is undefined or `text` is set). */
export interface Reply {
  status: number;
  body?: unknown;
  /** A `text/plain` body instead of JSON. */
  text?: string;
  headers?: Record<string, string | string[]>;
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

  toReply(): Reply {
    return { status: this.status, body: this.body, ...(this.headers ? { headers: this.headers } : {}) };
  }
}

export const json = (status: number, body: unknown, headers?: Record<string, string | string[]>): Reply => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});

export const noContent = (): Reply => ({ status: 204 });

export const redirect = (location: string, headers: Record<string, string | string[]> = {}): Reply => ({
  status: 303,
  headers: { ...headers, location },
});

export const text = (status: number, body: string): Reply => ({ status, text: body });

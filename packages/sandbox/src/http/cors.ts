// CORS for pages served from another origin (a Vite dev server on another port): requests from
// an allowed origin get it echoed with credentials allowed, and preflight requests get the
// methods of the path and the headers the APIs read.
import type { IncomingHttpHeaders } from 'node:http';

/** Headers browsers may read besides the CORS-safelisted ones. */
const EXPOSED = ['Logto-Core-Request-Id', 'Total-Number', 'Link', 'Location', 'WWW-Authenticate'];
const PREFLIGHT_MAX_AGE_SECONDS = 600;

export class CorsPolicy {
  readonly #any: boolean;
  readonly #origins: Set<string>;
  readonly #allowHeaders: string;

  /** `origins`: allowed origins (`'*'`: any); `requestHeaders`: the headers the APIs read. */
  constructor(origins: readonly string[], requestHeaders: Iterable<string>) {
    this.#any = origins.includes('*');
    this.#origins = new Set(origins.filter((o) => o !== '*').map((o) => new URL(o).origin));
    this.#allowHeaders = [...new Set(['Content-Type', 'Authorization', ...requestHeaders])].join(', ');
  }

  get enabled(): boolean {
    return this.#any || this.#origins.size > 0;
  }

  /** The request's `Origin` when it is allowed. */
  allowedOrigin(headers: IncomingHttpHeaders): string | undefined {
    const origin = headers.origin;
    if (typeof origin !== 'string' || origin === 'null') return undefined;
    return this.#any || this.#origins.has(origin) ? origin : undefined;
  }

  /** Headers of an answer to an allowed cross-origin request. */
  responseHeaders(origin: string): Record<string, string> {
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Expose-Headers': EXPOSED.join(', '),
      Vary: 'Origin',
    };
  }

  /** Headers of the answer to a preflight request for a path that has `methods`. */
  preflightHeaders(origin: string, methods: readonly string[]): Record<string, string> {
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Allow-Methods': methods.join(', '),
      'Access-Control-Allow-Headers': this.#allowHeaders,
      'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
      Vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    };
  }
}

/** Whether a request is a CORS preflight request. */
export const isPreflight = (method: string, headers: IncomingHttpHeaders) =>
  method === 'OPTIONS' &&
  typeof headers.origin === 'string' &&
  headers['access-control-request-method'] !== undefined;

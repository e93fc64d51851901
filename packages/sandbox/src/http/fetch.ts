// The WHATWG adapter of the sandbox's request handling (dispatch.ts): a `Request` in, a
// `Response` out, with no socket. `sandbox.handle` and the MSW handlers answer through it.
import type { IncomingHttpHeaders } from 'node:http';
import { BodyTooLargeError } from './body.js';
import type { Dispatcher, OutgoingResponse } from './dispatch.js';

const EMPTY = Buffer.alloc(0);

/** The request's headers as node:http has them: lower-case names, and a Host from the URL. */
function incomingHeaders(request: Request, url: URL): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  // A fetch Request carries no Host header; the server would have received the URL's.
  headers.host ??= url.host;
  return headers;
}

/** The body, read no further than `limit` bytes (like the node:http adapter). */
async function readRequestBody(request: Request, limit: number): Promise<Buffer> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw new BodyTooLargeError(limit);
  if (!request.body) return EMPTY;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** A `Response` of a dispatched answer (repeated headers such as Set-Cookie stay separate). */
export function toResponse(answer: OutgoingResponse): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  if (answer.closeConnection) headers.set('Connection', 'close');
  // A Response cannot carry a body with these statuses.
  const bodyless = answer.status === 204 || answer.status === 304;
  return new Response(bodyless ? null : (answer.payload as BodyInit | undefined), {
    status: answer.status,
    headers,
  });
}

/** Answers a WHATWG `Request` through the sandbox's dispatcher. */
export const fetchHandler =
  (dispatch: Dispatcher) =>
  async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const answer = await dispatch({
      method: request.method,
      target: `${url.pathname}${url.search}`,
      headers: incomingHeaders(request, url),
      readBody: (limit) => readRequestBody(request, limit),
    });
    return toResponse(answer);
  };

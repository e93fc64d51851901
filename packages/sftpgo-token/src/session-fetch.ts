// `session.fetch`: any other SFTPGo REST endpoint, authenticated the way the session is, through
// the shared runtime. Shared by the password session and the API-key session.
import {
  checkHeaders,
  HTTP_TOKEN,
  optionalString,
  type Runtime,
  requireObject,
  ValidationError,
} from '@authspec/core';

/** A `fetch` for paths under `baseUrl` (or absolute URLs on its origin) through `runtime`. */
export function sessionFetch(
  runtime: Runtime,
  baseUrl: string,
): (input: string | URL, init?: RequestInit) => Promise<Response> {
  const origin = new URL(baseUrl).origin;

  function resolve(input: string | URL): string {
    if (typeof input !== 'string' && !(input instanceof URL))
      throw new ValidationError('input', 'must be a path or an absolute http(s) URL', 'SessionFetch');
    let url: URL;
    try {
      url =
        input instanceof URL || /^https?:\/\//i.test(String(input))
          ? new URL(input)
          : new URL(`${baseUrl}${String(input).startsWith('/') ? '' : '/'}${input}`);
    } catch {
      throw new ValidationError('input', 'must be a path or an absolute http(s) URL', 'SessionFetch');
    }
    // Never hand the credential to another server.
    if (url.origin !== origin) throw new ValidationError('input', `must be on ${origin}`, 'SessionFetch');
    return url.toString();
  }

  return async (input, init = {}) => {
    const url = resolve(input);
    requireObject(init, 'init', 'SessionFetch');
    const headers = checkedHeaders(init.headers);
    const method = (optionalString(init.method, 'init.method', 'SessionFetch') ?? 'GET').toUpperCase();
    if (!HTTP_TOKEN.test(method))
      throw new ValidationError('init.method', 'must be an HTTP method name', 'SessionFetch');
    const { response } = await runtime.request(
      {
        operationId: 'SessionFetch',
        method,
        url,
        headers,
        ...(init.body == null ? {} : { body: init.body }),
        // A stream can be sent only once, so such a request is never repeated.
        ...(init.body instanceof ReadableStream ? { idempotent: false } : {}),
        accept: () => true,
        read: 'response',
        auth: true,
        ...(init.redirect ? { redirect: init.redirect } : {}),
      },
      init.signal ? { signal: init.signal } : undefined,
    );
    return response;
  };
}

/** `init.headers` (a Headers, pairs or a record) as a checked plain record. */
function checkedHeaders(headers: unknown): Record<string, string> {
  if (headers === undefined) return {};
  let record: unknown = headers;
  if (headers instanceof Headers) record = Object.fromEntries(headers);
  else if (Array.isArray(headers)) {
    if (!headers.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string'))
      throw new ValidationError(
        'init.headers',
        'must be a Headers, [name, value] pairs or an object',
        'SessionFetch',
      );
    record = Object.fromEntries(headers);
  }
  return checkHeaders(record, 'init.headers', 'SessionFetch') ?? {};
}

// The escape hatch: a typed openapi-fetch client (middleware and all) that sends its requests
// the way an @authspec client does (same base URL, headers, cookie jar and authentication),
// without retries or typed errors. It lives on its own subpath so that neither openapi-fetch's
// client nor its types cost anything to those who do not use it.
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import { transportOf } from './transport';

export type { Client, Middleware } from 'openapi-fetch';

/**
 * A typed openapi-fetch client over an @authspec client's transport.
 * @param client A client from an @authspec package (its base URL, headers, cookies and authentication are used).
 * @param options More openapi-fetch options (e.g. a `querySerializer`).
 */
export function openapiFetchClient<Paths extends {}>(
  client: object,
  options: Omit<ClientOptions, 'baseUrl' | 'fetch'> = {},
): Client<Paths> {
  const transport = transportOf(client);
  return createClient<Paths>({
    ...options,
    baseUrl: transport.baseUrl,
    headers: { ...transport.headers, ...(options.headers as Record<string, string> | undefined) },
    async fetch(request: Request) {
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name] = value;
      });
      if (transport.authenticate) Object.assign(headers, await transport.authenticate(request.signal));
      const init: RequestInit = {
        method: request.method,
        headers,
        signal: request.signal,
        redirect: request.redirect,
        ...transport.requestInit,
      };
      if (request.body) init.body = await request.arrayBuffer();
      return transport.fetch(request.url, init);
    },
  });
}

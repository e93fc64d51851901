// MSW request handlers over a sandbox that does not listen: one per route the sandbox serves
// (each spec operation and each protocol route, from the same route table the HTTP server
// routes with), each answering through `sandbox.handle`, so MSW gets the emulator's state and
// logic, not a second implementation.
import { type HttpHandler, http } from 'msw';
import type { Route } from '../module.js';
import { createSandbox, type Sandbox, type SandboxOptions } from '../sandbox.js';
import { OriginCookieJar } from './cookie-jar.js';

/** Who keeps the cookies the sandbox sets (the interaction session of the Experience API). */
export type SandboxHandlersCookies = 'browser' | 'client';

/** Options of `createSandboxHandlers`: those of `startSandbox` that apply without a server, and two more. */
export interface SandboxHandlersOptions
  extends Omit<SandboxOptions, 'listen' | 'origin' | 'port' | 'host' | 'publicHost'> {
  /**
   * The origin the handlers answer for and the sandbox hands out in its URLs (`sandbox.url`,
   * redirects); default `http://sandbox.test`. Point clients at it.
   */
  baseUrl?: string;
  /**
   * `'browser'`: the handlers keep the cookies the sandbox sets and send them back like a
   * browser would (path, expiry), for code that relies on the browser's cookies
   * (`credentials: 'include'`) but runs where `fetch` has no cookie store, as in jsdom.
   * `'client'`: the handlers keep nothing; the client's Cookie header goes to the sandbox and
   * Set-Cookie comes back to it, for a client with its own cookie jar (the Node entry of
   * `@authspec/logto`). Default: `'browser'` where a `document` exists
   * (jsdom, happy-dom, a browser), `'client'` otherwise.
   */
  cookies?: SandboxHandlersCookies;
}

/** The handlers and the sandbox behind them. */
export interface SandboxHandlers {
  /** For `setupServer(...handlers)` (msw/node) or `server.use(...)`: one per route, then a catch-all. */
  handlers: HttpHandler[];
  /** The emulator behind the handlers: its helpers (`addUser`, `outbox`, `clock`, …) share their state. */
  sandbox: Sandbox;
  /** Forgets the cookies the handlers keep in `'browser'` mode (as if a new browser came); a no-op otherwise. */
  clearCookies(): void;
}

const DEFAULT_BASE_URL = 'http://sandbox.test';

/** A route's path template in MSW's syntax: `{name}` becomes `:name` (a final `*` stays). */
export const mswPath = (template: string): string => template.replace(/\{([^}]+)\}/g, ':$1');

const serializeCookies = (cookies: Iterable<[string, string]>) =>
  [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');

/**
 * Creates a sandbox that does not listen on any port and MSW handlers that answer requests to
 * `baseUrl` from it: one handler per spec operation and protocol route (method and path from the
 * sandbox's route table), then a catch-all for the rest of the origin, so that unknown paths and
 * wrong methods get the sandbox's own 404 and 405 answers. Node and jsdom only (see the README).
 */
export async function createSandboxHandlers(options: SandboxHandlersOptions = {}): Promise<SandboxHandlers> {
  const where = 'createSandboxHandlers options';
  const { baseUrl = DEFAULT_BASE_URL, cookies: cookieMode, ...sandboxOptions } = options;
  if (cookieMode !== undefined && cookieMode !== 'browser' && cookieMode !== 'client')
    throw new TypeError(`${where}.cookies must be 'browser' or 'client'`);
  if (typeof baseUrl !== 'string' || !URL.canParse(baseUrl) || new URL(baseUrl).pathname !== '/')
    throw new TypeError(`${where}.baseUrl must be an origin such as ${DEFAULT_BASE_URL}`);
  const origin = new URL(baseUrl).origin;
  const { sandbox, routes } = await createSandbox({ ...sandboxOptions, listen: false, origin }, where);
  const mode = cookieMode ?? (typeof document === 'undefined' ? 'client' : 'browser');
  const jar = mode === 'browser' ? new OriginCookieJar() : undefined;

  // `cookies` is MSW's merge of the Cookie header with document.cookie and MSW's cookie store;
  // it is sent as one header because MSW appends those to the request's header once per handler
  // it tries, which would repeat every cookie.
  const resolver = async ({ request, cookies }: { request: Request; cookies: Record<string, string> }) => {
    // MSW hands over decoded values: encode them again. The jar's are as the sandbox set them.
    const sent = new Map(Object.entries(cookies).map(([name, value]) => [name, encodeURIComponent(value)]));
    for (const [name, value] of jar?.cookiesFor(request.url) ?? [])
      if (!sent.has(name)) sent.set(name, value);
    const headers = new Headers(request.headers);
    headers.delete('cookie');
    if (sent.size > 0) headers.set('cookie', serializeCookies(sent));
    const response = await sandbox.handle(new Request(request, { headers }));
    jar?.store(response.headers.getSetCookie(), request.url);
    return response;
  };

  const handlers = [
    ...routes.map((route: Route) => routeHandler(route.method, `${origin}${mswPath(route.path)}`, resolver)),
    http.all(`${origin}/*`, resolver),
  ];
  return { handlers, sandbox, clearCookies: () => jar?.clear() };
}

type Resolver = Parameters<typeof http.all>[1];

const byMethod: Record<string, typeof http.all> = {
  GET: http.get,
  POST: http.post,
  PUT: http.put,
  PATCH: http.patch,
  DELETE: http.delete,
  HEAD: http.head,
  OPTIONS: http.options,
};

function routeHandler(method: string, path: string, resolver: Resolver): HttpHandler {
  const define = byMethod[method];
  if (!define) throw new Error(`No MSW handler for method ${method}`);
  return define(path, resolver);
}

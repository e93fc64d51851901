// The sandbox's request handling, independent of the transport: routing, body limit, CORS,
// handlers, response validation and logging. The node:http listener (listener.ts) and the
// in-process WHATWG entry (fetch.ts, used by the MSW handlers) are thin adapters over it, so
// both run exactly the same dispatch.
import type { IncomingHttpHeaders } from 'node:http';
import { describeError, type Logger } from '../core/log.js';
import type { Mount, Route, RoutedRequest } from '../module.js';
import { BodyTooLargeError } from './body.js';
import { CorsPolicy, isPreflight } from './cors.js';
import { ApiError, type Reply } from './reply.js';
import { decodeSegment, Router } from './router.js';
import { sandboxErrors } from './sandbox-errors.js';

/** A response the emulator sent that its own spec does not allow. */
export interface ResponseViolation {
  /** The operation answered. */
  operationId: string;
  /** The status sent. */
  status: number;
  /** What does not match the spec (Ajv errors or messages). */
  errors: unknown[];
}

export interface DispatchOptions {
  routes: readonly Route[];
  mounts: readonly Mount[];
  maxBodyBytes: number;
  corsOrigins: readonly string[];
  validateResponses: boolean;
  violations: ResponseViolation[];
  logger: Logger | undefined;
  logRequests: boolean;
}

/** A request as a transport hands it over. */
export interface IncomingRequest {
  method: string;
  /** The request target as sent (a path with its query, or an absolute URL). */
  target: string | undefined;
  /** Lower-case names, as node:http has them. */
  headers: IncomingHttpHeaders;
  /** The body, or a `BodyTooLargeError` past `limit` bytes. */
  readBody(limit: number): Promise<Buffer>;
  /** The peer's IP address, when the request came over a socket. */
  remoteAddress?: string | undefined;
  /** The peer's port, when the request came over a socket. */
  remotePort?: number | undefined;
}

/** A serialized answer for a transport to write. */
export interface OutgoingResponse {
  status: number;
  headers: Record<string, string | string[]>;
  payload: string | Uint8Array | undefined;
  /** The body was too large and not read to its end: drop the connection after answering. */
  closeConnection: boolean;
}

const ROOT: Mount = { prefix: '', errors: sandboxErrors };

interface Outcome {
  reply: Reply;
  mount: Mount;
  route?: Route;
  label: string;
  closeConnection?: boolean;
}

const DEFAULT_JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

function serialize(
  reply: Reply,
  extraHeaders: Readonly<Record<string, string>>,
  jsonContentType: string,
  closeConnection: boolean,
): OutgoingResponse {
  // One object built by assignment: this runs for every answer.
  const headers: Record<string, string | string[]> = Object.assign({}, extraHeaders, reply.headers);
  let payload: string | Uint8Array | undefined;
  if (reply.bytes !== undefined) {
    payload = reply.bytes;
  } else if (reply.text !== undefined) {
    payload = reply.text;
    headers['Content-Type'] = 'text/plain; charset=utf-8';
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['Content-Type'] = jsonContentType;
  }
  if (payload !== undefined) {
    headers['Content-Length'] = String(
      typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length,
    );
  } else if (reply.status !== 204 && reply.status !== 304) {
    headers['Content-Length'] = '0';
  }
  return { status: reply.status, headers, payload, closeConnection };
}

type Target = { path: string; search: string };

/** The path and query of a request target; undefined when it is neither a path nor a URL. */
function requestTarget(raw: string | undefined): Target | undefined {
  const target = raw ?? '/';
  if (target.startsWith('/')) {
    // Split by hand: a URL object per request was a measurable share of the emulator's time.
    const question = target.indexOf('?');
    return question < 0
      ? { path: target, search: '' }
      : { path: target.slice(0, question), search: target.slice(question) };
  }
  if (!URL.canParse(target)) return undefined;
  const url = new URL(target);
  return { path: url.pathname, search: url.search };
}

/** A routed request; a class, so that its lazily parsed query costs no closure per request. */
class Routed implements RoutedRequest {
  #searchParams: URLSearchParams | undefined;
  readonly path: string;
  readonly search: string;
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;

  constructor(
    readonly method: string,
    target: Target,
    readonly params: Record<string, string>,
    readonly headers: IncomingHttpHeaders,
    readonly body: Buffer,
    peer: Pick<IncomingRequest, 'remoteAddress' | 'remotePort'>,
  ) {
    this.path = target.path;
    this.search = target.search;
    this.remoteAddress = peer.remoteAddress;
    this.remotePort = peer.remotePort;
  }

  get searchParams(): URLSearchParams {
    this.#searchParams ??= new URLSearchParams(this.search);
    return this.#searchParams;
  }
}

const under = (pathname: string, prefix: string) =>
  prefix === '' ||
  (pathname.startsWith(prefix) && (pathname.length === prefix.length || pathname[prefix.length] === '/'));

/**
 * Whether a mount that drops only one trailing slash leaves the path with another: the router
 * ignores any number of them, such a server finds no route.
 */
const slashesLeft = (pathname: string, mount: Mount) =>
  mount.trailingSlashes === 'one' && pathname.length > 2 && pathname.endsWith('//');

/** Answers one request; rejects only when the answer itself cannot be built. */
export type Dispatcher = (request: IncomingRequest) => Promise<OutgoingResponse>;

/** Creates the request handling of a sandbox: a request in, a serialized answer out. */
export function createDispatcher(options: DispatchOptions): Dispatcher {
  const router = new Router<Route>();
  for (const route of options.routes) router.add(route);
  // The longest prefix first: `/api/v2` (SFTPGo) before `/api` (Logto).
  const mounts = [...options.mounts].sort((a, b) => b.prefix.length - a.prefix.length);
  const mountOf = (pathname: string) => mounts.find((m) => under(pathname, m.prefix)) ?? ROOT;
  const cors = new CorsPolicy(
    options.corsOrigins,
    options.routes.flatMap((route) => route.requestHeaders ?? []),
  );
  const logError = (where: string, error: unknown) =>
    options.logger?.(`[sandbox] ${where} failed: ${describeError(error)}`);

  async function dispatch(req: IncomingRequest, method: string, url: Target): Promise<Outcome> {
    const mount = mountOf(url.path);
    let body: Buffer;
    try {
      body = await req.readBody(options.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      // Stop reading: answer now and drop the connection once the answer is out.
      return {
        reply: mount.errors.payloadTooLarge(options.maxBodyBytes),
        mount,
        label: 'body too large',
        closeConnection: true,
      };
    }
    // The decoded path is compared, not only computed: a decode whose result goes unused is
    // dropped by the bundler as side-effect free, and the check with it.
    if (url.path.includes('%') && decodeSegment(url.path) === undefined) {
      return {
        reply: mount.errors.badRequest('Malformed percent-encoding in the path'),
        mount,
        label: 'malformed path',
      };
    }
    const match = slashesLeft(url.path, mount)
      ? ({ kind: 'not-found' } as const)
      : router.match(method, url.path);
    switch (match.kind) {
      case 'found': {
        const { route } = match;
        const request = new Routed(method, url, match.params, req.headers, body, req);
        try {
          return { reply: await route.handle(request), mount, route, label: route.label };
        } catch (error) {
          if (error instanceof ApiError) return { reply: error.toReply(), mount, route, label: route.label };
          logError(route.label, error);
          return { reply: mount.errors.internalError(), mount, route, label: `${route.label} crashed` };
        }
      }
      case 'method-not-allowed':
        return {
          reply: withHeaders(mount.errors.methodNotAllowed(match.allow), { Allow: match.allow.join(', ') }),
          mount,
          label: 'method not allowed',
        };
      case 'malformed':
        return {
          reply: mount.errors.badRequest('Malformed percent-encoding in the path'),
          mount,
          label: 'malformed path',
        };
      default:
        return { reply: mount.errors.notFound(), mount, label: 'unmatched route' };
    }
  }

  function preflight(req: IncomingRequest, url: Target): Reply | undefined {
    const origin = cors.allowedOrigin(req.headers);
    const methods = slashesLeft(url.path, mountOf(url.path)) ? [] : router.methods(url.path);
    if (!origin || methods.length === 0) return undefined;
    return { status: 204, headers: cors.preflightHeaders(origin, methods) };
  }

  return async (req) => {
    const started = options.logRequests ? performance.now() : 0;
    const method = req.method.toUpperCase();
    const url = requestTarget(req.target);
    const answer = url
      ? (cors.enabled && isPreflight(method, req.headers) && preflight(req, url)) ||
        (await dispatch(req, method, url).catch((error: unknown) => {
          logError('request', error);
          const mount = mountOf(url.path);
          return { reply: mount.errors.internalError(), mount, label: 'crashed' } satisfies Outcome;
        }))
      : {
          reply: sandboxErrors.badRequest('Malformed request target'),
          mount: ROOT,
          label: 'malformed target',
        };
    const outcome: Outcome = 'status' in answer ? { reply: answer, mount: ROOT, label: 'preflight' } : answer;
    const { reply, mount, route, label } = outcome;
    let extra = mount.headers ? mount.headers() : NO_HEADERS;
    const origin = cors.enabled ? cors.allowedOrigin(req.headers) : undefined;
    if (origin && label !== 'preflight') extra = { ...extra, ...cors.responseHeaders(origin) };
    if (options.validateResponses && route?.checkResponse && !reply.unchecked) {
      const errors = route.checkResponse({ ...reply, headers: { ...extra, ...reply.headers } });
      if (errors.length > 0) {
        options.violations.push({ operationId: route.label, status: reply.status, errors });
        options.logger?.(`[sandbox] response violates the spec: ${route.label} ${reply.status}`);
      }
    }
    const response = serialize(
      reply,
      extra,
      mount.jsonContentType ?? DEFAULT_JSON_CONTENT_TYPE,
      outcome.closeConnection === true,
    );
    if (options.logRequests) {
      const ms = (performance.now() - started).toFixed(1);
      options.logger?.(`[sandbox] ${req.method} ${label} -> ${reply.status} (${ms} ms)`);
    }
    return response;
  };
}

const withHeaders = (reply: Reply, headers: Record<string, string>): Reply => ({
  ...reply,
  headers: { ...headers, ...reply.headers },
});

// The request listener: one router over the routes of every module, the mounts that decide the
// error shape of what no route answers, CORS, the body limit, response validation and logging.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeError, type Logger } from '../core/log.js';
import type { Mount, Route, RoutedRequest } from '../module.js';
import { BodyTooLargeError, readBody } from './body.js';
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

export interface ListenerOptions {
  routes: readonly Route[];
  mounts: readonly Mount[];
  maxBodyBytes: number;
  corsOrigins: readonly string[];
  validateResponses: boolean;
  violations: ResponseViolation[];
  logger: Logger | undefined;
  logRequests: boolean;
}

const ROOT: Mount = { prefix: '', errors: sandboxErrors };

interface Outcome {
  reply: Reply;
  mount: Mount;
  route?: Route;
  label: string;
}

function send(res: ServerResponse, reply: Reply, extraHeaders: Record<string, string>): void {
  const headers: Record<string, string | string[]> = { ...extraHeaders, ...reply.headers };
  let payload: string | Uint8Array | undefined;
  if (reply.bytes !== undefined) {
    payload = reply.bytes;
  } else if (reply.text !== undefined) {
    payload = reply.text;
    headers['Content-Type'] = 'text/plain; charset=utf-8';
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  if (payload !== undefined) {
    headers['Content-Length'] = String(
      typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length,
    );
  } else if (reply.status !== 204 && reply.status !== 304) {
    headers['Content-Length'] = '0';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
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

function routedRequest(
  method: string,
  target: Target,
  params: Record<string, string>,
  req: IncomingMessage,
  body: Buffer,
): RoutedRequest {
  let searchParams: URLSearchParams | undefined;
  return {
    method,
    path: target.path,
    search: target.search,
    get searchParams() {
      searchParams ??= new URLSearchParams(target.search);
      return searchParams;
    },
    params,
    headers: req.headers,
    body,
  };
}

const under = (pathname: string, prefix: string) =>
  prefix === '' || pathname === prefix || pathname.startsWith(`${prefix}/`);

/** Creates the request listener of a sandbox. */
export function createListener(options: ListenerOptions) {
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

  async function dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    url: Target,
  ): Promise<Outcome> {
    const mount = mountOf(url.path);
    let body: Buffer;
    try {
      body = await readBody(req, options.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      // Stop reading: answer now and drop the connection once the answer is out.
      res.setHeader('Connection', 'close');
      res.on('finish', () => req.destroy());
      return { reply: mount.errors.payloadTooLarge(options.maxBodyBytes), mount, label: 'body too large' };
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
    const match = router.match(method, url.path);
    switch (match.kind) {
      case 'found': {
        const { route } = match;
        const request = routedRequest(method, url, match.params, req, body);
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

  function preflight(req: IncomingMessage, url: Target): Reply | undefined {
    const origin = cors.allowedOrigin(req.headers);
    const methods = router.methods(url.path);
    if (!origin || methods.length === 0) return undefined;
    return { status: 204, headers: cors.preflightHeaders(origin, methods) };
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = options.logRequests ? performance.now() : 0;
    const method = (req.method ?? 'GET').toUpperCase();
    const url = requestTarget(req.url);
    const answered = url
      ? (cors.enabled && isPreflight(method, req.headers) && preflight(req, url)) ||
        dispatch(req, res, method, url).catch((error: unknown) => {
          logError('request', error);
          const mount = mountOf(url.path);
          return { reply: mount.errors.internalError(), mount, label: 'crashed' } satisfies Outcome;
        })
      : {
          reply: sandboxErrors.badRequest('Malformed request target'),
          mount: ROOT,
          label: 'malformed target',
        };
    Promise.resolve(answered)
      .then((answer) => {
        const outcome: Outcome =
          'status' in answer ? { reply: answer, mount: ROOT, label: 'preflight' } : answer;
        const { reply, mount, route, label } = outcome;
        const extra: Record<string, string> = { ...mount.headers?.() };
        const origin = cors.enabled ? cors.allowedOrigin(req.headers) : undefined;
        if (origin && label !== 'preflight') Object.assign(extra, cors.responseHeaders(origin));
        if (options.validateResponses && route?.checkResponse && !reply.unchecked) {
          const errors = route.checkResponse({ ...reply, headers: { ...extra, ...reply.headers } });
          if (errors.length > 0) {
            options.violations.push({ operationId: route.label, status: reply.status, errors });
            options.logger?.(`[sandbox] response violates the spec: ${route.label} ${reply.status}`);
          }
        }
        if (!res.headersSent && !res.destroyed) send(res, reply, extra);
        if (options.logRequests) {
          const ms = (performance.now() - started).toFixed(1);
          options.logger?.(`[sandbox] ${req.method} ${label} -> ${reply.status} (${ms} ms)`);
        }
      })
      .catch((error: unknown) => {
        logError('response', error);
        res.destroy();
      });
  };
}

const withHeaders = (reply: Reply, headers: Record<string, string>): Reply => ({
  ...reply,
  headers: { ...headers, ...reply.headers },
});

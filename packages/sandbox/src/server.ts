import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Operation } from 'openapi-backend';
import { equinixBinding } from './equinix.js';
import { BodyTooLargeError, parseBody, readBody } from './http/body.js';
import { type BackendRequest, type BoundApi, bindApi } from './http/openapi.js';
import { json, type Reply } from './http/reply.js';
import { serveStatic } from './http/static-files.js';
import { describeError, type Logger } from './log.js';
import { logtoReply } from './logto/errors.js';
import { experienceBinding } from './logto/experience/index.js';
import { handleFakeProvider } from './logto/fake-idp.js';
import { managementBinding } from './logto/management.js';
import { handleOidc } from './logto/oidc.js';
import { handleSftpgoProfile, sftpgoBinding } from './sftpgo.js';
import type { Call, SandboxState } from './state.js';

/** A response the emulator sent that its own spec does not allow. */
export interface ResponseViolation {
  operationId: string;
  status: number;
  errors: unknown[];
}

export interface Apis {
  management: BoundApi<Call>;
  experience: BoundApi<Call>;
  equinix: BoundApi<Call>;
  sftpgo: BoundApi<Call>;
}

export const bindApis = async (): Promise<Apis> => ({
  management: await bindApi(managementBinding),
  experience: await bindApi(experienceBinding),
  equinix: await bindApi(equinixBinding),
  sftpgo: await bindApi(sftpgoBinding),
});

export interface ServerOptions {
  maxBodyBytes: number;
  /** A folder with a built sign-in page, served at `/sign-in/`. */
  signInPage?: string | undefined;
  validateResponses: () => boolean;
  logger: Logger | undefined;
  logRequests: boolean;
}

/** Which emulated service answers a path; decides the error shape of unmatched requests too. */
type Family = 'logto' | 'equinix' | 'sftpgo' | 'other';

type Route =
  | { kind: 'spec'; family: Family; api: keyof Apis; path: string }
  | { kind: 'sftpgo-extra'; family: 'sftpgo'; path: string }
  | { kind: 'oidc' | 'fake-idp' | 'sign-in' | 'unknown'; family: Family };

const under = (pathname: string, prefix: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);

function routeOf(pathname: string): Route {
  if (under(pathname, '/metal/v1')) {
    return {
      kind: 'spec',
      family: 'equinix',
      api: 'equinix',
      path: pathname.slice('/metal/v1'.length) || '/',
    };
  }
  if (under(pathname, '/api/v2')) {
    const path = pathname.slice('/api/v2'.length) || '/';
    if (path === '/admin/profile' || path === '/user/profile')
      return { kind: 'sftpgo-extra', family: 'sftpgo', path };
    return { kind: 'spec', family: 'sftpgo', api: 'sftpgo', path };
  }
  if (under(pathname, '/api/one-time-tokens'))
    return { kind: 'spec', family: 'logto', api: 'management', path: pathname };
  if (under(pathname, '/api/experience') || under(pathname, '/api/.well-known'))
    return { kind: 'spec', family: 'logto', api: 'experience', path: pathname };
  if (under(pathname, '/oidc') || pathname === '/consent') return { kind: 'oidc', family: 'logto' };
  if (under(pathname, '/api')) return { kind: 'unknown', family: 'logto' };
  if (under(pathname, '/fake-idp')) return { kind: 'fake-idp', family: 'other' };
  if (under(pathname, '/sign-in')) return { kind: 'sign-in', family: 'other' };
  return { kind: 'unknown', family: 'other' };
}

/** Errors raised outside an operation (unknown route, oversized body), in the service's shape. */
function familyError(family: Family, status: number, text: string): Reply {
  switch (family) {
    case 'logto':
      if (status === 404) return logtoReply(404, 'guard.not_found');
      if (status === 400) return logtoReply(400, 'guard.invalid_input', { details: text });
      return logtoReply(status, 'request.general', { message: text });
    case 'equinix':
      return json(status, status === 404 ? { error: 'Not found' } : { errors: [text] });
    case 'sftpgo':
      return json(status, { message: text, error: text });
    default: {
      const error =
        { 400: 'bad_request', 404: 'not_found', 413: 'payload_too_large' }[status] ?? 'internal_error';
      return json(status, { error, message: text });
    }
  }
}

/** Whether every `%xx` sequence of a path decodes (routers decode path parameters and throw). */
function wellEncoded(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function requestUrl(raw: string | undefined): URL | undefined {
  const target = raw ?? '/';
  try {
    return target.startsWith('/') ? new URL(`http://sandbox.invalid${target}`) : new URL(target);
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | string[]> = { ...reply.headers };
  let payload: string | undefined;
  if (reply.text !== undefined) {
    payload = reply.text;
    headers['Content-Type'] = 'text/plain; charset=utf-8';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['Content-Type'] = 'application/json; charset=utf-8';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  } else if (reply.status !== 204 && reply.status !== 304) {
    headers['Content-Length'] = '0';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

const SIGN_IN_PAGE = {
  message:
    'Sandbox sign-in page. A real sign-in page would now drive the Experience API (/api/experience) with the _interaction cookie.',
};

interface Handled {
  reply: Reply;
  family?: Family;
  operation?: Operation;
  api?: BoundApi<Call>;
  label: string;
}

/** Creates the request listener of a sandbox. */
export function createRequestListener(
  state: SandboxState,
  apis: Apis,
  options: ServerOptions,
  violations: ResponseViolation[],
) {
  const logError = (where: string, error: unknown) =>
    options.logger?.(`[sandbox] ${where} failed: ${describeError(error)}`);

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<Handled> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = requestUrl(req.url);
    if (!url)
      return { reply: familyError('other', 400, 'Malformed request target'), label: 'malformed target' };
    const route = routeOf(url.pathname);
    try {
      return { family: route.family, ...(await dispatchRoute(req, res, method, url, route)) };
    } catch (error) {
      logError('request', error);
      return {
        family: route.family,
        reply: familyError(route.family, 500, 'Internal server error'),
        label: 'crashed',
      };
    }
  }

  async function dispatchRoute(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    url: URL,
    route: Route,
  ): Promise<Handled> {
    let raw: Buffer;
    try {
      raw = await readBody(req, options.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      // Stop reading: answer now and drop the connection once the answer is out.
      res.setHeader('Connection', 'close');
      res.on('finish', () => req.destroy());
      return {
        reply: familyError(route.family, 413, `Request body exceeds ${options.maxBodyBytes} bytes`),
        label: 'body too large',
      };
    }
    if (!wellEncoded(url.pathname)) {
      return {
        reply: familyError(route.family, 400, 'Malformed percent-encoding in the path'),
        label: 'malformed path',
      };
    }
    const call: Call = {
      state,
      headers: req.headers,
      body: parseBody(raw, req.headers['content-type']),
      logError,
    };
    switch (route.kind) {
      case 'spec': {
        const api = apis[route.api];
        const request: BackendRequest = {
          method,
          path: route.path,
          query: url.search.slice(1),
          headers: Object.fromEntries(
            Object.entries(req.headers).filter(
              (entry): entry is [string, string | string[]] => entry[1] !== undefined,
            ),
          ),
          body:
            call.body.kind === 'json'
              ? call.body.value
              : call.body.kind === 'malformed-json'
                ? call.body.raw
                : undefined,
        };
        const outcome = await api.handle(request, call);
        const label = outcome.operation
          ? `${route.api} ${outcome.operation.operationId}`
          : `${route.api} unmatched`;
        return { ...outcome, api, label };
      }
      case 'sftpgo-extra': {
        const reply = await handleSftpgoProfile(method, route.path, call);
        return { reply: reply ?? familyError('sftpgo', 404, 'Not Found'), label: `sftpgo ${route.path}` };
      }
      case 'oidc':
        return {
          reply: await handleOidc(
            { method, pathname: url.pathname, searchParams: url.searchParams, body: call.body },
            call,
          ),
          label: 'oidc',
        };
      case 'fake-idp': {
        const reply = handleFakeProvider(method, url.pathname, url.searchParams, call);
        return { reply: reply ?? familyError('other', 404, 'Not Found'), label: 'fake-idp' };
      }
      case 'sign-in': {
        if (!options.signInPage) return { reply: json(200, SIGN_IN_PAGE), label: 'sign-in page' };
        if (method !== 'GET' && method !== 'HEAD') {
          return { reply: familyError('other', 404, 'Not Found'), label: 'sign-in page' };
        }
        if (url.pathname === '/sign-in') {
          return {
            reply: { status: 308, headers: { Location: `/sign-in/${url.search}` } },
            label: 'sign-in page',
          };
        }
        const status = await serveStatic(options.signInPage, '/sign-in', url.pathname, res);
        return { reply: { status }, label: 'sign-in page' };
      }
      default:
        return { reply: familyError(route.family, 404, 'Not Found'), label: 'unmatched route' };
    }
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    // `dispatch` turns every failure into a reply; the catch below only guards the writing.
    dispatch(req, res)
      .then(({ reply: answer, operation, api, label, family }) => {
        // Logto answers every request with the id to report in this header.
        const reply =
          family === 'logto'
            ? { ...answer, headers: { 'Logto-Core-Request-Id': randomUUID(), ...answer.headers } }
            : answer;
        if (api && operation && options.validateResponses()) {
          const errors = api.checkResponse(operation, reply);
          if (errors.length > 0) {
            violations.push({ operationId: operation.operationId ?? '?', status: reply.status, errors });
            options.logger?.(
              `[sandbox] response violates the spec: ${operation.operationId} ${reply.status}`,
            );
          }
        }
        if (!res.headersSent && !res.destroyed) send(res, reply);
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

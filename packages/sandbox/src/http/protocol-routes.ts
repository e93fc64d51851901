// Routes outside the API documents (OAuth/OIDC protocol endpoints, the fake identity provider,
// the sign-in page): a method, a path template and a handler of the raw request.
import type { Route, RoutedRequest } from '../module.js';
import type { Reply } from './reply.js';

export interface ProtocolRoute<Call> {
  method: string;
  /** Path template (see http/router.ts). */
  path: string;
  /** Name for logs. */
  label: string;
  handle(request: RoutedRequest, call: Call): Reply | Promise<Reply>;
}

/** The routes bound to a module's per-request call object. */
export const protocolRoutes = <Call>(
  routes: readonly ProtocolRoute<Call>[],
  callOf: (request: RoutedRequest) => Call,
): Route[] =>
  routes.map((route) => ({
    method: route.method,
    path: route.path,
    label: route.label,
    handle: async (request) => route.handle(request, callOf(request)),
  }));

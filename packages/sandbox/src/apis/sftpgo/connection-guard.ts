// What SFTPGo's HTTP server does before routing a request (internal/httpd/middleware.go
// `checkConnection`, and chi's GetHead): a banned client IP gets 403, one over the rate limit
// 429, both before the credentials are looked at (a passcode sent along stays unspent); HEAD is
// routed as GET.
import type { Reply } from '../../http/reply.js';
import type { Route, RoutedRequest } from '../../module.js';
import { addressBlocked, tooManyRequests } from './errors.js';
import type { SftpgoCall } from './state.js';

/** The defender's or the rate limiter's refusal of the request, if any. */
export function connectionRefusal(call: SftpgoCall): Reply | undefined {
  const { state, config, clientIp } = call;
  const now = call.sandbox.clock.now();
  if (state.defender.isBanned(clientIp, now, config.sftpgoDefender)) return addressBlocked();
  const limited = state.rateLimiter.take(clientIp, now, config.sftpgoRateLimiter);
  if (!limited) return undefined;
  if (config.sftpgoRateLimiter.generateDefenderEvents)
    state.defender.addEvent(clientIp, 'limitExceeded', now, config.sftpgoDefender);
  return tooManyRequests(limited);
}

/** Every route behind the connection checks, and each GET route answering HEAD as well. */
export function guardedRoutes(routes: Route[], callOf: (request: RoutedRequest) => SftpgoCall): Route[] {
  return routes.flatMap((route) => {
    const guarded: Route = {
      ...route,
      handle: async (request) => connectionRefusal(callOf(request)) ?? route.handle(request),
    };
    // The HEAD answer is the GET one (a token is issued, a passcode spent); Node drops the body.
    return route.method === 'GET'
      ? [guarded, { ...guarded, method: 'HEAD', label: `${route.label} (HEAD)` }]
      : [guarded];
  });
}

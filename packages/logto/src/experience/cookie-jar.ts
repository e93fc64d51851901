// Node, Deno, Bun and edge runtimes have no cookie store: each client keeps its own jar, so a
// server-side sign-in carries its interaction cookie and two clients never share a session.
import type { FetchFunction } from '@authspec/core';
import { CookieJar } from 'tough-cookie';
import type { SessionStrategy } from './client';

export function cookieJarSession(jar: CookieJar = new CookieJar()): SessionStrategy {
  return {
    name: 'cookie-jar',
    wrapFetch:
      (fetch: FetchFunction): FetchFunction =>
      async (request, init) => {
        const stored = await jar.getCookieString(request.url);
        if (stored) {
          const given = request.headers.get('cookie');
          request.headers.set('cookie', given ? `${given}; ${stored}` : stored);
        }
        const response = await fetch(request, init);
        for (const cookie of response.headers.getSetCookie()) {
          await jar.setCookie(cookie, request.url, { ignoreError: true });
        }
        return response;
      },
  };
}

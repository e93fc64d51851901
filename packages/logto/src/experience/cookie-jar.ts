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
      async (url, init) => {
        const stored = await jar.getCookieString(url);
        let sent = init;
        if (stored) {
          const headers = { ...(init.headers as Record<string, string> | undefined) };
          const given = Object.keys(headers).find((name) => name.toLowerCase() === 'cookie');
          if (given) headers[given] = `${headers[given]}; ${stored}`;
          else headers.cookie = stored;
          sent = { ...init, headers };
        }
        const response = await fetch(url, sent);
        for (const cookie of response.headers.getSetCookie()) {
          await jar.setCookie(cookie, url, { ignoreError: true });
        }
        return response;
      },
  };
}

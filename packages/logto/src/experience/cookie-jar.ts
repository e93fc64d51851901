// Node, Deno, Bun and edge runtimes have no cookie store: each client keeps its own jar, so a
// server-side sign-in carries its interaction cookie and two clients never share a session.
// Cookie values are session credentials: each one the jar holds is scrubbed from errors and logs.
import type { FetchFunction, SecretValues } from '@authspec/core';
import { CookieJar } from 'tough-cookie';
import type { SessionStrategy } from './client';

export function cookieJarSession(jar: CookieJar = new CookieJar()): SessionStrategy {
  return {
    name: 'cookie-jar',
    wrapFetch: (fetch: FetchFunction, secrets: SecretValues): FetchFunction => {
      // A jar restored from a saved sign-in already holds some.
      for (const cookie of jar.serializeSync()?.cookies ?? []) secrets.addRotating(String(cookie.value));
      return async (url, init) => {
        const stored = await jar.getCookieString(url);
        let sent = init;
        if (stored) {
          // Not a spread: V8 (Node 20) builds a spread's copy that then gets a member slowly
          // (BENCHMARKS.md §1b).
          const headers: Record<string, string> = Object.assign({}, init.headers as Record<string, string>);
          const given = Object.keys(headers).find((name) => name.toLowerCase() === 'cookie');
          if (given) headers[given] = `${headers[given]}; ${stored}`;
          else headers.cookie = stored;
          sent = Object.assign({}, init, { headers });
        }
        const response = await fetch(url, sent);
        for (const header of response.headers.getSetCookie()) {
          const cookie = await jar.setCookie(header, url, { ignoreError: true });
          if (cookie) secrets.addRotating(cookie.value);
        }
        return response;
      };
    },
  };
}

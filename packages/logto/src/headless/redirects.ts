// After submit, Logto answers `redirectTo`: the interaction's resume URL. From there the server
// sends the browser through the consent hop (`/oidc/auth/{uid}` → `/consent` → `/oidc/auth/{uid}`)
// to the redirect URI with `code`, `state` and `iss`. Each hop needs the interaction cookies (one
// of them is scoped to the hop's own path), so they are followed here one by one with the
// sign-in's cookie jar, never by fetch, and never off the Logto endpoint.
import type { RequestOptions, Runtime } from '@authspec/core';
import { HeadlessSignInError } from './error';
import { toStepError } from './oidc';

/** More than Logto's three hops, few enough to stop a redirect loop early. */
const MAX_HOPS = 10;

const isRedirect = (status: number) => status >= 300 && status < 400;
const withoutQuery = (url: URL) => `${url.origin}${url.pathname}`;

/** Follow `redirectTo` until it reaches the redirect URI; answer that URL (the authorization response). */
export async function followToCallback(
  runtime: Runtime,
  from: string,
  endpoint: string,
  redirectUri: string,
  options: RequestOptions | undefined,
): Promise<URL> {
  const origin = new URL(endpoint).origin;
  const callback = withoutQuery(new URL(redirectUri));
  let url: URL;
  try {
    url = new URL(from, endpoint);
  } catch {
    throw new HeadlessSignInError('redirect', 'submit answered a redirectTo that is not a URL', {
      code: 'invalid_redirect',
    });
  }
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    if (withoutQuery(url) === callback) return url;
    if (url.origin !== origin) {
      // The interaction cookies belong to Logto alone.
      throw new HeadlessSignInError(
        'redirect',
        `Logto redirected to ${url.origin}, which is neither Logto nor the redirect URI`,
        {
          code: 'unexpected_redirect',
        },
      );
    }
    let response: Response;
    try {
      ({ response } = await runtime.request(
        {
          operationId: 'OidcRedirect',
          method: 'GET',
          url: url.href,
          redirect: 'manual',
          accept: (r) => isRedirect(r.status) || r.ok,
          read: 'none',
        },
        options,
      ));
    } catch (error) {
      throw toStepError('redirect', error, []);
    }
    const location = response.headers.get('location');
    if (!isRedirect(response.status) || !location) {
      // A page instead of a redirect: Logto wants the user (a third-party app's consent screen,
      // or a sign-in that is not finished).
      throw new HeadlessSignInError(
        'redirect',
        `Logto showed the page ${url.pathname} instead of redirecting; a headless sign-in cannot answer it (a third-party application's consent, or an unfinished interaction)`,
        { code: 'interaction_required', status: response.status },
      );
    }
    url = new URL(location, url);
  }
  throw new HeadlessSignInError('redirect', `more than ${MAX_HOPS} redirects after submit`, {
    code: 'too_many_redirects',
  });
}

// @vitest-environment jsdom
// The sign-in page's password flow in jsdom, against the sandbox as MSW handlers: no server, no
// browser. The page's own script runs in the document (served at http://sandbox.test/sign-in/,
// see vitest.config.ts); its Experience client is the browser entry (credentials: 'include'),
// whose cookies the handlers keep as a browser would.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSandboxHandlers } from '@authspec/sandbox/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

const ORIGIN = 'http://sandbox.test';
const CALLBACK = `${ORIGIN}/sign-in/callback`;

const { handlers, sandbox } = await createSandboxHandlers({
  baseUrl: ORIGIN,
  validateResponses: true,
  logger: false,
});
const server = setupServer(...handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => server.close());

/** What the browser does on a 303: fetch the next URL with its cookies, until one leaves the origin's APIs. */
async function follow(url: string): Promise<URL> {
  let next = new URL(url, ORIGIN);
  for (let hop = 0; hop < 10 && !next.href.startsWith(CALLBACK); hop++) {
    const response = await fetch(next, { redirect: 'manual', credentials: 'include' });
    const location = response.headers.get('location');
    if (response.status !== 303 || !location) throw new Error(`${next} answered ${response.status}`);
    next = new URL(location, next);
  }
  return next;
}

/** The OIDC authorization request of the application, which opens the interaction (and its cookies). */
async function startAuthorization(state: string): Promise<void> {
  const params = new URLSearchParams({
    client_id: 'sign-in-example',
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope: 'openid profile',
    state,
    code_challenge: createHash('sha256')
      .update('a-verifier-the-application-keeps-0123456789')
      .digest('base64url'),
    code_challenge_method: 'S256',
  });
  const signIn = await follow(`/oidc/auth?${params}`).catch((error: unknown) => error);
  // The hop stops at the sign-in page, which MSW does not serve: jsdom is already on it.
  expect(String(signIn)).toContain(`${ORIGIN}/sign-in?app_id=sign-in-example`);
}

it('signs in with a password', async () => {
  expect(location.href).toBe(`${ORIGIN}/sign-in/?app_id=sign-in-example`);
  sandbox.addApp({ clientId: 'sign-in-example', type: 'SPA', redirectUris: ['/sign-in/callback'] });
  const user = sandbox.addUser({ username: 'ada', password: 'correct-horse-battery' });
  await startAuthorization('password');

  // The page: its markup, then its script, which wires the forms up as it does in a browser.
  // (A joined path: Vite turns `new URL(…, import.meta.url)` into a URL of the page under jsdom.)
  const html = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'index.html'), 'utf8');
  document.body.innerHTML = /<body>([\s\S]*)<\/body>/.exec(html)?.[1] ?? '';
  await import('../src/main');

  // jsdom does not navigate (it reports "Not implemented: navigation" where the page calls
  // location.assign, on stderr): the redirect that submit answers is read off the wire instead.
  const credentials = new Set<string>();
  const submitted = new Promise<string>((resolve) => {
    server.events.on('response:mocked', async ({ request, response }) => {
      const { pathname } = new URL(request.url);
      if (pathname.startsWith('/api/experience')) credentials.add(request.credentials);
      if (pathname === '/api/experience/submit')
        resolve(((await response.clone().json()) as { redirectTo: string }).redirectTo);
    });
  });
  const form = document.querySelector<HTMLFormElement>('#password-form');
  if (!form) throw new Error('no password form');
  (form.elements.namedItem('identifier') as HTMLInputElement).value = 'ada';
  (form.elements.namedItem('password') as HTMLInputElement).value = 'correct-horse-battery';
  form.querySelector('button')?.click();

  const callback = await follow(await submitted);
  expect(document.querySelector('#error')?.textContent).toBe('');
  // The page's client is the browser entry: it leaves the cookies to the browser.
  expect([...credentials]).toEqual(['include']);
  expect(callback.searchParams.get('state')).toBe('password');
  expect(sandbox.authorizationCode(callback.searchParams.get('code') ?? '')?.userId).toBe(user.id);
});

import { type Sandbox, type SandboxOptions, startSandbox } from '../src/index.js';

/** The application `Browser.startOidc` signs in to (registered by `startTestSandbox`). */
export const TEST_APP = {
  clientId: 'test-web-app',
  clientSecret: 'test-web-app-secret',
  redirectUri: 'https://app.example.com/callback',
} as const;

/**
 * Starts a sandbox that checks its own responses against the spec and keeps its log lines, with
 * the confidential application `TEST_APP` registered.
 */
export async function startTestSandbox(
  options: SandboxOptions = {},
): Promise<{ sandbox: Sandbox; logs: string[] }> {
  const logs: string[] = [];
  const sandbox = await startSandbox({
    validateResponses: true,
    logger: (line) => logs.push(line),
    ...options,
  });
  sandbox.addApp({
    clientId: TEST_APP.clientId,
    type: 'Traditional',
    clientSecret: TEST_APP.clientSecret,
    redirectUris: [TEST_APP.redirectUri],
  });
  return { sandbox, logs };
}

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** fetch, answering the parsed JSON body (undefined when empty). Redirects are not followed. */
export async function call<T = any>(url: string, init: RequestInit = {}): Promise<JsonResponse<T>> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  return { status: response.status, headers: response.headers, body: await bodyOf(response) };
}

/** The parsed JSON body, the text of any other body, or undefined when empty. */
async function bodyOf(response: Response): Promise<any> {
  const text = await response.text();
  if (!text) return undefined;
  return /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
}

export const jsonInit = (
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): RequestInit => ({
  method,
  headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

/** Gets a Management API access token with the client-credentials grant. */
export async function managementToken(
  sandbox: Sandbox,
  app: { clientId: string; clientSecret: string },
  scope = 'all',
) {
  const response = await call(`${sandbox.url}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      resource: 'https://default.logto.app/api',
      scope,
    }),
  });
  if (response.status !== 200) throw new Error(`token request failed: ${JSON.stringify(response.body)}`);
  return response.body.access_token as string;
}

/**
 * A minimal browser: keeps cookies per name (like a same-origin cookie jar) and never follows
 * redirects, so tests see each hop.
 */
export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(readonly origin: string) {}

  async fetch(pathOrUrl: string, init: RequestInit = {}): Promise<Response> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.origin}${pathOrUrl}`;
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  async json<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<JsonResponse<T>> {
    const response = await this.fetch(path, jsonInit(method, body, headers));
    return { status: response.status, headers: response.headers, body: await bodyOf(response) };
  }

  /** `GET /oidc/auth`: starts an OIDC interaction and keeps its `_interaction` cookie. */
  async startOidc(state = 'client-state') {
    const params = new URLSearchParams({
      client_id: TEST_APP.clientId,
      redirect_uri: TEST_APP.redirectUri,
      response_type: 'code',
      state,
      scope: 'openid profile',
    });
    return this.fetch(`/oidc/auth?${params}`);
  }

  /**
   * Follows `redirectTo` from submit through the consent hop and answers the `code`, `state` and
   * `iss` of the redirect to the application, with the URLs of the hops on the way.
   */
  async finish(redirectTo: string) {
    const hops: string[] = [];
    let url = new URL(redirectTo, this.origin);
    let response: Response;
    do {
      hops.push(url.href);
      response = await this.fetch(url.href);
      url = new URL(response.headers.get('location') ?? '', url);
    } while (response.status === 303 && url.origin === this.origin && hops.length < 10);
    return {
      status: response.status,
      location: url,
      hops,
      code: url.searchParams.get('code'),
      state: url.searchParams.get('state'),
      iss: url.searchParams.get('iss'),
    };
  }
}

/** An interaction that has been started and given its event. */
export async function newInteraction(
  sandbox: Sandbox,
  interactionEvent: 'SignIn' | 'Register' | 'ForgotPassword',
) {
  const browser = new Browser(sandbox.url);
  await browser.startOidc();
  const started = await browser.json('PUT', '/api/experience', { interactionEvent });
  if (started.status !== 204)
    throw new Error(`could not start the interaction: ${JSON.stringify(started.body)}`);
  return browser;
}

/**
 * A SignIn interaction identified with a username and password, as a sign-in page runs it (both
 * steps must succeed). Answers the browser and the password verification's ID.
 */
export async function passwordSignIn(sandbox: Sandbox, username: string, password: string) {
  const browser = await newInteraction(sandbox, 'SignIn');
  const verified = await browser.json('POST', '/api/experience/verification/password', {
    identifier: { type: 'username', value: username },
    password,
  });
  if (verified.status !== 200) throw new Error(`password refused: ${JSON.stringify(verified.body)}`);
  const verificationId = verified.body.verificationId as string;
  const identified = await browser.json('POST', '/api/experience/identification', { verificationId });
  if (identified.status !== 204)
    throw new Error(`identification refused: ${JSON.stringify(identified.body)}`);
  return { browser, verificationId };
}

/** Six digits that are not a valid TOTP code of the secret right now (±1 step), for "wrong code" checks. */
export function wrongTotp(sandbox: Sandbox, secret: string): string {
  const now = sandbox.clock.now();
  const valid = [-30_000, 0, 30_000].map((d) => sandbox.totp(secret, now + d));
  return ['000000', '111111', '222222', '333333'].find((c) => !valid.includes(c)) ?? '444444';
}

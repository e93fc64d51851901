import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { M2mAppCredentials, Sandbox } from '../src/index.js';
import { Browser, call, startTestSandbox, TEST_APP } from './helpers.js';

let sandbox: Sandbox;
let app: M2mAppCredentials;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox({ config: { logtoAccessTokenLifetimeSeconds: 900 } }));
  app = sandbox.addM2mApp({ clientId: 'm2m-one', clientSecret: 's3cret-value', scopes: ['all'] });
});
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => sandbox.close());

const tokenRequest = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  call(`${sandbox.url}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  });

const grant = () => ({
  grant_type: 'client_credentials',
  client_id: app.clientId,
  client_secret: app.clientSecret,
  resource: 'https://default.logto.app/api',
  scope: 'all',
});

describe('POST /oidc/token (client credentials)', () => {
  it('issues a signed ES256 JWT for the Management API resource', async () => {
    const response = await tokenRequest(grant());
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'all' });
    const jwks = createLocalJWKSet((await call(`${sandbox.url}/oidc/jwks`)).body);
    const { payload, protectedHeader } = await jwtVerify(response.body.access_token, jwks, {
      audience: 'https://default.logto.app/api',
      currentDate: new Date(sandbox.clock.now()),
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({ client_id: 'm2m-one', scope: 'all', iss: `${sandbox.url}/oidc` });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(900);
  });

  it('accepts HTTP Basic client authentication', async () => {
    const { client_id, client_secret, ...fields } = grant();
    const basic = Buffer.from(`${client_id}:${client_secret}`).toString('base64');
    const response = await tokenRequest(fields, { authorization: `Basic ${basic}` });
    expect(response.status).toBe(200);
    expect(decodeJwt(response.body.access_token).client_id).toBe('m2m-one');
  });

  it("grants the app's scopes when none are requested", async () => {
    const { scope, ...fields } = grant();
    const response = await tokenRequest(fields);
    expect(response.body.scope).toBe('all');
  });

  it('rejects a wrong secret or unknown client with 401 invalid_client', async () => {
    const wrong = await tokenRequest({ ...grant(), client_secret: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
    const unknown = await tokenRequest({ ...grant(), client_id: 'ghost' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('invalid_client');
  });

  it('grants only the requested scopes the app holds, dropping the others without an error', async () => {
    const granted = await tokenRequest({ ...grant(), scope: 'all superpowers' });
    expect(granted.status).toBe(200);
    expect(granted.body.scope).toBe('all');
    // An app without the Management API role gets a token without scope, which the API refuses.
    const roleless = sandbox.addM2mApp({ scopes: [] });
    const empty = await tokenRequest({
      ...grant(),
      client_id: roleless.clientId,
      client_secret: roleless.clientSecret,
      scope: 'all',
    });
    expect(empty.status).toBe(200);
    expect(empty.body.scope).toBeUndefined();
    const refused = await call(`${sandbox.url}/api/one-time-tokens`, {
      headers: { authorization: `Bearer ${empty.body.access_token}` },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('auth.forbidden');
  });

  it('answers the OAuth error codes for bad grants, targets and requests', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ ...grant(), grant_type: 'password' }, 'unsupported_grant_type'],
      [{ ...grant(), resource: 'https://elsewhere.example.com/api' }, 'invalid_target'],
    ];
    for (const [fields, error] of cases) {
      const response = await tokenRequest(fields);
      expect(response.status, error).toBe(400);
      expect(response.body.error).toBe(error);
      expect(typeof response.body.error_description).toBe('string');
    }
    const { grant_type, ...noGrant } = grant();
    expect((await tokenRequest(noGrant)).body.error).toBe('invalid_request');
    const { resource, ...noResource } = grant();
    expect((await tokenRequest(noResource)).body.error).toBe('invalid_target');
    const json = await call(`${sandbox.url}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(grant()),
    });
    expect(json.status).toBe(400);
    expect(json.body.error).toBe('invalid_request');
  });
});

describe('GET /oidc/auth', () => {
  it('starts an interaction: sets the interaction cookies and redirects to the sign-in page', async () => {
    const browser = new Browser(sandbox.url);
    const response = await browser.startOidc();
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${sandbox.url}/sign-in?app_id=${TEST_APP.clientId}`);
    const cookies = response.headers.getSetCookie();
    const named = (name: string) => cookies.find((c) => c.startsWith(`${name}=`));
    // Logto's names (recorded from Logto 1.42): each cookie with its koa `.sig` signature.
    expect(cookies.map((c) => c.slice(0, c.indexOf('=')))).toEqual([
      '_logto',
      '_logto.sig',
      '_interaction',
      '_interaction.sig',
      '_interaction_resume',
      '_interaction_resume.sig',
    ]);
    // The sign-in page's cookie names the app and is readable by the page.
    expect(named('_logto')).toBe(
      `_logto=${encodeURIComponent(JSON.stringify({ appId: TEST_APP.clientId }))}; Path=/; SameSite=Lax`,
    );
    expect(named('_interaction')).toMatch(/^_interaction=([a-z0-9]+); Path=\/; HttpOnly; SameSite=Lax$/);
    const id = browser.cookies.get('_interaction');
    // The resume cookie is scoped to the interaction's own resume URL, as oidc-provider does.
    expect(named('_interaction_resume')).toBe(
      `_interaction_resume=${id}; Path=/oidc/auth/${id}; HttpOnly; SameSite=Lax`,
    );
    expect(await response.text()).toBe(`Redirecting to ${response.headers.get('location')}.`);
    const page = await browser.fetch('/sign-in');
    expect(page.status).toBe(200);
  });

  it('uses the configured sign-in URL', async () => {
    sandbox.configure({ signInUrl: 'https://login.example.com/sign-in' });
    try {
      const response = await new Browser(sandbox.url).startOidc();
      expect(response.headers.get('location')).toBe(
        `https://login.example.com/sign-in?app_id=${TEST_APP.clientId}`,
      );
    } finally {
      sandbox.configure({ signInUrl: undefined });
    }
  });

  const authorize = (params: Record<string, string>) =>
    call(`${sandbox.url}/oidc/auth?${new URLSearchParams(params)}`);
  const request = (extra: Record<string, string> = {}) => ({
    client_id: TEST_APP.clientId,
    redirect_uri: TEST_APP.redirectUri,
    response_type: 'code',
    scope: 'openid',
    state: 'st',
    ...extra,
  });

  it('answers an unknown client or an unregistered redirect URI itself, with 400', async () => {
    const { client_id, ...noClient } = request();
    const cases: [Record<string, string>, string][] = [
      [noClient, 'invalid_request'],
      [request({ client_id: 'ghost' }), 'invalid_client'],
      [request({ client_id: 'm2m-one' }), 'invalid_client'],
      [request({ redirect_uri: 'https://evil.example.com/callback' }), 'invalid_redirect_uri'],
    ];
    for (const [params, error] of cases) {
      const response = await authorize(params);
      expect(response.status, error).toBe(400);
      expect(response.body).toMatchObject({ code: `oidc.${error}`, error });
    }
  });

  it('sends other refusals back to the redirect URI with error, state and iss', async () => {
    const spa = sandbox.addApp({ type: 'SPA', redirectUris: ['https://spa.example.com/cb'] });
    const cases: [Record<string, string>, string][] = [
      [request({ response_type: 'token' }), 'unsupported_response_type'],
      [request({ scope: 'profile' }), 'invalid_request'],
      // A public client must use PKCE (S256).
      [request({ client_id: spa.clientId, redirect_uri: 'https://spa.example.com/cb' }), 'invalid_request'],
      [request({ code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }), 'invalid_request'],
      [request({ code_challenge: 'short', code_challenge_method: 'S256' }), 'invalid_request'],
    ];
    for (const [params, error] of cases) {
      const response = await authorize(params);
      expect(response.status, error).toBe(303);
      const location = new URL(response.headers.get('location') ?? '');
      expect(location.origin + location.pathname).toBe(params.redirect_uri);
      expect(Object.fromEntries(location.searchParams)).toMatchObject({
        error,
        state: 'st',
        iss: `${sandbox.url}/oidc`,
      });
    }
  });

  it('refuses to finish an interaction that was not submitted, or from another browser', async () => {
    const browser = new Browser(sandbox.url);
    await browser.startOidc();
    const id = browser.cookies.get('_interaction');
    const notSubmitted = await browser.fetch(`/oidc/auth/${id}`);
    expect(notSubmitted.status).toBe(400);
    // Without the resume cookie (another browser), the interaction is not found.
    const stranger = await call(`${sandbox.url}/oidc/auth/${id}`);
    expect(stranger.status).toBe(400);
    expect(stranger.body.error).toBe('invalid_request');
    expect((await call(`${sandbox.url}/oidc/auth/unknown-interaction`)).status).toBe(400);
  });
});

describe('authorization code flow', () => {
  const pkce = () => {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  };

  /** Signs `user` in through the Experience API and follows the redirects to the code. */
  async function signIn(
    user: { username: string; password: string },
    params: Record<string, string>,
    browser = new Browser(sandbox.url),
  ) {
    const started = await browser.fetch(`/oidc/auth?${new URLSearchParams(params)}`);
    expect(started.status).toBe(303);
    await browser.json('PUT', '/api/experience', { interactionEvent: 'SignIn' });
    const verified = await browser.json('POST', '/api/experience/verification/password', {
      identifier: { type: 'username', value: user.username },
      password: user.password,
    });
    await browser.json('POST', '/api/experience/identification', {
      verificationId: verified.body.verificationId,
    });
    const submitted = await browser.json('POST', '/api/experience/submit');
    return { browser, ...(await browser.finish(submitted.body.redirectTo)) };
  }

  let user: { id: string; username: string; password: string };
  beforeAll(() => {
    const added = sandbox.addUser({ username: 'flow-user', password: 'flow-user-password', name: 'Flo' });
    user = { id: added.id, username: 'flow-user', password: 'flow-user-password' };
  });

  it('goes through the consent hop to the redirect URI with code, state and iss', async () => {
    const { hops, location, state, iss, code } = await signIn(user, {
      client_id: TEST_APP.clientId,
      redirect_uri: TEST_APP.redirectUri,
      response_type: 'code',
      scope: 'openid',
      state: 'hop-state',
    });
    const paths = hops.map((hop) => new URL(hop).pathname);
    expect(paths[0]).toMatch(/^\/oidc\/auth\/[a-z0-9]+$/);
    expect(paths).toEqual([paths[0], '/consent', paths[0]]);
    expect(location.origin + location.pathname).toBe(TEST_APP.redirectUri);
    expect([state, iss]).toEqual(['hop-state', `${sandbox.url}/oidc`]);
    expect(code).toBeTruthy();
  });

  it('stops at the consent page of a third-party application', async () => {
    const third = sandbox.addApp({
      type: 'Traditional',
      name: 'Partner',
      isThirdParty: true,
      redirectUris: ['https://partner.example.com/cb'],
    });
    const { status, location } = await signIn(user, {
      client_id: third.clientId,
      redirect_uri: 'https://partner.example.com/cb',
      response_type: 'code',
      scope: 'openid',
    });
    expect(status).toBe(200);
    expect(location.pathname).toBe('/consent');
  });

  it('exchanges the code of a public client with PKCE for tokens and a signed ID token', async () => {
    const spa = sandbox.addApp({ type: 'SPA', redirectUris: ['/spa/callback'] });
    const { verifier, challenge } = pkce();
    const { code } = await signIn(user, {
      client_id: spa.clientId,
      redirect_uri: `${sandbox.url}/spa/callback`,
      response_type: 'code',
      scope: 'openid profile offline_access',
      nonce: 'n-0S6_WzA2Mj',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const exchange = (fields: Record<string, string>) =>
      tokenRequest({
        grant_type: 'authorization_code',
        client_id: spa.clientId,
        redirect_uri: `${sandbox.url}/spa/callback`,
        code: code ?? '',
        ...fields,
      });
    const response = await exchange({ code_verifier: verifier });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(typeof response.body.refresh_token).toBe('string');
    const discovery = await call(`${sandbox.url}/oidc/.well-known/openid-configuration`);
    expect(discovery.body).toMatchObject({
      issuer: `${sandbox.url}/oidc`,
      token_endpoint: `${sandbox.url}/oidc/token`,
      authorization_response_iss_parameter_supported: true,
    });
    const jwks = createLocalJWKSet((await call(discovery.body.jwks_uri)).body);
    const { payload } = await jwtVerify(response.body.id_token, jwks, {
      issuer: `${sandbox.url}/oidc`,
      audience: spa.clientId,
      currentDate: new Date(sandbox.clock.now()),
    });
    expect(payload).toMatchObject({
      sub: user.id,
      nonce: 'n-0S6_WzA2Mj',
      name: 'Flo',
      username: 'flow-user',
    });
    // A code is spent by its first exchange.
    const again = await exchange({ code_verifier: verifier });
    expect([again.status, again.body.error]).toEqual([400, 'invalid_grant']);
  });

  it('refuses a wrong verifier, another redirect URI, a public client with a secret, a wrong secret', async () => {
    const spa = sandbox.addApp({ type: 'SPA', redirectUris: ['https://spa2.example.com/cb'] });
    const attempt = async (fields: (code: string, verifier: string) => Record<string, string>) => {
      const { verifier, challenge } = pkce();
      const { code } = await signIn(user, {
        client_id: spa.clientId,
        redirect_uri: 'https://spa2.example.com/cb',
        response_type: 'code',
        scope: 'openid',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      return tokenRequest({
        grant_type: 'authorization_code',
        client_id: spa.clientId,
        redirect_uri: 'https://spa2.example.com/cb',
        ...fields(code ?? '', verifier),
      });
    };
    const wrongVerifier = await attempt((code) => ({ code, code_verifier: pkce().verifier }));
    expect([wrongVerifier.status, wrongVerifier.body.error]).toEqual([400, 'invalid_grant']);
    expect(wrongVerifier.body.code).toBe('oidc.invalid_grant');
    const otherRedirect = await attempt((code, code_verifier) => ({
      code,
      code_verifier,
      redirect_uri: 'https://spa2.example.com/other',
    }));
    expect(otherRedirect.body.error).toBe('invalid_grant');
    const withSecret = await attempt((code, code_verifier) => ({ code, code_verifier, client_secret: 'x' }));
    expect([withSecret.status, withSecret.body.error]).toEqual([401, 'invalid_client']);

    const { code } = await signIn(user, {
      client_id: TEST_APP.clientId,
      redirect_uri: TEST_APP.redirectUri,
      response_type: 'code',
      scope: 'openid',
    });
    const basic = (secret: string) =>
      `Basic ${Buffer.from(`${TEST_APP.clientId}:${secret}`).toString('base64')}`;
    const fields = { grant_type: 'authorization_code', code: code ?? '', redirect_uri: TEST_APP.redirectUri };
    const wrongSecret = await tokenRequest(fields, { authorization: basic('wrong') });
    expect([wrongSecret.status, wrongSecret.body.error]).toEqual([401, 'invalid_client']);
    const right = await tokenRequest(fields, { authorization: basic(TEST_APP.clientSecret) });
    expect(right.status).toBe(200);
  });

  it('lets a code expire after a minute', async () => {
    const { code } = await signIn(user, {
      client_id: TEST_APP.clientId,
      redirect_uri: TEST_APP.redirectUri,
      response_type: 'code',
      scope: 'openid',
    });
    sandbox.clock.advance(61_000);
    const response = await tokenRequest({
      grant_type: 'authorization_code',
      client_id: TEST_APP.clientId,
      client_secret: TEST_APP.clientSecret,
      code: code ?? '',
      redirect_uri: TEST_APP.redirectUri,
    });
    expect(response.body.error).toBe('invalid_grant');
  });
});

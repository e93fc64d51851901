import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { M2mAppCredentials, Sandbox } from '../src/index.js';
import { Browser, call, startTestSandbox } from './helpers.js';

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

  it('answers the OAuth error codes for bad grants, targets, scopes and requests', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ ...grant(), grant_type: 'password' }, 'unsupported_grant_type'],
      [{ ...grant(), resource: 'https://elsewhere.example.com/api' }, 'invalid_target'],
      [{ ...grant(), scope: 'all superpowers' }, 'invalid_scope'],
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
  it('starts an interaction: sets the _interaction cookie and redirects to the sign-in page', async () => {
    const browser = new Browser(sandbox.url);
    const response = await browser.startOidc();
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${sandbox.url}/sign-in`);
    const cookie = response.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^_interaction=[a-z0-9]+; Path=\/; HttpOnly; SameSite=Lax$/);
    const page = await browser.fetch('/sign-in');
    expect(page.status).toBe(200);
  });

  it('uses the configured sign-in URL', async () => {
    sandbox.configure({ signInUrl: 'https://login.example.com/sign-in' });
    try {
      const response = await new Browser(sandbox.url).startOidc();
      expect(response.headers.get('location')).toBe('https://login.example.com/sign-in');
    } finally {
      sandbox.configure({ signInUrl: undefined });
    }
  });

  it('rejects requests without a client, a redirect URI or response_type=code', async () => {
    const bad = [
      'redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&response_type=code',
      'client_id=app&response_type=code',
      'client_id=app&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&response_type=token',
    ];
    for (const query of bad) {
      const response = await call(`${sandbox.url}/oidc/auth?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatch(/^(invalid_request|unsupported_response_type)$/);
    }
  });

  it('refuses to finish an interaction that was not submitted', async () => {
    const browser = new Browser(sandbox.url);
    await browser.startOidc();
    const id = browser.cookies.get('_interaction');
    const response = await call(`${sandbox.url}/oidc/auth/${id}`);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
    expect((await call(`${sandbox.url}/oidc/auth/unknown-interaction`)).status).toBe(400);
  });
});

// The sandbox as MSW handlers in Node (setupServer): clients talk to http://sandbox.test, no port
// is opened, and the handlers share their state with the sandbox's helpers.
import { createExperienceClient, createManagementClient } from '@authspec/logto';
import { createHeadlessSignIn } from '@authspec/logto/headless';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxHandlers } from '../src/msw.js';
import { startSandbox } from '../src/sandbox.js';

const BASE = 'http://sandbox.test';
const CALLBACK = 'https://app.example.com/callback';

const { handlers, sandbox } = await createSandboxHandlers({
  baseUrl: BASE,
  validateResponses: true,
  logger: false,
});
const server = setupServer(...handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => server.close());

describe('createSandboxHandlers', () => {
  it('hands out URLs under the base URL and answers for every route of the sandbox', () => {
    expect(sandbox.url).toBe(BASE);
    expect(sandbox.urls.equinix).toBe(`${BASE}/metal/v1`);
    const paths = handlers.map((h) => `${String(h.info.method)} ${String(h.info.path)}`);
    expect(paths).toContain(`POST ${BASE}/api/one-time-tokens/verify`);
    expect(paths).toContain(`PUT ${BASE}/api/one-time-tokens/:id/status`);
    expect(paths).toContain(`GET ${BASE}/oidc/auth/:interactionId`);
    expect(paths).toContain(`POST ${BASE}/metal/v1/user/otp/verify/:otp`);
    expect(paths.at(-1)).toBe(`/.+/ ${BASE}/*`);
  });

  it('creates and verifies a one-time token with the Management client, sharing state with the helpers', async () => {
    const app = sandbox.addM2mApp();
    const logto = createManagementClient({
      endpoint: sandbox.urls.logto,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
    });
    const created = await logto.oneTimeTokens.create({ email: 'ada@example.com', expiresIn: 600 });
    expect(created.status).toBe('active');
    const verified = await logto.oneTimeTokens.verify({ token: created.token, email: 'ada@example.com' });
    expect(verified).toMatchObject({ id: created.id, status: 'consumed' });

    // A token the helper issues is one the client sees, and the sandbox clock expires it.
    const issued = sandbox.createOneTimeToken({ email: 'bob@example.com', expiresIn: 60 });
    expect((await logto.oneTimeTokens.get(issued.id)).status).toBe('active');
    sandbox.clock.advance(61_000);
    await expect(
      logto.oneTimeTokens.verify({ token: issued.token, email: 'bob@example.com' }),
    ).rejects.toMatchObject({
      code: 'one_time_token.token_expired',
    });
  });

  it('runs a password sign-in with the Node Experience client and its cookie jar, to the ID token', async () => {
    const web = sandbox.addApp({ type: 'Traditional', redirectUris: [CALLBACK] });
    const user = sandbox.addUser({ username: 'ada', password: 'correct-horse-battery' });
    const flow = await createHeadlessSignIn({
      endpoint: sandbox.urls.logto,
      clientId: web.clientId,
      clientSecret: web.clientSecret,
      redirectUri: CALLBACK,
      // http://sandbox.test is no loopback address; MSW answers it, nothing goes on the wire.
      allowInsecureHttp: true,
    }).start();
    const { experience } = flow;
    await experience.initInteraction({ interactionEvent: 'SignIn' });
    const { verificationId } = await experience.createPasswordVerification({
      identifier: { type: 'username', value: 'ada' },
      password: 'correct-horse-battery',
    });
    await experience.identifyUser({ verificationId });
    const submitted = await experience.submit();
    if (submitted.status !== 200) throw new Error(`submit answered ${submitted.status}`);
    const { claims } = await flow.complete({ redirectTo: submitted.data.redirectTo });
    expect(claims.sub).toBe(user.id);
  });

  it('sends a verification code to the outbox of the sandbox', async () => {
    sandbox.addApp({ clientId: 'code-app', type: 'Traditional', redirectUris: [CALLBACK] });
    sandbox.addUser({ email: 'cora@example.com' });
    const experience = createExperienceClient({ endpoint: sandbox.urls.logto, appId: 'code-app' });
    await experience.startOidcAuthorization({ clientId: 'code-app', redirectUri: CALLBACK });
    await experience.initInteraction({ interactionEvent: 'SignIn' });
    await experience.createAndSendVerificationCode({
      identifier: { type: 'email', value: 'cora@example.com' },
      interactionEvent: 'SignIn',
    });
    expect(sandbox.outbox.latest('cora@example.com')?.code).toMatch(/^\d{6}$/);
  });

  it('answers unknown paths and wrong methods like the server does', async () => {
    const missing = await fetch(`${BASE}/api/nothing-here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'guard.not_found' });
    const wrongMethod = await fetch(`${BASE}/api/one-time-tokens`, { method: 'PATCH' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
  });

  it('applies the body limit of the server', async () => {
    const small = await createSandboxHandlers({
      baseUrl: 'http://small.test',
      maxBodyBytes: 16,
      logger: false,
    });
    server.use(...small.handlers);
    const response = await fetch('http://small.test/api/one-time-tokens/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'x'.repeat(64), email: 'ada@example.com' }),
    });
    expect(response.status).toBe(413);
  });

  it('refuses options that only apply to a listening sandbox, and a base URL with a path', async () => {
    await expect(createSandboxHandlers({ port: 4000 } as never)).rejects.toThrow(
      /port applies only to a sandbox that listens/,
    );
    await expect(createSandboxHandlers({ baseUrl: 'http://sandbox.test/api' })).rejects.toThrow(/origin/);
    await expect(startSandbox({ origin: 'http://x.test' })).rejects.toThrow(/origin applies only/);
  });
});

describe("cookies: 'browser'", () => {
  it('keeps the cookies the sandbox sets and sends each back on its path, like a browser', async () => {
    const browser = await createSandboxHandlers({
      baseUrl: 'http://browser.test',
      cookies: 'browser',
      logger: false,
    });
    server.use(...browser.handlers);
    browser.sandbox.addApp({ clientId: 'web', type: 'Traditional', redirectUris: [CALLBACK] });
    const params = new URLSearchParams({
      client_id: 'web',
      redirect_uri: CALLBACK,
      response_type: 'code',
      scope: 'openid',
    });
    const authorized = await fetch(`http://browser.test/oidc/auth?${params}`, { redirect: 'manual' });
    expect(authorized.status).toBe(303);
    // Two cookies in one answer: the session, and the resume cookie scoped to /oidc/auth/<id>.
    const id = /_interaction=([^;]+)/.exec(authorized.headers.getSetCookie().join('\n'))?.[1];
    const resume = () => fetch(`http://browser.test/oidc/auth/${id}`, { redirect: 'manual' });
    // The resume cookie reached the path it is scoped to: the interaction is found, not yet submitted.
    expect(await (await resume()).json()).toMatchObject({
      error_description: 'the interaction has not been submitted',
    });
    browser.clearCookies();
    expect(await (await resume()).json()).toMatchObject({
      error_description: 'interaction session not found',
    });
  });
});

describe('sandbox.handle', () => {
  it('answers a Request in process, without a port, like over HTTP', async () => {
    const local = await startSandbox({ listen: false, origin: 'http://local.test', logger: false });
    const user = local.addEquinixUser();
    const response = await local.handle(
      new Request(`${local.urls.equinix}/user/otp/verify/${local.totp(user.totpSecret ?? '')}`, {
        method: 'POST',
        headers: { 'X-Auth-Token': user.authToken },
      }),
    );
    expect(response.status).toBe(204);
    await local.close();
  });
});

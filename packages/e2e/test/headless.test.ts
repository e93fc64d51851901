// Headless sign-ins (@authspec/logto/headless) end to end against the sandbox: every way in, the
// refusals a real Logto makes, tampering on the wire, and a sign-in carried between requests.
import { inspect } from 'node:util';
import { ApiError, OidcAuthorizationError } from '@authspec/logto';
import {
  createHeadlessSignIn,
  type HeadlessSignIn,
  HeadlessSignInError,
  type HeadlessSignInFlow,
} from '@authspec/logto/headless';
import type { AppCredentials } from '@authspec/sandbox';
import { SoftwareAuthenticator } from '@authspec/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { managementClient, useSandbox } from './setup';

const sandbox = useSandbox();
const CALLBACK = 'https://app.example.com/callback';
let spa: AppCredentials;
let web: AppCredentials;

beforeAll(() => {
  spa = sandbox().addApp({ type: 'SPA', name: 'Headless SPA', redirectUris: [CALLBACK] });
  web = sandbox().addApp({ type: 'Traditional', name: 'Headless web', redirectUris: [CALLBACK] });
});

/** Sign-ins of the public client (PKCE only) or of the confidential one (PKCE and its secret). */
const signIns = (app: 'spa' | 'web' = 'spa', endpoint = sandbox().urls.logto): HeadlessSignIn =>
  createHeadlessSignIn({
    endpoint,
    clientId: app === 'spa' ? spa.clientId : web.clientId,
    ...(app === 'web' ? { clientSecret: web.clientSecret } : {}),
    redirectUri: CALLBACK,
    scope: 'openid profile email offline_access',
  });

/** What an exported sign-in holds: `[version, clientId, redirectUri, verifier, state, nonce, cookies]`. */
const decode = (saved: string) => JSON.parse(Buffer.from(saved, 'base64url').toString('utf8')) as unknown[];
const encode = (fields: unknown[]) => Buffer.from(JSON.stringify(fields)).toString('base64url');

/** Each of `values` is absent from every view of `value` a log or a report could show. */
function expectNoSecrets(value: unknown, values: ReadonlyArray<string | undefined>) {
  const views = [inspect(value, { depth: 10 }), JSON.stringify(value), String(value)];
  if (value instanceof Error) views.push(value.message, value.stack ?? '');
  for (const secret of values.filter((v): v is string => typeof v === 'string' && v.length >= 8))
    for (const view of views) expect(view).not.toContain(secret);
}

async function passwordVerification(flow: HeadlessSignInFlow, username: string, password: string) {
  const { verificationId } = await flow.experience.createPasswordVerification({
    identifier: { type: 'username', value: username },
    password,
  });
  return verificationId;
}

describe('signing in', () => {
  it('signs in with a password, one step per request, and ends with validated tokens', async () => {
    const user = sandbox().addUser({
      username: 'hl_password',
      email: 'hl-password@example.com',
      password: 'hl-password-1',
      name: 'Ada',
    });
    const app = signIns('spa');
    // Each step runs on a sign-in restored from the value the previous request saved.
    let saved = (await app.start()).export();
    let flow = app.resume(saved);
    await flow.experience.initInteraction({ interactionEvent: 'SignIn' });
    saved = flow.export();
    flow = app.resume(saved);
    const verificationId = await passwordVerification(flow, 'hl_password', 'hl-password-1');
    saved = flow.export();
    flow = app.resume(saved);
    await flow.experience.identifyUser({ verificationId });
    const { tokens, claims } = await app.resume(flow.export()).complete();

    expect(claims).toMatchObject({
      sub: user.id,
      iss: `${sandbox().urls.logto}/oidc`,
      aud: spa.clientId,
      name: 'Ada',
      email: 'hl-password@example.com',
    });
    expect(claims.nonce).toBe(decode(saved)[5]);
    expect(tokens.tokenType).toBe('bearer');
    expect(tokens.accessToken.length).toBeGreaterThan(20);
    expect(typeof tokens.refreshToken).toBe('string');
    expect(tokens.expiresAt).toBeGreaterThan(Date.now());
    // The tokens are kept as members, never shown.
    expect({ ...tokens }.idToken).toBe(tokens.idToken);
    expectNoSecrets(tokens, [tokens.accessToken, tokens.idToken, tokens.refreshToken]);
    expectNoSecrets(flow, [decode(saved)[3] as string, ...(decode(saved)[6] as string[][]).map((c) => c[1])]);
  });

  it('signs in with a magic link (one-time token) as a confidential client', async () => {
    const user = sandbox().addUser({ email: 'hl-magic@example.com' });
    const { token } = await managementClient(sandbox()).oneTimeTokens.create({
      email: 'hl-magic@example.com',
    });
    const flow = await signIns('web').start();
    await flow.experience.initInteraction({ interactionEvent: 'SignIn' });
    const { verificationId } = await flow.experience.verifyOneTimeToken({
      identifier: { type: 'email', value: 'hl-magic@example.com' },
      token,
    });
    await flow.experience.identifyUser({ verificationId });
    const { claims } = await flow.complete();
    expect(claims.sub).toBe(user.id);
    // A finished sign-in cannot be completed or exported again.
    await expect(flow.complete()).rejects.toMatchObject({ name: 'ValidationError' });
    expect(() => flow.export()).toThrow(/is complete/);
  });

  it('asks for the second factor at submit, then finishes with TOTP', async () => {
    const user = sandbox().addUser({ username: 'hl_totp', password: 'hl-totp-password', totpSecret: true });
    const flow = await signIns('spa').start();
    await flow.experience.initInteraction({ interactionEvent: 'SignIn' });
    await flow.experience.identifyUser({
      verificationId: await passwordVerification(flow, 'hl_totp', 'hl-totp-password'),
    });
    const refused = await flow.complete().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HeadlessSignInError);
    expect(refused).toMatchObject({
      step: 'submit',
      code: 'session.mfa.require_mfa_verification',
      status: 403,
    });
    // The typed error of the failed call, with the factors the page can offer.
    expect((refused as HeadlessSignInError).cause).toMatchObject({
      name: 'PermissionDeniedError',
      body: { data: { availableFactors: ['Totp'] } },
    });
    await flow.experience.verifyTotp({ code: sandbox().totp(user.totpSecret ?? '') });
    expect((await flow.complete()).claims.sub).toBe(user.id);
  });

  it('registers with an email code, adding the profile the sign-up settings require', async () => {
    const before = sandbox().config;
    sandbox().configure({
      signUp: { identifiers: ['username', 'email'], password: true, verify: true },
      signUpProfileFields: ['name'],
    });
    try {
      const flow = await signIns('spa').start();
      const { experience } = flow;
      await experience.initInteraction({ interactionEvent: 'Register' });
      const identifier = { type: 'email' as const, value: 'hl-register@example.com' };
      const sent = await experience.createAndSendVerificationCode({
        identifier,
        interactionEvent: 'Register',
      });
      const { verificationId } = await experience.verifyCode({
        identifier,
        verificationId: sent.verificationId,
        code: sandbox().outbox.latest(identifier.value)?.code ?? '',
      });
      const missing = await experience.identifyUser({ verificationId }).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(ApiError);
      expect(missing).toMatchObject({
        status: 422,
        code: 'user.missing_profile',
        body: { data: { missingProfile: ['username', 'password', 'extraProfile'] } },
      });
      await experience.addUserProfile({ type: 'username', value: 'hl_register' });
      await experience.addUserProfile({ type: 'password', value: 'hl-register-password' });
      await experience.addUserProfile({ type: 'extraProfile', values: { name: 'Headless Registrant' } });
      await experience.identifyUser({ verificationId });
      const { claims } = await flow.complete();
      const user = sandbox().findUser({ email: identifier.value });
      expect(user).toMatchObject({ username: 'hl_register', extraProfile: { name: 'Headless Registrant' } });
      expect(claims.sub).toBe(user?.id);
    } finally {
      sandbox().configure({ signUp: before.signUp, signUpProfileFields: before.signUpProfileFields });
    }
  });

  it('binds a passkey, then signs in with it as the second factor', async () => {
    sandbox().configure({ mfaPolicy: 'UserControlled' });
    const authenticator = new SoftwareAuthenticator(sandbox().url);
    const user = sandbox().addUser({ username: 'hl_passkey', password: 'hl-passkey-password' });
    const first = await signIns('spa').start();
    await first.experience.initInteraction({ interactionEvent: 'SignIn' });
    await first.experience.identifyUser({
      verificationId: await passwordVerification(first, 'hl_passkey', 'hl-passkey-password'),
    });
    const registration = await first.experience.createWebAuthnRegistration();
    await first.experience.verifyWebAuthnRegistration({
      verificationId: registration.verificationId,
      payload: authenticator.register(registration.registrationOptions) as never,
    });
    await first.experience.bindMfaVerification({
      type: 'WebAuthn',
      verificationId: registration.verificationId,
    });
    expect((await first.complete()).claims.sub).toBe(user.id);

    const second = await signIns('spa').start();
    await second.experience.initInteraction({ interactionEvent: 'SignIn' });
    await second.experience.identifyUser({
      verificationId: await passwordVerification(second, 'hl_passkey', 'hl-passkey-password'),
    });
    const challenge = await second.experience.createWebAuthnAuthenticationVerification();
    await second.experience.verifyWebAuthnAuthentication({
      verificationId: challenge.verificationId,
      payload: authenticator.authenticate(challenge.authenticationOptions) as never,
    });
    expect((await second.complete()).claims.sub).toBe(user.id);
    expect(sandbox().findUser({ id: user.id })?.webAuthnCredentials[0]?.counter).toBe(authenticator.counter);
    sandbox().configure({ mfaPolicy: 'NoPrompt' });
  });
});

describe('refusals', () => {
  it('a public client without PKCE is refused by the authorization request', async () => {
    const { createExperienceClient } = await import('@authspec/logto');
    const experience = createExperienceClient({ endpoint: sandbox().urls.logto, appId: spa.clientId });
    const refused = await experience
      .startOidcAuthorization({ clientId: spa.clientId, redirectUri: CALLBACK, state: 's' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OidcAuthorizationError);
    expect(refused).toMatchObject({ code: 'invalid_request' });
  });

  it('an unregistered redirect URI fails at authorization with Logto code', async () => {
    const app = createHeadlessSignIn({
      endpoint: sandbox().urls.logto,
      clientId: spa.clientId,
      redirectUri: 'https://elsewhere.example.com/cb',
    });
    await expect(app.start()).rejects.toMatchObject({
      name: 'HeadlessSignInError',
      step: 'authorization',
      code: 'oidc.invalid_redirect_uri',
      status: 400,
    });
  });

  let readyUsers = 0;
  async function readyToComplete(app = signIns('spa')) {
    const user = sandbox().addUser({ username: `hl_ready_${++readyUsers}`, password: 'ready-password-1' });
    const flow = await app.start();
    await flow.experience.initInteraction({ interactionEvent: 'SignIn' });
    const { verificationId } = await flow.experience.createPasswordVerification({
      identifier: { type: 'username', value: user.username ?? '' },
      password: 'ready-password-1',
    });
    await flow.experience.identifyUser({ verificationId });
    return { flow, user, app };
  }

  it('a code verifier that does not match the challenge is refused at the token endpoint', async () => {
    const { flow, app } = await readyToComplete();
    const fields = decode(flow.export());
    const wrongVerifier = 'x'.repeat(43);
    fields[3] = wrongVerifier;
    const error = await app
      .resume(encode(fields))
      .complete()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'HeadlessSignInError',
      step: 'token',
      code: 'invalid_grant',
      status: 400,
    });
    expectNoSecrets(error, [wrongVerifier]);
  });

  it('a callback whose state is not the one sent is refused before the code is used', async () => {
    const { flow, app } = await readyToComplete();
    const fields = decode(flow.export());
    fields[4] = 'another-state-value';
    await expect(app.resume(encode(fields)).complete()).rejects.toMatchObject({
      name: 'HeadlessSignInError',
      step: 'callback',
    });
  });

  it('an ID token changed on the wire fails its signature check', async () => {
    // The sandbox's real answer, changed in transit: the ID token's `sub` is swapped and its
    // signature kept. (A proxy cannot stand in for the sandbox here: the issuer is its origin.)
    const tampering = (url: string, init: RequestInit) =>
      fetch(url, init).then(async (answer) => {
        if (!url.endsWith('/oidc/token') || answer.status !== 200) return answer;
        const body = await answer.json();
        const [header, payload, signature] = String(body.id_token).split('.');
        const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
        claims.sub = 'someone-else';
        body.id_token = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join(
          '.',
        );
        return new Response(JSON.stringify(body), { status: 200, headers: answer.headers });
      });
    const app = createHeadlessSignIn({
      endpoint: sandbox().urls.logto,
      clientId: spa.clientId,
      redirectUri: CALLBACK,
      fetch: tampering,
    });
    const { flow } = await readyToComplete(app);
    const error = await flow.complete().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'HeadlessSignInError', step: 'id-token' });
    expect(String((error as Error).message)).toMatch(/signature/i);
  });

  it('an ID token for another nonce is refused', async () => {
    const { flow, app } = await readyToComplete();
    const fields = decode(flow.export());
    fields[5] = 'a-nonce-this-sign-in-never-sent';
    await expect(app.resume(encode(fields)).complete()).rejects.toMatchObject({
      name: 'HeadlessSignInError',
      step: 'id-token',
      code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
    });
  });

  it('a sign-in restored after Logto forgot its interaction fails with session.not_found', async () => {
    const { flow, app } = await readyToComplete();
    const saved = flow.export();
    sandbox().clock.advance(61 * 60 * 1000);
    try {
      const restored = app.resume(saved);
      const call = await restored.experience
        .initInteraction({ interactionEvent: 'SignIn' })
        .catch((e: unknown) => e);
      expect(call).toBeInstanceOf(ApiError);
      expect(call).toMatchObject({ status: 400, code: 'session.not_found' });
      await expect(restored.complete()).rejects.toMatchObject({
        name: 'HeadlessSignInError',
        step: 'submit',
        code: 'session.not_found',
      });
    } finally {
      sandbox().clock.advance(-61 * 60 * 1000);
    }
  });

  it('a saved value that is not one export made, or is for another app, is refused', () => {
    const app = signIns('spa');
    for (const bad of [
      '',
      'not-base64-json',
      encode([1, 'x']),
      encode([2, spa.clientId, CALLBACK, 'v', 's', 'n', []]),
    ])
      expect(() => app.resume(bad)).toThrow(HeadlessSignInError);
    const other = encode([1, web.clientId, CALLBACK, 'v'.repeat(43), 'state', 'nonce', []]);
    expect(() => app.resume(other)).toThrow(/another application/);
  });
});

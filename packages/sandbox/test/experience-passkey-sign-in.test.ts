import { SoftwareAuthenticator } from '@authspec/test-utils';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { type Browser, newInteraction, passwordSignIn, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;
let authenticator: SoftwareAuthenticator;

const PASSKEY_SIGN_IN = { enabled: true, showPasskeyButton: true, allowAutofill: true };

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  sandbox.configure({ passkeySignIn: PASSKEY_SIGN_IN });
  sandbox.addUser({ username: 'ada', email: 'ada@example.com', password: 'correct-horse-battery' });
  sandbox.addUser({ username: 'grace', password: 'another-long-pass' });
  authenticator = new SoftwareAuthenticator(sandbox.url);
});
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => sandbox.close());

const signInWithPassword = async (username: string, password: string) =>
  (await passwordSignIn(sandbox, username, password)).browser;

const verifyPasskey = (browser: Browser, payload: unknown, verificationId?: string) =>
  browser.json('POST', '/api/experience/verification/sign-in-passkey/authentication/verify', {
    ...(verificationId ? { verificationId } : {}),
    payload,
  });

const withIdentifier = (browser: Browser, value: string, type = 'username') =>
  browser.json('POST', '/api/experience/verification/sign-in-passkey/authentication', {
    identifier: { type, value },
  });

describe('creating a passkey to sign in with', () => {
  it('asks for a passkey at submit, and binds a WebAuthn registration as one', async () => {
    const browser = await signInWithPassword('ada', 'correct-horse-battery');
    const preferred = await browser.json('POST', '/api/experience/submit');
    expect(preferred.status).toBe(422);
    expect(preferred.body.code).toBe('user.passkey_preferred');

    const started = await browser.json('POST', '/api/experience/verification/web-authn/registration');
    const unverified = await browser.json('POST', '/api/experience/profile/mfa/passkey', {
      verificationId: started.body.verificationId,
    });
    expect(unverified.status).toBe(400);
    expect(unverified.body.code).toBe('session.verification_failed');
    await browser.json('POST', '/api/experience/verification/web-authn/registration/verify', {
      verificationId: started.body.verificationId,
      payload: authenticator.register(started.body.registrationOptions),
    });
    const bound = await browser.json('POST', '/api/experience/profile/mfa/passkey', {
      verificationId: started.body.verificationId,
    });
    expect(bound.status).toBe(204);
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);
    // A passkey for sign-in, not a decision to turn optional MFA on.
    expect(sandbox.findUser({ username: 'ada' })).toMatchObject({
      webAuthnCredentials: [{ id: authenticator.id }],
      mfaEnabled: false,
    });
  });

  it('remembers a user who declined, and asks them no more', async () => {
    const browser = await signInWithPassword('grace', 'another-long-pass');
    expect((await browser.json('POST', '/api/experience/submit')).body.code).toBe('user.passkey_preferred');
    const skipped = await browser.json('POST', '/api/experience/profile/mfa/passkey-skipped');
    expect(skipped.status).toBe(204);
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);
    expect(sandbox.findUser({ username: 'grace' })?.passkeySkipped).toBe(true);
    const next = await signInWithPassword('grace', 'another-long-pass');
    expect((await next.json('POST', '/api/experience/submit')).status).toBe(200);
  });

  it('refuses the passkey choices in a password reset and before identification', async () => {
    const reset = await newInteraction(sandbox, 'ForgotPassword');
    const forgot = await reset.json('POST', '/api/experience/profile/mfa/passkey-skipped');
    expect(forgot.status).toBe(400);
    expect(forgot.body.code).toBe('session.not_supported_for_forgot_password');
    const anonymous = await newInteraction(sandbox, 'SignIn');
    const notIdentified = await anonymous.json('POST', '/api/experience/profile/mfa/passkey', {
      verificationId: 'none',
    });
    expect(notIdentified.status).toBe(404);
    expect(notIdentified.body.code).toBe('session.identifier_not_found');
  });
});

describe('signing in with a passkey', () => {
  it("lists the identifier's passkeys, identifies by the assertion and needs no other factor", async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    const started = await withIdentifier(browser, 'ada@example.com', 'email');
    expect(started.status).toBe(200);
    const options = started.body.authenticationOptions;
    expect(options.allowCredentials).toEqual([
      { type: 'public-key', id: authenticator.id, transports: ['internal'] },
    ]);
    const verified = await verifyPasskey(
      browser,
      authenticator.authenticate(options),
      started.body.verificationId,
    );
    expect(verified).toMatchObject({ status: 200, body: { verificationId: started.body.verificationId } });
    const identified = await browser.json('POST', '/api/experience/identification', {
      verificationId: started.body.verificationId,
    });
    expect(identified.status).toBe(204);
    // Ada's passkey is an MFA factor too; the passkey sign-in already proved it.
    const submitted = await browser.json('POST', '/api/experience/submit');
    expect(submitted.status).toBe(200);
    expect((await browser.finish(submitted.body.redirectTo)).code).toBeTruthy();
  });

  it('finds the user from the credential after the preflight (browser autofill)', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    const preflight = await browser.json('POST', '/api/experience/preflight/sign-in-passkey/authentication');
    expect(preflight.status).toBe(200);
    const options = preflight.body.authenticationOptions;
    expect(options.allowCredentials).toEqual([]);
    const verified = await verifyPasskey(browser, authenticator.authenticate(options));
    expect(verified.status).toBe(200);
    await browser.json('POST', '/api/experience/identification', {
      verificationId: verified.body.verificationId,
    });
    const state = await browser.json('GET', '/api/experience/interaction');
    expect(state.body.userId).toBe(sandbox.findUser({ username: 'ada' })?.id);
    expect(state.body.verificationRecords).toContainEqual({
      id: verified.body.verificationId,
      type: 'SignInPasskey',
      verified: true,
      userId: state.body.userId,
    });
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);

    // The preflight's challenge is answered once.
    const again = await verifyPasskey(browser, authenticator.authenticate(options));
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('session.passkey_sign_in.pending_info_not_found');
  });

  it('refuses unknown users, users without passkeys, bad signatures and another user', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    const unknown = await withIdentifier(browser, 'nobody@example.com', 'email');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({
      code: 'user.user_not_exist',
      data: { identifier: 'nobody@example.com' },
    });
    const none = await withIdentifier(browser, 'grace');
    expect(none.status).toBe(400);
    expect(none.body.code).toBe('session.mfa.webauthn_verification_not_found');

    const started = await withIdentifier(browser, 'ada');
    const forged = authenticator.authenticate(started.body.authenticationOptions);
    forged.response.signature = Buffer.from('not a signature').toString('base64url');
    const bad = await verifyPasskey(browser, forged, started.body.verificationId);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('session.mfa.webauthn_verification_failed');

    const graceSignedIn = await signInWithPassword('grace', 'another-long-pass');
    const preflight = await graceSignedIn.json(
      'POST',
      '/api/experience/preflight/sign-in-passkey/authentication',
    );
    const conflict = await verifyPasskey(
      graceSignedIn,
      authenticator.authenticate(preflight.body.authenticationOptions),
    );
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('session.identity_conflict');
  });

  it('is refused while the tenant has passkey sign-in off', async () => {
    sandbox.configure({ passkeySignIn: { ...PASSKEY_SIGN_IN, enabled: false } });
    try {
      const browser = await newInteraction(sandbox, 'SignIn');
      const preflight = await browser.json(
        'POST',
        '/api/experience/preflight/sign-in-passkey/authentication',
      );
      expect(preflight.status).toBe(400);
      expect(preflight.body.code).toBe('session.passkey_sign_in.not_enabled');
      const settings = await browser.json('GET', '/api/.well-known/sign-in-exp');
      expect(settings.body.passkeySignIn.enabled).toBe(false);
    } finally {
      sandbox.configure({ passkeySignIn: PASSKEY_SIGN_IN });
    }
  });
});

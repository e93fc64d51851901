// The tenant's sign-in experience settings: configured through `configure`, read back through
// `GET /api/.well-known/sign-in-exp` (checked against the spec), and enforced at registration.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { type Browser, call, newInteraction, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;
let defaults: Sandbox['config'];

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  defaults = sandbox.config;
});
beforeEach(() => sandbox.configure(defaults));
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => sandbox.close());

const settings = async () => {
  const response = await call(`${sandbox.url}/api/.well-known/sign-in-exp`);
  expect(response.status).toBe(200);
  return response.body;
};

describe('GET /api/.well-known/sign-in-exp', () => {
  it('answers the configured sign-in, sign-up, password and MFA settings, without a session', async () => {
    sandbox.configure({
      signInMethods: [{ identifier: 'email', password: true, verificationCode: false }],
      signUp: { identifiers: ['email'], password: true, verify: true },
      signUpProfileFields: ['name'],
      passwordMinLength: 10,
      passwordCharacterTypes: 3,
      mfaPolicy: 'Mandatory',
      mfaFactors: ['Totp', 'EmailVerificationCode'],
    });
    const body = await settings();
    expect(body.signIn.methods).toEqual([
      { identifier: 'email', password: true, verificationCode: false, isPasswordPrimary: true },
    ]);
    expect(body.signUp).toMatchObject({ identifiers: ['email'], password: true, verify: true });
    expect(body.passwordPolicy).toMatchObject({ length: { min: 10, max: 256 }, characterTypes: { min: 3 } });
    expect(body.mfa).toEqual({ factors: ['Totp', 'EmailVerificationCode'], policy: 'Mandatory' });
    expect(body.customProfileFields.map((f: { name: string }) => f.name)).toEqual(['name']);
    expect(body.forgotPassword).toEqual({ email: false, phone: false });
  });

  it('answers the same settings at /api/.well-known/experience, and texts at /phrases', async () => {
    const experience = await call(`${sandbox.url}/api/.well-known/experience`);
    expect(experience.body).toEqual(await settings());
    const phrases = await call(`${sandbox.url}/api/.well-known/phrases?lng=en`);
    expect(phrases.status).toBe(200);
    expect(phrases.body.input.password).toBe('Password');
  });

  it('lists the connectors as the sign-in page offers them', async () => {
    sandbox.addSocialConnector({ connectorId: 'github' });
    sandbox.addSsoConnector({ connectorId: 'acme-sso', domains: ['acme.test'] });
    const body = await settings();
    expect(body.socialSignInConnectorTargets).toContain('github');
    expect(body.ssoConnectors.map((c: { id: string }) => c.id)).toContain('acme-sso');
    expect(body.singleSignOnEnabled).toBe(true);
  });
});

describe('configuring the sign-in experience', () => {
  it('names an unknown member, and changes nothing when a value is refused', () => {
    expect(() =>
      sandbox.configure({
        signUp: { identifiers: ['email'], password: true, verify: true, mfa: true } as never,
      }),
    ).toThrow(/configure\.signUp: unknown member "mfa"/);
    expect(() =>
      sandbox.configure({
        signInMethods: [{ identifier: 'email', password: true, verificationCode: true, otp: 1 } as never],
      }),
    ).toThrow(/signInMethods\[0\]: unknown member "otp"/);
    expect(() => sandbox.configure({ mfaFactors: ['Sms' as never] })).toThrow(/mfaFactors\[0\]/);
    expect(() => sandbox.configure({ passwordCharacterTypes: 5 })).toThrow(RangeError);
    expect(() =>
      sandbox.configure({
        passwordMinLength: 12,
        signInMethods: [{ identifier: 'username', password: true, verificationCode: true }],
      }),
    ).toThrow(/a username cannot receive a verification code/);
    expect(() =>
      sandbox.configure({ signUp: { identifiers: ['username'], password: false, verify: false } }),
    ).toThrow(/needs password: true/);
    expect(() => sandbox.configure({ signUpProfileFields: ['name', 'name'] })).toThrow(/listed twice/);
    expect(sandbox.config.passwordMinLength).toBe(defaults.passwordMinLength);
  });

  it('merges a partial signUp with the current one', () => {
    sandbox.configure({ signUp: { password: true } as never });
    expect(sandbox.config.signUp).toEqual({ ...defaults.signUp, password: true });
  });
});

describe('sign-in under the sign-in methods', () => {
  it('refuses the methods the tenant does not enable with user.sign_in_method_not_enabled', async () => {
    sandbox.addUser({ username: 'kim', email: 'kim@example.com', password: 'kim-password-1' });
    sandbox.configure({
      signInMethods: [
        { identifier: 'username', password: true, verificationCode: false },
        { identifier: 'email', password: false, verificationCode: true },
      ],
    });
    const browser = await newInteraction(sandbox, 'SignIn');
    const byEmail = await browser.json('POST', '/api/experience/verification/password', {
      identifier: { type: 'email', value: 'kim@example.com' },
      password: 'kim-password-1',
    });
    const refused = await browser.json('POST', '/api/experience/identification', {
      verificationId: byEmail.body.verificationId,
    });
    expect(refused).toMatchObject({ status: 422, body: { code: 'user.sign_in_method_not_enabled' } });
    const phoneCode = await browser.json('POST', '/api/experience/verification/verification-code', {
      identifier: { type: 'phone', value: '15550009' },
      interactionEvent: 'SignIn',
    });
    expect(phoneCode).toMatchObject({ status: 422, body: { code: 'user.sign_in_method_not_enabled' } });
    const byUsername = await browser.json('POST', '/api/experience/verification/password', {
      identifier: { type: 'username', value: 'kim' },
      password: 'kim-password-1',
    });
    const identified = await browser.json('POST', '/api/experience/identification', {
      verificationId: byUsername.body.verificationId,
    });
    expect(identified.status).toBe(204);
  });
});

/** An email verified with a code in a Register interaction; answers the verification ID. */
async function verifiedEmail(browser: Browser, email: string): Promise<string> {
  const identifier = { type: 'email', value: email };
  const sent = await browser.json('POST', '/api/experience/verification/verification-code', {
    identifier,
    interactionEvent: 'Register',
  });
  const verified = await browser.json('POST', '/api/experience/verification/verification-code/verify', {
    identifier,
    verificationId: sent.body.verificationId,
    code: sandbox.outbox.latest(email)?.code,
  });
  expect(verified.status).toBe(200);
  return verified.body.verificationId;
}

describe('registration under the sign-up settings', () => {
  it('asks for the missing username, password and profile fields, then registers', async () => {
    sandbox.configure({
      signUp: { identifiers: ['username', 'email'], password: true, verify: true },
      signUpProfileFields: ['name'],
      passwordCharacterTypes: 2,
    });
    const browser = await newInteraction(sandbox, 'Register');
    const verificationId = await verifiedEmail(browser, 'lin@example.com');
    const first = await browser.json('POST', '/api/experience/identification', { verificationId });
    expect(first.status).toBe(422);
    expect(first.body).toMatchObject({
      code: 'user.missing_profile',
      data: { missingProfile: ['username', 'password', 'extraProfile'] },
    });
    const profile = (body: unknown) => browser.json('POST', '/api/experience/profile', body);
    expect((await profile({ type: 'username', value: 'lin' })).status).toBe(204);
    const weak = await profile({ type: 'password', value: 'alllowercase' });
    expect(weak.body.data.issues).toEqual([
      { code: 'password_rejected.character_types', interpolation: { min: 2 } },
    ]);
    expect((await profile({ type: 'password', value: 'Mixed-case-passphrase' })).status).toBe(204);
    const unknown = await profile({ type: 'extraProfile', values: { shoeSize: 42 } });
    expect(unknown).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    expect((await profile({ type: 'extraProfile', values: { name: 'Lin' } })).status).toBe(204);
    const second = await browser.json('POST', '/api/experience/identification', { verificationId });
    expect(second.status).toBe(201);
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);
    expect(sandbox.findUser({ username: 'lin' })).toMatchObject({
      email: 'lin@example.com',
      hasPassword: true,
      extraProfile: { name: 'Lin' },
    });
  });

  it('asks for either an email or a phone when the settings list both', async () => {
    sandbox.configure({
      signUp: { identifiers: ['username', 'email', 'phone'], password: true, verify: true },
    });
    const browser = await newInteraction(sandbox, 'Register');
    const identity = await browser.json('POST', '/api/experience/verification/new-password-identity', {
      identifier: { type: 'username', value: 'grace' },
      password: 'a-long-enough-password',
    });
    const identified = await browser.json('POST', '/api/experience/identification', {
      verificationId: identity.body.verificationId,
    });
    expect(identified.body.data).toEqual({ missingProfile: ['emailOrPhone'] });
  });

  it('holds a sign-in at submit until the account meets settings made after it was created', async () => {
    sandbox.addUser({ username: 'old', password: 'an-old-password' });
    sandbox.configure({ signUpProfileFields: ['name'] });
    const browser = await newInteraction(sandbox, 'SignIn');
    const verified = await browser.json('POST', '/api/experience/verification/password', {
      identifier: { type: 'username', value: 'old' },
      password: 'an-old-password',
    });
    await browser.json('POST', '/api/experience/identification', {
      verificationId: verified.body.verificationId,
    });
    const held = await browser.json('POST', '/api/experience/submit');
    expect(held.body).toMatchObject({
      code: 'user.missing_profile',
      data: { missingProfile: ['extraProfile'] },
    });
    await browser.json('POST', '/api/experience/profile', { type: 'extraProfile', values: { name: 'Old' } });
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);
  });
});

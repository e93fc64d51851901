import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { type Browser, newInteraction, passwordSignIn, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  sandbox.configure({ mfaFactors: ['EmailVerificationCode', 'Totp'] });
  sandbox.addUser({ username: 'ada', email: 'ada@example.com', password: 'correct-horse-battery' });
  sandbox.addUser({ username: 'linus', password: 'penguin-password' });
});
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => sandbox.close());

const signIn = async (username: string, password: string) =>
  (await passwordSignIn(sandbox, username, password)).browser;

const sendMfaCode = (browser: Browser, identifierType: string) =>
  browser.json('POST', '/api/experience/verification/mfa-verification-code', { identifierType });

const verifyMfaCode = (browser: Browser, verificationId: string, code: string, identifierType = 'email') =>
  browser.json('POST', '/api/experience/verification/mfa-verification-code/verify', {
    verificationId,
    code,
    identifierType,
  });

const otherCode = (code: string) => (code === '000000' ? '111111' : '000000');

describe('email codes as the second factor of a sign-in', () => {
  it("asks for the code, sends it to the account's own address and lets the sign-in finish", async () => {
    const browser = await signIn('ada', 'correct-horse-battery');
    const blocked = await browser.json('POST', '/api/experience/submit');
    expect(blocked.status).toBe(403);
    expect(blocked.body).toMatchObject({
      code: 'session.mfa.require_mfa_verification',
      data: { availableFactors: ['EmailVerificationCode'], maskedIdentifiers: { email: 'a***@example.com' } },
    });

    // Both spellings of the kind are accepted; the address comes from the account.
    const sent = await sendMfaCode(browser, 'Email');
    expect(sent.status).toBe(200);
    const message = sandbox.outbox.latest('ada@example.com');
    expect(message).toMatchObject({ channel: 'email', service: 'logto', interactionEvent: 'SignIn' });
    const code = message?.code ?? '';

    const wrong = await verifyMfaCode(browser, sent.body.verificationId, otherCode(code));
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('verification_code.code_mismatch');
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(403);

    const verified = await verifyMfaCode(browser, sent.body.verificationId, code);
    expect(verified).toMatchObject({ status: 200, body: { verificationId: sent.body.verificationId } });
    const submitted = await browser.json('POST', '/api/experience/submit');
    expect(submitted.status).toBe(200);
    expect((await browser.finish(submitted.body.redirectTo)).code).toBeTruthy();
  });

  it("counts MFA codes against the recipient's send cap, like every other code", async () => {
    sandbox.configure({ messageRateLimit: { sendWindow: 600, maxSendsPerRecipient: 1 } });
    try {
      sandbox.clock.advance(601_000);
      const browser = await signIn('ada', 'correct-horse-battery');
      expect((await sendMfaCode(browser, 'email')).status).toBe(200);
      const sentBefore = sandbox.outbox.list().length;
      const capped = await sendMfaCode(browser, 'email');
      expect(capped.status).toBe(429);
      expect(capped.body.code).toBe('request.message_rate_limited');
      expect(sandbox.outbox.list()).toHaveLength(sentBefore);
    } finally {
      sandbox.configure({ messageRateLimit: { sendWindow: 600, maxSendsPerRecipient: 10 } });
      sandbox.clock.advance(601_000);
    }
  });

  it('refuses the passkey choices of a sign-in until its second factor is verified', async () => {
    const browser = await signIn('ada', 'correct-horse-battery');
    for (const path of ['passkey-skipped', 'passkey']) {
      const body = path === 'passkey' ? { verificationId: 'not-verified-yet' } : undefined;
      const refused = await browser.json('POST', `/api/experience/profile/mfa/${path}`, body);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('session.mfa.require_mfa_verification');
    }
  });

  it('refuses a code that expired', async () => {
    const browser = await signIn('ada', 'correct-horse-battery');
    const sent = await sendMfaCode(browser, 'email');
    sandbox.clock.advance(601_000);
    const late = await verifyMfaCode(browser, sent.body.verificationId, sandbox.outbox.latest()?.code ?? '');
    expect(late.status).toBe(400);
    expect(late.body.code).toBe('verification_code.expired');
  });

  it('needs an identified user with an address of that kind, and a known verification', async () => {
    const anonymous = await newInteraction(sandbox, 'SignIn');
    const notIdentified = await sendMfaCode(anonymous, 'email');
    expect(notIdentified.status).toBe(400);
    expect(notIdentified.body.code).toBe('session.identifier_not_found');

    const browser = await signIn('ada', 'correct-horse-battery');
    const noPhone = await sendMfaCode(browser, 'phone');
    expect(noPhone.status).toBe(400);
    expect(noPhone.body.code).toBe('session.mfa.mfa_factor_not_enabled');

    const unknown = await verifyMfaCode(browser, 'no-such-verification', '123456');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('session.verification_session_not_found');

    // An identifier code is not an MFA code.
    const identifierCode = await browser.json('POST', '/api/experience/verification/verification-code', {
      identifier: { type: 'email', value: 'ada@example.com' },
      interactionEvent: 'SignIn',
    });
    const wrongKind = await verifyMfaCode(browser, identifierCode.body.verificationId, '123456');
    expect(wrongKind.status).toBe(404);
  });
});

describe('binding email codes as a factor', () => {
  afterEach(() => sandbox.configure({ mfaPolicy: 'NoPrompt' }));

  it('saves the verified address and turns MFA on, without asking for a second code', async () => {
    sandbox.configure({ mfaPolicy: 'Mandatory' });
    const browser = await signIn('linus', 'penguin-password');
    const missing = await browser.json('POST', '/api/experience/submit');
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({
      code: 'user.missing_mfa',
      data: { availableFactors: ['EmailVerificationCode', 'Totp'] },
    });

    const sent = await browser.json('POST', '/api/experience/verification/verification-code', {
      identifier: { type: 'email', value: 'linus@example.com' },
      interactionEvent: 'SignIn',
    });
    const code = sandbox.outbox.latest('linus@example.com')?.code ?? '';
    const unverified = await browser.json('POST', '/api/experience/profile/mfa', {
      type: 'EmailVerificationCode',
      verificationId: sent.body.verificationId,
    });
    expect(unverified.status).toBe(400);
    expect(unverified.body.code).toBe('session.verification_failed');

    await browser.json('POST', '/api/experience/verification/verification-code/verify', {
      identifier: { type: 'email', value: 'linus@example.com' },
      verificationId: sent.body.verificationId,
      code,
    });
    const bound = await browser.json('POST', '/api/experience/profile/mfa', {
      type: 'EmailVerificationCode',
      verificationId: sent.body.verificationId,
    });
    expect(bound.status).toBe(204);
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);
    expect(sandbox.findUser({ username: 'linus' })).toMatchObject({
      email: 'linus@example.com',
      mfaEnabled: true,
    });
    // The address is now the factor: the next sign-in asks for a code sent to it.
    const next = await signIn('linus', 'penguin-password');
    const asked = await next.json('POST', '/api/experience/submit');
    expect(asked.body.data.availableFactors).toEqual(['EmailVerificationCode']);
  });
});

describe('the suggestion of another factor at registration', () => {
  afterEach(() =>
    sandbox.configure({ mfaPolicy: 'NoPrompt', signUp: { identifiers: [], password: false, verify: true } }),
  );

  it('asks a user who signed up by email to add another factor, until they decline', async () => {
    sandbox.configure({
      mfaPolicy: 'UserControlled',
      signUp: { identifiers: ['email'], password: false, verify: true },
    });
    const browser = await newInteraction(sandbox, 'Register');
    const sent = await browser.json('POST', '/api/experience/verification/verification-code', {
      identifier: { type: 'email', value: 'grace@example.com' },
      interactionEvent: 'Register',
    });
    await browser.json('POST', '/api/experience/verification/verification-code/verify', {
      identifier: { type: 'email', value: 'grace@example.com' },
      verificationId: sent.body.verificationId,
      code: sandbox.outbox.latest('grace@example.com')?.code,
    });
    const registered = await browser.json('POST', '/api/experience/identification', {
      verificationId: sent.body.verificationId,
    });
    expect(registered.status).toBe(201);

    const suggested = await browser.json('POST', '/api/experience/submit');
    expect(suggested.status).toBe(422);
    expect(suggested.body).toMatchObject({
      code: 'session.mfa.suggest_additional_mfa',
      data: {
        availableFactors: ['Totp', 'EmailVerificationCode'],
        maskedIdentifiers: { email: 'g***@example.com' },
        skippable: true,
        suggestion: true,
      },
    });
    const declined = await browser.json('POST', '/api/experience/profile/mfa/mfa-suggestion-skipped');
    expect(declined.status).toBe(204);
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);
  });
});

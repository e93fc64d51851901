import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogtoUserCredentials, Sandbox } from '../src/index.js';
import { Browser, newInteraction, passwordSignIn, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;
let ada: LogtoUserCredentials;
let grace: LogtoUserCredentials;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  ada = sandbox.addUser({ username: 'ada', email: 'ada@example.com', password: 'correct-horse-battery' });
  grace = sandbox.addUser({
    username: 'grace',
    password: 'another-long-pass',
    totpSecret: true,
    backupCodes: ['aaaa-1111', 'bbbb-2222'],
  });
});
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => sandbox.close());

async function signIn(username: string, password: string) {
  const { browser, verificationId } = await passwordSignIn(sandbox, username, password);
  return { browser, passwordVerificationId: verificationId };
}

const readInteraction = (browser: Browser) => browser.json('GET', '/api/experience/interaction');

describe('GetInteraction', () => {
  it('answers the event, the identified user and the verifications, without secrets', async () => {
    const { browser, passwordVerificationId } = await signIn('ada', 'correct-horse-battery');
    const sent = await browser.json('POST', '/api/experience/verification/verification-code', {
      identifier: { type: 'email', value: 'ada@example.com' },
      interactionEvent: 'SignIn',
    });
    const state = await readInteraction(browser);
    expect(state.status).toBe(200);
    expect(state.body).toEqual({
      interactionEvent: 'SignIn',
      userId: ada.id,
      profile: {},
      verificationRecords: [
        {
          id: passwordVerificationId,
          type: 'Password',
          identifier: { type: 'username', value: 'ada' },
          verified: true,
        },
        {
          id: sent.body.verificationId,
          type: 'EmailVerificationCode',
          templateType: 'SignIn',
          identifier: { type: 'email', value: 'ada@example.com' },
          verified: false,
        },
      ],
      mfa: { mfaSkipped: false },
      captcha: { verified: false, skipped: true },
    });
    expect(JSON.stringify(state.body)).not.toContain(sandbox.outbox.latest('ada@example.com')?.code);
  });

  it('shows the profile a registration collected', async () => {
    const browser = await newInteraction(sandbox, 'Register');
    await browser.json('POST', '/api/experience/profile', { type: 'username', value: 'new_user' });
    const state = await readInteraction(browser);
    expect(state.body).toMatchObject({ interactionEvent: 'Register', profile: { username: 'new_user' } });
    expect(state.body.userId).toBeUndefined();
  });

  it('shows the backup code a user just spent, and no other', async () => {
    const { browser } = await signIn('grace', 'another-long-pass');
    const used = await browser.json('POST', '/api/experience/verification/backup-code/verify', {
      code: 'aaaa-1111',
    });
    const state = await readInteraction(browser);
    expect(state.body.verificationRecords).toContainEqual({
      id: used.body.verificationId,
      type: 'BackupCode',
      userId: grace.id,
      code: 'aaaa-1111',
    });
    expect(JSON.stringify(state.body)).not.toContain('bbbb-2222');
  });

  it('needs an interaction event', async () => {
    const browser = new Browser(sandbox.url);
    await browser.startOidc();
    const response = await readInteraction(browser);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('session.interaction_not_found');
  });
});

describe('MarkMfaEnabled', () => {
  it('records the choice, shows it, and saves it on the account at submit', async () => {
    const { browser } = await signIn('ada', 'correct-horse-battery');
    const marked = await browser.json('POST', '/api/experience/profile/mfa/mfa-enabled');
    expect(marked.status).toBe(204);
    expect((await readInteraction(browser)).body.mfa).toEqual({ mfaEnabled: true, mfaSkipped: false });
    expect(sandbox.findUser({ username: 'ada' })?.mfaEnabled).toBe(false);
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);
    expect(sandbox.findUser({ username: 'ada' })?.mfaEnabled).toBe(true);
  });

  it('waits for the MFA of a user who has it, and refuses a password reset or no user', async () => {
    const { browser } = await signIn('grace', 'another-long-pass');
    const blocked = await browser.json('POST', '/api/experience/profile/mfa/mfa-enabled');
    expect(blocked.status).toBe(403);
    expect(blocked.body).toMatchObject({
      code: 'session.mfa.require_mfa_verification',
      data: { availableFactors: ['Totp', 'BackupCode'] },
    });

    const reset = await newInteraction(sandbox, 'ForgotPassword');
    const forgot = await reset.json('POST', '/api/experience/profile/mfa/mfa-enabled');
    expect(forgot.status).toBe(400);
    expect(forgot.body.code).toBe('session.not_supported_for_forgot_password');

    const anonymous = await newInteraction(sandbox, 'SignIn');
    const notIdentified = await anonymous.json('POST', '/api/experience/profile/mfa/mfa-suggestion-skipped');
    expect(notIdentified.status).toBe(404);
    expect(notIdentified.body.code).toBe('session.identifier_not_found');
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { type Browser, newInteraction, passwordSignIn, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  sandbox.addUser({ username: 'taken', email: 'taken@example.com', password: 'taken-password' });
});
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => sandbox.close());

const newPasswordIdentity = (browser: Browser, username: string, password: string) =>
  browser.json('POST', '/api/experience/verification/new-password-identity', {
    identifier: { type: 'username', value: username },
    password,
  });

async function registerUsername(username: string, password = 'a-long-enough-password') {
  const browser = await newInteraction(sandbox, 'Register');
  const identity = await newPasswordIdentity(browser, username, password);
  expect(identity.status).toBe(200);
  const identified = await browser.json('POST', '/api/experience/identification', {
    verificationId: identity.body.verificationId,
  });
  expect(identified.status).toBe(201);
  return browser;
}

const signIn = async (username: string, password: string) =>
  (await passwordSignIn(sandbox, username, password)).browser;

describe('registration with a username and password', () => {
  it('enforces the password policy and unique usernames', async () => {
    const browser = await newInteraction(sandbox, 'Register');
    const short = await newPasswordIdentity(browser, 'newbie', 'short');
    expect(short.status).toBe(422);
    expect(short.body.code).toBe('password.rejected');
    expect(short.body.data.issues[0].code).toBe('password_rejected.too_short');
    const taken = await newPasswordIdentity(browser, 'taken', 'a-long-enough-password');
    expect(taken.status).toBe(422);
    expect(taken.body.code).toBe('user.username_already_in_use');
    const pattern = await newPasswordIdentity(browser, '9lives', 'a-long-enough-password');
    expect(pattern.status).toBe(400);
    expect(pattern.body.code).toBe('guard.invalid_input');
  });

  it('binds TOTP and backup codes, saves them on submit, and requires them at the next sign-in', async () => {
    const browser = await registerUsername('hopper');
    const secret = await browser.json('POST', '/api/experience/verification/totp/secret');
    expect(secret.status).toBe(200);
    expect(secret.body.secret).toMatch(/^[A-Z2-7]+=*$/);
    expect(secret.body.secretQrCode).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    const confirm = await browser.json('POST', '/api/experience/verification/totp/verify', {
      verificationId: secret.body.verificationId,
      code: sandbox.totp(secret.body.secret),
    });
    expect(confirm.status).toBe(200);
    expect(
      (
        await browser.json('POST', '/api/experience/profile/mfa', {
          type: 'Totp',
          verificationId: secret.body.verificationId,
        })
      ).status,
    ).toBe(204);
    const codes = await browser.json('POST', '/api/experience/verification/backup-code/generate');
    expect(codes.body.codes).toHaveLength(10);
    expect(
      (
        await browser.json('POST', '/api/experience/profile/mfa', {
          type: 'BackupCode',
          verificationId: codes.body.verificationId,
        })
      ).status,
    ).toBe(204);
    expect(sandbox.findUser({ username: 'hopper' })?.mfaFactors).toEqual([]);
    const submitted = await browser.json('POST', '/api/experience/submit');
    expect(submitted.status).toBe(200);
    const { code } = await browser.finish(submitted.body.redirectTo);
    const user = sandbox.findUser({ username: 'hopper' });
    expect(sandbox.authorizationCode(code ?? '')).toMatchObject({
      userId: user?.id,
      interactionEvent: 'Register',
    });
    expect(user?.mfaFactors).toEqual(['Totp', 'BackupCode']);

    const again = await signIn('hopper', 'a-long-enough-password');
    const blocked = await again.json('POST', '/api/experience/submit');
    expect(blocked.status).toBe(403);
    expect(blocked.body.data.availableFactors).toEqual(['Totp', 'BackupCode']);
    sandbox.clock.advance(30_000);
    expect(
      (
        await again.json('POST', '/api/experience/verification/totp/verify', {
          code: sandbox.totp(secret.body.secret),
        })
      ).status,
    ).toBe(200);
    expect((await again.json('POST', '/api/experience/submit')).status).toBe(200);
  });

  it('refuses backup codes as the only factor and a second TOTP factor', async () => {
    const browser = await registerUsername('lonely');
    const codes = await browser.json('POST', '/api/experience/verification/backup-code/generate');
    const alone = await browser.json('POST', '/api/experience/profile/mfa', {
      type: 'BackupCode',
      verificationId: codes.body.verificationId,
    });
    expect(alone.status).toBe(422);
    expect(alone.body.code).toBe('session.mfa.backup_code_can_not_be_alone');

    const secret = await browser.json('POST', '/api/experience/verification/totp/secret');
    const unconfirmed = await browser.json('POST', '/api/experience/profile/mfa', {
      type: 'Totp',
      verificationId: secret.body.verificationId,
    });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.code).toBe('session.verification_failed');

    sandbox.addUser({ username: 'has-totp', password: 'has-totp-password', totpSecret: true });
    const signedIn = await signIn('has-totp', 'has-totp-password');
    const unverified = await signedIn.json('POST', '/api/experience/profile/mfa', {
      type: 'Totp',
      verificationId: 'x',
    });
    expect(unverified.status).toBe(403);
    expect(unverified.body.code).toBe('session.mfa.require_mfa_verification');
  });

  it('rejects binding a TOTP secret when the user already has one', async () => {
    const user = sandbox.addUser({
      username: 'totp-twice',
      password: 'totp-twice-password',
      totpSecret: true,
    });
    const browser = await signIn('totp-twice', 'totp-twice-password');
    await browser.json('POST', '/api/experience/verification/totp/verify', {
      code: sandbox.totp(user.totpSecret ?? ''),
    });
    const secret = await browser.json('POST', '/api/experience/verification/totp/secret');
    await browser.json('POST', '/api/experience/verification/totp/verify', {
      verificationId: secret.body.verificationId,
      code: sandbox.totp(secret.body.secret),
    });
    const bind = await browser.json('POST', '/api/experience/profile/mfa', {
      type: 'Totp',
      verificationId: secret.body.verificationId,
    });
    expect(bind.status).toBe(422);
    expect(bind.body.code).toBe('user.totp_already_in_use');
  });

  it('needs an identified user for TOTP secrets and backup codes', async () => {
    const browser = await newInteraction(sandbox, 'Register');
    for (const path of ['totp/secret', 'backup-code/generate']) {
      const response = await browser.json('POST', `/api/experience/verification/${path}`);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('session.identifier_not_found');
    }
  });
});

describe('registration profile', () => {
  it('creates a user from profile data collected before identification', async () => {
    const browser = await newInteraction(sandbox, 'Register');
    expect(
      (await browser.json('POST', '/api/experience/profile', { type: 'username', value: 'profiled' })).status,
    ).toBe(204);
    const missing = await browser.json('POST', '/api/experience/identification', {});
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({
      code: 'user.missing_profile',
      data: { missingProfile: ['password'] },
    });
    const weak = await browser.json('POST', '/api/experience/profile', { type: 'password', value: 'weak' });
    expect(weak.status).toBe(422);
    expect(weak.body.code).toBe('password.rejected');
    expect(
      (await browser.json('POST', '/api/experience/profile', { type: 'password', value: 'strong-password' }))
        .status,
    ).toBe(204);
    expect((await browser.json('POST', '/api/experience/identification', {})).status).toBe(201);
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);
    expect(sandbox.findUser({ username: 'profiled' })?.hasPassword).toBe(true);
  });

  it('answers user.missing_profile when nothing identifies the new account', async () => {
    const browser = await newInteraction(sandbox, 'Register');
    const response = await browser.json('POST', '/api/experience/identification', {});
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('user.missing_profile');
  });

  it('refuses identifiers that another account has', async () => {
    const browser = await newInteraction(sandbox, 'Register');
    const sent = await browser.json('POST', '/api/experience/verification/verification-code', {
      identifier: { type: 'email', value: 'taken@example.com' },
      interactionEvent: 'Register',
    });
    await browser.json('POST', '/api/experience/verification/verification-code/verify', {
      identifier: { type: 'email', value: 'taken@example.com' },
      verificationId: sent.body.verificationId,
      code: sandbox.outbox.latest('taken@example.com')?.code,
    });
    const identify = await browser.json('POST', '/api/experience/identification', {
      verificationId: sent.body.verificationId,
    });
    expect(identify.status).toBe(422);
    expect(identify.body.code).toBe('user.email_already_in_use');
    const username = await browser.json('POST', '/api/experience/profile', {
      type: 'username',
      value: 'taken',
    });
    expect(username.status).toBe(422);
    expect(username.body.code).toBe('user.username_already_in_use');
  });

  it('registers by email verification code and adds a username after identification', async () => {
    const browser = await newInteraction(sandbox, 'Register');
    const sent = await browser.json('POST', '/api/experience/verification/verification-code', {
      identifier: { type: 'email', value: 'fresh@example.com' },
      interactionEvent: 'Register',
    });
    expect(sandbox.outbox.latest('fresh@example.com')?.interactionEvent).toBe('Register');
    await browser.json('POST', '/api/experience/verification/verification-code/verify', {
      identifier: { type: 'email', value: 'fresh@example.com' },
      verificationId: sent.body.verificationId,
      code: sandbox.outbox.latest('fresh@example.com')?.code,
    });
    expect(
      (
        await browser.json('POST', '/api/experience/identification', {
          verificationId: sent.body.verificationId,
        })
      ).status,
    ).toBe(201);
    expect(
      (await browser.json('POST', '/api/experience/profile', { type: 'username', value: 'fresh_user' }))
        .status,
    ).toBe(204);
    expect(sandbox.findUser({ email: 'fresh@example.com' })?.username).toBeUndefined();
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);
    expect(sandbox.findUser({ email: 'fresh@example.com' })?.username).toBe('fresh_user');
  });
});

describe('MFA policy', () => {
  afterEach(() => sandbox.configure({ mfaPolicy: 'NoPrompt' }));

  it('Mandatory: a user without factors cannot submit and cannot skip', async () => {
    sandbox.configure({ mfaPolicy: 'Mandatory' });
    const browser = await registerUsername('mandatory');
    const submit = await browser.json('POST', '/api/experience/submit');
    expect(submit.status).toBe(422);
    expect(submit.body).toMatchObject({
      code: 'user.missing_mfa',
      data: { availableFactors: ['Totp', 'WebAuthn'] },
    });
    const skip = await browser.json('POST', '/api/experience/profile/mfa/mfa-skipped');
    expect(skip.status).toBe(422);
    expect(skip.body.code).toBe('session.mfa.mfa_policy_not_user_controlled');
    const secret = await browser.json('POST', '/api/experience/verification/totp/secret');
    await browser.json('POST', '/api/experience/verification/totp/verify', {
      verificationId: secret.body.verificationId,
      code: sandbox.totp(secret.body.secret),
    });
    await browser.json('POST', '/api/experience/profile/mfa', {
      type: 'Totp',
      verificationId: secret.body.verificationId,
    });
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);
  });

  it('UserControlled: a user without factors binds or skips, and a skip is remembered', async () => {
    sandbox.configure({ mfaPolicy: 'UserControlled' });
    const browser = await registerUsername('chooser', 'chooser-password');
    const submit = await browser.json('POST', '/api/experience/submit');
    expect(submit.status).toBe(422);
    expect(submit.body).toMatchObject({ code: 'user.missing_mfa', data: { skippable: true } });
    expect((await browser.json('POST', '/api/experience/profile/mfa/mfa-skipped')).status).toBe(204);
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);
    const again = await signIn('chooser', 'chooser-password');
    expect((await again.json('POST', '/api/experience/submit')).status).toBe(200);
  });

  it('NoPrompt: a skip is accepted (as in Logto); users with factors must verify instead of skipping', async () => {
    const browser = await registerUsername('no_prompt');
    const skip = await browser.json('POST', '/api/experience/profile/mfa/mfa-skipped');
    expect(skip.status).toBe(204);
    sandbox.configure({ mfaPolicy: 'UserControlled' });
    sandbox.addUser({ username: 'factored', password: 'factored-password', totpSecret: true });
    const factored = await signIn('factored', 'factored-password');
    const refused = await factored.json('POST', '/api/experience/profile/mfa/mfa-skipped');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('session.mfa.require_mfa_verification');
  });
});

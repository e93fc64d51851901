// Sign-in flows through @authspec/logto's Experience client against the sandbox.
import { createExperienceClient, type ExperienceClient } from '@authspec/logto';
import { experienceApi } from '@authspec/logto/api';
import { describe, expect, it } from 'vitest';
import { experienceClient, managementClient, race, signedInUser, startSignIn, useSandbox } from './setup';

const sandbox = useSandbox();

/** The redirect a sign-in's submit answers (only a password reset answers 204, without one). */
async function submitted(experience: ExperienceClient): Promise<string> {
  const result = await experience.submit();
  if (result.status !== 200) throw new Error(`submit answered ${result.status} without a redirect`);
  return result.data.redirectTo;
}

describe('magic link', () => {
  it('signs in an existing user with a one-time token', async () => {
    const user = sandbox().addUser({ email: 'magic@example.com' });
    const { token } = await managementClient(sandbox()).oneTimeTokens.create({ email: 'magic@example.com' });
    const flow = await startSignIn(sandbox());
    const experience = flow.experience;
    await experience.initInteraction({ interactionEvent: 'SignIn' });
    const { verificationId } = await experience.verifyOneTimeToken({
      identifier: { type: 'email', value: 'magic@example.com' },
      token,
    });
    await experience.identifyUser({ verificationId });
    const redirectTo = await submitted(experience);
    expect(await signedInUser(flow, redirectTo)).toBe(user.id);
  });

  it('registers a new address by switching the interaction to Register', async () => {
    const { token } = await managementClient(sandbox()).oneTimeTokens.create({
      email: 'newcomer@example.com',
    });
    const flow = await startSignIn(sandbox());
    const experience = flow.experience;
    await experience.initInteraction({ interactionEvent: 'SignIn' });
    const { verificationId } = await experience.verifyOneTimeToken({
      identifier: { type: 'email', value: 'newcomer@example.com' },
      token,
    });
    await expect(experience.identifyUser({ verificationId })).rejects.toMatchObject({
      name: 'NotFoundError',
      code: 'user.user_not_exist',
    });
    await experience.updateInteractionEvent({ interactionEvent: 'Register' });
    await experience.identifyUser({ verificationId });
    const redirectTo = await submitted(experience);
    expect(await signedInUser(flow, redirectTo)).toBe(
      sandbox().findUser({ email: 'newcomer@example.com' })?.id,
    );
  });
});

describe('password with TOTP MFA', () => {
  it('refuses submit until a second factor is verified', async () => {
    const user = sandbox().addUser({ username: 'mfa_user', password: 'mfa-user-password', totpSecret: true });
    const flow = await startSignIn(sandbox());
    const experience = flow.experience;
    await experience.initInteraction({ interactionEvent: 'SignIn' });
    const { verificationId } = await experience.createPasswordVerification({
      identifier: { type: 'username', value: 'mfa_user' },
      password: 'mfa-user-password',
    });
    await experience.identifyUser({ verificationId });
    const refused = await experience.submit().catch((e: unknown) => e);
    expect(refused).toMatchObject({
      name: 'PermissionDeniedError',
      code: 'session.mfa.require_mfa_verification',
      body: { data: { availableFactors: ['Totp'] } },
    });
    await expect(experience.verifyTotp({ code: '000000' })).rejects.toMatchObject({
      code: 'session.mfa.invalid_totp_code',
    });
    await experience.verifyTotp({ code: sandbox().totp(user.totpSecret ?? '') });
    const redirectTo = await submitted(experience);
    expect(await signedInUser(flow, redirectTo)).toBe(user.id);
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    sandbox().addUser({ username: 'careful', password: 'right-password' });
    const experience = await experienceClient(sandbox());
    await experience.initInteraction({ interactionEvent: 'SignIn' });
    const error = await experience
      .createPasswordVerification({
        identifier: { type: 'username', value: 'careful' },
        password: 'wrong-password',
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'UnprocessableEntityError', code: 'session.invalid_credentials' });
    expect(JSON.stringify(error)).not.toContain('wrong-password');
  });
});

describe('registration with MFA binding', () => {
  it('binds TOTP and backup codes, which then work as second factors', async () => {
    const experience = await experienceClient(sandbox());
    await experience.initInteraction({ interactionEvent: 'Register' });
    const identity = await experience.createNewPasswordIdentityVerification({
      identifier: { type: 'username', value: 'binder' },
      password: 'binder-password',
    });
    await experience.identifyUser({ verificationId: identity.verificationId });
    const totp = await experience.createTotpSecret();
    expect(totp.secretQrCode).toMatch(/^data:image\/png;base64,/);
    const confirmed = await experience.verifyTotp({
      code: sandbox().totp(totp.secret),
      verificationId: totp.verificationId,
    });
    await experience.bindMfaVerification({ type: 'Totp', verificationId: confirmed.verificationId });
    const backup = await experience.generateBackupCodes();
    await experience.bindMfaVerification({ type: 'BackupCode', verificationId: backup.verificationId });
    await experience.submit();
    expect(sandbox().findUser({ username: 'binder' })).toMatchObject({
      mfaFactors: ['Totp', 'BackupCode'],
      unusedBackupCodes: 10,
    });

    const again = await experienceClient(sandbox());
    await again.initInteraction({ interactionEvent: 'SignIn' });
    const password = await again.createPasswordVerification({
      identifier: { type: 'username', value: 'binder' },
      password: 'binder-password',
    });
    await again.identifyUser({ verificationId: password.verificationId });
    await again.verifyBackupCode({ code: backup.codes[0] ?? '' });
    await again.submit();
    expect(sandbox().findUser({ username: 'binder' })?.unusedBackupCodes).toBe(9);
  });

  it('does not accept backup codes as the only factor', async () => {
    const experience = await experienceClient(sandbox());
    await experience.initInteraction({ interactionEvent: 'Register' });
    const identity = await experience.createNewPasswordIdentityVerification({
      identifier: { type: 'username', value: 'lonely' },
      password: 'lonely-password',
    });
    await experience.identifyUser({ verificationId: identity.verificationId });
    const backup = await experience.generateBackupCodes();
    await expect(
      experience.bindMfaVerification({ type: 'BackupCode', verificationId: backup.verificationId }),
    ).rejects.toMatchObject({
      code: 'session.mfa.backup_code_can_not_be_alone',
    });
  });
});

describe('forgotten password', () => {
  it('resets the password with a code from the outbox', async () => {
    const user = sandbox().addUser({ email: 'forgetful@example.com', password: 'old-password-1' });
    const experience = await experienceClient(sandbox());
    await experience.initInteraction({ interactionEvent: 'ForgotPassword' });
    const identifier = { type: 'email' as const, value: 'forgetful@example.com' };
    const sent = await experience.createAndSendVerificationCode({
      identifier,
      interactionEvent: 'ForgotPassword',
    });
    await expect(
      experience.verifyCode({ identifier, verificationId: sent.verificationId, code: '000000' }),
    ).rejects.toMatchObject({
      code: 'verification_code.code_mismatch',
    });
    const code = sandbox().outbox.latest('forgetful@example.com')?.code ?? '';
    const verified = await experience.verifyCode({ identifier, verificationId: sent.verificationId, code });
    await experience.identifyUser({ verificationId: verified.verificationId });
    await expect(experience.resetPassword({ password: 'old-password-1' })).rejects.toMatchObject({
      code: 'user.same_password',
    });
    await experience.resetPassword({ password: 'new-password-2' });
    await experience.submit();

    const flow = await startSignIn(sandbox());
    const check = flow.experience;
    await check.initInteraction({ interactionEvent: 'SignIn' });
    await expect(
      check.createPasswordVerification({ identifier, password: 'old-password-1' }),
    ).rejects.toMatchObject({ code: 'session.invalid_credentials' });
    const { verificationId } = await check.createPasswordVerification({
      identifier,
      password: 'new-password-2',
    });
    await check.identifyUser({ verificationId });
    expect(await signedInUser(flow, await submitted(check))).toBe(user.id);
  });
});

describe('sessions and concurrency', () => {
  it('keeps the interaction per client: another client has no session', async () => {
    const opened = await experienceClient(sandbox());
    await opened.initInteraction({ interactionEvent: 'SignIn' });
    const stranger = createExperienceClient({ endpoint: sandbox().urls.logto });
    await expect(stranger.initInteraction({ interactionEvent: 'SignIn' })).rejects.toMatchObject({
      code: 'session.not_found',
    });
  });

  it('lets one of 50 concurrent uses of a backup code succeed', async () => {
    const user = sandbox().addUser({
      username: 'racer',
      password: 'racer-password',
      totpSecret: true,
      backupCodes: true,
    });
    const experience = await experienceClient(sandbox());
    await experience.initInteraction({ interactionEvent: 'SignIn' });
    const { verificationId } = await experience.createPasswordVerification({
      identifier: { type: 'username', value: 'racer' },
      password: 'racer-password',
    });
    await experience.identifyUser({ verificationId });
    const code = user.backupCodes?.[0] ?? '';
    const { succeeded, failures } = await race(
      Array.from({ length: 50 }, () => () => experience.verifyBackupCode({ code })),
    );
    expect(succeeded).toBe(1);
    expect(failures.every((f) => f.code === 'session.mfa.invalid_backup_code')).toBe(true);
  });

  it('lets one of 50 concurrent uses of a TOTP passcode succeed', async () => {
    const user = sandbox().addUser({ username: 'racer2', password: 'racer2-password', totpSecret: true });
    const experience = await experienceClient(sandbox());
    await experience.initInteraction({ interactionEvent: 'SignIn' });
    const { verificationId } = await experience.createPasswordVerification({
      identifier: { type: 'username', value: 'racer2' },
      password: 'racer2-password',
    });
    await experience.identifyUser({ verificationId });
    const code = sandbox().totp(user.totpSecret ?? '');
    const { succeeded, failures } = await race(
      Array.from({ length: 50 }, () => () => experience.verifyTotp({ code })),
    );
    expect(succeeded).toBe(1);
    expect(failures.every((f) => f.code === 'session.mfa.invalid_totp_code')).toBe(true);
  });

  it('is turned away by the emulator spec validation, in Logto’s error shape', async () => {
    const experience = await experienceClient(sandbox());
    const { error, response } = await experienceApi(experience).PUT('/api/experience', {
      body: { interactionEvent: 'LogIn' } as never,
    });
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ code: 'guard.invalid_input' });
  });
});

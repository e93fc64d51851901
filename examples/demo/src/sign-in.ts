// 2 and 3. The Experience API: magic link, password + TOTP, registration with MFA binding,
// forgotten password. Each flow is a fresh client with its own cookie jar, as a server-side
// sign-in would be.
import { createExperienceClient, type ExperienceClient } from '@authspec/logto';
import type { Sandbox } from '@authspec/sandbox';
import { expect, expectError, type Report } from './report.js';
import { seededManagementClient } from './seeded.js';

const REDIRECT_URI = 'https://app.example.com/callback';

/** A new Experience client with an interaction opened through /oidc/auth. */
async function openInteraction(sandbox: Sandbox): Promise<ExperienceClient> {
  const experience = createExperienceClient({ endpoint: sandbox.urls.logto, appId: 'demo-web-app' });
  await experience.startOidcAuthorization({
    clientId: 'demo-web-app',
    redirectUri: REDIRECT_URI,
    state: 'demo',
  });
  return experience;
}

/** The redirect a sign-in's submit answers (only a password reset answers 204, without one). */
async function submitted(experience: ExperienceClient): Promise<string> {
  const result = await experience.submit();
  if (result.status !== 200) throw new Error(`submit answered ${result.status} without a redirect`);
  return result.data.redirectTo;
}

/** Follow submit's redirectTo to the application callback and name the signed-in user. */
async function whoSignedIn(sandbox: Sandbox, redirectTo: string): Promise<string> {
  const res = await fetch(redirectTo, { redirect: 'manual' });
  const location = res.headers.get('location') ?? '';
  const code = new URL(location, redirectTo).searchParams.get('code') ?? '';
  const grant = sandbox.authorizationCode(code);
  expect(location.startsWith(REDIRECT_URI) && grant, `no authorization code in the redirect (${res.status})`);
  const user = sandbox.findUser({ id: grant.userId });
  return user?.username ?? user?.email ?? grant.userId;
}

export async function magicLinkSection(sandbox: Sandbox, report: Report): Promise<void> {
  report.section('2. Magic-link sign-in (Management API + Experience API)');
  const { logto } = seededManagementClient(sandbox);
  let token = '';
  let experience: ExperienceClient | undefined;
  let verificationId = '';
  let redirectTo = '';

  await report.step('Management client creates a one-time token (the link)', async () => {
    token = (await logto.oneTimeTokens.create({ email: 'ada@example.com', expiresIn: 900 })).token;
    return 'mailed as https://app.example.com/magic?token=…';
  });
  await report.step('initInteraction (SignIn)', async () => {
    experience = await openInteraction(sandbox);
    await experience.initInteraction({ interactionEvent: 'SignIn' });
    return 'interaction cookie kept in the client jar';
  });
  await report.step('verifyOneTimeToken', async () => {
    verificationId = (
      await experience?.verifyOneTimeToken({ identifier: { type: 'email', value: 'ada@example.com' }, token })
    )?.verificationId as string;
    return `verification ${verificationId}`;
  });
  await report.step('identifyUser', async () => {
    await experience?.identifyUser({ verificationId });
    return 'identified';
  });
  await report.step('submit', async () => {
    redirectTo = experience ? await submitted(experience) : '';
    return `signed in: ${await whoSignedIn(sandbox, redirectTo)}`;
  });
}

export async function signInSection(sandbox: Sandbox, report: Report): Promise<void> {
  report.section('3. Password + TOTP MFA, registration with MFA binding, forgotten password');
  const grace = sandbox.seeded.users.find((u) => u.username === 'grace');
  expect(grace?.password && grace.totpSecret, 'the demo seed has grace with TOTP');

  let experience = await openInteraction(sandbox);
  await report.step('password sign-in of grace (has TOTP)', async () => {
    await experience.initInteraction({ interactionEvent: 'SignIn' });
    const { verificationId } = await experience.createPasswordVerification({
      identifier: { type: 'username', value: 'grace' },
      password: grace.password ?? '',
    });
    await experience.identifyUser({ verificationId });
    return 'password verified, user identified';
  });
  await report.step('submit before MFA: refused', async () =>
    expectError(experience.submit(), 'PermissionDeniedError', 'session.mfa.require_mfa_verification'),
  );
  await report.step('verifyTotp with the authenticator code, then submit', async () => {
    await experience.verifyTotp({ code: sandbox.totp(grace.totpSecret ?? '') });
    const redirectTo = await submitted(experience);
    return `signed in: ${await whoSignedIn(sandbox, redirectTo)}`;
  });

  const username = `demo_${Date.now().toString(36)}`;
  const password = 'a-long-demo-passphrase';
  experience = await openInteraction(sandbox);
  let backupCodes: string[] = [];
  await report.step(`register ${username} with a username and password`, async () => {
    await experience.initInteraction({ interactionEvent: 'Register' });
    const { verificationId } = await experience.createNewPasswordIdentityVerification({
      identifier: { type: 'username', value: username },
      password,
    });
    await experience.identifyUser({ verificationId });
    return 'account created (201)';
  });
  await report.step('bind TOTP: createTotpSecret, verifyTotp, bindMfaVerification', async () => {
    const { verificationId, secret } = await experience.createTotpSecret();
    const confirmed = await experience.verifyTotp({ code: sandbox.totp(secret), verificationId });
    await experience.bindMfaVerification({ type: 'Totp', verificationId: confirmed.verificationId });
    return 'TOTP secret confirmed and bound';
  });
  await report.step('bind backup codes: generateBackupCodes, bindMfaVerification', async () => {
    const generated = await experience.generateBackupCodes();
    backupCodes = generated.codes;
    await experience.bindMfaVerification({ type: 'BackupCode', verificationId: generated.verificationId });
    return `${generated.codes.length} codes`;
  });
  await report.step('submit the registration', async () => {
    const redirectTo = await submitted(experience);
    const factors = sandbox.findUser({ username })?.mfaFactors.join(', ');
    return `signed in: ${await whoSignedIn(sandbox, redirectTo)} (MFA: ${factors})`;
  });
  await report.step('sign in again, second factor: a backup code', async () => {
    const again = await openInteraction(sandbox);
    await again.initInteraction({ interactionEvent: 'SignIn' });
    const { verificationId } = await again.createPasswordVerification({
      identifier: { type: 'username', value: username },
      password,
    });
    await again.identifyUser({ verificationId });
    await again.verifyBackupCode({ code: backupCodes[0] ?? '' });
    const redirectTo = await submitted(again);
    return `signed in: ${await whoSignedIn(sandbox, redirectTo)}, ${sandbox.findUser({ username })?.unusedBackupCodes} codes left`;
  });

  const ada = sandbox.seeded.users.find((u) => u.username === 'ada');
  expect(ada?.email, 'the demo seed has ada');
  const newPassword = 'a-brand-new-passphrase';
  await report.step('forgotten password: code to the outbox, verify, reset, submit', async () => {
    const reset = await openInteraction(sandbox);
    await reset.initInteraction({ interactionEvent: 'ForgotPassword' });
    const identifier = { type: 'email' as const, value: ada.email ?? '' };
    const { verificationId } = await reset.createAndSendVerificationCode({
      identifier,
      interactionEvent: 'ForgotPassword',
    });
    const code = sandbox.outbox.latest(ada.email)?.code ?? '';
    const verified = await reset.verifyCode({ identifier, verificationId, code });
    await reset.identifyUser({ verificationId: verified.verificationId });
    await reset.resetPassword({ password: newPassword });
    await reset.submit();
    return `code ${code.replace(/\d/g, '•')} read from the outbox; password changed`;
  });
  await report.step('sign in with the new password', async () => {
    const check = await openInteraction(sandbox);
    await check.initInteraction({ interactionEvent: 'SignIn' });
    const { verificationId } = await check.createPasswordVerification({
      identifier: { type: 'email', value: ada.email ?? '' },
      password: newPassword,
    });
    await check.identifyUser({ verificationId });
    const redirectTo = await submitted(check);
    return `signed in: ${await whoSignedIn(sandbox, redirectTo)}`;
  });
}

// 2 and 3. The Experience API, driven by headless sign-ins (@authspec/logto/headless): magic
// link, password + TOTP, registration with MFA binding, forgotten password. Each sign-in is its
// own cookie jar, PKCE verifier, state and nonce, as a server-side sign-in would be, and ends in
// tokens and a validated ID token.
import type { ExperienceClient } from '@authspec/logto';
import { createHeadlessSignIn, type HeadlessSignInFlow } from '@authspec/logto/headless';
import type { Sandbox } from '@authspec/sandbox';
import { expect, expectError, type Report } from './report.js';
import { seededManagementClient } from './seeded.js';

/** The demo seed's confidential web application. */
const WEB_APP = {
  clientId: 'demo-web-app',
  clientSecret: 'demo-web-app-secret',
  redirectUri: 'http://127.0.0.1:3000/callback',
};

/** A new headless sign-in: the authorization request (PKCE, state, nonce) is sent. */
async function openInteraction(sandbox: Sandbox): Promise<HeadlessSignInFlow> {
  return createHeadlessSignIn({ endpoint: sandbox.urls.logto, ...WEB_APP }).start();
}

/** The redirect a sign-in's submit answers (only a password reset answers 204, without one). */
async function submitted(experience: ExperienceClient): Promise<string> {
  const result = await experience.submit();
  if (result.status !== 200) throw new Error(`submit answered ${result.status} without a redirect`);
  return result.data.redirectTo;
}

/** Follow submit's redirectTo to the code, exchange it, and name the ID token's subject. */
async function whoSignedIn(sandbox: Sandbox, flow: HeadlessSignInFlow, redirectTo: string): Promise<string> {
  const { claims } = await flow.complete({ redirectTo });
  const user = sandbox.findUser({ id: claims.sub });
  return user?.username ?? user?.email ?? claims.sub;
}

export async function magicLinkSection(sandbox: Sandbox, report: Report): Promise<void> {
  report.section('2. Magic-link sign-in (Management API + Experience API)');
  const { logto } = seededManagementClient(sandbox);
  let token = '';
  let flow: HeadlessSignInFlow | undefined;
  let verificationId = '';

  await report.step('Management client creates a one-time token (the link)', async () => {
    token = (await logto.oneTimeTokens.create({ email: 'ada@example.com', expiresIn: 900 })).token;
    return 'mailed as https://app.example.com/magic?token=…';
  });
  await report.step('headless sign-in: authorization request, initInteraction (SignIn)', async () => {
    flow = await openInteraction(sandbox);
    await flow.experience.initInteraction({ interactionEvent: 'SignIn' });
    return 'PKCE S256, state and nonce sent; interaction cookie kept in the sign-in jar';
  });
  await report.step('verifyOneTimeToken', async () => {
    verificationId = (
      await flow?.experience.verifyOneTimeToken({
        identifier: { type: 'email', value: 'ada@example.com' },
        token,
      })
    )?.verificationId as string;
    return `verification ${verificationId}`;
  });
  await report.step('identifyUser', async () => {
    await flow?.experience.identifyUser({ verificationId });
    return 'identified';
  });
  await report.step('complete: submit, consent hop, code exchange, ID token check', async () => {
    expect(flow, 'the sign-in started');
    const { tokens, claims } = await flow.complete();
    const user = sandbox.findUser({ id: claims.sub });
    return `ID token sub ${claims.sub} (${user?.email}), ${tokens.tokenType} access token until ${new Date(tokens.expiresAt ?? 0).toISOString()}`;
  });
}

export async function signInSection(sandbox: Sandbox, report: Report): Promise<void> {
  report.section('3. Password + TOTP MFA, registration with MFA binding, forgotten password');
  const grace = sandbox.seeded.users.find((u) => u.username === 'grace');
  expect(grace?.password && grace.totpSecret, 'the demo seed has grace with TOTP');

  let flow = await openInteraction(sandbox);
  let experience = flow.experience;
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
    return `signed in: ${await whoSignedIn(sandbox, flow, redirectTo)}`;
  });

  const username = `demo_${Date.now().toString(36)}`;
  const password = 'a-long-demo-passphrase';
  flow = await openInteraction(sandbox);
  experience = flow.experience;
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
    return `signed in: ${await whoSignedIn(sandbox, flow, redirectTo)} (MFA: ${factors})`;
  });
  await report.step('sign in again, second factor: a backup code', async () => {
    const againFlow = await openInteraction(sandbox);
    const again = againFlow.experience;
    await again.initInteraction({ interactionEvent: 'SignIn' });
    const { verificationId } = await again.createPasswordVerification({
      identifier: { type: 'username', value: username },
      password,
    });
    await again.identifyUser({ verificationId });
    await again.verifyBackupCode({ code: backupCodes[0] ?? '' });
    const redirectTo = await submitted(again);
    return `signed in: ${await whoSignedIn(sandbox, againFlow, redirectTo)}, ${sandbox.findUser({ username })?.unusedBackupCodes} codes left`;
  });

  const ada = sandbox.seeded.users.find((u) => u.username === 'ada');
  expect(ada?.email, 'the demo seed has ada');
  const newPassword = 'a-brand-new-passphrase';
  await report.step('forgotten password: code to the outbox, verify, reset, submit', async () => {
    const reset = (await openInteraction(sandbox)).experience;
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
    const checkFlow = await openInteraction(sandbox);
    const check = checkFlow.experience;
    await check.initInteraction({ interactionEvent: 'SignIn' });
    const { verificationId } = await check.createPasswordVerification({
      identifier: { type: 'email', value: ada.email ?? '' },
      password: newPassword,
    });
    await check.identifyUser({ verificationId });
    const redirectTo = await submitted(check);
    return `signed in: ${await whoSignedIn(sandbox, checkFlow, redirectTo)}`;
  });
}

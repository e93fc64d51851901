// Every flow of the sign-in page, driven through its own inputs and buttons in headless Chromium,
// against the sandbox serving the built page same-origin. Each flow ends on the redirect that
// `submit` returns; a screenshot of its last screen goes to test-results/.
import { mkdirSync } from 'node:fs';
import { type Sandbox, startSandbox } from '@authspec/sandbox';
import { launchChromium } from '@authspec/test-utils';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as steps from './page.js';
import { addExampleApp, PAGE_DIR, RESULTS } from './page.js';

let sandbox: Sandbox;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true });
  // `localhost`, not 127.0.0.1: browsers accept a WebAuthn relying party on a host name only.
  sandbox = await startSandbox({
    signInPage: PAGE_DIR,
    publicHost: 'localhost',
    validateResponses: true,
    logger: false,
  });
  addExampleApp(sandbox);
  browser = await launchChromium();
}, 60_000);
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  expect(sandbox.responseViolations).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

const openSignIn = (state: string) => steps.openSignIn(sandbox, browser, contexts, state);
const startAuthorization = (page: Page, state: string) => steps.startAuthorization(sandbox, page, state);
const expectSignedIn = (page: Page, userId: string, state: string, screenshot: string) =>
  steps.expectSignedIn(sandbox, page, userId, state, screenshot);

async function signInWithPassword(
  page: Page,
  identifier: string,
  password: string,
  options: { addPasskey?: boolean } = {},
) {
  await page.fill('#password-form [name=identifier]', identifier);
  await page.fill('#password-form [name=password]', password);
  if (options.addPasskey) await page.check('#password-form [name=addPasskey]');
  await page.click('#password-form button[type=submit]');
}

describe('sign-in page in Chromium', () => {
  it('signs in with a password', async () => {
    const user = sandbox.addUser({ username: 'ada', password: 'correct-horse-battery' });
    const page = await openSignIn('password');
    await signInWithPassword(page, 'ada', 'correct-horse-battery');
    await expectSignedIn(page, user.id, 'password', 'password-sign-in');
  });

  it('shows the error message the API returns', async () => {
    sandbox.addUser({ username: 'bea', password: 'the-right-password' });
    const page = await openSignIn('error');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/experience/verification/password'));
    await signInWithPassword(page, 'bea', 'a-wrong-password');
    const { message, code } = (await (await answer).json()) as { message: string; code: string };
    await expect.poll(() => page.textContent('#error')).toBe(message);
    expect(await page.getAttribute('#error', 'data-code')).toBe(code);
    expect(code).toBe('session.invalid_credentials');
    await page.screenshot({ path: `${RESULTS}/error-message.png`, fullPage: true });
  });

  it('signs in with a verification code sent by email', async () => {
    const user = sandbox.addUser({ email: 'cora@example.com' });
    const page = await openSignIn('code');
    await page.click('#use-code');
    await page.fill('#code-send-form [name=email]', 'cora@example.com');
    await page.click('#code-send-form button');
    await page.waitForSelector('#code-verify-form:not([hidden])');
    await page.fill('#code-verify-form [name=code]', sandbox.outbox.latest('cora@example.com')?.code ?? '');
    await page.click('#code-verify-form button');
    await expectSignedIn(page, user.id, 'code', 'verification-code-sign-in');
  });

  it('asks for the TOTP code of an account with MFA', async () => {
    const user = sandbox.addUser({ username: 'dana', password: 'dana-password-1', totpSecret: true });
    const page = await openSignIn('totp');
    await signInWithPassword(page, 'dana', 'dana-password-1');
    await page.waitForSelector('#totp-form:not([hidden])');
    await page.fill('#totp-form [name=code]', sandbox.totp(user.totpSecret ?? ''));
    await page.click('#totp-form button');
    await expectSignedIn(page, user.id, 'totp', 'totp-mfa');
  });

  it('registers a passkey, then signs in with it (virtual authenticator)', async () => {
    const user = sandbox.addUser({ username: 'eli', password: 'eli-password-1' });
    const page = await openSignIn('passkey-register');
    // A virtual authenticator makes the real navigator.credentials.create/get run headless.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await signInWithPassword(page, 'eli', 'eli-password-1', { addPasskey: true });
    await expectSignedIn(page, user.id, 'passkey-register', 'passkey-registration');
    expect(sandbox.findUser({ id: user.id })?.mfaFactors).toEqual(['WebAuthn']);

    await startAuthorization(page, 'passkey-sign-in');
    await signInWithPassword(page, 'eli', 'eli-password-1');
    await page.waitForSelector('#use-passkey:not([hidden])');
    await page.click('#use-passkey');
    await expectSignedIn(page, user.id, 'passkey-sign-in', 'passkey-sign-in');
    expect(sandbox.findUser({ id: user.id })?.webAuthnCredentials[0]?.counter).toBeGreaterThan(0);
  });

  it('signs in from a magic link with the one-time token in the URL', async () => {
    const user = sandbox.addUser({ email: 'finn@example.com' });
    const { token } = sandbox.createOneTimeToken({ email: 'finn@example.com', expiresIn: 600 });
    const page = await openSignIn('magic-link');
    await page.goto(
      `${sandbox.url}/sign-in/?${new URLSearchParams({ one_time_token: token, email: 'finn@example.com' })}`,
    );
    await expectSignedIn(page, user.id, 'magic-link', 'magic-link');
  });

  it('registers a new address from a magic link', async () => {
    const { token } = sandbox.createOneTimeToken({ email: 'gus@example.com' });
    const page = await openSignIn('magic-register');
    await page.goto(
      `${sandbox.url}/sign-in/?${new URLSearchParams({ one_time_token: token, email: 'gus@example.com' })}`,
    );
    await page.waitForURL(/\/sign-in\/callback\?/);
    await expectSignedIn(
      page,
      sandbox.findUser({ email: 'gus@example.com' })?.id ?? 'missing',
      'magic-register',
      'magic-link-registration',
    );
  });

  it('resets a forgotten password, then signs in with the new one', async () => {
    const user = sandbox.addUser({ email: 'hana@example.com', password: 'old-password-1' });
    const page = await openSignIn('forgot');
    await page.click('#forgot');
    await page.fill('#forgot-send-form [name=email]', 'hana@example.com');
    await page.click('#forgot-send-form button');
    await page.waitForSelector('#forgot-reset-form:not([hidden])');
    await page.fill('#forgot-reset-form [name=code]', sandbox.outbox.latest('hana@example.com')?.code ?? '');
    await page.fill('#forgot-reset-form [name=password]', 'new-password-2');
    await page.click('#forgot-reset-form button');
    // submit answers 204 for a password reset: the page comes back to itself.
    await page.waitForURL(/\/sign-in\/?\?reset=1$/);
    expect(await page.textContent('#notice')).toBe('Your password was changed. Sign in with the new one.');
    await page.screenshot({ path: `${RESULTS}/forgot-password.png`, fullPage: true });

    await startAuthorization(page, 'after-reset');
    await signInWithPassword(page, 'hana@example.com', 'new-password-2');
    await expectSignedIn(page, user.id, 'after-reset', 'sign-in-after-reset');
  });
});

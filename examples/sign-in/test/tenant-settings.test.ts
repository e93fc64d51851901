// The page follows the tenant's sign-in experience: two sandboxes configured as two different
// tenants, the page rendered against each in headless Chromium.
import { mkdirSync } from 'node:fs';
import { type Sandbox, type SandboxConfigUpdate, startSandbox } from '@authspec/sandbox';
import { launchChromium } from '@authspec/test-utils';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addExampleApp, expectSignedIn, openSignIn, PAGE_DIR, RESULTS } from './page.js';

/** Tenant A: email + password only, TOTP as the only second factor. */
const TENANT_A: SandboxConfigUpdate = {
  signInMethods: [{ identifier: 'email', password: true, verificationCode: false }],
  signUp: { identifiers: ['email'], password: true, verify: true },
  mfaPolicy: 'UserControlled',
  mfaFactors: ['Totp'],
};

/** Tenant B: username + password or an email code; sign-up wants a username, a password and a name. */
const TENANT_B: SandboxConfigUpdate = {
  signInMethods: [
    { identifier: 'username', password: true, verificationCode: false },
    { identifier: 'email', password: false, verificationCode: true },
  ],
  signUp: { identifiers: ['username', 'email'], password: true, verify: true },
  signUpProfileFields: ['name'],
  passwordMinLength: 10,
  passwordCharacterTypes: 2,
  mfaFactors: ['Totp', 'WebAuthn', 'BackupCode'],
};

let browser: Browser;
const sandboxes: Sandbox[] = [];
const contexts: BrowserContext[] = [];

async function startTenant(config: SandboxConfigUpdate): Promise<Sandbox> {
  const sandbox = await startSandbox({
    signInPage: PAGE_DIR,
    validateResponses: true,
    logger: false,
    config,
  });
  sandboxes.push(sandbox);
  addExampleApp(sandbox);
  return sandbox;
}

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true });
  browser = await launchChromium();
}, 60_000);
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  for (const sandbox of sandboxes) expect(sandbox.responseViolations).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(sandboxes.map((s) => s.close()));
});

/** What the start screen offers, once the page has applied the settings. */
async function startScreen(page: Page) {
  await page.waitForSelector('#start:not([hidden])');
  return {
    identifierLabel: await page.textContent('#identifier-label'),
    passwordForm: await page.isVisible('#password-form'),
    code: await page.isVisible('#use-code'),
    forgot: await page.isVisible('#forgot'),
    addPasskey: await page.isVisible('#add-passkey-option'),
  };
}

describe('tenant A: email and password, TOTP', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startTenant(TENANT_A);
  });

  it('offers only email + password, and only the TOTP factor the account has', async () => {
    const user = sandbox.addUser({
      email: 'ines@example.com',
      password: 'ines-password-1',
      totpSecret: true,
    });
    const page = await openSignIn(sandbox, browser, contexts, 'tenant-a');
    expect(await startScreen(page)).toEqual({
      identifierLabel: 'Email',
      passwordForm: true,
      code: false,
      forgot: false,
      addPasskey: false,
    });
    await page.fill('#password-form [name=identifier]', 'ines@example.com');
    await page.fill('#password-form [name=password]', 'ines-password-1');
    await page.click('#password-form button[type=submit]');
    await page.waitForSelector('#totp-form:not([hidden])');
    expect(await page.isVisible('#backup-form')).toBe(false);
    expect(await page.isVisible('#use-passkey')).toBe(false);
    await page.fill('#totp-form [name=code]', sandbox.totp(user.totpSecret ?? ''));
    await page.click('#totp-form button');
    await expectSignedIn(sandbox, page, user.id, 'tenant-a', 'tenant-a-totp');
  });
});

describe('tenant B: username or email code, a required name', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startTenant(TENANT_B);
  });

  it('offers username + password and an email code', async () => {
    const page = await openSignIn(sandbox, browser, contexts, 'tenant-b');
    expect(await startScreen(page)).toEqual({
      identifierLabel: 'Username',
      passwordForm: true,
      code: true,
      forgot: true,
      addPasskey: true,
    });
  });

  it('registers a new address by asking for exactly the missing profile fields', async () => {
    const page = await openSignIn(sandbox, browser, contexts, 'tenant-b-register');
    await page.click('#use-code');
    await page.fill('#code-send-form [name=email]', 'joy@example.com');
    await page.click('#code-send-form button');
    await page.waitForSelector('#code-verify-form:not([hidden])');
    await page.fill('#code-verify-form [name=code]', sandbox.outbox.latest('joy@example.com')?.code ?? '');
    await page.click('#code-verify-form button');

    // Registration answered user.missing_profile [username, password, extraProfile].
    await page.waitForSelector('#profile:not([hidden])');
    const inputs = await page.$$eval('#profile-form label:not([hidden]) input', (all) =>
      all.map((input) => (input as HTMLInputElement).name),
    );
    expect(inputs).toEqual(['username', 'password', 'name']);
    expect(await page.textContent('#profile-form .password-hint')).toBe(
      'At least 10 characters, with 2 of: lower case, upper case, digits, symbols.',
    );
    await page.fill('#profile-form [name=username]', 'joy');
    await page.fill('#profile-form [name=password]', 'onlylowercase');
    await page.fill('#profile-form [name=name]', 'Joy Example');
    await page.click('#profile-form button');
    await expect.poll(() => page.getAttribute('#error', 'data-code')).toBe('password.rejected');

    await page.fill('#profile-form [name=password]', 'Mixed-case-passphrase');
    await page.click('#profile-form button');
    const user = () => sandbox.findUser({ email: 'joy@example.com' });
    await page.waitForURL(/\/sign-in\/callback\?/);
    expect(user()).toMatchObject({
      username: 'joy',
      hasPassword: true,
      extraProfile: { name: 'Joy Example' },
    });
    await expectSignedIn(
      sandbox,
      page,
      user()?.id ?? 'missing',
      'tenant-b-register',
      'tenant-b-registration',
    );
  });
});

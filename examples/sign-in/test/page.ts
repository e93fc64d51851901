// Shared steps of the Chromium tests: open the sign-in page the way an application sends a
// browser there (the OIDC authorization request), and check where a flow ends.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Sandbox } from '@authspec/sandbox';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

export const PAGE_DIR = fileURLToPath(new URL('../dist', import.meta.url));
export const RESULTS = fileURLToPath(new URL('../test-results', import.meta.url));
export const CLIENT_ID = 'sign-in-example';

/** The application the page signs in to: a SPA, so its authorization requests carry PKCE. */
export const addExampleApp = (sandbox: Sandbox) =>
  sandbox.addApp({ clientId: CLIENT_ID, type: 'SPA', redirectUris: ['/sign-in/callback'] });

export async function startAuthorization(sandbox: Sandbox, page: Page, state: string): Promise<void> {
  const params = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: `${sandbox.url}/sign-in/callback`,
    response_type: 'code',
    scope: 'openid profile',
    state,
    // The application keeps the verifier; the page only needs the interaction the request opens.
    code_challenge: createHash('sha256')
      .update('a-verifier-the-application-keeps-0123456789')
      .digest('base64url'),
    code_challenge_method: 'S256',
  });
  await page.goto(`${sandbox.url}/oidc/auth?${params}`);
  await page.waitForURL(`${sandbox.url}/sign-in/?app_id=${CLIENT_ID}`);
}

/** A fresh browser context (own cookies) on the sign-in page; `contexts` collects it for closing. */
export async function openSignIn(
  sandbox: Sandbox,
  browser: Browser,
  contexts: BrowserContext[],
  state: string,
): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await startAuthorization(sandbox, page, state);
  return page;
}

/** The flow ended on the application's callback with a code issued to `userId`. */
export async function expectSignedIn(
  sandbox: Sandbox,
  page: Page,
  userId: string,
  state: string,
  screenshot: string,
): Promise<void> {
  await page.waitForURL(/\/sign-in\/callback\?/);
  const code = (await page.textContent('#authorization-code')) ?? '';
  expect(sandbox.authorizationCode(code)?.userId).toBe(userId);
  expect(await page.textContent('#authorization-state')).toBe(state);
  await page.screenshot({ path: `${RESULTS}/${screenshot}.png`, fullPage: true });
}

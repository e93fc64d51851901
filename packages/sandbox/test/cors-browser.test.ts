// A real browser on a page of another origin (as a Vite dev server would serve it) signing in
// through the sandbox: the interaction cookie set by /oidc/auth travels with `credentials:
// 'include'`, the preflight lets `Logto-App-Id` and a JSON body through, and the page reads the
// answers and the exposed request id. Without the origin allowed, the browser blocks the call.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchChromium } from '@authspec/test-utils';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { startTestSandbox } from './helpers.js';

let page: Server;
let pageOrigin: string;
let browser: Browser;
const sandboxes: Sandbox[] = [];

beforeAll(async () => {
  page = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>dev server</title>');
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://localhost:${(page.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await Promise.all(sandboxes.map((s) => s.close()));
  await new Promise((resolve) => page.close(resolve));
});

async function sandboxFor(corsOrigins: string[]) {
  const { sandbox } = await startTestSandbox({ publicHost: 'localhost', corsOrigins });
  sandboxes.push(sandbox);
  // The dev server's single-page app: a public client, so it signs in with PKCE.
  sandbox.addApp({ clientId: 'dev-app', type: 'SPA', redirectUris: [`${pageOrigin}/callback`] });
  return sandbox;
}

/** Starts an interaction in the browser (sets the cookie), then opens the dev server's page. */
async function openPage(sandbox: Sandbox) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const params = new URLSearchParams({
    client_id: 'dev-app',
    redirect_uri: `${pageOrigin}/callback`,
    response_type: 'code',
    scope: 'openid',
    state: 'dev',
    code_challenge: createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url'),
    code_challenge_method: 'S256',
  });
  await tab.goto(`${sandbox.url}/oidc/auth?${params}`);
  await tab.goto(`${pageOrigin}/`);
  return { tab, close: () => context.close() };
}

describe('a page of another origin in a real browser', () => {
  it('signs in through the Experience API with the cookie, a preflight and Logto-App-Id', async () => {
    const sandbox = await sandboxFor([pageOrigin]);
    sandbox.addUser({ username: 'vite', password: 'dev-server-password' });
    const { tab, close } = await openPage(sandbox);
    try {
      const result = await tab.evaluate(async (api) => {
        const send = (method: string, path: string, body: unknown) =>
          fetch(`${api}${path}`, {
            method,
            credentials: 'include',
            headers: { 'content-type': 'application/json', 'Logto-App-Id': 'dev-app' },
            body: JSON.stringify(body),
          });
        const started = await send('PUT', '/api/experience', { interactionEvent: 'SignIn' });
        const verified = await send('POST', '/api/experience/verification/password', {
          identifier: { type: 'username', value: 'vite' },
          password: 'dev-server-password',
        });
        const { verificationId } = await verified.json();
        const identified = await send('POST', '/api/experience/identification', { verificationId });
        const submitted = await send('POST', '/api/experience/submit', {});
        return {
          statuses: [started.status, verified.status, identified.status, submitted.status],
          requestId: verified.headers.get('Logto-Core-Request-Id'),
          redirectTo: (await submitted.json()).redirectTo,
        };
      }, sandbox.url);
      expect(result.statuses).toEqual([204, 200, 204, 200]);
      expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(result.redirectTo).toMatch(new RegExp(`^${sandbox.url}/oidc/auth/`));
      expect(sandbox.responseViolations).toEqual([]);
    } finally {
      await close();
    }
  });

  it('is blocked by the browser when the origin is not allowed', async () => {
    const sandbox = await sandboxFor(['http://localhost:1']);
    const { tab, close } = await openPage(sandbox);
    try {
      const outcome = await tab.evaluate(async (api) => {
        try {
          await fetch(`${api}/api/experience`, {
            method: 'PUT',
            credentials: 'include',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ interactionEvent: 'SignIn' }),
          });
          return 'answered';
        } catch (error) {
          return (error as Error).name;
        }
      }, sandbox.url);
      expect(outcome).toBe('TypeError');
    } finally {
      await close();
    }
  });
});

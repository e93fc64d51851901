// A custom sign-in page served by the sandbox, same-origin with the APIs, under a host name that
// browsers accept for WebAuthn.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { startTestSandbox, TEST_APP } from './helpers.js';

let sandbox: Sandbox;
let page: string;
beforeAll(async () => {
  page = mkdtempSync(join(tmpdir(), 'sign-in-page-'));
  mkdirSync(join(page, 'assets'));
  writeFileSync(
    join(page, 'index.html'),
    '<!doctype html><title>Sign in</title><script src="./assets/app.js"></script>',
  );
  writeFileSync(join(page, 'assets/app.js'), 'console.log("hi")');
  writeFileSync(join(tmpdir(), 'outside-the-page.txt'), 'secret');
  ({ sandbox } = await startTestSandbox({ signInPage: page, publicHost: 'localhost' }));
});
afterAll(async () => {
  await sandbox.close();
  rmSync(page, { recursive: true, force: true });
});

describe('signInPage and publicHost', () => {
  it('hands out URLs on the public host while listening on 127.0.0.1', async () => {
    expect(sandbox.url).toMatch(/^http:\/\/localhost:\d+$/);
    const params = new URLSearchParams({
      client_id: TEST_APP.clientId,
      redirect_uri: TEST_APP.redirectUri,
      response_type: 'code',
      scope: 'openid',
    });
    const res = await fetch(`${sandbox.url}/oidc/auth?${params}`, { redirect: 'manual' });
    expect(res.headers.get('location')).toBe(`${sandbox.url}/sign-in?app_id=${TEST_APP.clientId}`);
  });

  it('serves the page and its assets under /sign-in/', async () => {
    const moved = await fetch(`${sandbox.url}/sign-in?token=x`, { redirect: 'manual' });
    expect([moved.status, moved.headers.get('location')]).toEqual([308, '/sign-in/?token=x']);
    const index = await fetch(`${sandbox.url}/sign-in/`);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<title>Sign in</title>');
    const script = await fetch(`${sandbox.url}/sign-in/assets/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    // Client-side routes fall back to the page.
    expect(await (await fetch(`${sandbox.url}/sign-in/callback`)).text()).toContain('<title>Sign in</title>');
  });

  it('never serves a file outside the page folder', async () => {
    const res = await fetch(`${sandbox.url}/sign-in/%2e%2e%2foutside-the-page.txt`);
    expect(await res.text()).not.toContain('secret');
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { type Browser, call, newInteraction, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
});
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => sandbox.close());

// The 8-byte PNG signature and an empty IHDR chunk: enough bytes to tell apart.
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

const form = (file?: Blob, filename = 'avatar.png') => {
  const body = new FormData();
  if (file) body.set('file', file, filename);
  else body.set('note', 'no file');
  return body;
};

const upload = async (browser: Browser, body: FormData) => {
  const response = await browser.fetch('/api/experience/user-assets/avatar', { method: 'POST', body });
  return { status: response.status, body: await response.json() };
};

describe('UploadExperienceAvatar', () => {
  afterEach(() => sandbox.configure({ signUpProfileFields: [] }));

  it('stores the image of a registration, serves it at the answered URL and takes it as a profile value', async () => {
    sandbox.configure({ signUpProfileFields: ['avatar'] });
    const browser = await newInteraction(sandbox, 'Register');
    const uploaded = await upload(browser, form(new Blob([PNG], { type: 'image/png' })));
    expect(uploaded.status).toBe(200);
    expect(uploaded.body.url).toMatch(new RegExp(`^${sandbox.url}/user-assets/[\\w-]+\\.png$`));

    const served = await fetch(uploaded.body.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG);

    const added = await browser.json('POST', '/api/experience/profile', {
      type: 'extraProfile',
      values: { avatar: uploaded.body.url },
    });
    expect(added.status).toBe(204);
    const identity = await browser.json('POST', '/api/experience/verification/new-password-identity', {
      identifier: { type: 'username', value: 'pictured' },
      password: 'a-long-password',
    });
    const registered = await browser.json('POST', '/api/experience/identification', {
      verificationId: identity.body.verificationId,
    });
    expect(registered.status).toBe(201);
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);
    expect(sandbox.findUser({ username: 'pictured' })?.extraProfile).toEqual({ avatar: uploaded.body.url });
  });

  it('accepts uploads only in a registration', async () => {
    const signIn = await newInteraction(sandbox, 'SignIn');
    const wrongEvent = await upload(signIn, form(new Blob([PNG], { type: 'image/png' })));
    expect(wrongEvent.status).toBe(400);
    expect(wrongEvent.body.code).toBe('session.invalid_interaction_type');

    const reset = await newInteraction(sandbox, 'ForgotPassword');
    const forgot = await upload(reset, form(new Blob([PNG], { type: 'image/png' })));
    expect(forgot.status).toBe(400);
    expect(forgot.body.code).toBe('session.not_supported_for_forgot_password');

    const noSession = await call(`${sandbox.url}/api/experience/user-assets/avatar`, {
      method: 'POST',
      body: form(new Blob([PNG], { type: 'image/png' })),
    });
    expect(noSession.status).toBe(400);
    expect(noSession.body.code).toBe('session.not_found');
  });

  it('refuses a file that is not an image, and a form without a file', async () => {
    const browser = await newInteraction(sandbox, 'Register');
    const text = await upload(browser, form(new Blob(['hello'], { type: 'text/plain' }), 'avatar.txt'));
    expect(text.status).toBe(400);
    expect(text.body.code).toBe('guard.mime_type_not_allowed');
    const missing = await upload(browser, form());
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('guard.invalid_input');
    const malformed = await browser.fetch('/api/experience/user-assets/avatar', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: 'not a multipart body',
    });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).code).toBe('guard.invalid_input');
  });
});

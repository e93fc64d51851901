import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import {
  type Browser,
  call,
  jsonInit,
  managementToken,
  newInteraction,
  startTestSandbox,
} from './helpers.js';

let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  sandbox.addUser({ username: 'ada', email: 'ada@example.com', password: 'original-password' });
  token = await managementToken(sandbox, sandbox.addM2mApp());
});
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => sandbox.close());

const passwordVerification = (browser: Browser, username: string, password: string) =>
  browser.json('POST', '/api/experience/verification/password', {
    identifier: { type: 'username', value: username },
    password,
  });

describe('forgot password', () => {
  it('resets the password with a code from the outbox', async () => {
    const browser = await newInteraction(sandbox, 'ForgotPassword');
    const sent = await browser.json('POST', '/api/experience/verification/verification-code', {
      identifier: { type: 'email', value: 'ada@example.com' },
      interactionEvent: 'ForgotPassword',
    });
    const message = sandbox.outbox.latest('ada@example.com');
    expect(message?.interactionEvent).toBe('ForgotPassword');
    await browser.json('POST', '/api/experience/verification/verification-code/verify', {
      identifier: { type: 'email', value: 'ada@example.com' },
      verificationId: sent.body.verificationId,
      code: message?.code,
    });
    expect(
      (
        await browser.json('POST', '/api/experience/identification', {
          verificationId: sent.body.verificationId,
        })
      ).status,
    ).toBe(204);

    const profile = await browser.json('POST', '/api/experience/profile', {
      type: 'username',
      value: 'other',
    });
    expect(profile.status).toBe(400);
    expect(profile.body.code).toBe('session.not_supported_for_forgot_password');
    const noPassword = await browser.json('POST', '/api/experience/submit');
    expect(noPassword.status).toBe(422);
    const same = await browser.json('PUT', '/api/experience/profile/password', {
      password: 'original-password',
    });
    expect(same.status).toBe(422);
    expect(same.body.code).toBe('user.same_password');
    const weak = await browser.json('PUT', '/api/experience/profile/password', { password: 'short' });
    expect(weak.status).toBe(422);
    expect(weak.body.code).toBe('password.rejected');
    expect(
      (await browser.json('PUT', '/api/experience/profile/password', { password: 'brand-new-password' }))
        .status,
    ).toBe(204);

    // Nothing changes before submit.
    const before = await newInteraction(sandbox, 'SignIn');
    expect((await passwordVerification(before, 'ada', 'original-password')).status).toBe(200);

    const submitted = await browser.json('POST', '/api/experience/submit');
    expect(submitted.status).toBe(204);
    expect(submitted.body).toBeUndefined();

    const after = await newInteraction(sandbox, 'SignIn');
    expect((await passwordVerification(after, 'ada', 'original-password')).status).toBe(422);
    expect((await passwordVerification(after, 'ada', 'brand-new-password')).status).toBe(200);
  });

  it('refuses a password reset outside ForgotPassword and before identification', async () => {
    const signIn = await newInteraction(sandbox, 'SignIn');
    const wrongEvent = await signIn.json('PUT', '/api/experience/profile/password', {
      password: 'whatever-password',
    });
    expect(wrongEvent.status).toBe(400);
    expect(wrongEvent.body.code).toBe('session.invalid_interaction_type');
    const reset = await newInteraction(sandbox, 'ForgotPassword');
    const anonymous = await reset.json('PUT', '/api/experience/profile/password', {
      password: 'whatever-password',
    });
    expect(anonymous.status).toBe(404);
    expect(anonymous.body.code).toBe('session.identifier_not_found');
  });

  it('identifies only through a verification code', async () => {
    const browser = await newInteraction(sandbox, 'ForgotPassword');
    const password = await passwordVerification(browser, 'ada', 'brand-new-password');
    const response = await browser.json('POST', '/api/experience/identification', {
      verificationId: password.body.verificationId,
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('session.not_supported_for_forgot_password');
  });
});

describe('magic links (one-time tokens)', () => {
  const issue = async (body: Record<string, unknown>) => {
    const response = await call(
      `${sandbox.url}/api/one-time-tokens`,
      jsonInit('POST', body, { authorization: `Bearer ${token}` }),
    );
    expect(response.status).toBe(201);
    return response.body;
  };
  const useToken = (browser: Browser, email: string, value: string) =>
    browser.json('POST', '/api/experience/verification/one-time-token/verify', {
      identifier: { type: 'email', value: email },
      token: value,
    });

  it('signs an existing user in and consumes the token for the Management API too', async () => {
    const issued = await issue({ email: 'ada@example.com' });
    const browser = await newInteraction(sandbox, 'SignIn');
    const verified = await useToken(browser, 'ada@example.com', issued.token);
    expect(verified.status).toBe(200);
    expect(
      (
        await browser.json('POST', '/api/experience/identification', {
          verificationId: verified.body.verificationId,
        })
      ).status,
    ).toBe(204);
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);
    const read = await call(`${sandbox.url}/api/one-time-tokens/${issued.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(read.body.status).toBe('consumed');
    const again = await useToken(await newInteraction(sandbox, 'SignIn'), 'ada@example.com', issued.token);
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('one_time_token.token_consumed');
  });

  it('registers a new address after switching the interaction to Register', async () => {
    const issued = await issue({ email: 'newcomer@example.com' });
    const browser = await newInteraction(sandbox, 'SignIn');
    const verified = await useToken(browser, 'newcomer@example.com', issued.token);
    const signIn = await browser.json('POST', '/api/experience/identification', {
      verificationId: verified.body.verificationId,
    });
    expect(signIn.status).toBe(404);
    expect(signIn.body.code).toBe('user.user_not_exist');
    expect(
      (await browser.json('PUT', '/api/experience/interaction-event', { interactionEvent: 'Register' }))
        .status,
    ).toBe(204);
    const registered = await browser.json('POST', '/api/experience/identification', {
      verificationId: verified.body.verificationId,
    });
    expect(registered.status).toBe(201);
    const submitted = await browser.json('POST', '/api/experience/submit');
    const { code } = await browser.finish(submitted.body.redirectTo);
    const user = sandbox.findUser({ email: 'newcomer@example.com' });
    expect(user).toBeDefined();
    expect(sandbox.authorizationCode(code ?? '')).toMatchObject({
      userId: user?.id,
      interactionEvent: 'Register',
    });
  });

  it('answers the lifecycle codes of the shared token store', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    const unknown = await useToken(browser, 'ada@example.com', 'no-such-token');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('one_time_token.token_not_found');
    const issued = await issue({ email: 'ada@example.com', expiresIn: 30 });
    const mismatch = await useToken(browser, 'grace@example.com', issued.token);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.code).toBe('one_time_token.email_mismatch');
    sandbox.clock.advance(31_000);
    const expired = await useToken(browser, 'ada@example.com', issued.token);
    expect(expired.status).toBe(400);
    expect(expired.body.code).toBe('one_time_token.token_expired');
    token = await managementToken(sandbox, sandbox.addM2mApp());
  });

  it('refuses a token bound to another interaction event and leaves it usable', async () => {
    const issued = await issue({ email: 'invitee@example.com', context: { interactionEvent: 'Register' } });
    const signIn = await newInteraction(sandbox, 'SignIn');
    const refused = await useToken(signIn, 'invitee@example.com', issued.token);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('one_time_token.interaction_event_mismatch');
    const register = await newInteraction(sandbox, 'Register');
    expect((await useToken(register, 'invitee@example.com', issued.token)).status).toBe(200);
  });

  it('validates the email identifier of a magic link through the spec', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    const response = await useToken(browser, 'not-an-email', 'x');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('guard.invalid_input');
  });
});

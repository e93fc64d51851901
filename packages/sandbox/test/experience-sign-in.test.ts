import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogtoUserCredentials, Sandbox } from '../src/index.js';
import { Browser, call, newInteraction, startTestSandbox, TEST_APP, wrongTotp } from './helpers.js';

let sandbox: Sandbox;
let ada: LogtoUserCredentials;
let grace: LogtoUserCredentials;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  ada = sandbox.addUser({
    username: 'ada',
    email: 'ada@example.com',
    phone: '+15550001',
    password: 'correct-horse-battery',
  });
  grace = sandbox.addUser({
    username: 'grace',
    email: 'grace@example.com',
    password: 'another-long-pass',
    totpSecret: true,
    backupCodes: true,
  });
  sandbox.addSsoConnector({ connectorId: 'okta', domains: ['corp.example'] });
});
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => sandbox.close());

const password = (browser: Browser, value: string, pw: string, type = 'username') =>
  browser.json('POST', '/api/experience/verification/password', {
    identifier: { type, value },
    password: pw,
  });

async function signInWithPassword(username: string, pw: string) {
  const browser = await newInteraction(sandbox, 'SignIn');
  const verified = await password(browser, username, pw);
  expect(verified.status).toBe(200);
  const identified = await browser.json('POST', '/api/experience/identification', {
    verificationId: verified.body.verificationId,
  });
  expect(identified.status).toBe(204);
  return browser;
}

describe('the interaction session', () => {
  it('answers 400 session.not_found to Experience calls without an interaction cookie', async () => {
    const response = await call(`${sandbox.url}/api/experience`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ interactionEvent: 'SignIn' }),
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('session.not_found');
    const forged = await call(`${sandbox.url}/api/experience/submit`, {
      method: 'POST',
      headers: { cookie: '_interaction=forged' },
    });
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('session.not_found');
  });

  it('ends the interaction session an hour after /oidc/auth', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    sandbox.clock.advance(61 * 60 * 1000);
    const response = await browser.json('PUT', '/api/experience', { interactionEvent: 'SignIn' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('session.not_found');
  });

  it("accepts the optional Logto-App-Id header of the interaction's own app, refuses another", async () => {
    const browser = new Browser(sandbox.url);
    await browser.startOidc();
    const start = (appId: string) =>
      browser.json('PUT', '/api/experience', { interactionEvent: 'SignIn' }, { 'Logto-App-Id': appId });
    expect((await start(TEST_APP.clientId)).status).toBe(204);
    // As Logto 1.42 answers it (tests/fixtures/observed/).
    const other = await start('app_web_01');
    expect(other.status).toBe(400);
    expect(other.body).toEqual({
      code: 'oidc.invalid_request',
      message: 'Request is invalid.',
      error: 'invalid_request',
      error_description: 'interaction client_id mismatch',
    });
  });

  it('validates bodies against the spec (identifier variants, enums)', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    const badType = await browser.json('POST', '/api/experience/verification/password', {
      identifier: { type: 'nickname', value: 'ada' },
      password: 'x',
    });
    expect(badType.status).toBe(400);
    expect(badType.body.code).toBe('guard.invalid_input');
    expect(badType.body.message).toBe('The request body is invalid.');
    expect(badType.body.details).toContain('Error in key path "identifier');
    const badEvent = await browser.json('PUT', '/api/experience', { interactionEvent: 'LogIn' });
    expect(badEvent.status).toBe(400);
    expect(badEvent.body.details).toContain('Error in key path "interactionEvent": (invalid_enum_value)');
  });

  it('requires the interaction event to be set before identifying', async () => {
    const browser = new Browser(sandbox.url);
    await browser.startOidc();
    const response = await browser.json('POST', '/api/experience/identification', {});
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('session.interaction_not_found');
  });
});

describe('password sign-in', () => {
  it('signs in end to end and hands an authorization code to the client', async () => {
    const browser = await signInWithPassword('ada', 'correct-horse-battery');
    const submitted = await browser.json('POST', '/api/experience/submit');
    expect(submitted.status).toBe(200);
    const interactionId = browser.cookies.get('_interaction');
    expect(submitted.body.redirectTo).toBe(`${sandbox.url}/oidc/auth/${interactionId}`);
    const finished = await browser.finish(submitted.body.redirectTo);
    expect(finished.status).toBe(303);
    expect(finished.location.origin + finished.location.pathname).toBe('https://app.example.com/callback');
    expect(finished.state).toBe('client-state');
    expect(sandbox.authorizationCode(finished.code ?? '')).toMatchObject({
      userId: ada.id,
      interactionEvent: 'SignIn',
    });
    expect(browser.cookies.has('_interaction')).toBe(false);
  });

  it('accepts email and phone as the identifier', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    expect((await password(browser, 'ADA@example.com', 'correct-horse-battery', 'email')).status).toBe(200);
    expect((await password(browser, '+15550001', 'correct-horse-battery', 'phone')).status).toBe(200);
  });

  it('answers 422 session.invalid_credentials for a wrong password and an unknown user alike', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    const wrong = await password(browser, 'ada', 'wrong-password');
    const unknown = await password(browser, 'nobody', 'whatever');
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('session.invalid_credentials');
    }
  });

  it('answers 401 user.suspended for a suspended account', async () => {
    sandbox.addUser({ username: 'mallory', password: 'mallory-password', suspended: true });
    const browser = await newInteraction(sandbox, 'SignIn');
    const response = await password(browser, 'mallory', 'mallory-password');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('user.suspended');
  });

  it('reports identification and submit problems with their codes', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    const early = await browser.json('POST', '/api/experience/submit');
    expect(early.status).toBe(404);
    expect(early.body.code).toBe('session.identifier_not_found');
    const missing = await browser.json('POST', '/api/experience/identification', {});
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('guard.invalid_input');
    const unknown = await browser.json('POST', '/api/experience/identification', { verificationId: 'nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('session.verification_session_not_found');
  });

  it('answers 409 when the interaction is already identified as someone else', async () => {
    const browser = await signInWithPassword('ada', 'correct-horse-battery');
    const other = await password(browser, 'grace', 'another-long-pass');
    const conflict = await browser.json('POST', '/api/experience/identification', {
      verificationId: other.body.verificationId,
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('session.identity_conflict');
  });
});

describe('verification codes', () => {
  const send = (browser: Browser, type: string, value: string, interactionEvent = 'SignIn') =>
    browser.json('POST', '/api/experience/verification/verification-code', {
      identifier: { type, value },
      interactionEvent,
    });
  const verify = (browser: Browser, type: string, value: string, verificationId: string, code: string) =>
    browser.json('POST', '/api/experience/verification/verification-code/verify', {
      identifier: { type, value },
      verificationId,
      code,
    });

  it('sends six digits to the outbox and signs in with them', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    const sent = await send(browser, 'email', 'ada@example.com');
    expect(sent.status).toBe(200);
    const message = sandbox.outbox.latest('ada@example.com');
    expect(message).toMatchObject({ channel: 'email', interactionEvent: 'SignIn', service: 'logto' });
    expect(message?.code).toMatch(/^\d{6}$/);
    const wrong = await verify(
      browser,
      'email',
      'ada@example.com',
      sent.body.verificationId,
      message?.code === '000000' ? '111111' : '000000',
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('verification_code.code_mismatch');
    const unverified = await browser.json('POST', '/api/experience/identification', {
      verificationId: sent.body.verificationId,
    });
    expect(unverified.status).toBe(400);
    expect(unverified.body.code).toBe('session.verification_failed');
    const ok = await verify(
      browser,
      'email',
      'ada@example.com',
      sent.body.verificationId,
      message?.code ?? '',
    );
    expect(ok.status).toBe(200);
    expect(ok.body.verificationId).toBe(sent.body.verificationId);
    expect(
      (
        await browser.json('POST', '/api/experience/identification', {
          verificationId: sent.body.verificationId,
        })
      ).status,
    ).toBe(204);
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);
  });

  it('sends SMS codes to phones', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    // Logto takes phone numbers as digits with the country code, without `+`.
    await send(browser, 'phone', '15550001');
    expect(sandbox.outbox.latest('15550001')).toMatchObject({ channel: 'sms', to: '15550001' });
  });

  it('requires the identifier the code was sent to', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    const sent = await send(browser, 'email', 'ada@example.com');
    const code = sandbox.outbox.latest('ada@example.com')?.code ?? '';
    const other = await verify(browser, 'email', 'grace@example.com', sent.body.verificationId, code);
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('verification_code.not_found');
  });

  it('expires codes after ten minutes of sandbox time', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    const sent = await send(browser, 'email', 'ada@example.com');
    const code = sandbox.outbox.latest('ada@example.com')?.code ?? '';
    sandbox.clock.advance(10 * 60 * 1000 + 1000);
    const late = await verify(browser, 'email', 'ada@example.com', sent.body.verificationId, code);
    expect(late.status).toBe(400);
    expect(late.body.code).toBe('verification_code.expired');
  });

  it('answers 404 for an unknown verification and user.user_not_exist for an address without account', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    const unknown = await verify(browser, 'email', 'ada@example.com', 'nope', '123456');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('session.verification_session_not_found');
    const sent = await send(browser, 'email', 'stranger@example.com');
    const code = sandbox.outbox.latest('stranger@example.com')?.code ?? '';
    await verify(browser, 'email', 'stranger@example.com', sent.body.verificationId, code);
    const identify = await browser.json('POST', '/api/experience/identification', {
      verificationId: sent.body.verificationId,
    });
    expect(identify.status).toBe(404);
    expect(identify.body.code).toBe('user.user_not_exist');
  });
});

describe('sign-in with TOTP MFA', () => {
  it('demands MFA on submit, then accepts a TOTP code from the sandbox clock', async () => {
    const browser = await signInWithPassword('grace', 'another-long-pass');
    const blocked = await browser.json('POST', '/api/experience/submit');
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('session.mfa.require_mfa_verification');
    expect(blocked.body.data.availableFactors).toEqual(['Totp', 'BackupCode']);
    const current = sandbox.totp(grace.totpSecret ?? '');
    const wrong = await browser.json('POST', '/api/experience/verification/totp/verify', {
      code: wrongTotp(sandbox, grace.totpSecret ?? ''),
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('session.mfa.invalid_totp_code');
    const verified = await browser.json('POST', '/api/experience/verification/totp/verify', {
      code: current,
    });
    expect(verified.status).toBe(200);
    const submitted = await browser.json('POST', '/api/experience/submit');
    expect(submitted.status).toBe(200);
    const { code } = await browser.finish(submitted.body.redirectTo);
    expect(sandbox.authorizationCode(code ?? '')?.userId).toBe(grace.id);

    // The same code cannot be spent again, even in another interaction.
    const again = await signInWithPassword('grace', 'another-long-pass');
    const replay = await again.json('POST', '/api/experience/verification/totp/verify', { code: current });
    expect(replay.status).toBe(400);
    expect(replay.body.code).toBe('session.mfa.invalid_totp_code');
    // A code of the next time step works.
    sandbox.clock.advance(30_000);
    const next = await again.json('POST', '/api/experience/verification/totp/verify', {
      code: sandbox.totp(grace.totpSecret ?? ''),
    });
    expect(next.status).toBe(200);
  });

  it('needs identification before TOTP verification', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    const response = await browser.json('POST', '/api/experience/verification/totp/verify', {
      code: '123456',
    });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('session.identifier_not_found');
  });

  it('accepts each backup code once as the second factor', async () => {
    const [code] = grace.backupCodes ?? [];
    const browser = await signInWithPassword('grace', 'another-long-pass');
    const used = await browser.json('POST', '/api/experience/verification/backup-code/verify', { code });
    expect(used.status).toBe(200);
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);
    const again = await signInWithPassword('grace', 'another-long-pass');
    const reused = await again.json('POST', '/api/experience/verification/backup-code/verify', { code });
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe('session.mfa.invalid_backup_code');
    expect(sandbox.findUser({ username: 'grace' })?.unusedBackupCodes).toBe(9);
  });

  it('lets exactly one of 50 concurrent uses of a backup code succeed', async () => {
    const code = grace.backupCodes?.[1];
    const browser = await signInWithPassword('grace', 'another-long-pass');
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        browser.json('POST', '/api/experience/verification/backup-code/verify', { code }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(
      results.filter((r) => r.status === 400 && r.body.code === 'session.mfa.invalid_backup_code'),
    ).toHaveLength(49);
  });

  it('lets exactly one of 50 concurrent uses of a TOTP code succeed', async () => {
    sandbox.clock.advance(60_000);
    const code = sandbox.totp(grace.totpSecret ?? '');
    const browser = await signInWithPassword('grace', 'another-long-pass');
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        browser.json('POST', '/api/experience/verification/totp/verify', { code }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(
      results.filter((r) => r.status === 400 && r.body.code === 'session.mfa.invalid_totp_code'),
    ).toHaveLength(49);
  });
});

describe('interaction events and SSO discovery', () => {
  it('switches between SignIn and Register but not out of ForgotPassword', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    expect(
      (await browser.json('PUT', '/api/experience/interaction-event', { interactionEvent: 'Register' }))
        .status,
    ).toBe(204);
    expect(
      (await browser.json('PUT', '/api/experience/interaction-event', { interactionEvent: 'SignIn' })).status,
    ).toBe(204);
    const toReset = await browser.json('PUT', '/api/experience/interaction-event', {
      interactionEvent: 'ForgotPassword',
    });
    expect(toReset.status).toBe(400);
    expect(toReset.body.code).toBe('session.interaction_event_not_supported');
    const reset = await newInteraction(sandbox, 'ForgotPassword');
    const out = await reset.json('PUT', '/api/experience/interaction-event', { interactionEvent: 'SignIn' });
    expect(out.status).toBe(400);
  });

  it('finds SSO connectors by email domain', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    const found = await browser.json('GET', '/api/experience/sso-connectors?email=someone%40Corp.Example');
    expect(found.body).toEqual({ connectorIds: ['okta'] });
    const none = await browser.json('GET', '/api/experience/sso-connectors?email=someone%40other.example');
    expect(none.body).toEqual({ connectorIds: [] });
    const invalid = await browser.json('GET', '/api/experience/sso-connectors?email=not-an-email');
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('guard.invalid_input');
  });
});

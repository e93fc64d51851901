// Logto's identifier lockout (`sentinelPolicy`) and per-recipient code-send cap
// (`messageRateLimit`): defaults, checks, and their behaviour over real HTTP.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { type Browser, call, newInteraction, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
});
afterEach(() => {
  expect(sandbox.responseViolations).toEqual([]);
  sandbox.configure({
    sentinelPolicy: { maxAttempts: 100, lockoutDuration: 60 },
    messageRateLimit: { sendWindow: 600, maxSendsPerRecipient: 10 },
  });
});
afterAll(() => sandbox.close());

const password = (browser: Browser, type: string, value: string, pw: string) =>
  browser.json('POST', '/api/experience/verification/password', {
    identifier: { type, value },
    password: pw,
  });
const send = (browser: Browser, type: string, value: string) =>
  browser.json('POST', '/api/experience/verification/verification-code', {
    identifier: { type, value },
    interactionEvent: 'SignIn',
  });
const verifyCode = (browser: Browser, value: string, verificationId: string, code: string) =>
  browser.json('POST', '/api/experience/verification/verification-code/verify', {
    identifier: { type: 'email', value },
    verificationId,
    code,
  });

describe('Logto limit settings', () => {
  it("default to Logto's own policies", () => {
    expect(sandbox.config.sentinelPolicy).toEqual({ maxAttempts: 100, lockoutDuration: 60 });
    expect(sandbox.config.messageRateLimit).toEqual({ sendWindow: 600, maxSendsPerRecipient: 10 });
  });

  it('appear in the sign-in experience where they differ from the defaults, as a tenant stores them', async () => {
    const sentinelPolicy = async () =>
      (await call(`${sandbox.url}/api/.well-known/sign-in-exp`)).body.sentinelPolicy;
    expect(await sentinelPolicy()).toEqual({});
    sandbox.configure({ sentinelPolicy: { maxAttempts: 7 } });
    expect(await sentinelPolicy()).toEqual({ maxAttempts: 7 });
  });

  it('refuse values out of range and unknown members, naming them', () => {
    expect(() => sandbox.configure({ sentinelPolicy: { maxAttempts: 0 } })).toThrow(RangeError);
    expect(() => sandbox.configure({ messageRateLimit: { sendWindow: 1.5 } })).toThrow(
      'configure.messageRateLimit.sendWindow',
    );
    expect(() => sandbox.configure({ sentinelPolicy: { lockout: 5 } } as never)).toThrow(
      'unknown member "lockout"',
    );
  });
});

describe('identifier lockout (sentinelPolicy)', () => {
  it('answers the failure that reaches maxAttempts with the lockout, for every interaction', async () => {
    sandbox.addUser({ username: 'lin', email: 'lin@example.com', password: 'lin-password-1' });
    sandbox.configure({ sentinelPolicy: { maxAttempts: 3, lockoutDuration: 5 } });
    const browser = await newInteraction(sandbox, 'SignIn');
    for (let i = 0; i < 2; i++) {
      const wrong = await password(browser, 'username', 'lin', 'nope');
      expect(wrong.status).toBe(422);
      expect(wrong.body.code).toBe('session.invalid_credentials');
    }
    const third = await password(browser, 'username', 'lin', 'nope');
    expect(third.status).toBe(400);
    expect(third.body).toEqual({
      code: 'session.verification_blocked_too_many_attempts',
      message: 'Too many attempts in a short time. Please try again in 5 minutes.',
    });
    // The right password, in a new interaction, is refused as long as the lockout lasts.
    const other = await newInteraction(sandbox, 'SignIn');
    expect((await password(other, 'username', 'lin', 'lin-password-1')).body.code).toBe(
      'session.verification_blocked_too_many_attempts',
    );
    // The lockout is on the identifier as typed: the account's email is another one.
    expect((await password(other, 'email', 'lin@example.com', 'lin-password-1')).status).toBe(200);
    sandbox.clock.advance(5 * 60 * 1000);
    expect((await password(other, 'username', 'lin', 'lin-password-1')).status).toBe(200);
    // The two failures before the lockout still count within the hour: one more locks again.
    expect((await password(other, 'username', 'lin', 'nope')).body.code).toBe(
      'session.verification_blocked_too_many_attempts',
    );
  });

  it('counts wrong codes and wrong passwords of one identifier together', async () => {
    sandbox.addUser({ username: 'kim', email: 'kim@example.com', password: 'kim-password-1' });
    sandbox.configure({ sentinelPolicy: { maxAttempts: 2 } });
    const browser = await newInteraction(sandbox, 'SignIn');
    const sent = await send(browser, 'email', 'kim@example.com');
    const code = sandbox.outbox.latest('kim@example.com')?.code ?? '';
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await verifyCode(browser, 'kim@example.com', sent.body.verificationId, wrong)).body.code).toBe(
      'verification_code.code_mismatch',
    );
    const blocked = await password(browser, 'email', 'kim@example.com', 'nope');
    expect(blocked.status).toBe(400);
    expect(blocked.body.code).toBe('session.verification_blocked_too_many_attempts');
    // The right code is refused too while the identifier is locked out.
    expect((await verifyCode(browser, 'kim@example.com', sent.body.verificationId, code)).body.code).toBe(
      'session.verification_blocked_too_many_attempts',
    );
  });
});

describe('per-recipient code sends (messageRateLimit)', () => {
  it('refuses the send over the cap with 429 and no Retry-After, until the window moves on', async () => {
    sandbox.configure({ messageRateLimit: { sendWindow: 60, maxSendsPerRecipient: 2 } });
    const recipient = 'cap@example.com';
    for (let i = 0; i < 2; i++) {
      // Each send in its own interaction: the cap is on the recipient.
      expect((await send(await newInteraction(sandbox, 'SignIn'), 'email', recipient)).status).toBe(200);
    }
    const browser = await newInteraction(sandbox, 'SignIn');
    const before = sandbox.outbox.list().length;
    const refused = await send(browser, 'email', 'Cap@Example.com');
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('request.message_rate_limited');
    expect(refused.headers.get('retry-after')).toBeNull();
    expect(sandbox.outbox.list()).toHaveLength(before);
    // Another recipient is not affected.
    expect((await send(browser, 'email', 'other@example.com')).status).toBe(200);
    sandbox.clock.advance(61 * 1000);
    expect((await send(browser, 'email', recipient)).status).toBe(200);
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EquinixUserCredentials, Sandbox } from '../src/index.js';
import { call, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;
let user: EquinixUserCredentials;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  user = sandbox.addEquinixUser({ phone: '+15555550123' });
});
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => sandbox.close());

const as = (account: { authToken: string }) => ({ 'x-auth-token': account.authToken });
const verify = (otp: string, account = user) =>
  call(`${sandbox.urls.equinix}/user/otp/verify/${encodeURIComponent(otp)}`, {
    method: 'POST',
    headers: as(account),
  });

describe('authentication', () => {
  it('answers 401 Invalid authentication token without or with an unknown X-Auth-Token', async () => {
    for (const headers of [{}, { 'x-auth-token': 'unknown' }] as Record<string, string>[]) {
      const response = await call(`${sandbox.urls.equinix}/user/otp/recovery-codes`, { headers });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: 'Invalid authentication token' });
    }
  });
});

describe('POST /user/otp/verify/{otp}', () => {
  it('accepts the current TOTP code once and refuses wrong codes', async () => {
    const code = sandbox.totp(user.totpSecret ?? '');
    const ok = await verify(code);
    expect(ok.status).toBe(204);
    expect(ok.body).toBeUndefined();
    const reused = await verify(code);
    expect(reused.status).toBe(401);
    expect(reused.body).toEqual({ error: 'Invalid OTP' });
    expect((await verify('000000x')).status).toBe(401);
  });

  it('accepts a code of the previous or next time step, but not two steps away', async () => {
    const secret = user.totpSecret ?? '';
    sandbox.clock.advance(5 * 60_000);
    expect((await verify(sandbox.totp(secret, sandbox.clock.now() + 30_000))).status).toBe(204);
    sandbox.clock.advance(5 * 60_000);
    expect((await verify(sandbox.totp(secret, sandbox.clock.now() - 30_000))).status).toBe(204);
    sandbox.clock.advance(5 * 60_000);
    const now = sandbox.clock.now();
    const window = [-30_000, 0, 30_000].map((d) => sandbox.totp(secret, now + d));
    // Three steps ahead, skipping any step whose digits happen to equal a valid code.
    let offset = 90_000;
    while (window.includes(sandbox.totp(secret, now + offset))) offset += 30_000;
    const farAhead = sandbox.totp(secret, now + offset);
    expect((await verify(farAhead)).status).toBe(401);
  });

  it('answers 400 when two-factor authentication is off', async () => {
    const plain = sandbox.addEquinixUser({ totpSecret: null });
    const response = await verify('123456', plain);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(['Two factor authentication is not enabled for this user']);
  });

  it('lets exactly one of 50 concurrent verifications of one TOTP code succeed', async () => {
    sandbox.clock.advance(5 * 60_000);
    const code = sandbox.totp(user.totpSecret ?? '');
    const results = await Promise.all(Array.from({ length: 50 }, () => verify(code)));
    expect(results.filter((r) => r.status === 204)).toHaveLength(1);
    expect(results.filter((r) => r.status === 401)).toHaveLength(49);
  });
});

describe('recovery codes', () => {
  it('lists the codes, accepts each once, and regenerating invalidates the old set', async () => {
    const listed = await call(`${sandbox.urls.equinix}/user/otp/recovery-codes`, { headers: as(user) });
    expect(listed.status).toBe(200);
    const codes: string[] = listed.body.recovery_codes;
    expect(codes).toHaveLength(10);
    expect(codes).toEqual(user.recoveryCodes);
    const [first = '', second = ''] = codes;
    expect((await verify(first)).status).toBe(204);
    expect((await verify(first)).status).toBe(401);
    const remaining = await call(`${sandbox.urls.equinix}/user/otp/recovery-codes`, { headers: as(user) });
    expect(remaining.body.recovery_codes).toHaveLength(9);

    const regenerated = await call(`${sandbox.urls.equinix}/user/otp/recovery-codes`, {
      method: 'POST',
      headers: as(user),
    });
    expect(regenerated.status).toBe(200);
    const fresh: string[] = regenerated.body.recovery_codes;
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(second);
    expect((await verify(second)).status).toBe(401);
    expect((await verify(fresh[0] ?? '')).status).toBe(204);
  });

  it('answers 422 when two-factor authentication is off', async () => {
    const plain = sandbox.addEquinixUser({ totpSecret: null });
    for (const method of ['GET', 'POST']) {
      const response = await call(`${sandbox.urls.equinix}/user/otp/recovery-codes`, {
        method,
        headers: as(plain),
      });
      expect(response.status).toBe(422);
      expect(response.body.errors).toHaveLength(1);
    }
  });
});

describe('SMS codes', () => {
  it("sends a six-digit code to the user's phone, usable once before it expires", async () => {
    const sent = await call(`${sandbox.urls.equinix}/user/otp/sms/receive`, {
      method: 'POST',
      headers: as(user),
    });
    expect(sent.status).toBe(204);
    const message = sandbox.outbox.latest('+15555550123');
    expect(message).toMatchObject({ channel: 'sms', service: 'equinix' });
    expect(message?.code).toMatch(/^\d{6}$/);
    expect((await verify(message?.code ?? '')).status).toBe(204);
    expect((await verify(message?.code ?? '')).status).toBe(401);

    await call(`${sandbox.urls.equinix}/user/otp/sms/receive`, { method: 'POST', headers: as(user) });
    const late = sandbox.outbox.latest('+15555550123')?.code ?? '';
    sandbox.clock.advance(6 * 60_000);
    // Step past any moment where the six digits happen to be a valid TOTP code too.
    const totpWindow = () =>
      [-30_000, 0, 30_000].map((d) => sandbox.totp(user.totpSecret ?? '', sandbox.clock.now() + d));
    while (totpWindow().includes(late)) sandbox.clock.advance(30_000);
    expect((await verify(late)).status).toBe(401);
  });

  it('answers 422 for a user without a phone number', async () => {
    const noPhone = sandbox.addEquinixUser();
    const response = await call(`${sandbox.urls.equinix}/user/otp/sms/receive`, {
      method: 'POST',
      headers: as(noPhone),
    });
    expect(response.status).toBe(422);
    expect(response.body.errors[0]).toContain('phone');
  });
});

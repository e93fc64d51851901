import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox, SftpgoAccountCredentials } from '../src/index.js';
import { call, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;
let admin: SftpgoAccountCredentials;
let user: SftpgoAccountCredentials;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  admin = sandbox.addSftpgoAdmin({ username: 'admin', password: 'admin-pässword', totpSecret: true });
  user = sandbox.addSftpgoUser({ username: 'alice', password: 'alice-password' });
});
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => sandbox.close());

const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
const adminToken = (otp?: string, password = admin.password) =>
  call(`${sandbox.urls.sftpgo}/token`, {
    headers: { authorization: basic(admin.username, password), ...(otp ? { 'X-SFTPGO-OTP': otp } : {}) },
  });
const userToken = () =>
  call(`${sandbox.urls.sftpgo}/user/token`, {
    headers: { authorization: basic(user.username, user.password) },
  });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** SFTPGo's one answer to every failed login, so it never says which check failed. */
const expectBasicChallenge = (response: { status: number; headers: Headers; body: any }) => {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe('Basic realm="SFTPGo"');
  expect(response.body).toEqual({ message: 'Unauthorized', error: 'invalid credentials' });
};

describe('GET /token and /user/token', () => {
  it('issues an admin JWT with a UTF-8 password and a TOTP passcode', async () => {
    const before = sandbox.clock.now();
    const response = await adminToken(sandbox.totp(admin.totpSecret ?? ''));
    expect(response.status).toBe(200);
    const claims = decodeJwt(response.body.access_token);
    // SFTPGo's `sub` is an opaque account signature; the username has a claim of its own.
    expect(claims).toMatchObject({ username: 'admin', aud: ['API', '127.0.0.1'] });
    expect(claims.sub).not.toBe('admin');
    expect(typeof claims.jti).toBe('string');
    // Dated back 10 s, like SFTPGo's, for clients whose clock is behind.
    expect(claims.nbf).toBe((claims.iat ?? 0) - 10);
    const expiresAt = Date.parse(response.body.expires_at);
    expect(response.body.expires_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(expiresAt - before).toBeGreaterThan(19 * 60_000);
    // The margin covers the request itself (scrypt on a loaded machine can take seconds).
    expect(expiresAt - before).toBeLessThanOrEqual(20 * 60_000 + 10_000);
    expect((claims.exp ?? 0) * 1000).toBe(expiresAt);
  });

  it('issues a user JWT with another audience', async () => {
    const response = await userToken();
    expect(response.status).toBe(200);
    expect(decodeJwt(response.body.access_token)).toMatchObject({
      username: 'alice',
      aud: ['APIUser', '127.0.0.1'],
    });
  });

  it('answers every authentication failure with 401 and the Basic challenge', async () => {
    const anonymous = await call(`${sandbox.urls.sftpgo}/token`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="SFTPGo"');
    expect(anonymous.body).toEqual({ message: 'Unauthorized' });
    expectBasicChallenge(await adminToken(sandbox.totp(admin.totpSecret ?? ''), 'wrong'));
    expectBasicChallenge(await adminToken());
    expectBasicChallenge(await adminToken('12345x'));
    // Admin credentials on the user endpoint, and the other way round.
    expectBasicChallenge(
      await call(`${sandbox.urls.sftpgo}/user/token`, {
        headers: { authorization: basic(admin.username, admin.password) },
      }),
    );
    expectBasicChallenge(
      await call(`${sandbox.urls.sftpgo}/token`, {
        headers: { authorization: basic(user.username, user.password) },
      }),
    );
  });

  it('refuses a passcode for two minutes after it was used', async () => {
    sandbox.clock.advance(60_000);
    const code = sandbox.totp(admin.totpSecret ?? '');
    expect((await adminToken(code)).status).toBe(200);
    expectBasicChallenge(await adminToken(code));
    // Still inside the TOTP validity window (±1 step), yet refused as spent.
    sandbox.clock.advance(30_000);
    expectBasicChallenge(await adminToken(code));
    sandbox.clock.advance(2 * 60_000);
    expect((await adminToken(sandbox.totp(admin.totpSecret ?? ''))).status).toBe(200);
  });

  it('lets exactly one of 50 concurrent token requests with one passcode succeed', async () => {
    sandbox.clock.advance(5 * 60_000);
    const code = sandbox.totp(admin.totpSecret ?? '');
    const results = await Promise.all(Array.from({ length: 50 }, () => adminToken(code)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 401)).toHaveLength(49);
  });
});

describe('token lifetime and logout', () => {
  it('honours the configured lifetime and expires tokens on the sandbox clock', async () => {
    sandbox.configure({ sftpgoTokenLifetimeMinutes: 5 });
    try {
      const issued = await userToken();
      const claims = decodeJwt(issued.body.access_token);
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(300);
      const profile = await call(`${sandbox.urls.sftpgo}/user/profile`, {
        headers: bearer(issued.body.access_token),
      });
      expect(profile.status).toBe(200);
      // SFTPGo still takes a token 30 s past its expiry (the sandbox clock runs on: keep a margin).
      sandbox.clock.advance(5 * 60_000 + 15_000);
      const late = await call(`${sandbox.urls.sftpgo}/user/profile`, {
        headers: bearer(issued.body.access_token),
      });
      expect(late.status).toBe(200);
      sandbox.clock.advance(20_000);
      const expired = await call(`${sandbox.urls.sftpgo}/user/logout`, {
        headers: bearer(issued.body.access_token),
      });
      expect(expired.status).toBe(401);
      expect(expired.body).toEqual({ message: 'Unauthorized', error: 'token is expired' });
    } finally {
      sandbox.configure({ sftpgoTokenLifetimeMinutes: 20 });
    }
  });

  it('rejects lifetimes outside 1..720 minutes', () => {
    expect(() => sandbox.configure({ sftpgoTokenLifetimeMinutes: 0 })).toThrow(RangeError);
    expect(() => sandbox.configure({ sftpgoTokenLifetimeMinutes: 721 })).toThrow(RangeError);
  });

  it('revokes a token on logout', async () => {
    const issued = await userToken();
    const logout = await call(`${sandbox.urls.sftpgo}/user/logout`, {
      headers: bearer(issued.body.access_token),
    });
    expect(logout.status).toBe(200);
    expect(logout.body).toEqual({ message: 'Your token has been invalidated' });
    // Revocation is checked before the audience: on an admin route too, the token is "no longer valid".
    for (const path of ['/user/logout', '/user/profile', '/logout', '/admin/profile']) {
      const response = await call(`${sandbox.urls.sftpgo}${path}`, {
        headers: bearer(issued.body.access_token),
      });
      expect(response.status, path).toBe(401);
      expect(response.body, path).toEqual({ message: 'Your token is no longer valid' });
      expect(response.headers.get('www-authenticate'), path).toBeNull();
    }
  });

  it('keeps admin and user tokens apart', async () => {
    sandbox.clock.advance(60_000);
    const adminJwt = (await adminToken(sandbox.totp(admin.totpSecret ?? ''))).body.access_token;
    const userJwt = (await userToken()).body.access_token;
    const wrongAudience = { message: 'Your token audience is not valid' };
    expect((await call(`${sandbox.urls.sftpgo}/logout`, { headers: bearer(userJwt) })).body).toEqual(
      wrongAudience,
    );
    expect((await call(`${sandbox.urls.sftpgo}/user/logout`, { headers: bearer(adminJwt) })).body).toEqual(
      wrongAudience,
    );
    const refused = await call(`${sandbox.urls.sftpgo}/admin/profile`, { headers: bearer(userJwt) });
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(wrongAudience);
    expect((await call(`${sandbox.urls.sftpgo}/admin/profile`, { headers: bearer(adminJwt) })).body).toEqual({
      allow_api_key_auth: false,
    });
    const logout = await call(`${sandbox.urls.sftpgo}/logout`, { headers: bearer(adminJwt) });
    expect(logout.status).toBe(200);
    expect((await call(`${sandbox.urls.sftpgo}/admin/profile`, { headers: bearer(adminJwt) })).status).toBe(
      401,
    );
  });

  it('answers a second logout with 401: the first one revoked the token', async () => {
    const issued = (await userToken()).body.access_token;
    expect((await call(`${sandbox.urls.sftpgo}/user/logout`, { headers: bearer(issued) })).status).toBe(200);
    const again = await call(`${sandbox.urls.sftpgo}/user/logout`, { headers: bearer(issued) });
    expect(again.status).toBe(401);
    expect(again.body).toEqual({ message: 'Your token is no longer valid' });
  });

  it('answers 401 to a missing or forged bearer token with the JWT library text', async () => {
    const missing = await call(`${sandbox.urls.sftpgo}/logout`);
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ message: 'Unauthorized', error: 'no token found' });
    expect(missing.headers.get('www-authenticate')).toBeNull();
    const forged = await call(`${sandbox.urls.sftpgo}/logout`, {
      headers: bearer('eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl'),
    });
    expect(forged.status).toBe(401);
    expect(forged.body).toEqual({ message: 'Unauthorized', error: 'token is unauthorized' });
  });
});

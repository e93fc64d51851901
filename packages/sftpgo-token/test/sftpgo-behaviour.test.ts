// The session and the token client against a local server that answers as the SFTPGo 2.7 source
// does (test/sftpgo-server.ts): clocks that disagree, lost logout answers, tokens in their last
// minute, tokens refused from a new client address, passcodes spent elsewhere, the defender.
import { delay } from '@authspec/test-utils';
import { Secret } from 'otpauth';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthenticationError, createSftpgoTokenClient, PermissionDeniedError, RateLimitError } from '../src';
import { createSftpgoSession } from '../src/session-entry';
import { type Account, type SftpgoServer, type SftpgoServerOptions, startSftpgo } from './sftpgo-server';

const secret = () => new Secret({ size: 20 }).base32;
const admin: Account = { username: 'admin', password: 'admin-password', role: 'admin' };
const alice: Account = { username: 'alice', password: 'alice-password', role: 'user' };

let server: SftpgoServer | undefined;
afterEach(() => server?.close());
const start = async (options: Partial<SftpgoServerOptions> = {}) => {
  server = await startSftpgo({ accounts: [admin, alice], ...options });
  return server;
};
const session = (s: SftpgoServer, account: Account, extra: object = {}) =>
  createSftpgoSession({
    baseUrl: s.url,
    username: account.username,
    password: account.password,
    role: account.role,
    ...extra,
  });

describe('token lifetime, whatever the clocks say', () => {
  it('renews in time when the server clock is ahead of the client (its expires_at looks later)', async () => {
    const s = await start({ skewMs: 90_000, lifetimeMs: 2_000 });
    const user = session(s, alice);
    const first = await user.getAccessToken();
    // Compared with the local clock, expires_at is 92 s away; the token really has 2 s.
    await delay(1_500);
    const second = await user.getAccessToken();
    expect(second).not.toBe(first);
    const profile = await user.fetch('/user/profile');
    expect(profile.status).toBe(200);
    expect(s.state.logins.filter((l) => l.status === 200)).toHaveLength(2);
  });

  it('does not renew on every call when the server clock is behind (its expires_at looks past)', async () => {
    const s = await start({ skewMs: -90_000 });
    const user = session(s, alice);
    const tokens = [];
    for (let i = 0; i < 5; i++) tokens.push(await user.getAccessToken());
    expect(new Set(tokens).size).toBe(1);
    expect(s.state.logins).toHaveLength(1);
  });
});

describe('logout', () => {
  it('counts a logout whose answer was lost after it revoked the token as done', async () => {
    const s = await start();
    const tokens = createSftpgoTokenClient({ baseUrl: s.url });
    const { access_token } = await tokens.getUserToken({
      username: alice.username,
      password: alice.password,
    });
    s.state.dropNextLogoutAnswer = true;
    // The first attempt revokes and loses its answer; the retry hears "no longer valid".
    await expect(tokens.clientLogout({ accessToken: access_token })).resolves.toEqual({
      message: 'Your token is no longer valid',
    });
    expect(s.isRevoked(access_token)).toBe(true);
    expect(s.state.logouts.map((l) => l.status)).toEqual([200, 401]);
  });

  it('still refuses a second logout of a token revoked before the call', async () => {
    const s = await start();
    const tokens = createSftpgoTokenClient({ baseUrl: s.url });
    const { access_token } = await tokens.getUserToken({
      username: alice.username,
      password: alice.password,
    });
    await tokens.clientLogout({ accessToken: access_token });
    await expect(tokens.clientLogout({ accessToken: access_token })).rejects.toMatchObject({
      name: 'AuthenticationError',
      code: 'Your token is no longer valid',
    });
  });

  it('does the same for the session, and revokes a token in its last minute too', async () => {
    const s = await start({ lifetimeMs: 3_000 });
    const user = session(s, alice);
    const token = await user.getAccessToken();
    // Past the point where the session would get a new one, but not expired: still revoked.
    await delay(2_000);
    s.state.dropNextLogoutAnswer = true;
    await user.logout();
    expect(s.isRevoked(token)).toBe(true);
  });
});

describe('a token refused from a new client address', () => {
  it('is renewed once for getAccessToken() users who report it, and by session.fetch by itself', async () => {
    const s = await start();
    const user = session(s, alice);
    const first = await user.getAccessToken();
    s.state.clientAddress = '10.0.0.2'; // behind a NAT that changed its address
    const refused = await fetch(`${s.url}/user/profile`, { headers: { authorization: `Bearer ${first}` } });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ message: 'Your token is not valid' });
    // Two callers report the same refused token: one new login.
    const [a, b] = await Promise.all([
      user.getAccessToken({ refused: first }),
      user.getAccessToken({ refused: first }),
    ]);
    expect(a).toBe(b);
    expect(a).not.toBe(first);
    expect(s.state.logins).toHaveLength(2);
    s.state.clientAddress = '10.0.0.3';
    expect((await user.fetch('/user/profile')).status).toBe(200);
    expect(s.state.logins).toHaveLength(3);
  });
});

describe('passcodes', () => {
  it('waits for the next step and tries once more when another client spent this step\u2019s passcode', async () => {
    const account: Account = { ...admin, totpSecret: secret() };
    const s = await start({ accounts: [account], period: 2 });
    // Another process (or SFTP, sharing the secret) logs in with this step's passcode first.
    const other = createSftpgoTokenClient({ baseUrl: s.url });
    await other.getToken({
      username: account.username,
      password: account.password,
      otp: s.passcode(account),
    });
    const mine = session(s, account, { totpSecret: { secret: account.totpSecret, period: 2 } });
    await expect(mine.getAccessToken()).resolves.toMatch(/^jwt-/);
    const statuses = s.state.logins.map((l) => l.status);
    // Either the step had already turned, or one refusal then success with the next passcode.
    expect([
      [200, 200],
      [200, 401, 200],
    ]).toContainEqual(statuses);
  });

  it('says a passcode works only once when the caller gave one that was refused', async () => {
    const account: Account = { ...alice, totpSecret: secret() };
    const s = await start({ accounts: [account] });
    const code = s.passcode(account);
    await createSftpgoTokenClient({ baseUrl: s.url }).getUserToken({
      username: account.username,
      password: account.password,
      otp: code,
    });
    const error = await session(s, account, { otp: () => code })
      .getAccessToken()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toContain('accepts a passcode only once');
    expect((error as Error).message).not.toContain(code);
  });

  it('computes passcodes with SHA-256 and SHA-512 when the server is configured so', async () => {
    for (const algorithm of ['SHA256', 'SHA512'] as const) {
      const account: Account = { ...admin, totpSecret: secret(), algorithm };
      const s = await start({ accounts: [account] });
      const mine = session(s, account, { totpSecret: { secret: account.totpSecret, algorithm } });
      await expect(mine.getAccessToken()).resolves.toMatch(/^jwt-/);
      await s.close();
      server = undefined;
    }
  });

  it('refuses TOTP settings that cannot make a passcode', () => {
    const base = {
      baseUrl: 'http://127.0.0.1:1/api/v2',
      username: 'a',
      password: 'b',
      role: 'user' as const,
    };
    for (const totpSecret of [
      { secret: 'JBSWY3DPEHPK3PXP', period: 0 },
      { secret: 'JBSWY3DPEHPK3PXP', period: -30 },
      { secret: 'JBSWY3DPEHPK3PXP', digits: 4 },
      { secret: 'JBSWY3DPEHPK3PXP', algorithm: 'MD5' },
    ]) {
      expect(() => createSftpgoSession({ ...base, totpSecret: totpSecret as never })).toThrow(/totpSecret\./);
    }
  });
});

describe('the defender', () => {
  it('waits as X-Retry-In says after a 429, and logs in with the same, unspent passcode', async () => {
    const account: Account = { ...admin, totpSecret: secret() };
    const s = await start({ accounts: [account] });
    s.state.rateLimitForMs = 1_200;
    const started = Date.now();
    const mine = session(s, account, { totpSecret: account.totpSecret });
    await expect(mine.getAccessToken()).resolves.toMatch(/^jwt-/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_100);
    const [limited, accepted] = s.state.logins;
    expect(limited?.status).toBe(429);
    expect(accepted?.status).toBe(200);
    expect(accepted?.passcode).toBe(limited?.passcode);
  });

  it('reports a longer wait as a RateLimitError that says how long, and a banned address as PermissionDeniedError', async () => {
    const s = await start();
    s.state.rateLimitForMs = 120_000;
    const error = (await session(s, alice)
      .getAccessToken()
      .catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(120_000);
    s.state.banned = true;
    await expect(session(s, alice).getAccessToken()).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});

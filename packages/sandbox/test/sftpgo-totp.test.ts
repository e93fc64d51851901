// SFTPGo's TOTP configurations (`mfa.totp`: a name, an issuer and a hash each) and its spent
// passcodes, keyed by secret and passcode (internal/mfa/totp.go).
import { createSftpgoSession } from '@authspec/sftpgo-token/session';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { call, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;

const DEFAULT_CONFIGS = [{ name: 'Default', issuer: 'SFTPGo', algo: 'sha1' as const }];
const STRONG_CONFIGS = [
  ...DEFAULT_CONFIGS,
  { name: 'Strong', issuer: 'SFTPGo', algo: 'sha256' as const },
  { name: 'Stronger', issuer: 'SFTPGo', algo: 'sha512' as const },
];

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
});
afterEach(() => {
  expect(sandbox.responseViolations).toEqual([]);
  sandbox.configure({ sftpgoTotpConfigs: DEFAULT_CONFIGS });
});
afterAll(() => sandbox.close());

const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
const login = (path: string, account: { username: string; password: string }, otp: string) =>
  call(`${sandbox.urls.sftpgo}${path}`, {
    headers: { authorization: basic(account.username, account.password), 'x-sftpgo-otp': otp },
  });

describe('TOTP configurations', () => {
  it("default to SFTPGo's own: Default, SHA-1", async () => {
    expect(sandbox.config.sftpgoTotpConfigs).toEqual(DEFAULT_CONFIGS);
    const admin = sandbox.addSftpgoAdmin({ username: 'sha1-admin', totpSecret: true });
    expect(admin.totpConfigName).toBe('Default');
    expect((await login('/token', admin, sandbox.totp(admin.totpSecret ?? ''))).status).toBe(200);
  });

  it("compute an account's passcodes with the hash of the configuration it names", async () => {
    sandbox.configure({ sftpgoTotpConfigs: STRONG_CONFIGS });
    for (const [name, algorithm] of [
      ['Strong', 'SHA256'],
      ['Stronger', 'SHA512'],
    ] as const) {
      const user = sandbox.addSftpgoUser({
        username: `user-${name}`,
        totpSecret: true,
        totpConfigName: name,
      });
      const secret = user.totpSecret ?? '';
      // The SHA-1 passcode of the secret is not the account's.
      const sha1 = await login('/user/token', user, sandbox.totp(secret));
      expect(sha1.body).toEqual({ message: 'Unauthorized', error: 'invalid credentials' });
      const right = await login('/user/token', user, sandbox.totp(secret, { algorithm }));
      expect(right.status).toBe(200);
    }
  });

  it('refuse the passcodes of an account whose configuration the server no longer has', async () => {
    sandbox.configure({ sftpgoTotpConfigs: STRONG_CONFIGS });
    const user = sandbox.addSftpgoUser({ username: 'orphan', totpSecret: true, totpConfigName: 'Strong' });
    sandbox.configure({ sftpgoTotpConfigs: DEFAULT_CONFIGS });
    const response = await login(
      '/user/token',
      user,
      sandbox.totp(user.totpSecret ?? '', { algorithm: 'SHA256' }),
    );
    expect(response.body).toEqual({ message: 'Unauthorized', error: 'invalid credentials' });
  });

  it('are checked as SFTPGo checks them, and accounts must name one that exists', () => {
    expect(() =>
      sandbox.configure({
        sftpgoTotpConfigs: [...DEFAULT_CONFIGS, { name: 'Default', issuer: 'x', algo: 'sha1' }],
      }),
    ).toThrow('duplicate TOTP configuration name "Default"');
    expect(() =>
      sandbox.configure({ sftpgoTotpConfigs: [{ name: 'x', issuer: 'x', algo: 'md5' as 'sha1' }] }),
    ).toThrow('sftpgoTotpConfigs[0].algo');
    expect(() => sandbox.configure({ sftpgoTotpConfigs: [{ name: 'x', issuer: '', algo: 'sha1' }] })).toThrow(
      'sftpgoTotpConfigs[0].issuer',
    );
    expect(() =>
      sandbox.configure({
        sftpgoTotpConfigs: [{ name: 'x', issuer: 'x', algo: 'sha1', digits: 8 } as never],
      }),
    ).toThrow('unknown member "digits"');
    expect(() => sandbox.addSftpgoUser({ username: 'u1', totpSecret: true, totpConfigName: 'Nope' })).toThrow(
      'totpConfigName "Nope" is not among sftpgoTotpConfigs (Default)',
    );
    expect(() => sandbox.addSftpgoUser({ username: 'u2', totpConfigName: 'Default' })).toThrow(
      'totpConfigName needs totpSecret',
    );
    expect(() => sandbox.totp('JBSWY3DPEHPK3PXP', { algorithm: 'MD5' as 'SHA1' })).toThrow(
      'algorithm must be one of SHA1, SHA256, SHA512',
    );
  });
});

describe('spent passcodes', () => {
  it('are refused for every account that shares the secret', async () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DP';
    const admin = sandbox.addSftpgoAdmin({ username: 'twin-admin', totpSecret: secret });
    const user = sandbox.addSftpgoUser({ username: 'twin-user', totpSecret: secret });
    sandbox.clock.advance(10 * 60_000);
    const passcode = sandbox.totp(secret);
    expect((await login('/token', admin, passcode)).status).toBe(200);
    const reused = await login('/user/token', user, passcode);
    expect(reused.body).toEqual({ message: 'Unauthorized', error: 'invalid credentials' });
  });
});

describe('@authspec/sftpgo-token against a server whose TOTP uses SHA-256', () => {
  it('logs in with the algorithm option', async () => {
    // A sandbox of its own, on the real clock: the session computes passcodes at the local time.
    const { sandbox: server } = await startTestSandbox({
      config: { sftpgoTotpConfigs: STRONG_CONFIGS },
      seed: { sftpgo: { users: [{ username: 'session-256', totpSecret: true, totpConfigName: 'Strong' }] } },
    });
    const [user] = server.seeded.sftpgoUsers;
    if (!user?.totpSecret) throw new Error('the seed made no user with 2FA');
    const session = createSftpgoSession({
      baseUrl: server.urls.sftpgo,
      role: 'user',
      username: user.username,
      password: user.password,
      totpSecret: { secret: user.totpSecret, algorithm: 'SHA256' },
    });
    const profile = await session.fetch('/user/profile');
    expect(profile.status).toBe(200);
    await session.logout();
    expect(server.responseViolations).toEqual([]);
    await server.close();
  });
});

// SFTPGo account states (disabled, expired) and the seed's API keys.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { call, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox({
    seed: {
      sftpgo: {
        admins: [
          { username: 'off', password: 'off-password', disabled: true },
          { username: 'fenced', password: 'fenced-password', allowList: ['192.0.2.0/24', '2001:db8::/32'] },
          { username: 'local', password: 'local-password', allowList: ['127.0.0.0/8'] },
        ],
        users: [
          { username: 'gone', password: 'gone-password', disabled: true },
          { username: 'temp', password: 'temp-password', expiresAt: '2100-01-01T00:00:00Z' },
          { username: 'svc', allowApiKeyAuth: true },
          { username: 'ssh-2fa', password: 'ssh-2fa-password', totpSecret: true, totpProtocols: ['SSH'] },
          { username: 'web-2fa', password: 'web-2fa-password', totpSecret: true, totpProtocols: ['HTTP'] },
          { username: 'no-http', password: 'no-http-password', deniedProtocols: ['SSH', 'HTTP'] },
          { username: 'keys-only', password: 'keys-only-password', deniedLoginMethods: ['password'] },
          { username: 'ssh-keys', password: 'ssh-keys-password', deniedLoginMethods: ['password-over-SSH'] },
          { username: 'busy', password: 'busy-password', maxSessions: 2, activeSessions: 2 },
          { username: 'calm', password: 'calm-password', maxSessions: 2, activeSessions: 1 },
          { username: 'far', password: 'far-password', allowedIp: ['192.0.2.0/24'] },
          { username: 'denied', password: 'denied-password', deniedIp: ['127.0.0.0/8'] },
          {
            username: 'both',
            password: 'both-password',
            allowedIp: ['127.0.0.0/8'],
            deniedIp: ['127.0.0.0/8'],
          },
        ],
        apiKeys: [{ role: 'user', username: 'svc' }],
      },
    },
  }));
});
afterEach(() => {
  expect(sandbox.responseViolations).toEqual([]);
  sandbox.configure({
    sftpgoProxy: { allowed: [], clientIpHeader: '', headerDepth: 0 },
    sftpgoPostConnectHookDenies: [],
  });
});
afterAll(() => sandbox.close());

const login = (path: string, username: string, password: string, headers: Record<string, string> = {}) =>
  call(`${sandbox.urls.sftpgo}${path}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
      ...headers,
    },
  });
const invalidCredentials = { message: 'Unauthorized', error: 'invalid credentials' };

describe('SFTPGo account states', () => {
  it('refuses disabled admins and users like a wrong password', async () => {
    for (const [path, username] of [
      ['/token', 'off'],
      ['/user/token', 'gone'],
    ] as const) {
      const response = await login(path, username, `${username}-password`);
      expect(response.status).toBe(401);
      expect(response.body).toEqual(invalidCredentials);
    }
  });

  it('refuses a user from its expiry on, on the sandbox clock', async () => {
    expect((await login('/user/token', 'temp', 'temp-password')).status).toBe(200);
    sandbox.clock.set(Date.parse('2100-01-01T00:00:00Z'));
    const expired = await login('/user/token', 'temp', 'temp-password');
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual(invalidCredentials);
  });

  it("asks a user for a passcode only when the user's 2FA covers HTTP", async () => {
    expect((await login('/user/token', 'ssh-2fa', 'ssh-2fa-password')).status).toBe(200);
    expect((await login('/user/token', 'web-2fa', 'web-2fa-password')).body).toEqual(invalidCredentials);
    expect(() => sandbox.addSftpgoAdmin({ username: 'y', totpSecret: true, totpProtocols: ['SSH'] })).toThrow(
      'totpProtocols is for users only',
    );
  });

  it('has no expiry for admins', () => {
    expect(() => sandbox.addSftpgoAdmin({ username: 'x', expiresAt: '2100-01-01T00:00:00Z' })).toThrow(
      'expiresAt is for users only',
    );
  });

  it('creates seeded API keys after the accounts', async () => {
    const [key] = sandbox.seeded.sftpgoApiKeys;
    expect(key).toMatchObject({ role: 'user', username: 'svc' });
    const profile = await call(`${sandbox.urls.sftpgo}/user/profile`, {
      headers: { 'X-SFTPGO-API-KEY': key?.key ?? '' },
    });
    expect(profile.body).toEqual({ allow_api_key_auth: true });
  });
});

const forbidden = (error: string | RegExp) => ({
  message: 'Forbidden',
  error: error instanceof RegExp ? expect.stringMatching(error) : error,
});

describe('SFTPGo account filters', () => {
  it("refuses an admin outside the admin's allow list like a wrong password", async () => {
    const refused = await login('/token', 'fenced', 'fenced-password');
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(invalidCredentials);
    expect((await login('/token', 'local', 'local-password')).status).toBe(200);
  });

  it('answers 403 with the reason to a user whose filters refuse HTTP password logins', async () => {
    for (const [username, error] of [
      ['no-http', 'protocol HTTP is not allowed for user "no-http"'],
      ['keys-only', 'login method password is not allowed for user "keys-only"'],
      ['busy', 'too many open sessions: 2'],
      ['far', /^login for user "far" is not allowed from this address: 127\.0\.0\.1:\d+$/],
      ['denied', /^login for user "denied" is not allowed from this address: 127\.0\.0\.1:\d+$/],
    ] as const) {
      const response = await login('/user/token', username, `${username}-password`);
      expect(response.status).toBe(403);
      expect(response.body).toEqual(forbidden(error));
      expect(response.headers.get('www-authenticate')).toBeNull();
    }
  });

  it('lets through what the filters allow: other methods denied, sessions below the limit, both allowed and denied', async () => {
    for (const username of ['ssh-keys', 'calm', 'both'])
      expect((await login('/user/token', username, `${username}-password`)).status).toBe(200);
  });

  it('checks the password first: a wrong one gets the 401 of every failed login', async () => {
    expect((await login('/user/token', 'no-http', 'wrong')).body).toEqual(invalidCredentials);
  });

  it('quotes the client IP alone when a trusted proxy told it', async () => {
    sandbox.configure({
      sftpgoProxy: { allowed: ['127.0.0.0/8', '::1'], clientIpHeader: 'X-Forwarded-For' },
    });
    const response = await login('/user/token', 'far', 'far-password', { 'x-forwarded-for': '198.51.100.7' });
    expect(response.body).toEqual(
      forbidden('login for user "far" is not allowed from this address: 198.51.100.7'),
    );
    const inside = await login('/user/token', 'far', 'far-password', { 'x-forwarded-for': '192.0.2.9' });
    expect(inside.status).toBe(200);
  });

  it('answers 403 permission denied to users from an IP the post-connect hook refuses, before the password', async () => {
    sandbox.configure({ sftpgoPostConnectHookDenies: ['127.0.0.0/8', '::1'] });
    for (const password of ['calm-password', 'wrong']) {
      const response = await login('/user/token', 'calm', password);
      expect(response.status).toBe(403);
      expect(response.body).toEqual(forbidden('permission denied'));
    }
    // Admins' token endpoint runs no hook.
    expect((await login('/token', 'local', 'local-password')).status).toBe(200);
    expect(() => sandbox.configure({ sftpgoPostConnectHookDenies: ['nope'] })).toThrow(
      'sftpgoPostConnectHookDenies[0] must be an IP address or a CIDR network',
    );
  });

  it('checks the options: CIDR networks, each for its role, no unknown members', () => {
    expect(() => sandbox.addSftpgoAdmin({ username: 'a1', deniedProtocols: ['HTTP'] })).toThrow(
      'deniedProtocols is for users only',
    );
    expect(() => sandbox.addSftpgoUser({ username: 'u1', allowList: ['10.0.0.0/8'] })).toThrow(
      'allowList is for admins only',
    );
    expect(() => sandbox.addSftpgoUser({ username: 'u2', allowedIp: ['10.0.0.1'] })).toThrow(
      'addSftpgoUser.allowedIp[0] must be a CIDR network',
    );
    expect(() => sandbox.addSftpgoUser({ username: 'u3', deniedProtocols: ['WEB' as 'HTTP'] })).toThrow(
      'addSftpgoUser.deniedProtocols[0]',
    );
    expect(() => sandbox.addSftpgoUser({ username: 'u4', maxSessions: -1 })).toThrow(
      'addSftpgoUser.maxSessions',
    );
    expect(() => sandbox.addSftpgoUser({ username: 'u5', maxSesions: 1 } as never)).toThrow(
      'unknown member "maxSesions"',
    );
  });
});

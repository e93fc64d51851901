// SFTPGo account states (disabled, expired) and the seed's API keys.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { call, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox({
    seed: {
      sftpgo: {
        admins: [{ username: 'off', password: 'off-password', disabled: true }],
        users: [
          { username: 'gone', password: 'gone-password', disabled: true },
          { username: 'temp', password: 'temp-password', expiresAt: '2100-01-01T00:00:00Z' },
          { username: 'svc', allowApiKeyAuth: true },
          { username: 'ssh-2fa', password: 'ssh-2fa-password', totpSecret: true, totpProtocols: ['SSH'] },
          { username: 'web-2fa', password: 'web-2fa-password', totpSecret: true, totpProtocols: ['HTTP'] },
        ],
        apiKeys: [{ role: 'user', username: 'svc' }],
      },
    },
  }));
});
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => sandbox.close());

const login = (path: string, username: string, password: string) =>
  call(`${sandbox.urls.sftpgo}${path}`, {
    headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
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

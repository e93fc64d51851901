// SFTPGo tokens through @authspec/sftpgo-token against the sandbox.
import { AuthenticationError, createSftpgoTokenClient } from '@authspec/sftpgo-token';
import { createSftpgoSession } from '@authspec/sftpgo-token/session';
import { describe, expect, it } from 'vitest';
import { race, useSandbox } from './setup';

const sandbox = useSandbox();
const tokens = () => createSftpgoTokenClient({ baseUrl: sandbox().urls.sftpgo });

describe('SFTPGo tokens', () => {
  it('issues admin and user tokens with 2FA, with an RFC 3339 expiry 20 minutes ahead', async () => {
    const admin = sandbox().addSftpgoAdmin({ username: 'root', totpSecret: true });
    const user = sandbox().addSftpgoUser({ username: 'bob', totpSecret: true });
    const adminToken = await tokens().getToken({ ...admin, otp: sandbox().totp(admin.totpSecret ?? '') });
    const userToken = await tokens().getUserToken({ ...user, otp: sandbox().totp(user.totpSecret ?? '') });
    for (const token of [adminToken, userToken]) {
      expect(token.access_token).toMatch(/^ey/);
      const lifetime = Date.parse(token.expires_at ?? '') - sandbox().clock.now();
      expect(lifetime).toBeGreaterThan(19 * 60_000);
      expect(lifetime).toBeLessThanOrEqual(20 * 60_000);
    }
  });

  it('refuses a missing, wrong or reused passcode with the Basic challenge', async () => {
    const admin = sandbox().addSftpgoAdmin({ username: 'ops', totpSecret: true });
    const missing = await tokens()
      .getToken({ username: admin.username, password: admin.password })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AuthenticationError);
    expect((missing as AuthenticationError).headers['www-authenticate']).toBe('Basic realm="SFTPGo"');
    const otp = sandbox().totp(admin.totpSecret ?? '');
    await tokens().getToken({ username: admin.username, password: admin.password, otp });
    await expect(
      tokens().getToken({ username: admin.username, password: admin.password, otp }),
    ).rejects.toBeInstanceOf(AuthenticationError);
    await expect(
      tokens().getToken({ username: admin.username, password: 'wrong', otp: '000000' }),
    ).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('renews a session token after it expires and refuses it after logout', async () => {
    const user = sandbox().addSftpgoUser({ username: 'carol' });
    const session = createSftpgoSession({ baseUrl: sandbox().urls.sftpgo, ...user, role: 'user' });
    const first = await session.getAccessToken();
    sandbox().clock.advance(21 * 60_000);
    const res = await session.fetch('/user/profile');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ allow_api_key_auth: false });
    const renewed = await session.getAccessToken();
    expect(renewed).not.toBe(first);
    await session.logout();
    await expect(tokens().clientLogout({ accessToken: renewed })).rejects.toMatchObject({
      name: 'AuthenticationError',
      // The session's logout revoked it: SFTPGo's text for a revoked token has no `error`.
      code: 'Your token is no longer valid',
    });
  });

  it('does not accept a user token where an admin token is required', async () => {
    const user = sandbox().addSftpgoUser({ username: 'dave' });
    const { access_token } = await tokens().getUserToken(user);
    await expect(tokens().logout({ accessToken: access_token ?? '' })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it('lets one of 50 concurrent logins with one passcode succeed', async () => {
    const admin = sandbox().addSftpgoAdmin({ username: 'eve', totpSecret: true });
    const otp = sandbox().totp(admin.totpSecret ?? '');
    const { succeeded, failures } = await race(
      Array.from(
        { length: 50 },
        () => () => tokens().getToken({ username: admin.username, password: admin.password, otp }),
      ),
    );
    expect(succeeded).toBe(1);
    expect(failures.every((f) => f.name === 'AuthenticationError')).toBe(true);
  });
});

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

describe('SFTPGo API-key sessions', () => {
  /** A fetch that counts what the session sends, to show what logout does not. */
  function countingFetch() {
    const urls: string[] = [];
    const fetch = (url: string, init: RequestInit) => {
      urls.push(url);
      return globalThis.fetch(url, init);
    };
    return { urls, fetch };
  }

  it('reads the admin and user profiles with a bound and an unbound key, and logs out without a request', async () => {
    sandbox().addSftpgoAdmin({ username: 'robot', allowApiKeyAuth: true, email: 'robot@example.com' });
    sandbox().addSftpgoUser({ username: 'frank', allowApiKeyAuth: true });
    const adminKey = sandbox().addSftpgoApiKey({ role: 'admin', username: 'robot' });
    const userKey = sandbox().addSftpgoApiKey({ role: 'user' });
    const counted = countingFetch();
    const admin = createSftpgoSession({
      baseUrl: sandbox().urls.sftpgo,
      role: 'admin',
      apiKey: adminKey.key,
      fetch: counted.fetch,
    });
    const user = createSftpgoSession({
      baseUrl: sandbox().urls.sftpgo,
      role: 'user',
      apiKey: userKey.key,
      username: 'frank',
      fetch: counted.fetch,
    });
    const adminProfile = await admin.fetch('/admin/profile');
    expect(adminProfile.status).toBe(200);
    expect(await adminProfile.json()).toEqual({ email: 'robot@example.com', allow_api_key_auth: true });
    const userProfile = await user.fetch('/user/profile');
    expect(userProfile.status).toBe(200);
    expect(await userProfile.json()).toEqual({ allow_api_key_auth: true });
    expect(counted.urls).toHaveLength(2);
    // SFTPGo refuses a logout with a key (403): the session has nothing to revoke and sends nothing.
    await admin.logout();
    await user.logout();
    expect(counted.urls).toHaveLength(2);
    // The key still works: nothing was revoked.
    expect((await user.fetch('/user/profile')).status).toBe(200);
  });

  it('answers a refused key as the response: the other scope 403, a wrong secret or account 401', async () => {
    sandbox().addSftpgoUser({ username: 'grace', allowApiKeyAuth: false });
    const userKey = sandbox().addSftpgoApiKey({ role: 'user' });
    const baseUrl = sandbox().urls.sftpgo;
    const asAdmin = createSftpgoSession({ baseUrl, role: 'admin', apiKey: userKey.key, username: 'grace' });
    const wrongScope = await asAdmin.fetch('/admin/profile');
    expect(wrongScope.status).toBe(403);
    expect(await wrongScope.json()).toEqual({
      message: '',
      error: 'the provided api key is invalid for this request',
    });
    const refused = { message: '', error: 'the provided api key cannot be authenticated' };
    const notAllowed = createSftpgoSession({ baseUrl, role: 'user', apiKey: userKey.key, username: 'grace' });
    const notAllowedResponse = await notAllowed.fetch('/user/profile');
    expect(notAllowedResponse.status).toBe(401);
    expect(await notAllowedResponse.json()).toEqual(refused);
    const wrongSecret = createSftpgoSession({
      baseUrl,
      role: 'user',
      apiKey: `${userKey.id}.wrong`,
      username: 'grace',
    });
    const wrongSecretResponse = await wrongSecret.fetch('/user/profile');
    expect(wrongSecretResponse.status).toBe(401);
    expect(await wrongSecretResponse.json()).toEqual(refused);
  });
});

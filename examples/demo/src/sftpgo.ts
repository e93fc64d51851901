// 5. SFTPGo: admin and user tokens with 2FA, renewal after expiry, logout.
import type { Sandbox } from '@authspec/sandbox';
import { createSftpgoTokenClient } from '@authspec/sftpgo-token';
import { createSftpgoSession } from '@authspec/sftpgo-token/session';
import { expect, expectError, type Report } from './report.js';

export async function sftpgoSection(sandbox: Sandbox, report: Report): Promise<void> {
  report.section('5. SFTPGo REST API: tokens');
  const admin = sandbox.seeded.sftpgoAdmins[0];
  const alice = sandbox.seeded.sftpgoUsers[0];
  expect(admin?.totpSecret && alice, 'the demo seed has an SFTPGo admin with TOTP and a user');
  const tokens = createSftpgoTokenClient({ baseUrl: sandbox.urls.sftpgo });

  await report.step('admin session with 2FA (TOTP computed from the secret)', async () => {
    const session = createSftpgoSession({
      baseUrl: sandbox.urls.sftpgo,
      username: admin.username,
      password: admin.password,
      role: 'admin',
      totpSecret: admin.totpSecret,
    });
    // SFTPGo's profile leaves the username out: the status proves the token works.
    const profile = await session.fetch('/admin/profile');
    expect(profile.ok, `profile answered ${profile.status}`);
    await session.logout();
    return `token works for ${admin.username}; logged out`;
  });
  await report.step('admin token without the passcode: refused', async () =>
    expectError(
      tokens.getToken({ username: admin.username, password: admin.password }),
      'AuthenticationError',
    ),
  );

  const session = createSftpgoSession({
    baseUrl: sandbox.urls.sftpgo,
    username: alice.username,
    password: alice.password,
    role: 'user',
  });
  let first = '';
  await report.step('user token (getUserToken through a session)', async () => {
    first = await session.getAccessToken();
    const token = await tokens.getUserToken({ username: alice.username, password: alice.password });
    return `expires_at ${token.expires_at}`;
  });
  await report.step('renewal after expiry (sandbox clock +21 min)', async () => {
    sandbox.clock.advance(21 * 60_000);
    const res = await session.fetch('/user/profile');
    expect(res.ok, `profile answered ${res.status}`);
    const current = await session.getAccessToken();
    expect(current !== first, 'the token was not renewed');
    return 'expired token refused by the server, renewed once, request repeated';
  });
  await report.step('logout, then the revoked token is refused', async () => {
    const revoked = await session.getAccessToken();
    await session.logout();
    await expectError(tokens.clientLogout({ accessToken: revoked }), 'AuthenticationError');
    return 'ClientLogout with the revoked token: 401';
  });
}

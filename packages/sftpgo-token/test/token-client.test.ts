import { inspect } from 'node:util';
import { sendJson, useTestServer } from '@authspec/test-utils';
import { describe, expect, it } from 'vitest';
import { AuthenticationError, createSftpgoTokenClient, InternalServerError, ValidationError } from '../src';

const server = useTestServer();

const client = () => createSftpgoTokenClient({ baseUrl: `${server.url}/api/v2` });
const token = { access_token: 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln', expires_at: '2026-11-23T10:20:00Z' };
const basic = (user: string, pass: string) =>
  `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`;

describe('token endpoints', () => {
  it('getToken() sends HTTP Basic (UTF-8) and X-SFTPGO-OTP to /token', async () => {
    server.handle((_req, res) => sendJson(res, 200, token));
    await expect(
      client().getToken({ username: 'admin', password: 'pässwörd', otp: '492039' }),
    ).resolves.toEqual(token);
    const [req] = server.requests;
    expect(req).toMatchObject({ method: 'GET', url: '/api/v2/token' });
    expect(req?.headers.authorization).toBe(basic('admin', 'pässwörd'));
    expect(req?.headers['x-sftpgo-otp']).toBe('492039');
  });

  it('getUserToken() uses /user/token and sends no OTP header without 2FA', async () => {
    server.handle((_req, res) => sendJson(res, 200, token));
    await client().getUserToken({ username: 'alice', password: 'secret-pw' });
    const [req] = server.requests;
    expect(req).toMatchObject({ method: 'GET', url: '/api/v2/user/token' });
    expect(req?.headers.authorization).toBe(basic('alice', 'secret-pw'));
    expect(req?.headers['x-sftpgo-otp']).toBeUndefined();
  });

  it('logout() and clientLogout() send the Bearer token to /logout and /user/logout', async () => {
    server.handle((_req, res) => sendJson(res, 200, { message: 'Your token has been invalidated' }));
    await expect(client().logout({ accessToken: 'admin-jwt' })).resolves.toEqual({
      message: 'Your token has been invalidated',
    });
    await client().clientLogout({ accessToken: 'user-jwt' });
    expect(server.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ['GET', '/api/v2/logout', 'Bearer admin-jwt'],
      ['GET', '/api/v2/user/logout', 'Bearer user-jwt'],
    ]);
  });
});

describe('failures', () => {
  it('a refused login is an AuthenticationError with the challenge header and no secret', async () => {
    server.handle((_req, res) =>
      sendJson(
        res,
        401,
        { message: '', error: 'Unauthorized' },
        { 'www-authenticate': 'Basic realm="SFTPGo"' },
      ),
    );
    const error = (await client()
      .getToken({ username: 'admin', password: 'wrong-password', otp: '111111' })
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.code).toBe('Unauthorized');
    expect(error.headers['www-authenticate']).toBe('Basic realm="SFTPGo"');
    const views = `${error.message}${JSON.stringify(error)}${inspect(error, { depth: 10 })}`;
    for (const secret of ['wrong-password', '111111', basic('admin', 'wrong-password')])
      expect(views).not.toContain(secret);
  });

  it('repeats a token request without OTP after 503, but never one that spent a passcode', async () => {
    let n = 0;
    server.handle((_req, res) => (++n % 2 === 1 ? sendJson(res, 503, {}) : sendJson(res, 200, token)));
    await expect(client().getUserToken({ username: 'alice', password: 'pw12' })).resolves.toEqual(token);
    expect(server.requests).toHaveLength(2);
    await expect(
      client().getUserToken({ username: 'alice', password: 'pw12', otp: '123456' }),
    ).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(3);
  });
});

describe('argument checks', () => {
  it('rejects unusable credentials before sending', async () => {
    const bad: Array<[object, string]> = [
      [{ username: 'a:b', password: 'pw' }, 'username'],
      [{ username: '', password: 'pw' }, 'username'],
      [{ username: 'alice', password: '' }, 'password'],
      [{ username: 'alice', password: 'pw', otp: '12\r\n34' }, 'otp'],
    ];
    for (const [credentials, argument] of bad) {
      await expect(client().getToken(credentials as any)).rejects.toMatchObject({
        name: 'ValidationError',
        argument: argument === 'credentials' ? 'params' : `params.${argument}`,
      });
    }
    await expect(client().logout({ accessToken: '' })).rejects.toBeInstanceOf(ValidationError);
    expect(server.requests).toHaveLength(0);
  });

  it('requires an absolute base URL', () => {
    expect(() => createSftpgoTokenClient({} as any)).toThrow(/baseUrl/);
  });
});

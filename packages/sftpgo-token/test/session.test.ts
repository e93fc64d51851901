import { inspect } from 'node:util';
import { delay, type RecordedRequest, sendJson, startServer, type TestServer } from '@authspec/test-utils';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthenticationError, createSftpgoSession, ValidationError } from '../src/session-entry';

let server: TestServer;
let issued = 0;
let lifetimeMs = 20 * 60_000;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  issued = 0;
  lifetimeMs = 20 * 60_000;
  server.handle(sftpgo);
});

const tokenRequests = () => server.requests.filter((r) => /\/token$/.test(r.url));

/** A small SFTPGo: token endpoints issuing numbered tokens, a profile route requiring one. */
function sftpgo(req: RecordedRequest, res: Parameters<Parameters<TestServer['handle']>[0]>[1]) {
  if (req.url.endsWith('/token')) {
    issued++;
    return sendJson(res, 200, {
      access_token: `jwt-${issued}`,
      expires_at: new Date(Date.now() + lifetimeMs).toISOString(),
    });
  }
  if (req.url.endsWith('/profile'))
    return sendJson(res, 200, { username: 'alice', auth: req.headers.authorization });
  if (req.url.endsWith('/logout')) return sendJson(res, 200, { message: 'Your token has been invalidated' });
  return sendJson(res, 404, { message: '', error: 'Not Found' });
}

const session = (options: Partial<Parameters<typeof createSftpgoSession>[0]> = {}) =>
  createSftpgoSession({
    baseUrl: `${server.url}/api/v2`,
    username: 'alice',
    password: 'alice-password',
    role: 'user',
    ...options,
  });

describe('access token', () => {
  it('reuses the token until shortly before it expires', async () => {
    const s = session();
    expect(await s.getAccessToken()).toBe('jwt-1');
    expect(await s.getAccessToken()).toBe('jwt-1');
    expect(tokenRequests()).toHaveLength(1);
    expect(tokenRequests()[0]?.url).toBe('/api/v2/user/token');
  });

  it('renews before expires_at: a 1 s token is replaced after half its life, while still valid', async () => {
    lifetimeMs = 1000;
    const s = session({ role: 'admin' });
    expect(await s.getAccessToken()).toBe('jwt-1');
    await delay(600);
    expect(await s.getAccessToken()).toBe('jwt-2');
    expect(tokenRequests().map((r) => r.url)).toEqual(['/api/v2/token', '/api/v2/token']);
  });

  it('fetches one token for many concurrent callers', async () => {
    const s = session();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => s.getAccessToken()));
    expect(new Set(tokens)).toEqual(new Set(['jwt-1']));
    expect(tokenRequests()).toHaveLength(1);
  });

  it('asks an otp function for a fresh passcode for each token', async () => {
    lifetimeMs = 1000;
    let n = 0;
    const s = session({ otp: () => `00000${++n}` });
    await s.getAccessToken();
    await delay(600);
    await s.getAccessToken();
    expect(tokenRequests().map((r) => r.headers['x-sftpgo-otp'])).toEqual(['000001', '000002']);
  });

  it('computes TOTP passcodes from the secret and never sends the same one twice', async () => {
    const secret = new Secret({ size: 20 });
    const totp = new TOTP({ secret, period: 2 });
    lifetimeMs = 200;
    const s = session({ totpSecret: { secret: secret.base32, period: 2 } });
    const arrivals: number[] = [];
    server.handle((req, res) => {
      if (req.url.endsWith('/token')) arrivals.push(Date.now());
      return sftpgo(req, res);
    });
    await s.getAccessToken();
    await delay(150);
    await s.getAccessToken();
    const codes = tokenRequests().map((r) => String(r.headers['x-sftpgo-otp']));
    expect(codes).toHaveLength(2);
    expect(codes[0]).not.toBe(codes[1]);
    // Each passcode is the one of the time step it arrived in, or of the step before when it was
    // made just before a boundary and arrived after it (a loaded machine); the second passcode
    // belongs to a later step than the first: the session waited for it.
    const steps = codes.map((code, i) => {
      const delta = totp.validate({ token: code, timestamp: arrivals[i], window: 1 });
      expect([0, -1]).toContain(delta);
      return Math.floor((arrivals[i] ?? 0) / 2000) + (delta ?? 0);
    });
    expect(steps[1]).toBeGreaterThan(steps[0] ?? 0);
  });
});

describe('fetch', () => {
  it('calls another endpoint with the Bearer token', async () => {
    const s = session();
    const res = await s.fetch('/user/profile');
    expect(await res.json()).toEqual({ username: 'alice', auth: 'Bearer jwt-1' });
  });

  it('renews the token once on a 401 and repeats the request', async () => {
    const s = session();
    let rejected = false;
    server.handle((req, res) => {
      if (req.url.endsWith('/profile') && !rejected) {
        rejected = true;
        return sendJson(res, 401, { message: '', error: 'token is unauthorized' });
      }
      return sftpgo(req, res);
    });
    const res = await s.fetch(`${server.url}/api/v2/user/profile`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ auth: 'Bearer jwt-2' });
    expect(tokenRequests()).toHaveLength(2);
  });

  it('refuses to send the token to another server', async () => {
    await expect(session().fetch('https://elsewhere.example/api/v2/user/profile')).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe('logout', () => {
  it('invalidates the token on the server and forgets it', async () => {
    const s = session({ role: 'admin' });
    await s.getAccessToken();
    await s.logout();
    expect(server.requests.at(-1)).toMatchObject({
      url: '/api/v2/logout',
      headers: { authorization: 'Bearer jwt-1' },
    });
    expect(await s.getAccessToken()).toBe('jwt-2');
  });

  it('uses /user/logout for a user session and does nothing without a token', async () => {
    const s = session();
    await s.logout();
    expect(server.requests).toHaveLength(0);
    await s.getAccessToken();
    await s.logout();
    expect(server.requests.at(-1)?.url).toBe('/api/v2/user/logout');
  });
});

describe('safety', () => {
  it('checks its options', () => {
    expect(() => session({ role: 'root' as any })).toThrow(/role must be one of admin, user/);
    expect(() => session({ otp: '123456', totpSecret: 'JBSWY3DPEHPK3PXP' })).toThrow(ValidationError);
    expect(() => session({ totpSecret: 'not base32!' })).toThrow(/totpSecret/);
  });

  it('reports an abort as a typed AbortError and starts no login for an aborted caller', async () => {
    const s = session();
    await expect(s.getAccessToken({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
      operationId: 'GetUserToken',
    });
    expect(tokenRequests()).toHaveLength(0);
    await expect(s.getAccessToken({ signal: 'not a signal' as never })).rejects.toBeInstanceOf(
      ValidationError,
    );
    // A caller that gives up while the login runs: typed, and the login's own failure is handled.
    server.handle(async (_req, res) => {
      await delay(100);
      sendJson(res, 401, { message: '', error: 'invalid credentials' });
    });
    const controller = new AbortController();
    const waiting = s.getAccessToken({ signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    await delay(150);
  });

  it('refuses what fetch cannot send as a ValidationError, before sending', async () => {
    const s = session();
    const refusals = [
      s.fetch('http://[not-a-url', {}),
      s.fetch('/admin/profile', { headers: { 'X-Bad': 'a\r\nInjected: 1' } }),
      s.fetch('/admin/profile', { headers: { 'X-Latin1': '\u2028' } }),
      s.fetch('/admin/profile', { method: 'GET /x' }),
      s.fetch('/admin/profile', { headers: null as never }),
      s.fetch(Symbol('x') as never),
    ];
    for (const refusal of refusals) await expect(refusal).rejects.toBeInstanceOf(ValidationError);
    expect(server.requests).toHaveLength(0);
  });

  it('reports a refused login as AuthenticationError', async () => {
    server.handle((_req, res) =>
      sendJson(
        res,
        401,
        { message: '', error: 'Unauthorized' },
        { 'www-authenticate': 'Basic realm="SFTPGo"' },
      ),
    );
    await expect(session().getAccessToken()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('never shows the password, TOTP secret or token when logged', async () => {
    const s = session({ totpSecret: 'JBSWY3DPEHPK3PXP' });
    await s.getAccessToken();
    const views = `${inspect(s, { depth: 10 })}${JSON.stringify(s)}${String(s)}`;
    for (const secret of ['alice-password', 'JBSWY3DPEHPK3PXP', 'jwt-1']) expect(views).not.toContain(secret);
    expect(views).toContain('hasToken: true');
  });
});

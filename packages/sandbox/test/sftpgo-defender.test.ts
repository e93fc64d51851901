// SFTPGo's connection checks: the defender (bans), the rate limiter (429), tokens bound to the
// client IP (with trusted proxy headers), and HEAD/other methods on the token routes.
import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { goDuration } from '../src/apis/sftpgo/rate-limiter.js';
import { createClock, type Sandbox } from '../src/index.js';
import { call, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;
let adminTotp: string;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox({
    // Frozen: waits and bans are read off the sandbox clock, moved by the tests.
    clock: createClock({ frozen: true }),
    seed: {
      sftpgo: {
        admins: [
          { username: 'root', password: 'root-password' },
          { username: 'otp', password: 'otp-password', totpSecret: true },
        ],
        users: [{ username: 'alice', password: 'alice-password' }],
      },
    },
  }));
  adminTotp = sandbox.seeded.sftpgoAdmins.find((a) => a.username === 'otp')?.totpSecret ?? '';
});
afterEach(() => {
  expect(sandbox.responseViolations).toEqual([]);
  sandbox.configure({
    sftpgoTokenIpMatch: true,
    sftpgoProxy: { allowed: [], clientIpHeader: '', headerDepth: 0 },
    sftpgoDefender: { enabled: false, threshold: 15, banTime: 30 },
    sftpgoRateLimiter: { average: 0, period: 1000, burst: 1, generateDefenderEvents: false },
  });
});
afterAll(() => sandbox.close());

const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

/** A request from `ip`, told by the trusted proxy header (see `trustProxy`). */
const from = (ip: string | undefined, headers: Record<string, string> = {}) =>
  ip === undefined ? headers : { ...headers, 'x-forwarded-for': ip };

const adminToken = (password: string, ip?: string, extra: Record<string, string> = {}) =>
  call(`${sandbox.urls.sftpgo}/token`, {
    headers: from(ip, { authorization: basic('root', password), ...extra }),
  });
const logout = (token: string, ip?: string) =>
  call(`${sandbox.urls.sftpgo}/logout`, { headers: from(ip, { authorization: `Bearer ${token}` }) });

const trustProxy = () =>
  sandbox.configure({ sftpgoProxy: { allowed: ['127.0.0.0/8', '::1'], clientIpHeader: 'X-Forwarded-For' } });

const blocked = { message: '', error: 'your IP address is blocked' };

describe('SFTPGo connection settings', () => {
  it("default to SFTPGo's configuration: defender and rate limiter off, tokens bound to the IP", () => {
    expect(sandbox.config.sftpgoTokenIpMatch).toBe(true);
    expect(sandbox.config.sftpgoProxy).toEqual({ allowed: [], clientIpHeader: '', headerDepth: 0 });
    expect(sandbox.config.sftpgoDefender).toEqual({
      enabled: false,
      banTime: 30,
      banTimeIncrement: 50,
      threshold: 15,
      scoreInvalid: 2,
      scoreValid: 1,
      scoreLimitExceeded: 3,
      observationTime: 30,
    });
    expect(sandbox.config.sftpgoRateLimiter).toEqual({
      average: 0,
      period: 1000,
      burst: 1,
      generateDefenderEvents: false,
    });
  });

  it('refuse what SFTPGo refuses, naming the member', () => {
    expect(() => sandbox.configure({ sftpgoDefender: { threshold: 2 } })).toThrow(
      'configure.sftpgoDefender.scoreInvalid must be below threshold (2)',
    );
    expect(() => sandbox.configure({ sftpgoRateLimiter: { period: 50 } })).toThrow(RangeError);
    expect(() => sandbox.configure({ sftpgoProxy: { allowed: ['10.0.0.0/40'] } })).toThrow(
      'configure.sftpgoProxy.allowed[0]',
    );
    expect(() => sandbox.configure({ sftpgoDefender: { ban: 1 } } as never)).toThrow('unknown member "ban"');
  });
});

describe('the defender', () => {
  it('bans a client IP whose failed logins reach the threshold, on every route, until the ban runs out', async () => {
    trustProxy();
    sandbox.configure({ sftpgoDefender: { enabled: true, threshold: 4, banTime: 10 } });
    const { body } = await adminToken('root-password', '203.0.113.7');
    // Two wrong passwords (1 each) and an unknown account (2): the last one still gets its 401.
    expect((await adminToken('wrong', '203.0.113.7')).status).toBe(401);
    expect((await adminToken('wrong', '203.0.113.7')).status).toBe(401);
    const unknown = await call(`${sandbox.urls.sftpgo}/user/token`, {
      headers: from('203.0.113.7', { authorization: basic('nobody', 'x') }),
    });
    expect(unknown.status).toBe(401);
    // Banned: right credentials and a valid token alike get 403.
    const refused = await adminToken('root-password', '203.0.113.7');
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual(blocked);
    expect((await logout(body.access_token, '203.0.113.7')).body).toEqual(blocked);
    const profile = await call(`${sandbox.urls.sftpgo}/admin/profile`, {
      headers: from('203.0.113.7', { authorization: `Bearer ${body.access_token}` }),
    });
    expect(profile.status).toBe(403);
    // Another client is not concerned.
    expect((await adminToken('root-password', '198.51.100.1')).status).toBe(200);
    // Ten minutes, plus five (50 %) for each of the three refused requests.
    sandbox.clock.advance(24 * 60 * 1000);
    expect((await adminToken('root-password', '203.0.113.7')).status).toBe(403);
    sandbox.clock.advance(6 * 60 * 1000 + 1);
    expect((await adminToken('root-password', '203.0.113.7')).status).toBe(200);
  });

  it('does not score requests without credentials, and scores wrong passcodes', async () => {
    trustProxy();
    sandbox.configure({ sftpgoDefender: { enabled: true, threshold: 4 } });
    for (let i = 0; i < 5; i++) {
      const anonymous = await call(`${sandbox.urls.sftpgo}/token`, { headers: from('192.0.2.10') });
      expect(anonymous.status).toBe(401);
    }
    const otpLogin = (passcode: string) =>
      call(`${sandbox.urls.sftpgo}/token`, {
        headers: from('192.0.2.10', {
          authorization: basic('otp', 'otp-password'),
          'x-sftpgo-otp': passcode,
        }),
      });
    const passcode = sandbox.totp(adminTotp);
    const wrong = passcode === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) expect((await otpLogin(wrong)).status).toBe(401);
    // Banned before the passcode is looked at: the right one is refused, and not spent.
    expect((await otpLogin(passcode)).body).toEqual(blocked);
    const elsewhere = await call(`${sandbox.urls.sftpgo}/token`, {
      headers: from('192.0.2.11', { authorization: basic('otp', 'otp-password'), 'x-sftpgo-otp': passcode }),
    });
    expect(elsewhere.status).toBe(200);
  });
});

describe('the rate limiter', () => {
  it('answers 429 with Retry-After and X-Retry-In once the bucket is empty, until it refills', async () => {
    sandbox.configure({ sftpgoRateLimiter: { average: 1, period: 60_000, burst: 2 } });
    expect((await adminToken('root-password')).status).toBe(200);
    expect((await adminToken('wrong')).status).toBe(401);
    const limited = await adminToken('root-password');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      message: 'Too Many Requests',
      error: 'rate limit exceed, wait time to respect rate 1m0s, max wait time allowed 10s',
    });
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.headers.get('x-retry-in')).toBe('1m0.499999999s');
    sandbox.clock.advance(60_000);
    expect((await adminToken('root-password')).status).toBe(200);
  });

  it('feeds the defender when told to', async () => {
    trustProxy();
    sandbox.configure({
      sftpgoRateLimiter: { average: 1, period: 60_000, burst: 1, generateDefenderEvents: true },
      sftpgoDefender: { enabled: true, threshold: 4 },
    });
    expect((await adminToken('root-password', '192.0.2.20')).status).toBe(200);
    expect((await adminToken('root-password', '192.0.2.20')).status).toBe(429);
    expect((await adminToken('root-password', '192.0.2.20')).status).toBe(429);
    expect((await adminToken('root-password', '192.0.2.20')).body).toEqual(blocked);
  });
});

describe('X-Retry-In', () => {
  it("writes waits as Go's time.Duration.String does", () => {
    expect(goDuration(2_399_999_999)).toBe('2.399999999s');
    expect(goDuration(999_999_999)).toBe('999.999999ms');
    expect(goDuration(500_000_000)).toBe('500ms');
    expect(goDuration(1_500)).toBe('1.5µs');
    expect(goDuration(3_723_000_000_000)).toBe('1h2m3s');
  });
});

describe('tokens bound to the client IP', () => {
  it('refuses a token from another IP than the one it was issued to', async () => {
    trustProxy();
    const { body } = await adminToken('root-password', '203.0.113.50');
    expect(decodeJwt(body.access_token).aud).toEqual(['API', '203.0.113.50']);
    expect((await logout(body.access_token, '198.51.100.9')).body).toEqual({
      message: 'Your token is not valid',
    });
    // The last address of the header is the one the trusted proxy saw (depth 0).
    expect((await logout(body.access_token, '10.9.9.9, 203.0.113.50')).status).toBe(200);
  });

  it('takes the address at headerDepth from the right', async () => {
    sandbox.configure({
      sftpgoProxy: { allowed: ['127.0.0.1', '::1'], clientIpHeader: 'X-Forwarded-For', headerDepth: 1 },
    });
    const { body } = await adminToken('root-password', '203.0.113.60, 10.0.0.2');
    expect(decodeJwt(body.access_token).aud).toEqual(['API', '203.0.113.60']);
  });

  it('ignores the header of a peer that is not an allowed proxy', async () => {
    sandbox.configure({ sftpgoProxy: { allowed: ['192.0.2.1'], clientIpHeader: 'X-Forwarded-For' } });
    const { body } = await adminToken('root-password', '203.0.113.70');
    expect(decodeJwt(body.access_token).aud).toEqual(['API', '127.0.0.1']);
    expect((await logout(body.access_token, '198.51.100.9')).status).toBe(200);
  });

  it('accepts the token from anywhere with sftpgoTokenIpMatch off', async () => {
    trustProxy();
    sandbox.configure({ sftpgoTokenIpMatch: false });
    const { body } = await adminToken('root-password', '203.0.113.80');
    expect((await logout(body.access_token, '198.51.100.9')).status).toBe(200);
  });
});

describe('methods', () => {
  it('serves HEAD as GET: a token is issued and the passcode spent, with no body', async () => {
    const passcode = sandbox.totp(adminTotp, sandbox.clock.now() + 30_000);
    const headers = { authorization: basic('otp', 'otp-password'), 'x-sftpgo-otp': passcode };
    const head = await fetch(`${sandbox.urls.sftpgo}/token`, { method: 'HEAD', headers });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await call(`${sandbox.urls.sftpgo}/token`, { headers })).status).toBe(401);
  });

  it('answers other methods with 405 and no body', async () => {
    for (const [method, path] of [
      ['POST', '/token'],
      ['PUT', '/user/token'],
      ['DELETE', '/logout'],
      ['POST', '/user/logout'],
    ]) {
      const response = await call(`${sandbox.urls.sftpgo}${path}`, { method });
      expect(response.status).toBe(405);
      expect(response.body).toBeUndefined();
    }
  });
});

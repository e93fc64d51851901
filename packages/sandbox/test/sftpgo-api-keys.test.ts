// SFTPGo API keys (`X-SFTPGO-API-KEY`) on the Bearer routes, in the 2.7 server's order and texts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox, SftpgoApiKeyCredentials } from '../src/index.js';
import { call, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;
let logs: string[];
let adminKey: SftpgoApiKeyCredentials;
let userKey: SftpgoApiKeyCredentials;

beforeAll(async () => {
  ({ sandbox, logs } = await startTestSandbox({ logRequests: true }));
  sandbox.addSftpgoAdmin({
    username: 'robot',
    allowApiKeyAuth: true,
    email: 'robot@example.com',
    description: 'automation',
  });
  sandbox.addSftpgoUser({ username: 'alice', password: 'alice-password', allowApiKeyAuth: true });
  sandbox.addSftpgoUser({ username: 'bob', allowApiKeyAuth: false });
  adminKey = sandbox.addSftpgoApiKey({ role: 'admin', username: 'robot' });
  userKey = sandbox.addSftpgoApiKey({ role: 'user' });
});
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => sandbox.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  call(`${sandbox.urls.sftpgo}${path}`, { headers });
const withKey = (key: string, headers: Record<string, string> = {}) => ({
  'X-SFTPGO-API-KEY': key,
  ...headers,
});
const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
const userToken = async () =>
  (await get('/user/token', { authorization: basic('alice', 'alice-password') })).body.access_token as string;

describe('API keys on the Bearer routes', () => {
  it('answers the profile of the bound account, or of the account named after an unbound key', async () => {
    expect(adminKey).toMatchObject({ role: 'admin', username: 'robot' });
    expect(adminKey.key).toMatch(/^[A-Za-z0-9]{22}\.[A-Za-z0-9]{32}$/);
    const admin = await get('/admin/profile', withKey(adminKey.key));
    expect(admin.status).toBe(200);
    expect(admin.body).toEqual({
      email: 'robot@example.com',
      description: 'automation',
      allow_api_key_auth: true,
    });
    const user = await get('/user/profile', withKey(`${userKey.key}.alice`));
    expect(user.status).toBe(200);
    expect(user.body).toEqual({ allow_api_key_auth: true });
  });

  it('takes the key over Authorization', async () => {
    expect(
      (await get('/admin/profile', withKey(adminKey.key, { authorization: 'Bearer junk' }))).status,
    ).toBe(200);
    const token = await userToken();
    const badKey = await get('/user/profile', withKey('no-dot', { authorization: `Bearer ${token}` }));
    expect(badKey.status).toBe(400);
  });

  it('refuses a logout authenticated by a key with 403, leaving a token sent alongside alone', async () => {
    const token = await userToken();
    const refused = await get(
      '/user/logout',
      withKey(`${userKey.key}.alice`, { authorization: `Bearer ${token}` }),
    );
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ message: 'API key authentication is not allowed' });
    expect((await get('/logout', withKey(adminKey.key))).body).toEqual({
      message: 'API key authentication is not allowed',
    });
    expect((await get('/user/logout', { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('answers 400 to a malformed or unknown key, 403 to the other scope, 401 to a wrong secret', async () => {
    const invalid = { message: '', error: 'the provided api key is not valid' };
    for (const key of ['no-dot', 'unknown.secret']) {
      const response = await get('/user/profile', withKey(key));
      expect(response.status, key).toBe(400);
      expect(response.body, key).toEqual(invalid);
    }
    const wrongScope = { message: '', error: 'the provided api key is invalid for this request' };
    for (const [path, key] of [
      ['/user/profile', adminKey.key],
      ['/user/logout', adminKey.key],
      ['/admin/profile', `${userKey.key}.alice`],
      ['/logout', `${userKey.key}.alice`],
    ] as const) {
      const response = await get(path, withKey(key));
      expect(response.status, path).toBe(403);
      expect(response.body, path).toEqual(wrongScope);
    }
    const wrongSecret = await get('/admin/profile', withKey(`${adminKey.id}.${'x'.repeat(32)}`));
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body).toEqual({ message: '', error: 'the provided api key cannot be authenticated' });
    expect(wrongSecret.headers.get('www-authenticate')).toBeNull();
  });

  it('answers 401 when the account is missing, unknown or does not allow API keys', async () => {
    for (const key of [userKey.key, `${userKey.key}.nobody`, `${userKey.key}.bob`]) {
      const response = await get('/user/profile', withKey(key));
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ message: '', error: 'the provided api key cannot be authenticated' });
    }
  });

  it("answers 401 when the account's filters refuse it, as a password login would be refused", async () => {
    sandbox.addSftpgoAdmin({ username: 'fenced-robot', allowApiKeyAuth: true, allowList: ['192.0.2.0/24'] });
    sandbox.addSftpgoUser({ username: 'no-http', allowApiKeyAuth: true, deniedProtocols: ['HTTP'] });
    sandbox.addSftpgoUser({ username: 'far', allowApiKeyAuth: true, allowedIp: ['192.0.2.0/24'] });
    const adminUnbound = sandbox.addSftpgoApiKey({ role: 'admin' });
    const refused = [
      await get('/admin/profile', withKey(`${adminUnbound.key}.fenced-robot`)),
      await get('/user/profile', withKey(`${userKey.key}.no-http`)),
      await get('/user/profile', withKey(`${userKey.key}.far`)),
    ];
    sandbox.configure({ sftpgoPostConnectHookDenies: ['127.0.0.0/8', '::1'] });
    refused.push(await get('/user/profile', withKey(`${userKey.key}.alice`)));
    sandbox.configure({ sftpgoPostConnectHookDenies: [] });
    for (const response of refused) {
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ message: '', error: 'the provided api key cannot be authenticated' });
    }
    expect((await get('/user/profile', withKey(`${userKey.key}.alice`))).status).toBe(200);
  });

  it('is ignored by the token endpoints', async () => {
    const token = await get(
      '/user/token',
      withKey('no-dot', { authorization: basic('alice', 'alice-password') }),
    );
    expect(token.status).toBe(200);
    const noLogin = await get('/user/token', withKey(`${userKey.key}.alice`));
    expect(noLogin.status).toBe(401);
    expect(noLogin.body).toEqual({ message: 'Unauthorized' });
  });

  it('keeps keys out of the logs', () => {
    const joined = logs.join('\n');
    expect(joined).not.toContain(adminKey.key.split('.')[1]);
    expect(joined).not.toContain(userKey.key.split('.')[1]);
  });
});

describe('addSftpgoApiKey', () => {
  it('takes a given key, and refuses unknown accounts, duplicate IDs and malformed keys without echoing them', async () => {
    sandbox.addSftpgoUser({ username: 'carol', allowApiKeyAuth: true });
    const given = sandbox.addSftpgoApiKey({
      role: 'user',
      username: 'carol',
      key: 'carolkey.s3cret-value_1',
    });
    expect(given).toEqual({
      id: 'carolkey',
      key: 'carolkey.s3cret-value_1',
      role: 'user',
      username: 'carol',
    });
    // A bound key acts for its account whatever follows the secret.
    expect((await get('/user/profile', withKey(`${given.key}.alice`))).status).toBe(200);
    expect(() => sandbox.addSftpgoApiKey({ role: 'admin', username: 'carol' })).toThrow(
      'no SFTPGo admin named carol',
    );
    expect(() => sandbox.addSftpgoApiKey({ role: 'user', key: 'carolkey.other' })).toThrow('already exists');
    expect(() => sandbox.addSftpgoApiKey({ role: 'user', key: 'not a key' })).toThrow(
      /^addSftpgoApiKey\.key must be <id>\.<secret>[^"]*$/,
    );
    expect(() => sandbox.addSftpgoApiKey({ role: 'guest' as never })).toThrow(RangeError);
  });
});

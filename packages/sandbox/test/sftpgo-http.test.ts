// SFTPGo's HTTP surface as its router and go-chi/render shape it (internal/httpd/server.go):
// JSON without a charset, `{"message":"Not Found"}` for unknown paths, one trailing slash
// stripped before routing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { call, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox({
    seed: { sftpgo: { users: [{ username: 'alice', password: 'alice-password' }] } },
  }));
});
afterEach(() => {
  expect(sandbox.responseViolations).toEqual([]);
  sandbox.configure({ sftpgoNamingRules: { lowercase: false, trimSpaces: false } });
});
afterAll(() => sandbox.close());

const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
const alice = { authorization: basic('alice', 'alice-password') };

describe('SFTPGo answers', () => {
  it('are application/json without a charset, success and error alike; Logto keeps its charset', async () => {
    const ok = await call(`${sandbox.urls.sftpgo}/user/token`, { headers: alice });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json');
    const refused = await call(`${sandbox.urls.sftpgo}/user/token`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toBe('application/json');
    const missing = await call(`${sandbox.urls.sftpgo}/nothing/here`);
    expect(missing.headers.get('content-type')).toBe('application/json');
    // Recorded on Logto 1.42 (tests/fixtures/observed): its JSON carries the charset.
    const logto = await call(`${sandbox.url}/api/one-time-tokens`);
    expect(logto.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('answer unknown paths with 404 {"message":"Not Found"}', async () => {
    for (const path of ['/nothing/here', '/user/token/extra', '/token//']) {
      const response = await call(`${sandbox.urls.sftpgo}${path}`, { headers: alice });
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ message: 'Not Found' });
    }
  });

  it('serve a path with one trailing slash as the path without it', async () => {
    const token = await call(`${sandbox.urls.sftpgo}/user/token/`, { headers: alice });
    expect(token.status).toBe(200);
    const profile = await call(`${sandbox.urls.sftpgo}/user/profile/`, {
      headers: { authorization: `Bearer ${token.body.access_token}` },
    });
    expect(profile.status).toBe(200);
    const logout = await call(`${sandbox.urls.sftpgo}/user/logout/`, {
      headers: { authorization: `Bearer ${token.body.access_token}` },
    });
    expect(logout.body).toEqual({ message: 'Your token has been invalidated' });
  });
});

const userToken = (authorization: string) =>
  call(`${sandbox.urls.sftpgo}/user/token`, { headers: { authorization } });

describe("Basic credentials, read as Go's Request.BasicAuth reads them", () => {
  it('take the scheme in any case, and the standard base64 alphabet with its padding', async () => {
    const encoded = Buffer.from('alice:alice-password').toString('base64');
    expect((await userToken(`bAsIc ${encoded}`)).status).toBe(200);
    expect((await userToken(`Basic ${encoded}`)).status).toBe(200);
  });

  it('are missing, not wrong, when the encoding is not standard base64 (URL-safe, unpadded, spaced)', async () => {
    // "?>" encodes to "Pz4" + padding in standard base64, "Pz4" in URL-safe unpadded form.
    sandbox.addSftpgoUser({ username: 'q?>', password: 'p~~~' });
    const standard = Buffer.from('q?>:p~~~').toString('base64');
    expect(standard).toMatch(/[+/]/);
    expect((await userToken(`Basic ${standard}`)).status).toBe(200);
    const urlSafe = Buffer.from('q?>:p~~~').toString('base64url');
    const padded = Buffer.from('alice:alice-password').toString('base64');
    expect(padded).toMatch(/=$/);
    const unpadded = padded.replace(/=+$/, '');
    for (const header of [
      `Basic ${urlSafe}`,
      `Basic ${unpadded}`,
      `Basic  ${Buffer.from('alice:alice-password').toString('base64')}`,
      'Basic',
      `Bearer ${Buffer.from('alice:alice-password').toString('base64')}`,
    ]) {
      const response = await userToken(header);
      expect(response.status).toBe(401);
      // No credentials found: no detail to add.
      expect(response.body).toEqual({ message: 'Unauthorized' });
    }
  });

  it('keep the spaces around the username, and an empty username or password finds nothing', async () => {
    const spaced = await userToken(basic(' alice ', 'alice-password'));
    expect(spaced.body).toEqual({ message: 'Unauthorized', error: 'invalid credentials' });
    expect((await userToken(basic('', 'alice-password'))).body).toEqual({ message: 'Unauthorized' });
    expect((await userToken(basic('alice', ''))).body).toEqual({ message: 'Unauthorized' });
  });
});

describe('naming rules (sftpgoNamingRules)', () => {
  it('lowercase and trim usernames when signing in and when saving, once turned on', async () => {
    expect(sandbox.config.sftpgoNamingRules).toEqual({ lowercase: false, trimSpaces: false });
    expect((await userToken(basic('ALICE', 'alice-password'))).status).toBe(401);
    sandbox.configure({ sftpgoNamingRules: { lowercase: true, trimSpaces: true } });
    expect((await userToken(basic(' ALICE ', 'alice-password'))).status).toBe(200);
    const bob = sandbox.addSftpgoUser({ username: ' Bob ', password: 'bob-password' });
    expect(bob.username).toBe('bob');
    expect((await userToken(basic('BOB', 'bob-password'))).status).toBe(200);
    expect(() => sandbox.addSftpgoUser({ username: 'BOB' })).toThrow(
      'An SFTPGo user named bob already exists',
    );
    expect(() => sandbox.configure({ sftpgoNamingRules: { lowercase: 'yes' as never } })).toThrow(
      'sftpgoNamingRules.lowercase',
    );
  });
});

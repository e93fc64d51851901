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
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
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

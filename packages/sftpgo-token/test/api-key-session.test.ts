// A session with an SFTPGo API key: every request carries the key, nothing is logged in,
// renewed or revoked, and the key stays out of every error and view.
import { inspect } from 'node:util';
import { type RecordedRequest, sendJson, startServer, type TestServer } from '@authspec/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthspecError, createSftpgoSession, ValidationError } from '../src/session-entry';

const KEY = '2Uk9qeMRVbY3PD6awUJyZFvPRvP.aXNlY3JldC1rZXktdmFsdWU';
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.handle((req: RecordedRequest, res) => {
    const key = req.headers['x-sftpgo-api-key'];
    if (key === undefined) return sendJson(res, 401, { message: 'Unauthorized', error: 'no token found' });
    // Echoes the key back, as a careless proxy might: the client must still not show it.
    if (key === 'bad') return sendJson(res, 401, { message: 'Unauthorized', error: `bad key ${key}` });
    return sendJson(res, 200, { key });
  });
});

const session = (extra: { username?: string } = {}) =>
  createSftpgoSession({ baseUrl: `${server.url}/api/v2`, role: 'user', apiKey: KEY, ...extra });

describe('an API-key session', () => {
  it('sends the key in X-SFTPGO-API-KEY on every request and never asks for a token', async () => {
    const s = session();
    const res = await s.fetch('/user/dirs?path=%2F');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ key: KEY });
    await s.fetch('/user/profile');
    expect(server.requests.map((r) => r.url)).toEqual(['/api/v2/user/dirs?path=%2F', '/api/v2/user/profile']);
    for (const r of server.requests) expect(r.headers.authorization).toBeUndefined();
  });

  it('names the account after a dot for a key not bound to one', async () => {
    const res = await session({ username: 'alice' }).fetch('/user/profile');
    expect(await res.json()).toEqual({ key: `${KEY}.alice` });
  });

  it('lets a refused key through as the answer, without retrying', async () => {
    const s = createSftpgoSession({ baseUrl: `${server.url}/api/v2`, role: 'admin', apiKey: 'bad' });
    const res = await s.fetch('/admin/profile');
    expect(res.status).toBe(401);
    expect(server.requests).toHaveLength(1);
  });

  it('has no token to hand out and nothing to revoke', async () => {
    const s = session();
    await expect(s.getAccessToken()).rejects.toThrow(AuthspecError);
    await expect(s.getAccessToken()).rejects.toThrow(/API-key session has no access token/);
    await s.logout();
    expect(server.requests).toHaveLength(0);
  });

  it('keeps the key out of errors, util.inspect and JSON', async () => {
    const s = session({ username: 'alice' });
    const shown = [inspect(s, { depth: 5 }), JSON.stringify(s)];
    try {
      await s.fetch('http://127.0.0.1:1/elsewhere');
    } catch (error) {
      shown.push(String(error), inspect(error, { depth: 5 }), JSON.stringify(error));
    }
    try {
      await s.getAccessToken();
    } catch (error) {
      shown.push(String(error), inspect(error, { depth: 5 }));
    }
    expect(shown.length).toBeGreaterThan(3);
    for (const text of shown) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain('aXNlY3JldC1rZXktdmFsdWU');
    }
  });

  it('refuses a key that cannot be sent, or one combined with a password login', () => {
    const base = { baseUrl: `${server.url}/api/v2`, role: 'user' as const };
    expect(() => createSftpgoSession({ ...base, apiKey: 'a\r\nInjected: 1' })).toThrow(ValidationError);
    expect(() => createSftpgoSession({ ...base, apiKey: '' })).toThrow(ValidationError);
    expect(() => createSftpgoSession({ ...base, apiKey: KEY, username: 'has space' })).toThrow(/username/);
    expect(() =>
      createSftpgoSession({ ...base, apiKey: KEY, password: 'pw' } as unknown as Parameters<
        typeof createSftpgoSession
      >[0]),
    ).toThrow(/password cannot be combined with apiKey/);
    // The rejected key is never echoed.
    const refusal = (() => {
      try {
        createSftpgoSession({ ...base, apiKey: 'sec ret' });
        return 'accepted';
      } catch (error) {
        return String(error);
      }
    })();
    expect(refusal).toMatch(/apiKey must be printable ASCII/);
    expect(refusal).not.toContain('sec ret');
  });
});

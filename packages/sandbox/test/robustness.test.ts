import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { Browser, call, managementToken, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;
let logs: string[];
let token: string;

beforeAll(async () => {
  ({ sandbox, logs } = await startTestSandbox());
  token = await managementToken(sandbox, sandbox.addM2mApp());
});
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => sandbox.close());

const alive = async () => {
  const response = await call(`${sandbox.url}/api/one-time-tokens`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
};

describe('connections', () => {
  it("keeps an idle connection 75 s, as a proxy before Logto does, not Node's 5 s", async () => {
    // With 5 s, a test process that stalls a few seconds writes into a closed connection.
    const response = await fetch(`${sandbox.url}/api/one-time-tokens`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await response.body?.cancel();
    expect(response.headers.get('keep-alive')).toBe('timeout=75');
  });
});

describe('malformed and misdirected input', () => {
  it("answers malformed JSON with each API's validation shape", async () => {
    const logto = await call(`${sandbox.url}/api/one-time-tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"email": ',
    });
    expect(logto.status).toBe(400);
    expect(logto.body.code).toBe('guard.invalid_input');
    expect(typeof logto.body.details).toBe('string');

    const browser = new Browser(sandbox.url);
    await browser.startOidc();
    const experience = await browser.fetch('/api/experience', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(experience.status).toBe(400);
    expect((await experience.json()).code).toBe('guard.invalid_input');

    const equinixUser = sandbox.addEquinixUser();
    const equinix = await call(`${sandbox.urls.equinix}/user/otp/recovery-codes`, {
      method: 'POST',
      headers: { 'x-auth-token': equinixUser.authToken, 'content-type': 'application/json' },
      body: '[1,',
    });
    expect(equinix.status).toBe(422);
    expect(equinix.body.errors).toEqual([expect.stringContaining('body')]);

    const sftpgo = await call(`${sandbox.urls.sftpgo}/logout`, {
      headers: { 'content-type': 'application/json' },
      method: 'GET',
    });
    expect(sftpgo.status).toBe(401);
    await alive();
  });

  it('treats a JSON body sent as text/plain as missing, failing validation', async () => {
    const response = await call(`${sandbox.url}/api/one-time-tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: JSON.stringify({ email: 'plain@example.com' }),
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('guard.invalid_input');
    expect(response.body.message).toBe('The request body is invalid.');
    expect(response.body.data.issues[0]).toMatchObject({ code: 'invalid_type', received: 'undefined' });
  });

  it('rejects a body of the wrong shape with the failing field named', async () => {
    const response = await call(`${sandbox.url}/api/one-time-tokens/verify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ token: 42 }),
    });
    expect(response.status).toBe(400);
    // Logto's guard shape: zod's issues in `data`, one `Error in key path` line each in `details`.
    expect(response.body.data.name).toBe('ZodError');
    expect(response.body.details).toMatch(
      /Error in key path "(token|email)": \(invalid_type\) Expected string/,
    );
  });

  it('answers 413 with a JSON body to an oversized request and keeps serving', async () => {
    const huge = 'x'.repeat(2 * 1024 * 1024);
    const response = await call(`${sandbox.url}/api/one-time-tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: huge }),
    });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('request.general');
    await alive();
  });

  it('stops reading a chunked upload that grows past the limit', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${sandbox.urls.sftpgo}/token`, {
        method: 'GET',
        headers: { 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(256 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 40 && req.write(chunk)) sent++;
        if (sent < 40) req.once('drain', pump);
        else req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    await alive();
  });

  it('answers unknown routes with 404 in the shape of the API the path belongs to', async () => {
    const logto = await call(`${sandbox.url}/api/unknown`);
    expect(logto.status).toBe(404);
    expect(logto.body.code).toBe('guard.not_found');
    const oidc = await call(`${sandbox.url}/oidc/unknown`);
    expect(oidc.status).toBe(404);
    expect(oidc.body.code).toBe('guard.not_found');
    const equinix = await call(`${sandbox.urls.equinix}/projects`);
    expect(equinix.status).toBe(404);
    expect(equinix.body).toEqual({ error: 'Not found' });
    const sftpgo = await call(`${sandbox.urls.sftpgo}/users`);
    expect(sftpgo.status).toBe(404);
    expect(sftpgo.body).toEqual({ message: 'Not Found' });
    const other = await call(`${sandbox.url}/favicon.ico`);
    expect(other.status).toBe(404);
    expect(other.body.error).toBe('not_found');
  });

  it('answers a wrong method on a known path with 405 (JSON, or no body like SFTPGo)', async () => {
    const logto = await call(`${sandbox.url}/api/one-time-tokens`, { method: 'DELETE' });
    expect(logto.status).toBe(405);
    expect(logto.body.code).toBe('guard.method_not_allowed');
    const sftpgo = await call(`${sandbox.urls.sftpgo}/token`, { method: 'POST' });
    expect(sftpgo.status).toBe(405);
    expect(sftpgo.body).toBeUndefined();
    const oidc = await call(`${sandbox.url}/oidc/token`, { method: 'GET' });
    expect(oidc.status).toBe(405);
  });

  it('survives a flood of concurrent requests of every kind', async () => {
    const requests = Array.from({ length: 300 }, (_, i) => {
      switch (i % 5) {
        case 0:
          return call(`${sandbox.url}/api/one-time-tokens`, {
            headers: { authorization: `Bearer ${token}` },
          });
        case 1:
          return call(`${sandbox.url}/nope/${i}`);
        case 2:
          return call(`${sandbox.url}/api/one-time-tokens`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: '{',
          });
        case 3:
          return call(`${sandbox.urls.equinix}/user/otp/recovery-codes`);
        default:
          return call(`${sandbox.urls.sftpgo}/user/logout`, { headers: { authorization: 'Bearer x' } });
      }
    });
    const results = await Promise.all(requests);
    expect(results.map((r) => r.status).sort()).toEqual(
      [
        ...Array(60).fill(200),
        ...Array(60).fill(400),
        ...Array(120).fill(401),
        ...Array(60).fill(404),
      ].sort(),
    );
    expect(results.every((r) => typeof r.body === 'object')).toBe(true);
    await alive();
  });

  it('logs no secrets', () => {
    const joined = logs.join('\n');
    expect(joined).not.toContain(token);
  });
});

describe('malformed paths', () => {
  it("answers malformed percent-encoding with a 400 in the API's shape", async () => {
    const equinix = await call(`${sandbox.urls.equinix}/user/otp/verify/%E0%A4%A`, { method: 'POST' });
    expect(equinix.status).toBe(400);
    expect(equinix.body.errors).toHaveLength(1);
    for (const path of ['/oidc/auth/%E0%A4%A', '/api/one-time-tokens/%E0%A4%A']) {
      const logto = await call(`${sandbox.url}${path}`);
      expect(logto.status).toBe(400);
      expect(logto.body.code).toBe('guard.invalid_input');
    }
    const other = await call(`${sandbox.url}/fake-idp/social/%E0/authorize`);
    expect(other.status).toBe(400);
    expect(other.body.error).toBe('bad_request');
    await alive();
  });

  it('passes a percent-encoded OTP to the verify operation as one decoded segment', async () => {
    const user = sandbox.addEquinixUser({ recoveryCodes: ['ab/cd%ef'] });
    const response = await call(`${sandbox.urls.equinix}/user/otp/verify/${encodeURIComponent('ab/cd%ef')}`, {
      method: 'POST',
      headers: { 'x-auth-token': user.authToken },
    });
    expect(response.status).toBe(204);
  });
});

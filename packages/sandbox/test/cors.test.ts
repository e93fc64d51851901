// A page served from another origin (a Vite dev server on another port) calling the sandbox:
// allowed origins are echoed with credentials, preflight requests get the path's methods and
// the headers the APIs read, other origins get no CORS headers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { managementToken, startTestSandbox } from './helpers.js';

const PAGE = 'http://localhost:5173';
let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox({ corsOrigins: [PAGE] }));
  token = await managementToken(sandbox, sandbox.addM2mApp());
});
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => sandbox.close());

const preflight = (path: string, method: string, headers: string, origin = PAGE) =>
  fetch(`${sandbox.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });

describe('CORS', () => {
  it('echoes an allowed origin with credentials on a cross-origin request', async () => {
    const response = await fetch(`${sandbox.url}/api/one-time-tokens`, {
      headers: { origin: PAGE, authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('vary')).toBe('Origin');
    expect(response.headers.get('access-control-expose-headers')).toContain('Logto-Core-Request-Id');
  });

  it('answers a preflight with the methods of the path and the headers the APIs read', async () => {
    const experience = await preflight('/api/experience', 'PUT', 'content-type, logto-app-id');
    expect(experience.status).toBe(204);
    expect(experience.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(experience.headers.get('access-control-allow-credentials')).toBe('true');
    expect(experience.headers.get('access-control-allow-methods')).toBe('PUT');
    const allowed = (experience.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(', ');
    expect(allowed).toEqual(
      expect.arrayContaining([
        'content-type',
        'authorization',
        'logto-app-id',
        'x-auth-token',
        'x-sftpgo-otp',
      ]),
    );
    const tokens = await preflight('/api/one-time-tokens/abc', 'DELETE', 'authorization');
    expect(tokens.headers.get('access-control-allow-methods')).toBe('GET, DELETE');
    const equinix = await preflight('/metal/v1/user/otp/recovery-codes', 'POST', 'x-auth-token');
    expect(equinix.headers.get('access-control-allow-methods')).toBe('GET, POST');
  });

  it('answers errors to an allowed origin with the CORS headers too, so that a page can read them', async () => {
    const response = await fetch(`${sandbox.url}/api/experience`, {
      method: 'PUT',
      headers: { origin: PAGE, 'content-type': 'application/json' },
      body: JSON.stringify({ interactionEvent: 'SignIn' }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe('session.not_found');
    expect(response.headers.get('access-control-allow-origin')).toBe(PAGE);
  });

  it('gives another origin no CORS headers', async () => {
    const response = await fetch(`${sandbox.url}/api/one-time-tokens`, {
      headers: { origin: 'http://evil.example', authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const refused = await preflight('/api/experience', 'PUT', 'content-type', 'http://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.status).toBe(405);
  });

  it('is off unless origins are configured', async () => {
    const { sandbox: closed } = await startTestSandbox();
    try {
      const response = await preflight('/api/experience', 'PUT', 'content-type');
      expect(response.headers.get('access-control-allow-origin')).toBe(PAGE);
      const other = await fetch(`${closed.url}/api/experience`, {
        method: 'OPTIONS',
        headers: { origin: PAGE, 'access-control-request-method': 'PUT' },
      });
      expect(other.status).toBe(405);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await closed.close();
    }
  });

  it('allows any origin with "*", still echoing it (credentials forbid a literal *)', async () => {
    const { sandbox: open } = await startTestSandbox({ corsOrigins: ['*'] });
    try {
      const response = await fetch(`${open.url}/api/v2/token`, {
        headers: { origin: 'http://127.0.0.1:9999' },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:9999');
    } finally {
      await open.close();
    }
  });
});

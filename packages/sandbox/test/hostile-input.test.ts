// Input meant to hurt: deeply nested JSON, options and seeds with unknown or misspelled
// members, wrong methods. Each is refused in the shape of the API it was sent to (or with an
// error that names the place), and the sandbox keeps answering.
import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed, type Sandbox, startSandbox } from '../src/index.js';
import { Browser, call, managementToken, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  token = await managementToken(sandbox, sandbox.addM2mApp());
});
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => sandbox.close());

function rawRequest(url: string, options: { method: string; headers: Record<string, string>; body: string }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const headers = { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) };
    const req = request(url, { method: options.method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const nested = (levels: number, inner = '1') => `${'{"a":'.repeat(levels)}${inner}${'}'.repeat(levels)}`;
const json = (headers: Record<string, string> = {}) => ({ 'content-type': 'application/json', ...headers });
const bearer = () => ({ authorization: `Bearer ${token}` });

describe('deeply nested JSON', () => {
  it('refuses 10,000 levels before parsing, in each API’s validation shape', async () => {
    const deep = nested(10_000);
    const logto = await call(`${sandbox.url}/api/one-time-tokens`, {
      method: 'POST',
      headers: json(bearer()),
      body: `{"email":"deep@example.com","context":${deep}}`,
    });
    expect(logto.status).toBe(400);
    expect(logto.body).toMatchObject({ code: 'guard.invalid_input' });
    expect(logto.body.details).toContain('nested deeper than 64 levels');

    const browser = new Browser(sandbox.url);
    await browser.startOidc();
    const experience = await browser.fetch('/api/experience', { method: 'PUT', headers: json(), body: deep });
    expect(experience.status).toBe(400);
    expect((await experience.json()).code).toBe('guard.invalid_input');

    const user = sandbox.addEquinixUser();
    const equinix = await call(`${sandbox.urls.equinix}/user/otp/recovery-codes`, {
      method: 'POST',
      headers: json({ 'x-auth-token': user.authToken }),
      body: deep,
    });
    expect(equinix.status).toBe(422);
    expect(equinix.body.errors).toEqual([expect.stringContaining('nested deeper than 64 levels')]);

    const admin = sandbox.addSftpgoAdmin({ username: 'deep-admin' });
    // fetch sends no body with GET; node:http does.
    const sftpgo = await rawRequest(`${sandbox.urls.sftpgo}/token`, {
      method: 'GET',
      headers: json({
        authorization: `Basic ${Buffer.from(`deep-admin:${admin.password}`).toString('base64')}`,
      }),
      body: deep,
    });
    expect(sftpgo.status).toBe(400);
    expect(JSON.parse(sftpgo.body)).toMatchObject({ message: 'Invalid request' });
  });

  it('keeps every list answering after hostile creates', async () => {
    for (const levels of [63, 64, 65, 10_000]) {
      await call(`${sandbox.url}/api/one-time-tokens`, {
        method: 'POST',
        headers: json(bearer()),
        body: `{"email":"list@example.com","context":{"jitOrganizationIds":${nested(levels, '[]')}}}`,
      });
    }
    const list = await call(`${sandbox.url}/api/one-time-tokens`, { headers: bearer() });
    expect(list.status).toBe(200);
    expect(Array.isArray(list.body)).toBe(true);
  });

  it('lets the depth limit be set per sandbox', async () => {
    const strict = await startSandbox({ maxJsonDepth: 2, logger: false, validateResponses: true });
    try {
      const app = strict.addM2mApp();
      const access = await managementToken(strict, app);
      const refused = await call(`${strict.url}/api/one-time-tokens`, {
        method: 'POST',
        headers: json({ authorization: `Bearer ${access}` }),
        body: JSON.stringify({ email: 'a@example.com', context: { jitOrganizationIds: ['org'] } }),
      });
      expect(refused.status).toBe(400);
      expect(refused.body.details).toContain('nested deeper than 2 levels');
      const accepted = await call(`${strict.url}/api/one-time-tokens`, {
        method: 'POST',
        headers: json({ authorization: `Bearer ${access}` }),
        body: JSON.stringify({ email: 'a@example.com', context: {} }),
      });
      expect(accepted.status).toBe(201);
      expect(strict.responseViolations).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it('stores only what the spec describes, whatever the helpers are given', () => {
    // Other context members are dropped, as the Management API drops them (Logto 1.42).
    const dropped = sandbox.createOneTimeToken({
      email: 'x@example.com',
      context: { extra: JSON.parse(nested(100)) },
    } as never);
    expect(dropped.context).toEqual({});
    expect(() => sandbox.createOneTimeToken({ email: 42 } as never)).toThrow(
      /createOneTimeToken\.email: must be string/,
    );
    const created = sandbox.createOneTimeToken({
      email: 'kept@example.com',
      context: { jitOrganizationIds: ['org-1'], interactionEvent: 'SignIn' },
    });
    expect(created.context).toEqual({ jitOrganizationIds: ['org-1'], interactionEvent: 'SignIn' });
  });
});

describe('unknown routes and methods', () => {
  it('answers a wrong method with the API’s 405 and an Allow header', async () => {
    const logto = await call(`${sandbox.url}/api/one-time-tokens`, { method: 'PUT', headers: bearer() });
    expect(logto.status).toBe(405);
    expect(logto.body.code).toBe('guard.method_not_allowed');
    expect(logto.headers.get('allow')).toBe('GET, POST');
    const equinix = await call(`${sandbox.urls.equinix}/user/otp/sms/receive`, { method: 'GET' });
    expect(equinix.status).toBe(405);
    expect(equinix.body).toEqual({ error: 'Method not allowed' });
    const page = await call(`${sandbox.url}/sign-in`, { method: 'POST' });
    expect(page.status).toBe(405);
    expect(page.body.error).toBe('method_not_allowed');
  });

  it('answers unknown paths under each API with its 404', async () => {
    expect((await call(`${sandbox.url}/api/experience/nothing-here`)).body.code).toBe('guard.not_found');
    expect((await call(`${sandbox.urls.equinix}/user/otp`)).body).toEqual({ error: 'Not found' });
    expect((await call(`${sandbox.urls.sftpgo}/user/tokens`)).status).toBe(404);
  });
});

describe('options, seeds and helper inputs', () => {
  it('names an unknown or misspelled startSandbox option', async () => {
    await expect(startSandbox({ prot: 4000 } as never)).rejects.toThrow(
      /startSandbox options: unknown member "prot" \(known: port, host/,
    );
    await expect(startSandbox({ port: 70_000 })).rejects.toThrow(RangeError);
    await expect(startSandbox({ corsOrigins: ['not an origin'] })).rejects.toThrow(/corsOrigins\[0\]/);
    await expect(startSandbox({ config: { mfaPolicyy: 'Mandatory' } as never })).rejects.toThrow(
      /unknown setting "mfaPolicyy"/,
    );
  });

  it('names the place of an unknown member in a seed', async () => {
    await expect(
      loadSeed({ logto: { users: [{ primaryEmail: 'ada@example.com' }] } } as never),
    ).rejects.toThrow('seed: logto.users[0]: unknown member "primaryEmail" (known: id, username, email');
    await expect(loadSeed({ equinix: { users: [{ authTokn: 'key' }] } } as never)).rejects.toThrow(
      'seed: equinix.users[0]: unknown member "authTokn" (known: authToken',
    );
    await expect(
      loadSeed({ sftpgo: { admins: [{ username: 'a', pasword: 'x' }] } } as never),
    ).rejects.toThrow('seed: sftpgo.admins[0]: unknown member "pasword"');
    await expect(loadSeed({ logto: { users: [{ username: 42 }] } } as never)).rejects.toThrow(
      'seed: logto.users[0].username must be a string, got number 42',
    );
    await expect(
      loadSeed({
        logto: { oneTimeTokens: [{ email: 'a@example.com', context: { interactionEvent: 'LogIn' } }] },
      } as never),
    ).rejects.toThrow(
      'seed: logto.oneTimeTokens[0].context.interactionEvent: must be equal to one of the allowed values',
    );
    await expect(loadSeed({ config: { webauthn: { rpIdd: 'localhost' } } } as never)).rejects.toThrow(
      'seed: config.webauthn: unknown member "rpIdd"',
    );
    await expect(
      startSandbox({ seed: { equinix: { users: [{ authTokn: 'key' }] } } as never, logger: false }),
    ).rejects.toThrow('unknown member "authTokn"');
  });

  it('names an unknown member given to a helper or to configure, and changes nothing', () => {
    expect(() => sandbox.addUser({ primaryEmail: 'a@example.com' } as never)).toThrow(
      'addUser: unknown member "primaryEmail"',
    );
    expect(() => sandbox.addEquinixUser({ authTokn: 'k' } as never)).toThrow(
      'addEquinixUser: unknown member "authTokn"',
    );
    expect(() => sandbox.addSsoConnector({ domains: ['a.example'], connectorID: 'x' } as never)).toThrow(
      'addSsoConnector: unknown member "connectorID"',
    );
    const before = sandbox.config;
    expect(() =>
      sandbox.configure({ mfaPolicy: 'Mandatory', sftpgoTokenLifetimeMinute: 5 } as never),
    ).toThrow('configure: unknown setting "sftpgoTokenLifetimeMinute"');
    expect(() => sandbox.configure({ mfaPolicy: 'Mandatory', passwordMinLength: -1 })).toThrow(RangeError);
    expect(sandbox.config).toEqual(before);
  });
});

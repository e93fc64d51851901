// The Management client against a real HTTP server playing Logto: the client-credentials token
// (caching, single flight, refresh on 401, token-endpoint errors) and every one-time-token method.
import { inspect } from 'node:util';
import {
  delay,
  type RecordedRequest,
  sendEmpty,
  sendJson,
  startServer,
  type TestServer,
} from '@authspec/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  createManagementClient,
  InternalServerError,
  NotFoundError,
  OAuthTokenError,
  type OneTimeToken,
} from '../src';
import { managementApi } from '../src/api';
import { defaultResource } from '../src/management/client';

const CLIENT_SECRET = 'm2m-secret-9c1f4e';
let server: TestServer;
let tokensIssued = 0;
let expiresIn = 3600;
type Responder = (req: RecordedRequest, res: Parameters<Parameters<TestServer['handle']>[0]>[1]) => void;
let api: Responder;
const issueToken: Responder = (_req, res) => {
  tokensIssued++;
  sendJson(res, 200, {
    access_token: `access-${tokensIssued}`,
    expires_in: expiresIn,
    token_type: 'Bearer',
    scope: 'all',
  });
};
let tokenEndpoint: Responder = issueToken;

beforeAll(async () => {
  server = await startServer((req, res) =>
    req.url === '/oidc/token' ? tokenEndpoint(req, res) : api(req, res),
  );
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  tokensIssued = 0;
  expiresIn = 3600;
  api = (_req, res) => sendJson(res, 200, []);
  tokenEndpoint = issueToken;
});

const token = (overrides: Partial<OneTimeToken> = {}): OneTimeToken => ({
  tenantId: 'default',
  id: 'ott_1',
  email: 'ada@example.com',
  token: 'one-time-token-value-123',
  context: {},
  status: 'active',
  createdAt: 1,
  expiresAt: 2,
  ...overrides,
});
const m2m = (options: object = {}) =>
  createManagementClient({
    endpoint: server.url,
    clientId: 'm2m-app',
    clientSecret: CLIENT_SECRET,
    ...options,
  });
const tokenRequests = () => server.requests.filter((r) => r.url === '/oidc/token');
const apiRequests = () => server.requests.filter((r) => r.url !== '/oidc/token');

describe('client-credentials token', () => {
  it('posts the form to /oidc/token and sends the token as Bearer', async () => {
    await m2m().oneTimeTokens.list();
    const [tokenRequest] = tokenRequests();
    expect(tokenRequest?.method).toBe('POST');
    expect(tokenRequest?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(tokenRequest?.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'm2m-app',
      client_secret: CLIENT_SECRET,
      resource: 'https://default.logto.app/api',
      scope: 'all',
    });
    expect(apiRequests()[0]?.headers.authorization).toBe('Bearer access-1');
  });

  it('authenticates the escape-hatch api client too', async () => {
    api = (_req, res) => sendJson(res, 200, [token()]);
    const { data, response } = await managementApi(m2m()).GET('/api/one-time-tokens', {});
    expect(response.status).toBe(200);
    expect(data).toHaveLength(1);
    expect(apiRequests()[0]?.headers.authorization).toBe('Bearer access-1');
  });

  it('asks for the self-hosted resource indicator by default, and the tenant one on Logto Cloud', async () => {
    await m2m().oneTimeTokens.list();
    expect(new URLSearchParams(tokenRequests()[0]?.body).get('resource')).toBe(
      'https://default.logto.app/api',
    );
    expect(defaultResource('https://abc123.logto.app')).toBe('https://abc123.logto.app/api');
    expect(defaultResource('https://auth.example.com')).toBe('https://default.logto.app/api');
  });

  it('takes resource and scope from the options', async () => {
    await m2m({ resource: 'https://default.logto.app/api', scope: 'all openid' }).oneTimeTokens.list();
    expect(new URLSearchParams(tokenRequests()[0]?.body).get('resource')).toBe(
      'https://default.logto.app/api',
    );
    expect(new URLSearchParams(tokenRequests()[0]?.body).get('scope')).toBe('all openid');
  });

  it('shares one token request among 100 concurrent calls on a cold cache', async () => {
    const client = m2m();
    await Promise.all(Array.from({ length: 100 }, () => client.oneTimeTokens.list()));
    expect(tokenRequests()).toHaveLength(1);
    expect(apiRequests()).toHaveLength(100);
  });

  it('reuses the token while it is fresh and renews it before it expires', async () => {
    const client = m2m();
    await client.oneTimeTokens.list();
    await client.oneTimeTokens.list();
    expect(tokenRequests()).toHaveLength(1);
    expiresIn = 1;
    const shortLived = m2m();
    await shortLived.oneTimeTokens.list();
    await delay(600);
    await shortLived.oneTimeTokens.list();
    expect(tokenRequests()).toHaveLength(3);
    expect(apiRequests().at(-1)?.headers.authorization).toBe('Bearer access-3');
  });

  it('drops a token the API refuses and repeats the call once with a new one', async () => {
    api = (req, res) =>
      req.headers.authorization === 'Bearer access-1'
        ? sendJson(res, 401, { code: 'auth.unauthorized', message: 'Unauthorized.' })
        : sendJson(res, 200, [token()]);
    const page = await m2m().oneTimeTokens.list();
    expect(page.tokens).toHaveLength(1);
    expect(tokenRequests()).toHaveLength(2);
    expect(apiRequests().map((r) => r.headers.authorization)).toEqual(['Bearer access-1', 'Bearer access-2']);
  });

  it('gives up after one refresh when the API keeps refusing', async () => {
    api = (_req, res) => sendJson(res, 401, { code: 'auth.unauthorized', message: 'Unauthorized.' });
    await expect(m2m().oneTimeTokens.list()).rejects.toBeInstanceOf(AuthenticationError);
    expect(apiRequests()).toHaveLength(2);
  });

  it('stops asking for tokens when the API refuses fresh ones too, until a call succeeds', async () => {
    api = (_req, res) => sendJson(res, 401, { code: 'auth.unauthorized', message: 'Unauthorized.' });
    const client = m2m();
    for (let i = 0; i < 5; i++)
      await expect(client.oneTimeTokens.list()).rejects.toBeInstanceOf(AuthenticationError);
    // The first token, and one replacement: not one per call.
    expect(tokensIssued).toBe(2);
    api = (_req, res) => sendJson(res, 200, []);
    await client.oneTimeTokens.list();
    // The replacement works now: a later refusal is renewed again.
    api = (_req, res) => sendJson(res, 401, { code: 'auth.unauthorized', message: 'Unauthorized.' });
    await expect(client.oneTimeTokens.list()).rejects.toBeInstanceOf(AuthenticationError);
    expect(tokensIssued).toBe(3);
  });

  it('never follows a redirect from the token endpoint (the body holds the secret)', async () => {
    tokenEndpoint = (_req, res) => {
      res.writeHead(307, { location: `${server.url}/collect` }).end();
    };
    const error = await m2m({ maxRetries: 0 })
      .oneTimeTokens.list()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConnectionError', operationId: 'ClientCredentialsToken' });
    expect((error as Error).message).toMatch(/redirect/);
    expect(server.requests.map((r) => r.url)).toEqual(['/oidc/token']);
  });

  it('gives the token request its own, shorter timeout', async () => {
    tokenEndpoint = () => undefined; // never answers
    const error = await m2m({ timeoutMs: 0, tokenTimeoutMs: 150 })
      .oneTimeTokens.list()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'TimeoutError',
      operationId: 'ClientCredentialsToken',
      timeoutMs: 150,
    });
    const shorter = await m2m({ timeoutMs: 120 })
      .oneTimeTokens.list()
      .catch((e: unknown) => e);
    expect(shorter).toMatchObject({
      name: 'TimeoutError',
      operationId: 'ClientCredentialsToken',
      timeoutMs: 120,
    });
  });

  it('reports a token-endpoint failure as an AuthenticationError with the OAuth error', async () => {
    tokenEndpoint = (_req, res) =>
      sendJson(res, 401, { error: 'invalid_client', error_description: 'client authentication failed' });
    const error = (await m2m()
      .oneTimeTokens.get('ott_1')
      .catch((e: unknown) => e)) as OAuthTokenError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toBeInstanceOf(OAuthTokenError);
    expect(error).toMatchObject({
      status: 401,
      code: 'invalid_client',
      error: 'invalid_client',
      errorDescription: 'client authentication failed',
    });
    expect(error.message).toContain('invalid_client: client authentication failed');
    expect(apiRequests()).toHaveLength(0);
    expect(`${error.message}${JSON.stringify(error)}${inspect(error, { depth: 10 })}`).not.toContain(
      CLIENT_SECRET,
    );
  });

  it('accepts a fixed access token, which it cannot refresh', async () => {
    api = (_req, res) => sendJson(res, 401, { code: 'auth.unauthorized', message: 'Unauthorized.' });
    const client = createManagementClient({ endpoint: server.url, accessToken: 'fixed-token-abc' });
    await expect(client.oneTimeTokens.list()).rejects.toBeInstanceOf(AuthenticationError);
    expect(apiRequests().map((r) => r.headers.authorization)).toEqual(['Bearer fixed-token-abc']);
    expect(tokenRequests()).toHaveLength(0);
  });

  it('asks getAccessToken again after a refusal', async () => {
    let n = 0;
    api = (req, res) =>
      req.headers.authorization === 'Bearer cb-1'
        ? sendJson(res, 401, { code: 'auth.unauthorized', message: '' })
        : sendJson(res, 200, []);
    const client = createManagementClient({ endpoint: server.url, getAccessToken: async () => `cb-${++n}` });
    await client.oneTimeTokens.list();
    expect(apiRequests().map((r) => r.headers.authorization)).toEqual(['Bearer cb-1', 'Bearer cb-2']);
  });
});

describe('oneTimeTokens', () => {
  it('list() maps the filters to the query and reads the tenant total from Total-Number', async () => {
    api = (_req, res) => sendJson(res, 200, [token()], { 'Total-Number': '42', Link: '<x>; rel="next"' });
    const page = await m2m().oneTimeTokens.list({
      email: 'ada@example.com',
      status: 'active',
      page: 2,
      pageSize: 20,
    });
    // Logto counts the whole tenant in Total-Number, filters notwithstanding: not a match count.
    expect(page).toEqual({ tokens: [token()], tenantTotal: 42 });
    expect(apiRequests()[0]?.url).toBe(
      '/api/one-time-tokens?email=ada%40example.com&status=active&page=2&page_size=20',
    );
  });

  it('list() without pagination answers every token and no total', async () => {
    api = (_req, res) => sendJson(res, 200, [token(), token({ id: 'ott_2' })]);
    expect(await m2m().oneTimeTokens.list()).toEqual({ tokens: [token(), token({ id: 'ott_2' })] });
    expect(apiRequests()[0]?.url).toBe('/api/one-time-tokens');
  });

  it('listAll() follows the pages to the first short one, whatever Total-Number and Link say', async () => {
    const all = Array.from({ length: 5 }, (_, i) => token({ id: `ott_${i}` }));
    api = (req, res) => {
      const query = new URL(req.url, 'http://x').searchParams;
      const page = Number(query.get('page'));
      const size = Number(query.get('page_size'));
      // As Logto 1.42 answers a filtered list: the tenant's total, and links without /api.
      sendJson(res, 200, all.slice((page - 1) * size, page * size), {
        'Total-Number': '82',
        Link: `</one-time-tokens?page=${page + 1}&page_size=${size}>; rel="next"`,
      });
    };
    const seen: string[] = [];
    for await (const t of m2m().oneTimeTokens.listAll({ pageSize: 2 })) seen.push(t.id);
    expect(seen).toEqual(['ott_0', 'ott_1', 'ott_2', 'ott_3', 'ott_4']);
    expect(apiRequests()).toHaveLength(3);
  });

  it('create() posts the body and returns the 201 token', async () => {
    api = (_req, res) => sendJson(res, 201, token());
    const created = await m2m().oneTimeTokens.create({
      email: 'ada@example.com',
      expiresIn: 3600,
      context: { jitOrganizationIds: ['org_1'] },
    });
    expect(created).toEqual(token());
    expect(apiRequests()[0]).toMatchObject({
      method: 'POST',
      url: '/api/one-time-tokens',
      json: { email: 'ada@example.com', expiresIn: 3600, context: { jitOrganizationIds: ['org_1'] } },
    });
  });

  it('get(), delete(), verify() and updateStatus() use the real method, path and body', async () => {
    api = (req, res) =>
      req.method === 'DELETE' ? sendEmpty(res, 204) : sendJson(res, 200, token({ status: 'revoked' }));
    const { oneTimeTokens } = m2m();
    await oneTimeTokens.get('ott_1');
    await expect(oneTimeTokens.delete('ott_1')).resolves.toBeUndefined();
    await oneTimeTokens.verify({ token: 'one-time-token-value-123', email: 'ada@example.com' });
    await expect(oneTimeTokens.updateStatus('ott_1', { status: 'revoked' })).resolves.toMatchObject({
      status: 'revoked',
    });
    expect(apiRequests().map((r) => [r.method, r.url, r.json])).toEqual([
      ['GET', '/api/one-time-tokens/ott_1', undefined],
      ['DELETE', '/api/one-time-tokens/ott_1', undefined],
      [
        'POST',
        '/api/one-time-tokens/verify',
        { token: 'one-time-token-value-123', email: 'ada@example.com' },
      ],
      ['PUT', '/api/one-time-tokens/ott_1/status', { status: 'revoked' }],
    ]);
  });

  it('encodes ids into one path segment', async () => {
    api = (_req, res) => sendJson(res, 200, token());
    await m2m().oneTimeTokens.get('../users');
    await m2m().oneTimeTokens.get('a/b?c#d');
    expect(apiRequests().map((r) => r.url)).toEqual([
      '/api/one-time-tokens/..%2Fusers',
      '/api/one-time-tokens/a%2Fb%3Fc%23d',
    ]);
  });

  it('turns Logto errors into typed errors with the Logto code', async () => {
    api = (_req, res) => sendJson(res, 404, { code: 'entity.not_exists_with_id', message: 'Not found.' });
    await expect(m2m().oneTimeTokens.get('nope')).rejects.toMatchObject({
      name: 'NotFoundError',
      code: 'entity.not_exists_with_id',
      operationId: 'GetOneTimeToken',
    });
    api = (_req, res) =>
      sendJson(res, 400, {
        code: 'one_time_token.token_consumed',
        message: 'The token one-time-token-value-123 was used.',
      });
    const error = (await m2m()
      .oneTimeTokens.verify({ token: 'one-time-token-value-123', email: 'ada@example.com' })
      .catch((e: unknown) => e)) as BadRequestError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.code).toBe('one_time_token.token_consumed');
    expect(`${error.message}${JSON.stringify(error)}${inspect(error, { depth: 10 })}`).not.toContain(
      'one-time-token-value-123',
    );
  });

  it('never repeats verify after a 503, but repeats delete', async () => {
    api = (_req, res) => sendJson(res, 503, { code: 'unavailable', message: '' });
    await expect(
      m2m().oneTimeTokens.verify({ token: 'tok-value-1', email: 'a@b.co' }),
    ).rejects.toBeInstanceOf(InternalServerError);
    expect(apiRequests()).toHaveLength(1);
    let n = 0;
    api = (_req, res) => (++n === 1 ? sendJson(res, 503, {}) : sendEmpty(res, 204));
    await m2m().oneTimeTokens.delete('ott_1');
    expect(apiRequests()).toHaveLength(3);
  });

  it('checks arguments before sending anything', async () => {
    const { oneTimeTokens } = m2m();
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => oneTimeTokens.create({} as any), 'body.email'],
      [() => oneTimeTokens.create({ email: 'a@b.co', expiresIn: 0 }), 'body.expiresIn'],
      [() => oneTimeTokens.get(''), 'id'],
      [() => oneTimeTokens.delete('..'), 'id'],
      [() => oneTimeTokens.updateStatus('ott_1', { status: 'pending' } as any), 'body.status'],
      [() => oneTimeTokens.verify({ token: 'tok' } as any), 'body.email'],
      [() => oneTimeTokens.list({ pageSize: 101 }), 'params.pageSize'],
      [() => oneTimeTokens.list({ page: 0 }), 'params.page'],
    ];
    for (const [call, argument] of cases)
      await expect(call()).rejects.toMatchObject({ name: 'ValidationError', argument });
    expect(server.requests).toHaveLength(0);
  });

  it('validates construction options', () => {
    expect(() => createManagementClient({ endpoint: server.url } as any)).toThrow(
      /clientId and clientSecret/,
    );
    expect(() => createManagementClient({ endpoint: 'not a url', accessToken: 'x' })).toThrow(/endpoint/);
    expect(() => createManagementClient({ endpoint: server.url, accessToken: 'a\nb' })).toThrow(
      /accessToken/,
    );
  });

  it('never shows the client secret or access token when logged', async () => {
    const client = m2m();
    await client.oneTimeTokens.list();
    const views = `${inspect(client, { depth: 10 })}${JSON.stringify(client)}`;
    expect(views).not.toContain(CLIENT_SECRET);
    expect(views).not.toContain('access-1');
    expect(views).toContain('m2m-app');
  });
});

describe('errors', () => {
  it('a missing token is a NotFoundError', async () => {
    api = (_req, res) => sendJson(res, 404, { code: 'one_time_token.token_not_found', message: '' });
    await expect(m2m().oneTimeTokens.verify({ token: 'zzzz-token', email: 'a@b.co' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

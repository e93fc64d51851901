import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { call, jsonInit, managementToken, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;
let token: string;
const api = (path: string) => `${sandbox.url}/api/one-time-tokens${path}`;
const auth = () => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  token = await managementToken(sandbox, sandbox.addM2mApp());
});
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => sandbox.close());

const create = async (body: Record<string, unknown>) => {
  const response = await call(api(''), jsonInit('POST', body, auth()));
  expect(response.status).toBe(201);
  return response.body;
};

describe('creating and reading one-time tokens', () => {
  it('creates an active token with a long random value, a short ID and a 600 s default lifetime', async () => {
    const before = sandbox.clock.now();
    const created = await create({ email: 'create@example.com' });
    expect(created).toMatchObject({
      tenantId: 'default',
      email: 'create@example.com',
      context: {},
      status: 'active',
    });
    expect(created.token.length).toBeGreaterThanOrEqual(32);
    expect(created.id.length).toBeLessThanOrEqual(21);
    expect(created.createdAt).toBeGreaterThanOrEqual(before);
    expect(created.expiresAt - created.createdAt).toBe(600_000);

    const read = await call(api(`/${created.id}`), { headers: auth() });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created);
  });

  it('keeps the given context and lifetime', async () => {
    const created = await create({
      email: 'ctx@example.com',
      expiresIn: 3600,
      context: { jitOrganizationIds: ['org_eng'], interactionEvent: 'SignIn' },
    });
    expect(created.context).toEqual({ jitOrganizationIds: ['org_eng'], interactionEvent: 'SignIn' });
    expect(created.expiresAt - created.createdAt).toBe(3_600_000);
  });

  it('answers 404 entity.not_exists_with_id for unknown IDs on get, delete and status update', async () => {
    const get = await call(api('/nope'), { headers: auth() });
    expect(get.status).toBe(404);
    expect(get.body.code).toBe('entity.not_exists_with_id');
    const del = await call(api('/nope'), { method: 'DELETE', headers: auth() });
    expect(del.status).toBe(404);
    const put = await call(api('/nope/status'), jsonInit('PUT', { status: 'revoked' }, auth()));
    expect(put.status).toBe(404);
    expect(put.body.code).toBe('entity.not_exists_with_id');
  });

  it('deletes a token for good', async () => {
    const created = await create({ email: 'delete@example.com' });
    const deleted = await fetch(api(`/${created.id}`), { method: 'DELETE', headers: auth() });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    expect((await call(api(`/${created.id}`), { headers: auth() })).status).toBe(404);
    const verified = await call(
      api('/verify'),
      jsonInit('POST', { token: created.token, email: 'delete@example.com' }, auth()),
    );
    expect(verified.status).toBe(404);
    expect(verified.body.code).toBe('one_time_token.token_not_found');
  });
});

describe('verifying one-time tokens', () => {
  const verify = (body: Record<string, unknown>) => call(api('/verify'), jsonInit('POST', body, auth()));

  it('consumes a valid token exactly once', async () => {
    const created = await create({ email: 'verify@example.com' });
    const first = await verify({ token: created.token, email: 'verify@example.com' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: created.id, status: 'consumed' });
    const second = await verify({ token: created.token, email: 'verify@example.com' });
    expect(second.status).toBe(400);
    expect(second.body.code).toBe('one_time_token.token_consumed');
  });

  it('rejects unknown tokens (404) and a different email (400) without consuming', async () => {
    const created = await create({ email: 'owner@example.com' });
    const unknown = await verify({ token: 'not-a-real-token', email: 'owner@example.com' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('one_time_token.token_not_found');
    const mismatch = await verify({ token: created.token, email: 'someone-else@example.com' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.code).toBe('one_time_token.email_mismatch');
    expect((await verify({ token: created.token, email: 'owner@example.com' })).status).toBe(200);
  });

  it('expires tokens on the sandbox clock', async () => {
    const created = await create({ email: 'expiry@example.com', expiresIn: 60 });
    sandbox.clock.advance(61_000);
    const late = await verify({ token: created.token, email: 'expiry@example.com' });
    expect(late.status).toBe(400);
    expect(late.body.code).toBe('one_time_token.token_expired');
    const read = await call(api(`/${created.id}`), { headers: auth() });
    expect(read.body.status).toBe('expired');
  });

  it('reads a token past its expiry as expired, before any verify (as Logto 1.42 does)', async () => {
    const old = await create({ email: 'sweep@example.com', expiresIn: 1 });
    sandbox.clock.advance(2000);
    expect((await call(api(`/${old.id}`), { headers: auth() })).body.status).toBe('expired');
    const listed = await call(api('?email=sweep%40example.com&status=active'), { headers: auth() });
    expect(listed.body).toEqual([]);
    const verified = await verify({ token: old.token, email: 'sweep@example.com' });
    expect(verified.body.code).toBe('one_time_token.token_expired');
  });

  it('refuses revoked tokens and never reactivates a token', async () => {
    const created = await create({ email: 'revoke@example.com' });
    const revoked = await call(api(`/${created.id}/status`), jsonInit('PUT', { status: 'revoked' }, auth()));
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    const used = await verify({ token: created.token, email: 'revoke@example.com' });
    expect(used.status).toBe(400);
    expect(used.body.code).toBe('one_time_token.token_revoked');
    const reactivate = await call(
      api(`/${created.id}/status`),
      jsonInit('PUT', { status: 'active' }, auth()),
    );
    expect(reactivate.status).toBe(400);
    expect(reactivate.body.code).toBe('one_time_token.cannot_reactivate_token');
    expect((await call(api(`/${created.id}`), { headers: auth() })).body.status).toBe('revoked');
  });

  it('lets exactly one of 50 concurrent verifications of one token succeed', async () => {
    const created = await create({ email: 'race@example.com' });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => verify({ token: created.token, email: 'race@example.com' })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const failures = results.filter((r) => r.status !== 200);
    expect(failures).toHaveLength(49);
    expect(failures.every((r) => r.status === 400 && r.body.code === 'one_time_token.token_consumed')).toBe(
      true,
    );
  });
});

describe('listing one-time tokens', () => {
  const email = 'list@example.com';
  beforeAll(async () => {
    for (let i = 0; i < 5; i++) await create({ email });
    const revoked = await create({ email });
    await call(api(`/${revoked.id}/status`), jsonInit('PUT', { status: 'revoked' }, auth()));
  });

  it('answers every match without pagination headers when neither page nor page_size is given', async () => {
    const response = await call(api(`?email=${encodeURIComponent(email)}`), { headers: auth() });
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(6);
    expect(response.headers.get('total-number')).toBeNull();
    expect(response.headers.get('link')).toBeNull();
  });

  it('filters by status', async () => {
    const response = await call(api(`?email=${encodeURIComponent(email)}&status=revoked`), {
      headers: auth(),
    });
    expect(response.body).toHaveLength(1);
    expect(response.body[0].status).toBe('revoked');
  });

  const links = (response: { headers: Headers }) =>
    Object.fromEntries(
      (response.headers.get('link') ?? '').split(', ').map((part) => {
        const [, url, rel] = /^<([^>]+)>; rel="(\w+)"$/.exec(part) ?? [];
        return [rel, url];
      }),
    );

  // As recorded from Logto 1.42 (tests/fixtures/observed/): Total-Number counts every token of
  // the tenant whatever the filters, and the links keep the request's query, with `page` set,
  // under the path the Management API router sees (without `/api`).
  it('paginates with Total-Number and RFC 8288 links as Logto does', async () => {
    const total = (await call(api(''), { headers: auth() })).body.length;
    const query = `email=${encodeURIComponent(email)}&page_size=2`;
    const first = await call(api(`?${query}`), { headers: auth() });
    expect(first.body).toHaveLength(2);
    expect(first.headers.get('total-number')).toBe(String(total));
    const firstLinks = links(first);
    expect(Object.keys(firstLinks).sort()).toEqual(['first', 'last', 'next']);
    expect(firstLinks.next).toBe(`${sandbox.url}/one-time-tokens?${query}&page=2`);
    expect(firstLinks.last).toBe(`${sandbox.url}/one-time-tokens?${query}&page=${Math.ceil(total / 2)}`);

    const pages = [first];
    for (const page of [2, 3]) pages.push(await call(api(`?${query}&page=${page}`), { headers: auth() }));
    expect(Object.keys(links(pages[1] as typeof first)).sort()).toEqual(['first', 'last', 'next', 'prev']);
    const ids = pages.flatMap((p) => p.body).map((t: { id: string }) => t.id);
    expect(new Set(ids).size).toBe(6);
  });

  it('defaults page_size to 20 when only page is given, and links without one', async () => {
    const response = await call(api(`?email=${encodeURIComponent(email)}&page=1`), { headers: auth() });
    expect(response.body).toHaveLength(6);
    expect(response.headers.get('link')).not.toContain('page_size');
  });

  it("rejects page_size above 100 as Logto's pagination does", async () => {
    const response = await call(api('?page_size=200'), { headers: auth() });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      code: 'guard.invalid_pagination',
      message: 'The request pagination value is invalid.',
    });
  });
});

describe('Management API authentication', () => {
  it('answers 401 auth.authorization_header_missing without a token', async () => {
    const response = await call(api(''));
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('auth.authorization_header_missing');
  });

  it('answers 401 auth.unauthorized to a forged token', async () => {
    const response = await call(api(''), { headers: { authorization: 'Bearer not.a.jwt' } });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('auth.unauthorized');
  });

  it('answers 401 auth.unauthorized once the token expired on the sandbox clock', async () => {
    const app = sandbox.addM2mApp();
    const shortLived = await managementToken(sandbox, app);
    sandbox.clock.advance(3601_000);
    const response = await call(api(''), { headers: { authorization: `Bearer ${shortLived}` } });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('auth.unauthorized');
    // The token used by the other tests was issued earlier and is expired now as well.
    token = await managementToken(sandbox, app);
  });

  it('answers 403 auth.forbidden to a token without the all scope', async () => {
    const app = sandbox.addM2mApp({ scopes: ['all', 'read'] });
    const readOnly = await managementToken(sandbox, app, 'read');
    const response = await call(api(''), { headers: { authorization: `Bearer ${readOnly}` } });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('auth.forbidden');
  });
});

import { inspect } from 'node:util';
// One-time tokens through @authspec/logto's Management client against the sandbox: the real
// lifecycle, the failure paths a user meets, pagination, and atomic verification.
import {
  AuthenticationError,
  BadRequestError,
  createManagementClient,
  NotFoundError,
  OAuthTokenError,
} from '@authspec/logto';
import { managementApi } from '@authspec/logto/api';
import { describe, expect, it } from 'vitest';
import { managementClient, race, useSandbox } from './setup';

const sandbox = useSandbox();

describe('one-time token lifecycle', () => {
  it('creates, lists, gets, verifies once and deletes', async () => {
    const logto = managementClient(sandbox());
    const created = await logto.oneTimeTokens.create({ email: 'life@example.com', expiresIn: 600 });
    expect(created).toMatchObject({ email: 'life@example.com', status: 'active' });
    const page = await logto.oneTimeTokens.list({ email: 'life@example.com', page: 1, pageSize: 10 });
    expect(page.tokens.map((t) => t.id)).toEqual([created.id]);
    expect(await logto.oneTimeTokens.get(created.id)).toMatchObject({ status: 'active' });
    expect(
      await logto.oneTimeTokens.verify({ token: created.token, email: 'life@example.com' }),
    ).toMatchObject({ status: 'consumed' });
    await expect(
      logto.oneTimeTokens.verify({ token: created.token, email: 'life@example.com' }),
    ).rejects.toMatchObject({
      name: 'BadRequestError',
      code: 'one_time_token.token_consumed',
    });
    await logto.oneTimeTokens.delete(created.id);
    await expect(logto.oneTimeTokens.get(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses an expired token and marks it expired (sandbox clock)', async () => {
    const logto = managementClient(sandbox());
    const created = await logto.oneTimeTokens.create({ email: 'late@example.com', expiresIn: 60 });
    sandbox().clock.advance(61_000);
    await expect(
      logto.oneTimeTokens.verify({ token: created.token, email: 'late@example.com' }),
    ).rejects.toMatchObject({
      name: 'BadRequestError',
      code: 'one_time_token.token_expired',
    });
    expect((await logto.oneTimeTokens.get(created.id)).status).toBe('expired');
  });

  it('refuses a revoked token, a wrong email and an unknown token', async () => {
    const logto = managementClient(sandbox());
    const revoked = await logto.oneTimeTokens.create({ email: 'rev@example.com' });
    await logto.oneTimeTokens.updateStatus(revoked.id, { status: 'revoked' });
    await expect(
      logto.oneTimeTokens.verify({ token: revoked.token, email: 'rev@example.com' }),
    ).rejects.toMatchObject({
      code: 'one_time_token.token_revoked',
    });
    const other = await logto.oneTimeTokens.create({ email: 'own@example.com' });
    const error = await logto.oneTimeTokens
      .verify({ token: other.token, email: 'thief@example.com' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({
      code: 'one_time_token.email_mismatch',
      status: 400,
      operationId: 'VerifyOneTimeToken',
    });
    // The token value never shows in the error.
    expect(JSON.stringify(error)).not.toContain(other.token);
    const notFound = await logto.oneTimeTokens
      .verify({ token: 'no-such-token-value', email: 'own@example.com' })
      .catch((e: unknown) => e);
    expect(notFound).toMatchObject({ name: 'NotFoundError', code: 'one_time_token.token_not_found' });
    // Logto quotes the token in its message (`Token <token> not found.`), and so does the sandbox:
    // the client scrubs it from everything the error shows.
    expect(JSON.stringify(notFound)).not.toContain('no-such-token-value');
    expect(inspect(notFound, { depth: 5 })).not.toContain('no-such-token-value');
    expect(String((notFound as Error).message)).not.toContain('no-such-token-value');
  });

  it('never sets a token back to active', async () => {
    const logto = managementClient(sandbox());
    const token = await logto.oneTimeTokens.create({ email: 'back@example.com' });
    await logto.oneTimeTokens.updateStatus(token.id, { status: 'revoked' });
    await expect(logto.oneTimeTokens.updateStatus(token.id, { status: 'active' })).rejects.toMatchObject({
      code: 'one_time_token.cannot_reactivate_token',
    });
  });

  it('follows pages to the end with listAll', async () => {
    const logto = managementClient(sandbox());
    await Promise.all(
      Array.from({ length: 23 }, () => logto.oneTimeTokens.create({ email: 'many@example.com' })),
    );
    const seen = new Set<string>();
    for await (const t of logto.oneTimeTokens.listAll({ email: 'many@example.com', pageSize: 10 }))
      seen.add(t.id);
    expect(seen.size).toBe(23);
    expect(
      (await logto.oneTimeTokens.list({ email: 'many@example.com', page: 3, pageSize: 10 })).tokens,
    ).toHaveLength(3);
  });

  it('lets exactly one of 50 concurrent verifications consume a token', async () => {
    const logto = managementClient(sandbox());
    const token = await logto.oneTimeTokens.create({ email: 'race@example.com' });
    const { succeeded, failures } = await race(
      Array.from(
        { length: 50 },
        () => () => logto.oneTimeTokens.verify({ token: token.token, email: 'race@example.com' }),
      ),
    );
    expect(succeeded).toBe(1);
    expect(failures).toHaveLength(49);
    expect(failures.every((f) => f.code === 'one_time_token.token_consumed')).toBe(true);
  });
});

describe('authentication and validation', () => {
  it('reports bad client credentials as an OAuth error', async () => {
    const logto = createManagementClient({
      endpoint: sandbox().urls.logto,
      clientId: 'nobody',
      clientSecret: 'wrong',
    });
    const error = await logto.oneTimeTokens.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toBeInstanceOf(OAuthTokenError);
    // As a real Logto answers: its own code, and the OAuth error beside it.
    expect(error).toMatchObject({ code: 'oidc.invalid_client', error: 'invalid_client' });
  });

  it('is turned away by the emulator, as Logto refuses a page size over 100', async () => {
    const logto = managementClient(sandbox());
    await logto.oneTimeTokens.list();
    const { error, response } = await managementApi(logto).GET('/api/one-time-tokens', {
      params: { query: { page_size: 500 } },
    });
    expect(response.status).toBe(400);
    // What a real Logto 1.42 answered to page_size=101 (tests/fixtures/observed).
    expect(error).toEqual({
      code: 'guard.invalid_pagination',
      message: 'The request pagination value is invalid.',
    });
  });
});

// The hardening sweep: every public call of every client, session and token provider, through
// every failure a server or a network can make, with a server that echoes what it was sent in its
// reason phrase, every header and its body. Each failure must be a typed error that names the
// operation, and no secret may show on any surface of it or in any log line (a logger of ours,
// and `console` as the logger).
import { refusedPort } from '@authspec/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthspecError } from '../../../core/src/errors';
import { type EchoServer, type Failure, type Plan, startEchoServer } from './echo-server';
import { expectNoSecret, learned, secret, surfaces } from './secrets';
import { allTargets, type CallContext, type Target } from './targets';

let echo: EchoServer;
beforeAll(async () => {
  echo = await startEchoServer();
});
afterAll(() => echo.close());

type Case = { label: string; failure: Failure | 'refused' | 'abort'; maxRetries?: number };

const CASES: Case[] = [
  { label: 'JSON 400', failure: { kind: 'json', status: 400 } },
  { label: 'JSON 401', failure: { kind: 'json', status: 401 } },
  { label: 'JSON 403', failure: { kind: 'json', status: 403 } },
  { label: 'JSON 404', failure: { kind: 'json', status: 404 } },
  { label: 'JSON 422', failure: { kind: 'json', status: 422 } },
  { label: 'JSON 429, retried once', failure: { kind: 'json', status: 429 }, maxRetries: 1 },
  { label: 'JSON 500', failure: { kind: 'json', status: 500 } },
  { label: 'HTML 502', failure: { kind: 'html', status: 502 } },
  { label: 'empty 503', failure: { kind: 'empty', status: 503 } },
  { label: 'invalid JSON 400', failure: { kind: 'invalid-json', status: 400 } },
  { label: 'reset mid-answer', failure: { kind: 'reset' } },
  { label: 'timeout', failure: { kind: 'hang' } },
  { label: 'refused connection', failure: 'refused' },
  { label: 'abort', failure: 'abort' },
];

const isHang = (c: Case) => typeof c.failure === 'object' && c.failure.kind === 'hang';

let refused: string;
beforeAll(async () => {
  refused = `http://127.0.0.1:${await refusedPort()}`;
});

/** Run one target through one case and check everything a failure shows. */
async function sweep(target: Target, c: Case, tokenFails: boolean, asLogger: 'own' | 'console') {
  const lines: string[] = [];
  const plan: Plan = {
    api: c.failure === 'refused' || c.failure === 'abort' ? { kind: 'hang' } : c.failure,
    token: tokenFails || target.isTokenRequest ? 'fail' : 'ok',
    tokens: { logto: learned(secret('issued-access-token')), sftpgo: learned(secret('issued-jwt')) },
    cookie: learned(secret('interaction-cookie')),
    authorize: target.operationId === 'OidcAuthorization' ? 'fail' : 'ok',
  };
  echo.use(plan);
  const controller = new AbortController();
  if (c.failure === 'abort') void echo.nextRequest().then(() => controller.abort());
  const logger = {
    debug: (message: string, details?: unknown) => lines.push(`${message} ${JSON.stringify(details)}`),
  };
  const ctx: CallContext = {
    url: c.failure === 'refused' ? refused : echo.url,
    options: {
      // Short only where the server never answers; a loaded machine must not time out the rest.
      timeoutMs: isHang(c) ? 300 : 15_000,
      maxRetries: c.maxRetries ?? 0,
      logger: asLogger === 'own' ? logger : console,
    },
    signal: c.failure === 'abort' ? controller.signal : undefined,
  };
  // `console` as the logger: its lines are captured where it writes them.
  const original = console.debug;
  if (asLogger === 'console')
    console.debug = (...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    };
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await target.run(ctx) };
  } catch (error) {
    outcome = { ok: false, error };
  } finally {
    console.debug = original;
  }
  const where = `${target.name} / ${c.label}${tokenFails ? ' (token endpoint)' : ''}`;
  expectNoSecret(lines, `${where}: log`);
  if (outcome.ok) {
    // Only a fetch-like call answers an HTTP error; nothing else may succeed against this server.
    expect(target.answersHttpErrors && c.failure !== 'refused', `${where} resolved`).toBe(true);
    return;
  }
  const { error } = outcome;
  if (!(error instanceof AuthspecError)) expect.fail(`${where}: not a typed error: ${String(error)}`);
  // A refused connection (or, on a loaded machine, the short timeout) fails the first request of
  // the call, which may be its token request or a request the sweep sends first.
  const expected =
    c.failure === 'refused' || isHang(c)
      ? [target.operationId, target.usesTokenEndpoint, target.setupOperationId]
      : [tokenFails ? target.usesTokenEndpoint : target.operationId];
  const named = [error.operationId, (error.cause as AuthspecError | undefined)?.operationId];
  expect(
    named.some((n) => expected.includes(n)),
    `${where}: names ${named.join(' / ')}, expected ${expected.join(' or ')}`,
  ).toBe(true);
  expectNoSecret(surfaces(error), where);
}

describe.each(
  allTargets()
    .filter((t) => !t.propertyOnly)
    .map((t) => [t.name, t] as const),
)('%s', (_name, target) => {
  it.each(CASES.map((c) => [c.label, c] as const))('fails typed and secret-free on %s', async (_label, c) => {
    await sweep(target, c, false, 'own');
  });

  it('fails typed and secret-free with console as the logger', async () => {
    await sweep(target, CASES[0] as Case, false, 'console');
  });

  if (target.usesTokenEndpoint)
    it.each(CASES.map((c) => [c.label, c] as const))(
      'names the token endpoint when it fails on %s',
      async (_label, c) => {
        if (c.failure === 'refused' || c.failure === 'abort') return;
        await sweep(target, c, true, 'own');
      },
    );
});

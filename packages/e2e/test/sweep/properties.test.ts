// Property-based tests over every public method and option: whatever the arguments (wrong types,
// lone surrogates, control characters, CR/LF, huge or exotic strings, odd numbers, objects), a
// call settles with a result or an AuthspecError, never anything else and never an unhandled
// rejection (vitest fails the run on one), and when it is a ValidationError nothing was sent.
// Client options get the same treatment: a client is made, or a ValidationError says why not.
// Bounded in runs and time so that `pnpm test` stays fast.
import { createEquinixOtpClient } from '@authspec/equinix-otp';
import { createExperienceClient, createManagementClient } from '@authspec/logto';
import { createHeadlessSignIn } from '@authspec/logto/headless';
import { createSftpgoTokenClient } from '@authspec/sftpgo-token';
import { createSftpgoSession } from '@authspec/sftpgo-token/session';
import { sendJson, startServer, type TestServer } from '@authspec/test-utils';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthspecError, ValidationError } from '../../../core/src/errors';
import { allTargets, argumentsOf, type Target } from './targets';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = req.url.split('?')[0];
    if (path === '/oidc/token')
      return sendJson(res, 200, {
        access_token: 'property-token-value',
        expires_in: 3600,
        token_type: 'Bearer',
      });
    if (path === '/api/v2/token' || path === '/api/v2/user/token')
      return sendJson(res, 200, {
        access_token: 'property-jwt-value',
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      });
    if (path === '/oidc/auth') {
      res.writeHead(303, { location: '/sign-in', 'set-cookie': '_interaction=i; Path=/' });
      res.end();
      return;
    }
    sendJson(res, 200, {});
  });
});
afterAll(() => server.close());

/** Strings that break naive code: lone surrogates, controls, CR/LF, NUL, beyond Latin-1, huge. */
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 12 })
    .map((units) => String.fromCharCode(...units)),
  fc.constantFrom(
    '',
    ' ',
    '\uD800',
    'a\uDFFFb',
    '\r\nX-Injected: 1',
    '\0',
    '\u0085',
    '\u007f',
    'é',
    '😀',
    '..',
    '.',
    '/',
    '%',
    '%E0%A4%A',
    '?#',
    'http://127.0.0.1:1/x',
    'https://evil.example.com/',
  ),
  fc.constant('x'.repeat(100_000)),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.anything({ maxDepth: 2 }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 2 ** 53, -0, 1.5),
  fc.constantFrom(null, undefined, true, [], {}, () => 1, Symbol('s'), new Date(0), 10n, new Blob(['x'])),
);
/** An object with members a method expects (or others), each hostile. */
const hostileRecord = (keys: string[]) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...keys, 'x'), hostileString), hostileValue, { maxKeys: 6 });
const hostileCallOptions = fc.oneof(
  fc.constant(undefined),
  hostileValue,
  fc.record(
    {
      timeoutMs: hostileValue,
      maxRetries: fc.oneof(hostileValue, fc.constant(0)),
      signal: fc.oneof(hostileValue, fc.constant(AbortSignal.abort())),
      headers: fc.oneof(hostileValue, fc.dictionary(hostileString, hostileString, { maxKeys: 3 })),
    },
    { requiredKeys: [] },
  ),
);

/** The members a target's input has, from its operation (or a fixed list for the others). */
function inputKeys(target: Target): string[] {
  const op = target.op;
  if (!op) return ['clientId', 'redirectUri', 'params', 'redirectTo', 'method', 'headers', 'body', 'signal'];
  const valid = argumentsOf(op).at(-1);
  return valid && typeof valid === 'object' ? Object.keys(valid) : [];
}

const RUNS = { numRuns: 25, interruptAfterTimeLimit: 3_000 };
let runs = 0;

/** The call settles with a result or an AuthspecError; after a ValidationError nothing was sent. */
async function settlesTyped(
  call: (runId: string) => Promise<unknown>,
  where: string,
  setup: string[] = [],
): Promise<void> {
  // Requests are told apart by run: one an earlier, aborted run sent may still be arriving.
  const runId = String(++runs);
  const before = server.requests.length;
  let error: unknown;
  try {
    await call(runId);
    return;
  } catch (e) {
    error = e;
  }
  if (!(error instanceof AuthspecError)) expect.fail(`${where}: ${String(error)} is not an AuthspecError`);
  if (error instanceof ValidationError)
    expect(
      server.requests
        .slice(before)
        .filter((r) => r.headers['x-property-run'] === runId)
        .map((r) => r.url.split('?')[0] ?? '')
        .filter((path) => !setup.includes(path)),
      `${where} sent after ${error.message}`,
    ).toEqual([]);
}

describe('every method, any arguments', () => {
  it.each(allTargets().map((t) => [t.name, t] as const))('%s', async (name, target) => {
    const keys = inputKeys(target);
    const args = fc.array(fc.oneof(hostileValue, hostileRecord(keys)), { minLength: 0, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(args, hostileCallOptions, async (values, callOptions) => {
        await settlesTyped(
          (runId) =>
            target.run({
              url: server.url,
              options: { maxRetries: 0, timeoutMs: 2_000, headers: { 'x-property-run': runId } },
              args: values,
              callOptions,
            }),
          name,
          target.setupPaths,
        );
      }),
      RUNS,
    );
  });
});

/** Each factory with a valid set of options, to which the property adds hostile ones. */
const FACTORIES: Array<[string, (url: string) => Record<string, unknown>, (options: never) => unknown]> = [
  [
    'createManagementClient',
    (url) => ({ endpoint: url, clientId: 'app', clientSecret: 'secret-value-1' }),
    createManagementClient,
  ],
  ['createExperienceClient', (url) => ({ endpoint: url, appId: 'app' }), createExperienceClient],
  [
    'createEquinixOtpClient',
    (url) => ({ baseUrl: `${url}/metal/v1`, authToken: 'key-value-1' }),
    createEquinixOtpClient,
  ],
  ['createSftpgoTokenClient', (url) => ({ baseUrl: `${url}/api/v2` }), createSftpgoTokenClient],
  [
    'createSftpgoSession',
    (url) => ({ baseUrl: `${url}/api/v2`, role: 'admin', username: 'u', password: 'password-1' }),
    createSftpgoSession,
  ],
  [
    'createHeadlessSignIn',
    (url) => ({ endpoint: url, clientId: 'app', redirectUri: 'https://app.example.com/cb' }),
    createHeadlessSignIn,
  ],
];

describe('every factory, any options', () => {
  it.each(FACTORIES)('%s makes a client or throws a ValidationError', async (name, valid, create) => {
    const keys = [
      ...Object.keys(valid(server.url)),
      'baseUrl',
      'fetch',
      'headers',
      'timeoutMs',
      'maxRetries',
      'userAgent',
      'logger',
      'accessToken',
      'getAccessToken',
      'otp',
      'totpSecret',
      'scope',
      'resource',
      'tokenTimeoutMs',
    ];
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileValue, hostileRecord(keys)), fc.boolean(), async (hostile, merge) => {
        const options =
          merge && hostile && typeof hostile === 'object'
            ? { ...valid(server.url), ...(hostile as object), maxRetries: 0 }
            : hostile;
        let client: unknown;
        try {
          client = create(options as never);
        } catch (error) {
          if (!(error instanceof ValidationError))
            expect.fail(`${name}: ${String(error)} is not a ValidationError`);
          return;
        }
        expect(client).toBeTypeOf('object');
      }),
      { numRuns: 60, interruptAfterTimeLimit: 3_000 },
    );
  });
});

// Hooks against a real HTTP server on 127.0.0.1: what each hook sees (redacted like errors are),
// headers a hook adds, refused header values, retries counted, the typed error of a failed
// call, and what happens when a hook itself throws.
import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { type RecordedRequest, refusedPort, sendJson, useTestServer } from '@authspec/test-utils';
import { describe, expect, it } from 'vitest';
import {
  type ClientHooks,
  type ClientOptions,
  ConnectionError,
  createRuntime,
  type ErrorHookEvent,
  HookError,
  InternalServerError,
  NotFoundError,
  type OperationSpec,
  REDACTED,
  type RequestHookEvent,
  type ResponseHookEvent,
  type RetryHookEvent,
  SecretValues,
  type SuccessHookEvent,
  ValidationError,
} from '../src';

const server = useTestServer();

const TOKEN = 'bearer-tok-5f1e9a';
const API_KEY = 'api-key-77c2d0';
const QUERY_SECRET = 'query-sec-41bb08';
const CODE = 'otp-code-918273';
const SECRETS = [TOKEN, API_KEY, QUERY_SECRET, CODE];

/** A GET with a secret query parameter, and a POST whose body holds a secret code. */
const GET: OperationSpec = {
  id: 'GetThing',
  method: 'GET',
  path: '/things/{id}',
  params: [
    { in: 'path', name: 'id', required: true, schema: { type: 'string' } },
    { in: 'query', name: 'token', secret: true, schema: { type: 'string' } },
  ],
  input: true,
  ok: { 200: 'json' },
};
const VERIFY: OperationSpec = {
  id: 'VerifyThing',
  method: 'POST',
  path: '/things/verify',
  body: {
    type: 'application/json',
    required: true,
    schema: { type: 'object', required: ['code'], properties: { code: { type: 'string', secret: true } } },
  },
  input: true,
  ok: { 200: 'json' },
};

/** A client with an API key header and a bearer token from its authenticate hook. */
function runtime(options: ClientOptions = {}, baseUrl = server.url) {
  return createRuntime({
    package: { name: '@authspec/test', version: '1.0.0' },
    baseUrl,
    options,
    service: {
      secrets: { headers: ['x-auth-token'], members: ['token', 'code'] },
      describeError: () => ({}),
    },
    headers: { 'X-Auth-Token': API_KEY },
    authenticate: () => ({ Authorization: `Bearer ${TOKEN}` }),
    // What a client knows is secret: its API key, and each token it obtains.
    secrets: new SecretValues().add(API_KEY).addRotating(TOKEN),
  });
}
const getThing = (options: ClientOptions) => runtime(options).invoke(GET, ['42', { token: QUERY_SECRET }]);

/** Hooks that record every event, by hook name. */
function recorder() {
  const events: Array<[string, any]> = [];
  const hooks: Required<ClientHooks> = {
    onRequest: (e) => void events.push(['onRequest', e]),
    onResponse: (e) => void events.push(['onResponse', e]),
    onRetry: (e) => void events.push(['onRetry', e]),
    onError: (e) => void events.push(['onError', e]),
    onSuccess: (e) => void events.push(['onSuccess', e]),
  };
  return { events, hooks, names: () => events.map(([name]) => name) };
}

/** The server echoes what it was sent (credentials, URL, body) in a header and in its body. */
function echoSecrets(status: number) {
  return (req: RecordedRequest, res: ServerResponse) => {
    const sent = [req.headers.authorization, req.headers['x-auth-token'], req.url, req.body].join(' ');
    sendJson(res, status, { echoed: sent, token: TOKEN }, { 'x-echo': encodeURIComponent(sent) });
  };
}

describe('onRequest', () => {
  it('sees the operation, method, redacted URL and redacted headers of each request', async () => {
    server.handle((_req, res) => sendJson(res, 200, {}));
    const { events, hooks } = recorder();
    await getThing({ hooks });
    const [name, event] = events[0] as [string, RequestHookEvent];
    expect(name).toBe('onRequest');
    expect(event).toMatchObject({ operationId: 'GetThing', method: 'GET', attempt: 1 });
    expect(event.url).toBe(`${server.url}/things/42?token=${REDACTED}`);
    expect(event.headers.authorization).toBe(REDACTED);
    expect(event.headers['x-auth-token']).toBe(REDACTED);
    expect(event.headers['user-agent']).toBe('authspec-test/1.0.0');
    // What went on the wire is unchanged.
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.requests[0]?.url).toBe(`/things/42?token=${QUERY_SECRET}`);
  });

  it('adds a header with setHeader, which reaches the server, and may replace one', async () => {
    server.handle((_req, res) => sendJson(res, 200, {}));
    await getThing({
      hooks: [
        { onRequest: (e) => e.setHeader('X-Trace-Id', 'trace-1') },
        // A hook that waits before adding: its promise is waited for before sending.
        {
          async onRequest(e) {
            await new Promise((resolve) => setImmediate(resolve));
            e.setHeader('user-agent', 'replaced/1.0');
          },
        },
      ],
    });
    const headers = server.requests[0]?.headers;
    expect(headers?.['x-trace-id']).toBe('trace-1');
    expect(headers?.['user-agent']).toBe('replaced/1.0');
    expect(headers?.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('refuses a header that cannot be sent with a ValidationError, and sends nothing', async () => {
    const seen: unknown[] = [];
    const error = await getThing({
      hooks: {
        onRequest: (e) => e.setHeader('X-Note', 'a\r\nInjected: yes'),
        onError: (e) => void seen.push(e.error),
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ argument: 'setHeader["X-Note"]', operationId: 'GetThing' });
    expect(seen).toEqual([error]);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a bad header name too, and a hook that catches the refusal lets the call go on', async () => {
    server.handle((_req, res) => sendJson(res, 200, {}));
    const refusals: unknown[] = [];
    await getThing({
      hooks: {
        onRequest(e) {
          for (const [name, value] of [
            ['Bad Name', 'x'],
            ['X-Wide', 'ünï→code'],
          ] as const) {
            try {
              e.setHeader(name, value);
            } catch (error) {
              refusals.push(error);
            }
          }
        },
      },
    });
    expect(refusals).toHaveLength(2);
    for (const refusal of refusals) expect(refusal).toBeInstanceOf(ValidationError);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers['x-wide']).toBeUndefined();
  });

  it('refuses setHeader once the request is on its way', async () => {
    server.handle((_req, res) => sendJson(res, 200, {}));
    let late: RequestHookEvent | undefined;
    await getThing({
      hooks: {
        onRequest(e) {
          late = e;
        },
      },
    });
    expect(() => late?.setHeader('X-Late', 'x')).toThrow(ValidationError);
  });
});

describe('onResponse, onRetry, onSuccess', () => {
  it('counts a retry: 503 then 200 gives two requests, two answers, one retry, one success', async () => {
    let n = 0;
    server.handle((req, res) => (++n === 1 ? echoSecrets(503)(req, res) : sendJson(res, 200, { ok: true })));
    const { events, hooks, names } = recorder();
    let retries = 0;
    const { data } = await runtime({ hooks: [hooks, { onRetry: () => void retries++ }] }).invoke(GET, [
      '42',
      { token: QUERY_SECRET },
    ]);
    expect(data).toEqual({ ok: true });
    expect(retries).toBe(1);
    expect(names()).toEqual(['onRequest', 'onResponse', 'onRetry', 'onRequest', 'onResponse', 'onSuccess']);
    const answers = events.filter(([name]) => name === 'onResponse').map(([, e]) => e as ResponseHookEvent);
    expect(answers.map((e) => [e.attempt, e.status])).toEqual([
      [1, 503],
      [2, 200],
    ]);
    for (const answer of answers) expect(answer.durationMs).toBeGreaterThanOrEqual(0);
    expect(answers[0]?.headers['x-echo']).toContain(REDACTED);
    const retry = events.find(([name]) => name === 'onRetry')?.[1] as RetryHookEvent;
    expect(retry.attempt).toBe(1);
    expect(retry.delayMs).toBeGreaterThan(0);
    expect(retry.reason).toBeInstanceOf(InternalServerError);
    const success = events.at(-1)?.[1] as SuccessHookEvent;
    expect(success).toMatchObject({ operationId: 'GetThing', attempt: 2, status: 200 });
    // One call: every event carries the same call object, which names it.
    expect(new Set(events.map(([, e]) => e.call)).size).toBe(1);
    expect(success.call).toEqual({ operationId: 'GetThing', method: 'GET', url: success.url });
  });

  it('counts a retry of a POST whose connection was refused, with the ConnectionError as reason', async () => {
    const r = recorder();
    const port = await refusedPort();
    const error = await runtime({ hooks: r.hooks, maxRetries: 1 }, `http://127.0.0.1:${port}`)
      .invoke(VERIFY, [{ code: CODE }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(r.names()).toEqual(['onRequest', 'onRetry', 'onRequest', 'onError']);
    expect(r.events[1]?.[1].reason).toBeInstanceOf(ConnectionError);
    expect(r.events[3]?.[1].attempt).toBe(2);
  });
});

describe('onError', () => {
  it('receives the typed error the call rejects with', async () => {
    server.handle(echoSecrets(404));
    const { events, hooks, names } = recorder();
    const error = await getThing({ hooks }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(names()).toEqual(['onRequest', 'onResponse', 'onError']);
    const event = events[2]?.[1] as ErrorHookEvent;
    expect(event.error).toBe(error);
    expect(event).toMatchObject({ operationId: 'GetThing', attempt: 1 });
  });
});

describe('secrets', () => {
  it('appear in no hook payload, however the server echoes them', async () => {
    let n = 0;
    server.handle((req, res) => echoSecrets(++n === 1 ? 503 : 422)(req, res));
    const { events, hooks } = recorder();
    const rt = runtime({ hooks });
    await getThing({ hooks }).catch(() => undefined);
    await rt.invoke(VERIFY, [{ code: CODE }]).catch(() => undefined);
    expect(events.length).toBeGreaterThan(5);
    const views = [JSON.stringify(events), inspect(events, { depth: 10 })];
    for (const view of views) for (const secret of SECRETS) expect(view).not.toContain(secret);
  });
});

describe('a hook that throws', () => {
  it('fails the call with a HookError naming the operation and the hook, before anything is sent', async () => {
    const seen: ErrorHookEvent[] = [];
    const bug = new TypeError('oops');
    const error = (await getThing({
      hooks: [
        {
          onRequest() {
            throw bug;
          },
        },
        { onError: (e) => void seen.push(e) },
      ],
    }).catch((e: unknown) => e)) as HookError;
    expect(error).toBeInstanceOf(HookError);
    expect(error).toMatchObject({ hook: 'onRequest', operationId: 'GetThing', cause: bug });
    expect(error.message).toBe('GetThing: the onRequest hook failed (TypeError)');
    expect(seen.map((e) => e.error)).toEqual([error]);
    expect(server.requests).toHaveLength(0);
  });

  it('is not retried, and a rejected promise counts as a throw', async () => {
    server.handle((_req, res) => sendJson(res, 503, {}));
    const error = await getThing({
      hooks: { onResponse: () => Promise.reject(new Error('sink down')) },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'HookError', hook: 'onResponse' });
    expect(server.requests).toHaveLength(1);
  });

  it('after a success still fails the call, and every hooks object saw the event', async () => {
    server.handle((_req, res) => sendJson(res, 200, {}));
    const later = recorder();
    const error = await getThing({
      hooks: [
        {
          onSuccess() {
            throw new Error('metrics down');
          },
        },
        later.hooks,
      ],
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'HookError', hook: 'onSuccess' });
    expect(later.names()).toEqual(['onRequest', 'onResponse', 'onSuccess', 'onError']);
  });

  it('in onError replaces the error with its own HookError', async () => {
    server.handle((_req, res) => sendJson(res, 404, {}));
    const error = await getThing({
      hooks: {
        onError() {
          throw new Error('reporter down');
        },
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'HookError', hook: 'onError', operationId: 'GetThing' });
  });
});

describe('the hooks option', () => {
  it('is checked when the client is made', () => {
    expect(() => runtime({ hooks: 'nope' as any })).toThrow(/hooks must be an object/);
    expect(() => runtime({ hooks: { onRequest: 42 as any } })).toThrow(/hooks.onRequest must be a function/);
  });
});

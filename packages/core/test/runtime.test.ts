// The shared runtime against a real HTTP server on 127.0.0.1: typed errors, retries with
// backoff and Retry-After, safe-retry rules, per-attempt timeouts, caller aborts, logging.
import { delay, refusedPort, sendEmpty, sendJson, startServer, useTestServer } from '@authspec/test-utils';
import { defaultPathSerializer } from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  type ClientOptions,
  ConflictError,
  ConnectionError,
  createRuntime,
  InternalServerError,
  NotFoundError,
  type OperationSpec,
  PermissionDeniedError,
  RateLimitError,
  type RequestOptions,
  type ServiceFacts,
  TimeoutError,
  UnprocessableEntityError,
  ValidationError,
} from '../src';

const server = useTestServer();

/** A service whose error bodies are `{ code, message }`, with an API key header. */
const service: ServiceFacts = {
  secrets: { headers: ['x-auth-token'], members: ['token'] },
  describeError(body) {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    return {
      code: typeof b.code === 'string' ? b.code : undefined,
      detail: typeof b.message === 'string' ? b.message : undefined,
    };
  },
};

function runtime(
  options: ClientOptions = {},
  baseUrl = server.url,
  extra: Partial<Parameters<typeof createRuntime>[0]> = {},
) {
  return createRuntime({
    package: { name: '@authspec/test', version: '1.2.3' },
    baseUrl,
    options,
    service,
    ...extra,
  });
}

const GET: OperationSpec = {
  id: 'GetThing',
  method: 'GET',
  path: '/things/{id}',
  params: [{ in: 'path', name: 'id', required: true, schema: { type: 'string' } }],
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

function getThing(rt = runtime(), options?: RequestOptions, id = '42') {
  return rt.invoke(GET, [id, options]);
}
function verifyThing(rt = runtime(), options?: RequestOptions) {
  return rt.invoke(VERIFY, [{ code: '123456' }, options]);
}

describe('success', () => {
  it('returns the parsed body and sends one request with the User-Agent', async () => {
    server.handle((_req, res) => sendJson(res, 200, { id: '42' }));
    const { data } = await getThing(runtime({ userAgent: 'my-app/2.0' }));
    expect(data).toEqual({ id: '42' });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.url).toBe('/things/42');
    expect(server.requests[0]?.headers['user-agent']).toBe('authspec-test/1.2.3 my-app/2.0');
  });

  it('percent-encodes path parameters into one segment', async () => {
    server.handle((_req, res) => sendJson(res, 200, {}));
    await getThing(runtime(), undefined, '../users');
    await getThing(runtime(), undefined, 'a/b?c#d');
    expect(server.requests.map((r) => r.url)).toEqual(['/things/..%2Fusers', '/things/a%2Fb%3Fc%23d']);
  });

  it("writes path parameters exactly as openapi-fetch's defaultPathSerializer does", async () => {
    // The runtime cuts each path once instead of running the serialiser on every call; the wire
    // format must stay openapi-fetch's.
    const op: OperationSpec = {
      id: 'GetPart',
      method: 'GET',
      path: '/a/{first}/b-{second}.json',
      params: [
        { in: 'path', name: 'first', required: true, schema: { type: 'string' } },
        { in: 'path', name: 'second', required: true, schema: { type: 'integer' } },
      ],
      ok: { 200: 'json' },
    };
    const values: [string, number][] = [
      ['plain', 1],
      ["sp ace+plus&amp=eq;semi,comma:colon@at!bang'quote(paren)*star~tilde", 0],
      ['ünïcødé 🔑', -12],
      ['%41 already-encoded', 3],
      ['{braces}', 7],
    ];
    server.handle((_req, res) => sendJson(res, 200, {}));
    const rt = runtime();
    for (const [first, second] of values) await rt.invoke(op, [first, second]);
    expect(server.requests.map((r) => r.url)).toEqual(
      values.map(([first, second]) => defaultPathSerializer(op.path, { first, second })),
    );
  });
});

describe('typed errors', () => {
  const cases: Array<[number, new (...args: never[]) => ApiError]> = [
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [418, ApiError],
  ];

  it.each(cases)('status %i rejects with %o', async (status, ErrorClass) => {
    server.handle((_req, res) =>
      sendJson(
        res,
        status,
        { code: 'thing.failed', message: 'The thing failed.' },
        { 'x-request-id': 'req-7' },
      ),
    );
    const error = await getThing(runtime({ maxRetries: 0 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status,
      code: 'thing.failed',
      body: { code: 'thing.failed', message: 'The thing failed.' },
      requestId: 'req-7',
      operationId: 'GetThing',
      method: 'GET',
      url: `${server.url}/things/42`,
    });
    expect((error as ApiError).headers['x-request-id']).toBe('req-7');
    expect((error as Error).message).toMatch(/^GetThing failed with \d{3}/);
    expect((error as Error).message).toContain('thing.failed: The thing failed.');
  });

  it("reads the code and the detail with the client's own reader of error bodies", async () => {
    server.handle((_req, res) =>
      sendJson(res, 401, { message: 'Invalid credentials', error: 'Unauthorized' }),
    );
    const rt = runtime({}, server.url, {
      service: { ...service, describeError: (body) => ({ code: (body as { error: string }).error }) },
    });
    const error = (await getThing(rt).catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('Unauthorized');
  });

  it('keeps a non-JSON body as text (an HTML 502 from a proxy)', async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    server.handle((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(html);
    });
    const error = (await getThing(runtime({ maxRetries: 0 })).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.body).toBe(html);
    expect(error.code).toBeUndefined();
    expect(error.message).toContain('502');
  });

  it('rejects with ConnectionError, the network error as cause, when nothing listens', async () => {
    const port = await refusedPort();
    const error = (await getThing(runtime({ maxRetries: 0 }, `http://127.0.0.1:${port}`)).catch(
      (e: unknown) => e,
    )) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('GetThing');
  });
});

describe('retries', () => {
  it('repeats a GET after 503 with backoff until it succeeds', async () => {
    let n = 0;
    server.handle((_req, res) =>
      ++n < 3 ? sendJson(res, 503, { code: 'busy' }) : sendJson(res, 200, { id: '42' }),
    );
    const started = Date.now();
    const { data } = await getThing();
    expect(data).toEqual({ id: '42' });
    expect(server.requests).toHaveLength(3);
    // 0.5 s then 1 s, each shortened by at most 25 % of jitter.
    expect(Date.now() - started).toBeGreaterThanOrEqual(375 + 750);
  });

  it('gives up after maxRetries and reports the attempts', async () => {
    server.handle((_req, res) => sendJson(res, 500, { code: 'boom' }));
    const error = (await getThing(runtime({ maxRetries: 1 })).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry with maxRetries 0, per client or per call', async () => {
    server.handle((_req, res) => sendJson(res, 503, {}));
    await expect(getThing(runtime({ maxRetries: 0 }))).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(1);
    await expect(getThing(runtime({ maxRetries: 2 }), { maxRetries: 0 })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(server.requests).toHaveLength(2);
  });

  it('repeats 408 and 429 but not other 4xx', async () => {
    for (const [status, expected] of [
      [408, 2],
      [429, 2],
      [404, 1],
      [400, 1],
    ] as const) {
      server.requests.length = 0;
      server.handle((_req, res) => sendJson(res, status, {}, status === 429 ? { 'retry-after': '0' } : {}));
      await expect(getThing(runtime({ maxRetries: 1 }))).rejects.toBeInstanceOf(ApiError);
      expect(server.requests, String(status)).toHaveLength(expected);
    }
  });

  it('honours Retry-After in seconds', async () => {
    let n = 0;
    server.handle((_req, res) =>
      ++n === 1 ? sendJson(res, 429, {}, { 'retry-after': '1' }) : sendJson(res, 200, {}),
    );
    const started = Date.now();
    await getThing();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(server.requests).toHaveLength(2);
  });

  it('honours Retry-After as an HTTP date', async () => {
    let n = 0;
    server.handle((_req, res) => {
      const at = new Date(Date.now() + 2000).toUTCString();
      if (++n === 1) sendJson(res, 503, {}, { 'retry-after': at });
      else sendJson(res, 200, {});
    });
    const started = Date.now();
    await getThing();
    // HTTP dates have one-second resolution.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(server.requests).toHaveLength(2);
  });

  it('does not wait for a Retry-After over 60 s: the RateLimitError says how long', async () => {
    server.handle((_req, res) => sendJson(res, 429, { code: 'slow_down' }, { 'retry-after': '120' }));
    const error = (await getThing().catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(120_000);
    expect(server.requests).toHaveLength(1);
  });

  it('never repeats a POST that reached the server (503 on verify)', async () => {
    server.handle((_req, res) => sendJson(res, 503, { code: 'busy' }));
    await expect(verifyThing()).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(1);
  });

  it('never repeats a POST whose connection broke after it was sent', async () => {
    server.handle((req, res) => {
      if (req.method === 'POST') res.socket?.destroy();
      else sendJson(res, 200, {});
    });
    await expect(verifyThing()).rejects.toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(1);
  });

  it('repeats a POST whose connection was refused before anything was sent', async () => {
    const port = await refusedPort();
    const rt = runtime({}, `http://127.0.0.1:${port}`);
    // The server comes up while the client waits before its first retry (>= 375 ms).
    const late = delay(150).then(() =>
      startServer((_req, res) => sendJson(res, 200, { verified: true }), port),
    );
    const { data } = await verifyThing(rt);
    const lateServer = await late;
    expect(data).toEqual({ verified: true });
    expect(lateServer.requests).toHaveLength(1);
    await lateServer.close();
  });
});

describe('timeouts', () => {
  it('fails an attempt that takes longer than timeoutMs with TimeoutError', async () => {
    server.handle(async (_req, res) => {
      await delay(3000);
      sendJson(res, 200, {});
    });
    const started = Date.now();
    const error = (await getThing(runtime({ timeoutMs: 100, maxRetries: 0 })).catch(
      (e: unknown) => e,
    )) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeoutMs).toBe(100);
    // Far below the server's 3 s: the timer ended the attempt.
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('starts the timer when the attempt starts, not when the client is made', async () => {
    server.handle(async (_req, res) => {
      await delay(100);
      sendJson(res, 200, { id: '42' });
    });
    const rt = runtime({ timeoutMs: 1000 });
    // Longer than the timeout: a timer started with the client would have fired already.
    await delay(1500);
    await expect(getThing(rt)).resolves.toMatchObject({ data: { id: '42' } });
  });

  it('times out each attempt on its own, so a GET can succeed on retry', async () => {
    let n = 0;
    server.handle(async (_req, res) => {
      if (++n === 1) await delay(3000);
      sendJson(res, 200, { n });
    });
    const { data } = await getThing(runtime({ timeoutMs: 1000 }));
    expect(data).toEqual({ n: 2 });
  });

  it('does not repeat a POST that timed out (it may have been processed)', async () => {
    server.handle(async (_req, res) => {
      await delay(400);
      sendEmpty(res);
    });
    await expect(verifyThing(runtime({ timeoutMs: 100 }))).rejects.toBeInstanceOf(TimeoutError);
    await delay(350);
    expect(server.requests).toHaveLength(1);
  });

  it("has no timeout with timeoutMs 0, and still follows the caller's signal", async () => {
    server.handle(async (_req, res) => {
      await delay(300);
      sendJson(res, 200, { id: '42' });
    });
    await expect(getThing(runtime({ timeoutMs: 0 }))).resolves.toMatchObject({ data: { id: '42' } });
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 50);
    const error = await getThing(runtime({ timeoutMs: 0 }), { signal: caller.signal }).catch((e) => e);
    expect(error).toBeInstanceOf(AbortError);
  });

  it("hands a custom fetch the URL and an init with the attempt's signal, so it times out too", async () => {
    server.handle(async (_req, res) => {
      await delay(3000);
      sendJson(res, 200, {});
    });
    const seen: Array<[string, RequestInit]> = [];
    const fetch = (url: string, init: RequestInit) => {
      seen.push([url, init]);
      return globalThis.fetch(url, init);
    };
    const error = await getThing(runtime({ fetch, timeoutMs: 100, maxRetries: 0 })).catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(seen[0]?.[0]).toBe(`${server.url}/things/42`);
    expect(seen[0]?.[1].method).toBe('GET');
    expect(seen[0]?.[1].signal).toBeInstanceOf(AbortSignal);
  });

  it('lets a call override the client timeout', async () => {
    server.handle(async (_req, res) => {
      await delay(200);
      sendJson(res, 200, {});
    });
    await expect(
      getThing(runtime({ timeoutMs: 50, maxRetries: 0 }), { timeoutMs: 1000 }),
    ).resolves.toBeDefined();
  });
});

describe('caller abort', () => {
  it('rejects with AbortError when the signal aborts during the request', async () => {
    // Aborted once the server has the request, so a slow machine cannot abort it before it is sent.
    let arrived!: () => void;
    const received = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    server.handle(async (_req, res) => {
      arrived();
      await delay(500);
      sendJson(res, 200, {});
    });
    const controller = new AbortController();
    const call = getThing(runtime(), { signal: controller.signal }).catch((e: unknown) => e);
    await received;
    controller.abort(new Error('user left'));
    const error = (await call) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    expect((error.cause as Error).message).toBe('user left');
    expect(server.requests).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const error = await getThing(runtime(), { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(0);
  });

  it('stops waiting between retries when the signal aborts', async () => {
    // The server asks for a 30 s pause before the retry, longer than the test may take: the abort
    // must end the wait.
    let answered!: () => void;
    const first = new Promise<void>((resolve) => {
      answered = resolve;
    });
    server.handle((_req, res) => {
      sendJson(res, 503, {}, { 'retry-after': '30' });
      answered();
    });
    const controller = new AbortController();
    const call = getThing(runtime(), { signal: controller.signal });
    await first;
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(1);
  });
});

describe('argument checks', () => {
  it('rejects header values with CR or LF before sending anything', async () => {
    await expect(getThing(runtime(), { headers: { 'X-Trace': 'a\r\nInjected: yes' } })).rejects.toMatchObject(
      {
        name: 'ValidationError',
        argument: 'options.headers["X-Trace"]',
      },
    );
    expect(() => runtime({ headers: { 'X-Trace': 'a\nb' } })).toThrow(ValidationError);
    expect(() => runtime({ userAgent: 'x\r\ny' })).toThrow(/userAgent/);
    expect(server.requests).toHaveLength(0);
  });

  it('rejects bad options with ValidationError naming them', () => {
    expect(() => runtime({ timeoutMs: -1 })).toThrow(/timeoutMs must be a number >= 0/);
    expect(() => runtime({ maxRetries: 1.5 })).toThrow(/maxRetries must be an integer >= 0/);
    expect(() => runtime({ fetch: 'nope' as any })).toThrow(/fetch must be a function/);
  });
});

describe('logging', () => {
  it('logs each attempt and retry with secret headers redacted', async () => {
    const lines: Array<[string, unknown]> = [];
    const logger = { debug: (message: string, details?: unknown) => lines.push([message, details]) };
    let n = 0;
    server.handle((_req, res) => (++n === 1 ? sendJson(res, 503, {}) : sendJson(res, 200, {})));
    await getThing(
      runtime({ logger, headers: { Authorization: 'Bearer s3cret-token', 'X-Auth-Token': 'k3y-value' } }),
    );
    const text = JSON.stringify(lines);
    expect(text).not.toContain('s3cret-token');
    expect(text).not.toContain('k3y-value');
    expect(text).toContain('[REDACTED]');
    expect(lines.map(([m]) => m.split(' ').slice(0, 3).join(' '))).toEqual([
      'authspec → GetThing',
      'authspec ← GetThing',
      'authspec ↻ GetThing',
      'authspec → GetThing',
      'authspec ← GetThing',
    ]);
  });
});

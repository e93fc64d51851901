// tracing(tracer) with the OpenTelemetry SDK's own tracer and an in-memory exporter, against a
// real HTTP server on 127.0.0.1: the spans of a call retried once, of failed calls, and that no
// secret reaches any of them.
import { inspect } from 'node:util';
import { refusedPort, sendJson, useTestServer } from '@authspec/test-utils';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { type ClientOptions, createRuntime, type OperationSpec, REDACTED, SecretValues } from '../src';
import { type Tracer, tracing } from '../src/tracing';

const server = useTestServer();
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
// The SDK's tracer is an @opentelemetry/api Tracer: it must fit the structural type as it is.
const tracer: Tracer = provider.getTracer('authspec-test');
afterEach(() => exporter.reset());

const TOKEN = 'bearer-tok-0c4d2e';
const API_KEY = 'api-key-a19f3b';
const QUERY_SECRET = 'query-sec-6d7e81';
const SECRETS = [TOKEN, API_KEY, QUERY_SECRET];

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

function getThing(options: ClientOptions = {}, baseUrl = server.url) {
  return createRuntime({
    package: { name: '@authspec/test', version: '1.0.0' },
    baseUrl,
    options: { hooks: tracing(tracer), ...options },
    service: { secrets: { headers: ['x-auth-token'], members: ['token'] }, describeError: () => ({}) },
    headers: { 'X-Auth-Token': API_KEY },
    authenticate: () => ({ Authorization: `Bearer ${TOKEN}` }),
    secrets: new SecretValues().add(API_KEY).addRotating(TOKEN),
  }).invoke(GET, ['42', { token: QUERY_SECRET }]);
}

/** The finished spans: the operation's, then its requests' in order. */
function spans(): [ReadableSpan, ...ReadableSpan[]] {
  const all = exporter.getFinishedSpans();
  const operation = all.find((s) => s.name === 'GetThing');
  if (!operation) throw new Error(`no operation span among ${all.map((s) => s.name).join(', ')}`);
  return [operation, ...all.filter((s) => s !== operation)];
}

/** The server echoes the credentials and URL it got, in a header and in its body. */
const echo = (status: number) => (req: { headers: Record<string, unknown>; url: string }, res: any) => {
  const sent = [req.headers.authorization, req.headers['x-auth-token'], req.url].join(' ');
  sendJson(res, status, { echoed: sent }, { 'x-echo': encodeURIComponent(sent) });
};

describe('tracing(tracer)', () => {
  it('traces a call retried once: one operation span, two request spans under it', async () => {
    let n = 0;
    server.handle((req, res) => (++n === 1 ? echo(503)(req, res) : sendJson(res, 200, { ok: true })));
    await expect(getThing()).resolves.toMatchObject({ data: { ok: true } });

    const [operation, first, second, ...more] = spans();
    expect(more).toEqual([]);
    expect(operation.kind).toBe(SpanKind.CLIENT);
    expect(operation.attributes).toEqual({ 'authspec.retry_count': 1 });
    expect(operation.status.code).toBe(SpanStatusCode.UNSET);

    const url = `${server.url}/things/42?token=${REDACTED}`;
    for (const request of [first, second]) {
      expect(request?.name).toBe('GET');
      expect(request?.kind).toBe(SpanKind.CLIENT);
      expect(request?.spanContext().traceId).toBe(operation.spanContext().traceId);
      expect(request?.parentSpanContext?.spanId).toBe(operation.spanContext().spanId);
    }
    expect(first?.attributes).toEqual({
      'http.request.method': 'GET',
      'url.full': url,
      'server.address': '127.0.0.1',
      'server.port': server.port,
      'http.response.status_code': 503,
      'error.type': '503',
    });
    expect(first?.status.code).toBe(SpanStatusCode.ERROR);
    expect(second?.attributes).toEqual({
      'http.request.method': 'GET',
      'url.full': url,
      'server.address': '127.0.0.1',
      'server.port': server.port,
      'http.request.resend_count': 1,
      'http.response.status_code': 200,
    });
    expect(second?.status.code).toBe(SpanStatusCode.UNSET);
    expect(operation.ended && first?.ended && second?.ended).toBe(true);

    const views = [JSON.stringify(spans().map(view)), inspect(spans().map(view), { depth: 10 })];
    for (const text of views) for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  it('marks a failed call: error.type is the error class on the operation, the status on the request', async () => {
    server.handle(echo(404));
    await expect(getThing()).rejects.toMatchObject({ name: 'NotFoundError' });
    const [operation, request, ...more] = spans();
    expect(more).toEqual([]);
    expect(operation.attributes).toEqual({ 'authspec.retry_count': 0, 'error.type': 'NotFoundError' });
    expect(operation.status.code).toBe(SpanStatusCode.ERROR);
    expect(request?.attributes['error.type']).toBe('404');
    expect(request?.attributes['http.response.status_code']).toBe(404);
    const text = JSON.stringify(spans().map(view));
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  it('names the error class of a request that got no answer', async () => {
    const port = await refusedPort();
    await expect(getThing({ maxRetries: 1 }, `http://127.0.0.1:${port}`)).rejects.toMatchObject({
      name: 'ConnectionError',
    });
    const [operation, ...requests] = spans();
    expect(operation.attributes).toEqual({ 'authspec.retry_count': 1, 'error.type': 'ConnectionError' });
    expect(requests.map((s) => s.attributes['error.type'])).toEqual(['ConnectionError', 'ConnectionError']);
    expect(requests.map((s) => s.attributes['http.request.resend_count'])).toEqual([undefined, 1]);
    expect(requests.every((s) => s.status.code === SpanStatusCode.ERROR)).toBe(true);
  });

  it('starts no request span under an operation that is not recorded (sampled out)', async () => {
    server.handle((_req, res) => sendJson(res, 200, {}));
    const off = new BasicTracerProvider({
      sampler: new AlwaysOffSampler(),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    await expect(getThing({ hooks: tracing(off.getTracer('off')) })).resolves.toBeDefined();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});

/** What an exporter sends of a span. */
function view(span: ReadableSpan) {
  return {
    name: span.name,
    attributes: span.attributes,
    status: span.status,
    events: span.events,
    links: span.links,
    resource: span.resource.attributes,
  };
}

// Every method against a real HTTP server: what arrives on the wire, what comes back, and the
// failure paths a user meets.
import { inspect } from 'node:util';
import { type Tracer, tracing } from '@authspec/core/tracing';
import { refusedPort, sendEmpty, sendJson, useTestServer } from '@authspec/test-utils';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConnectionError,
  createEquinixOtpClient,
  DEFAULT_BASE_URL,
  InternalServerError,
  REDACTED,
  type RequestHookEvent,
  UnprocessableEntityError,
  ValidationError,
} from '../src';

const AUTH_TOKEN = 'eqx-api-key-7f3a9c';
const server = useTestServer();

const client = (options: Partial<Parameters<typeof createEquinixOtpClient>[0]> = {}) =>
  createEquinixOtpClient({ authToken: AUTH_TOKEN, baseUrl: `${server.url}/metal/v1`, ...options });

describe('methods', () => {
  it('verify(otp) posts the code in the path with X-Auth-Token and resolves on 204', async () => {
    server.handle((_req, res) => sendEmpty(res, 204));
    await expect(client().verify('123456')).resolves.toBeUndefined();
    const [req] = server.requests;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/metal/v1/user/otp/verify/123456');
    expect(req?.headers['x-auth-token']).toBe(AUTH_TOKEN);
    expect(req?.body).toBe('');
  });

  it('getRecoveryCodes() reads the codes', async () => {
    server.handle((_req, res) => sendJson(res, 200, { recovery_codes: ['a1', 'b2'] }));
    await expect(client().getRecoveryCodes()).resolves.toEqual(['a1', 'b2']);
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/metal/v1/user/otp/recovery-codes' });
  });

  it('regenerateRecoveryCodes() posts and returns the new codes', async () => {
    server.handle((_req, res) => sendJson(res, 200, { recovery_codes: ['c3'] }));
    await expect(client().regenerateRecoveryCodes()).resolves.toEqual(['c3']);
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/metal/v1/user/otp/recovery-codes' });
  });

  it('sendSmsCode() posts to sms/receive', async () => {
    server.handle((_req, res) => sendEmpty(res, 204));
    await expect(client().sendSmsCode()).resolves.toBeUndefined();
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/metal/v1/user/otp/sms/receive' });
  });

  it('defaults to the real Equinix Metal server', () => {
    expect(DEFAULT_BASE_URL).toBe('https://api.equinix.com/metal/v1');
    expect(JSON.stringify(createEquinixOtpClient({ authToken: AUTH_TOKEN }))).toContain(DEFAULT_BASE_URL);
  });
});

describe('failures', () => {
  it('a wrong code is an AuthenticationError with the server error body, and no OTP anywhere', async () => {
    server.handle((_req, res) => sendJson(res, 401, { error: 'Invalid OTP 987654' }));
    const error = (await client()
      .verify('987654')
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(401);
    expect(error.operationId).toBe('FindEnsureOtp');
    expect(error.code).toBe('Invalid OTP [REDACTED]');
    expect(error.url).toBe(`${server.url}/metal/v1/user/otp/verify/[REDACTED]`);
    const everything = `${error.message}\n${JSON.stringify(error)}\n${inspect(error, { depth: 10 })}`;
    expect(everything).not.toContain('987654');
    expect(everything).not.toContain(AUTH_TOKEN);
  });

  it('a 422 is UnprocessableEntityError with the first of errors[] as code', async () => {
    server.handle((_req, res) =>
      sendJson(res, 422, { errors: ['Two factor authentication is not enabled'] }),
    );
    const error = (await client()
      .getRecoveryCodes()
      .catch((e: unknown) => e)) as UnprocessableEntityError;
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error.code).toBe('Two factor authentication is not enabled');
  });

  it('never repeats verify or regenerate after a 503 (they consume or replace codes)', async () => {
    server.handle((_req, res) => sendJson(res, 503, { error: 'busy' }));
    await expect(client().verify('123456')).rejects.toBeInstanceOf(InternalServerError);
    await expect(client().regenerateRecoveryCodes()).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(2);
  });

  it('repeats a GET after a 503', async () => {
    let n = 0;
    server.handle((_req, res) =>
      ++n === 1 ? sendJson(res, 503, {}) : sendJson(res, 200, { recovery_codes: [] }),
    );
    await expect(client().getRecoveryCodes()).resolves.toEqual([]);
    expect(server.requests).toHaveLength(2);
  });

  it('reports an unreachable server as ConnectionError', async () => {
    const port = await refusedPort();
    const error = await createEquinixOtpClient({
      authToken: AUTH_TOKEN,
      baseUrl: `http://127.0.0.1:${port}`,
      maxRetries: 0,
    })
      .getRecoveryCodes()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
  });
});

describe('argument checks', () => {
  it('rejects a missing or empty OTP, and an unusable one, before sending', async () => {
    for (const otp of [undefined, '', '  ', 123456, '..']) {
      await expect(client().verify(otp as any)).rejects.toMatchObject({
        name: 'ValidationError',
        argument: 'otp',
      });
    }
    expect(server.requests).toHaveLength(0);
  });

  it('percent-encodes the OTP into one path segment', async () => {
    server.handle((_req, res) => sendEmpty(res, 204));
    await client().verify('a/b?c#d');
    expect(server.requests[0]?.url).toBe('/metal/v1/user/otp/verify/a%2Fb%3Fc%23d');
  });

  it('rejects a missing or unsafe auth token and a relative base URL', () => {
    expect(() => createEquinixOtpClient({} as any)).toThrow(ValidationError);
    expect(() => createEquinixOtpClient({ authToken: 'a\r\nb' })).toThrow(/authToken/);
    expect(() => createEquinixOtpClient({ authToken: AUTH_TOKEN, baseUrl: '/metal/v1' })).toThrow(/baseUrl/);
  });

  it('never shows the auth token when the client is logged', () => {
    const c = client();
    expect(inspect(c)).not.toContain(AUTH_TOKEN);
    expect(JSON.stringify(c)).not.toContain(AUTH_TOKEN);
    expect(String(c)).toBe('[EquinixOtpClient]');
  });
});

describe('hooks and tracing, through the client options', () => {
  it('hooks see each request redacted, may add a header, and count the retry', async () => {
    let n = 0;
    server.handle((_req, res) =>
      ++n === 1 ? sendJson(res, 503, {}) : sendJson(res, 200, { recovery_codes: ['a1'] }),
    );
    const requests: RequestHookEvent[] = [];
    let retries = 0;
    const codes = await client({
      hooks: {
        onRequest(event) {
          requests.push(event);
          event.setHeader('X-Request-Source', 'hooks-test');
        },
        onRetry: () => {
          retries++;
        },
      },
    }).getRecoveryCodes();
    expect(codes).toEqual(['a1']);
    expect(retries).toBe(1);
    expect(requests.map((e) => [e.operationId, e.attempt])).toEqual([
      ['FindRecoveryCodes', 1],
      ['FindRecoveryCodes', 2],
    ]);
    expect(requests[0]?.headers['x-auth-token']).toBe(REDACTED);
    expect(JSON.stringify(requests)).not.toContain(AUTH_TOKEN);
    expect(server.requests.map((r) => r.headers['x-request-source'])).toEqual(['hooks-test', 'hooks-test']);
  });

  it('tracing(tracer) from @authspec/core/tracing makes an operation span and a request span under it', async () => {
    server.handle((_req, res) => sendEmpty(res, 204));
    // Any object of this shape will do: the package does not need @opentelemetry/api.
    const spans: Array<{
      name: string;
      attributes: Record<string, unknown>;
      parent: unknown;
      ended: boolean;
    }> = [];
    const tracer: Tracer = {
      startSpan(name, options, context) {
        const span = {
          name,
          attributes: { ...options?.attributes } as Record<string, unknown>,
          parent: context?.getValue(Symbol.for('OpenTelemetry Context Key SPAN')),
          ended: false,
          setAttribute(key: string, value: unknown) {
            span.attributes[key] = value;
          },
          setStatus() {},
          isRecording: () => true,
          end() {
            span.ended = true;
          },
        };
        spans.push(span);
        return span;
      },
    };
    await client({ hooks: tracing(tracer) }).verify('123456');
    expect(spans.map((s) => [s.name, s.ended])).toEqual([
      ['FindEnsureOtp', true],
      ['POST', true],
    ]);
    expect(spans[1]?.parent).toBe(spans[0]);
    expect(spans[1]?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.full': `${server.url}/metal/v1/user/otp/verify/${REDACTED}`,
      'http.response.status_code': 204,
    });
    expect(JSON.stringify(spans.map(({ parent: _, ...s }) => s))).not.toContain('123456');
  });
});

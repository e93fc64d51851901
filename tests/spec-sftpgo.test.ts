// SFTPGo 2.7 as its server source behaves (see the reference README): which answers carry the
// Basic challenge, the defender's 403 and the rate limiter's 429 on every operation, the exact
// error bodies, the shape of `expires_at` and the API key accepted on the Bearer routes.
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from './fixtures/operations';
import { collectExamples, schemaValidator } from './helpers/examples';
import { deref, loadBundled, operationsOf } from './helpers/spec';

const api = 'sftpgo-token';
const doc = loadBundled(api);
const ops = operationsOf(api);
const byId = (id: string) => ops.find((o) => o.operation.operationId === id)?.operation;
const response = (id: string, status: string) => deref(doc, byId(id)?.responses?.[status]);
const exampleValues = (res: any) =>
  Object.values<any>(res?.content?.['application/json']?.examples ?? {}).map((e) => deref(doc, e).value);

const TOKEN_ENDPOINTS = ['GetToken', 'GetUserToken'];
const BEARER_ROUTES = ['Logout', 'ClientLogout'];

describe('SFTPGo: WWW-Authenticate', () => {
  it('is on the 401 of the token endpoints, always Basic realm="SFTPGo"', () => {
    for (const id of TOKEN_ENDPOINTS) {
      const header = deref(doc, response(id, '401').headers?.['WWW-Authenticate']);
      expect(header, id).toMatchObject({ required: true, example: 'Basic realm="SFTPGo"' });
      expect(header.schema.const).toBe('Basic realm="SFTPGo"');
    }
  });

  it('is on no other response of any operation', () => {
    for (const { operation } of ops) {
      for (const [status, ref] of Object.entries<any>(operation.responses)) {
        if (TOKEN_ENDPOINTS.includes(operation.operationId) && status === '401') continue;
        const headers = Object.keys(deref(doc, ref).headers ?? {}).map((h) => h.toLowerCase());
        expect(headers, `${operation.operationId} ${status}`).not.toContain('www-authenticate');
      }
    }
  });

  it('the token endpoints answer every failure with "invalid credentials", or no error without credentials', () => {
    for (const id of TOKEN_ENDPOINTS) {
      expect(exampleValues(response(id, '401'))).toEqual([
        { message: 'Unauthorized', error: 'invalid credentials' },
        { message: 'Unauthorized' },
      ]);
    }
  });

  it('the Bearer routes answer the four token messages of the server', () => {
    for (const id of BEARER_ROUTES) {
      const values = exampleValues(response(id, '401'));
      expect(values).toEqual(
        expect.arrayContaining([
          { message: 'Your token is no longer valid' },
          { message: 'Your token audience is not valid' },
          { message: 'Your token is not valid' },
          { message: 'Unauthorized', error: 'no token found' },
        ]),
      );
    }
  });
});

describe('SFTPGo: defender and rate limiting', () => {
  const blocked = { message: '', error: 'your IP address is blocked' };

  it('every operation answers 403 with the banned-address body among its examples', () => {
    expect(ops).toHaveLength(4);
    for (const { operation } of ops) {
      expect(exampleValues(response(operation.operationId, '403')), operation.operationId).toContainEqual(
        blocked,
      );
    }
  });

  it('every operation answers 429 with Retry-After (seconds) and X-Retry-In', () => {
    for (const { operation } of ops) {
      const res = response(operation.operationId, '429');
      expect(res, operation.operationId).toBeDefined();
      const retryAfter = deref(doc, res.headers?.['Retry-After']);
      const retryIn = deref(doc, res.headers?.['X-Retry-In']);
      expect(retryAfter).toMatchObject({ required: true, schema: { type: 'integer' } });
      expect(retryIn).toMatchObject({ required: true, schema: { type: 'string' } });
      expect(exampleValues(res)[0]).toMatchObject({ message: 'Too Many Requests' });
    }
  });

  it('a refused user gets {"message":"Forbidden","error":<reason>}', () => {
    const refusals = exampleValues(response('GetUserToken', '403')).filter((v) => v.message === 'Forbidden');
    expect(refusals.length).toBeGreaterThan(0);
    for (const v of refusals) expect(v.error).toMatch(/\S/);
  });

  it('the fixture lists 403 and 429 for every SFTPGo operation', () => {
    for (const o of OPERATIONS.filter((e) => e.api === api)) {
      expect(o.errors, o.operationId).toEqual(expect.arrayContaining([403, 429]));
    }
  });
});

describe('SFTPGo: Token', () => {
  const validate = schemaValidator(api);
  const token = (expires_at: unknown) =>
    validate('#/components/schemas/Token', { access_token: 'x.y.z', expires_at });

  it('requires access_token (the server always sends it)', () => {
    const schema = deref(doc, doc.components?.schemas?.Token);
    expect(schema.required).toContain('access_token');
    expect(validate('#/components/schemas/Token', { expires_at: '2026-11-23T10:20:00Z' }).valid).toBe(false);
  });

  it('takes expires_at as UTC RFC 3339 with whole seconds', () => {
    const schema = deref(doc, doc.components?.schemas?.Token).properties.expires_at;
    expect(schema).toMatchObject({ type: 'string', format: 'date-time' });
    expect(token('2026-11-23T10:20:00Z').valid).toBe(true);
    for (const bad of [
      '2026-11-23T10:20:00.123Z',
      '2026-11-23T10:20:00+01:00',
      '2026-11-23T10:20:00',
      1795000000,
    ]) {
      expect(token(bad).valid, String(bad)).toBe(false);
    }
  });
});

describe('SFTPGo: API keys', () => {
  it('declares X-SFTPGO-API-KEY as an apiKey in the header', () => {
    expect(doc.components?.securitySchemes?.APIKeyAuth).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-SFTPGO-API-KEY',
    });
  });

  it('accepts it as an alternative to the Bearer token on the logouts, not on the token endpoints', () => {
    for (const id of BEARER_ROUTES) {
      expect(byId(id)?.security, id).toEqual([{ BearerAuth: [] }, { APIKeyAuth: [] }]);
    }
    for (const id of TOKEN_ENDPOINTS) expect(byId(id)?.security, id).toEqual([{ BasicAuth: [] }]);
  });

  it('the logouts refuse a request authenticated by an API key with 403', () => {
    for (const id of BEARER_ROUTES) {
      expect(exampleValues(response(id, '403'))).toContainEqual({
        message: 'API key authentication is not allowed',
      });
    }
  });
});

describe('SFTPGo: examples', () => {
  it('every example, shared ones included, fits ApiResponse or Token', () => {
    const validate = schemaValidator(api);
    const shared = Object.entries<any>(doc.components?.examples ?? {});
    expect(shared.length).toBeGreaterThan(0);
    for (const [name, example] of shared) {
      const result = validate('#/components/schemas/ApiResponse', example.value);
      expect(result.valid, `${name}: ${result.errors}`).toBe(true);
    }
    expect(collectExamples(doc).length).toBeGreaterThan(10);
  });
});

// Table-driven: every seed operation (and every other operation of the real services the spec
// covers) exists in the bundled spec with its operationId, method, path, parameters, body,
// statuses and security.
import { describe, expect, it } from 'vitest';
import { APIS } from '../scripts/lib/apis.mjs';
import { type ExpectedOperation, OPERATIONS } from './fixtures/operations';
import { deref, loadBundled, operationsOf } from './helpers/spec';

const byApi = (api: string) => OPERATIONS.filter((o) => o.api === api);

describe('operation inventory', () => {
  it('covers 6 + 16 + 4 + 4 seed operations and 25 further Logto operations', () => {
    const seeds = (api: string) => byApi(api).filter((o) => o.seed).length;
    expect(seeds('logto-one-time-tokens')).toBe(6);
    expect(seeds('logto-experience')).toBe(16);
    expect(seeds('equinix-metal-otp')).toBe(4);
    expect(seeds('sftpgo-token')).toBe(4);
    const extra = (api: string) => byApi(api).filter((o) => !o.seed).length;
    // The token endpoint; the 21 other Experience operations of Logto 1.42 and the three
    // sign-in experience settings endpoints.
    expect(extra('logto-one-time-tokens')).toBe(1);
    expect(extra('logto-experience')).toBe(24);
    expect(OPERATIONS.filter((o) => !o.seed)).toHaveLength(25);
  });

  it.each(APIS.map((a) => a.name))('%s has exactly the expected operations', (api) => {
    const actual = operationsOf(api)
      .map((o) => o.operation.operationId)
      .sort();
    expect(actual).toEqual(
      byApi(api)
        .map((o) => o.operationId)
        .sort(),
    );
  });
});

describe.each(OPERATIONS)('$operationId ($method $path)', (expected: ExpectedOperation) => {
  const doc = loadBundled(expected.api);
  const item = doc.paths[expected.path];
  const op = item?.[expected.method];

  it('exists at its method and path with the seed operationId', () => {
    expect(op, `${expected.method.toUpperCase()} ${expected.path}`).toBeDefined();
    expect(op.operationId).toBe(expected.operationId);
  });

  it('has a summary, a description and a tag', () => {
    expect(op.summary).toMatch(/\S/);
    expect(op.description).toMatch(/\S/);
    expect(op.tags?.length).toBeGreaterThan(0);
  });

  it('declares the real parameters and which are required', () => {
    const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: any) => deref(doc, p));
    const actual = params.map((p: any) => `${p.in}:${p.name}${p.required ? '!' : ''}`).sort();
    expect(actual).toEqual([...(expected.params ?? [])].sort());
  });

  it('takes the real request body', () => {
    const body = deref(doc, op.requestBody);
    if (!expected.body) {
      expect(body).toBeUndefined();
      return;
    }
    expect(body.required).toBe(true);
    const type = expected.bodyType ?? 'application/json';
    expect(Object.keys(body.content)).toEqual([type]);
    const schema = deref(doc, body.content[type].schema);
    expect([...(schema.required ?? [])].sort()).toEqual([...expected.body].sort());
  });

  it('answers the real success and error statuses', () => {
    const statuses = Object.keys(op.responses);
    const success = statuses.filter((s) => s.startsWith('2')).map(Number);
    expect(success.sort()).toEqual([expected.success, ...(expected.alsoSuccess ?? [])].sort());
    const errors = statuses.filter((s) => /^[45]/.test(s)).map(Number);
    expect(errors.sort()).toEqual([...expected.errors].sort());
  });

  it('describes an error body on every error status', () => {
    for (const status of expected.errors) {
      const response = deref(doc, op.responses[String(status)]);
      const schema = response.content?.['application/json']?.schema;
      expect(schema, `${status} has a JSON error body`).toBeDefined();
    }
  });

  it('uses the security scheme of the real service', () => {
    const requirements = op.security ?? doc.security ?? [];
    const schemes = requirements.flatMap((req: Record<string, string[]>) =>
      Object.keys(req).map((name) => {
        const scheme = doc.components?.securitySchemes?.[name];
        return scheme.type === 'http' ? `http:${scheme.scheme}` : scheme.type;
      }),
    );
    expect(schemes).toEqual(expected.security);
  });
});

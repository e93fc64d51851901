// Every documented example validates against its schema, checked with Ajv (JSON Schema
// 2020-12, the dialect of OpenAPI 3.1) independently of Redocly's own example rule.
import { describe, expect, it } from 'vitest';
import { APIS } from '../scripts/lib/apis.mjs';
import { OPERATIONS } from './fixtures/operations';
import { collectExamples, schemaValidator } from './helpers/examples';
import { loadBundled } from './helpers/spec';

describe.each(APIS.map((a) => a.name))('%s examples', (api) => {
  const doc = loadBundled(api);
  const examples = collectExamples(doc);
  const validate = schemaValidator(api);

  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map((e) => [e.pointer, e] as const))('%s matches its schema', (_pointer, example) => {
    const result = validate(example.schemaPointer, example.value);
    expect(result.valid, result.errors).toBe(true);
  });

  it('gives every operation with a request body a request example, and every JSON success answer a response example', () => {
    for (const expected of OPERATIONS.filter((o) => o.api === api)) {
      const op = doc.paths[expected.path]?.[expected.method];
      const pointerBase = `#/paths/${expected.path.replace(/\//g, '~1')}/${expected.method}`;
      if (op.requestBody) {
        const hasExample = examples.some((e) => e.pointer.startsWith(`${pointerBase}/requestBody/`));
        expect(hasExample, `${expected.operationId} request example`).toBe(true);
      }
      const success = op.responses[String(expected.success)];
      if (success.content?.['application/json']?.schema) {
        const hasExample = examples.some((e) =>
          e.pointer.startsWith(`${pointerBase}/responses/${expected.success}/`),
        );
        expect(hasExample, `${expected.operationId} response example`).toBe(true);
      }
    }
  });
});

describe('the example validator', () => {
  it('rejects a value that breaks its schema', () => {
    const validate = schemaValidator('logto-one-time-tokens');
    const result = validate('#/components/schemas/OneTimeToken', {
      tenantId: 'default',
      id: 'x',
      email: 'a@b.c',
      token: 't',
      context: {},
      status: 'bogus',
      createdAt: 1,
      expiresAt: 2,
    });
    expect(result.valid).toBe(false);
    expect(result.errors).toMatch(/status/);
  });
});

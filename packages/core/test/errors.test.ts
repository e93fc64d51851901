// Error classes: hierarchy, branded instanceof across the ESM and CJS builds (both ship, and an
// application can load both), and secret-free views.
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as source from '../src';

const require = createRequire(import.meta.url);
// The built files, as consumers load them.
const cjs = require('../dist/index.cjs') as unknown as typeof source;
const esm = (await import('../dist/index.mjs')) as unknown as typeof source;

const base = {
  operationId: 'GetThing',
  method: 'GET',
  url: 'https://api.example.com/things/1',
  body: { code: 'x' },
  headers: {},
};

describe('error hierarchy', () => {
  it('puts every error under AuthspecError and every HTTP error under ApiError', () => {
    const e = source.ApiError.fromResponse({ ...base, status: 404 });
    expect(e).toBeInstanceOf(source.NotFoundError);
    expect(e).toBeInstanceOf(source.ApiError);
    expect(e).toBeInstanceOf(source.AuthspecError);
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(source.AuthenticationError);
    expect(e.name).toBe('NotFoundError');
    expect(new source.ValidationError('id', 'must be a string')).not.toBeInstanceOf(source.ApiError);
  });

  it('keeps instanceof true across the ESM and CJS builds', () => {
    const fromCjs = cjs.ApiError.fromResponse({ ...base, status: 401 });
    const fromEsm = esm.ApiError.fromResponse({ ...base, status: 429 });
    expect(cjs.AuthenticationError).not.toBe(esm.AuthenticationError);
    expect(fromCjs).toBeInstanceOf(esm.AuthenticationError);
    expect(fromCjs).toBeInstanceOf(esm.ApiError);
    expect(fromCjs).toBeInstanceOf(source.AuthspecError);
    expect(fromEsm).toBeInstanceOf(cjs.RateLimitError);
    expect(fromEsm).not.toBeInstanceOf(cjs.NotFoundError);
    expect(new cjs.TimeoutError({ ...base, attempts: 1, timeoutMs: 5 })).toBeInstanceOf(esm.TimeoutError);
  });

  it('is not fooled by unrelated values', () => {
    for (const value of [
      null,
      undefined,
      42,
      'ApiError',
      {},
      new Error('x'),
      { name: 'ApiError', status: 404 },
    ]) {
      expect(value instanceof source.ApiError).toBe(false);
    }
  });

  it('exposes a useful message, JSON and inspect view', () => {
    const e = source.ApiError.fromResponse({
      ...base,
      status: 409,
      code: 'thing.exists',
      detail: 'It exists.',
    });
    expect(e.message).toBe(
      'GetThing failed with 409 - thing.exists: It exists. (GET https://api.example.com/things/1)',
    );
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({
      name: 'ConflictError',
      status: 409,
      code: 'thing.exists',
    });
    expect(inspect(e)).toContain("code: 'thing.exists'");
  });

  it('shows only the kind of its cause in views', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED token=abcd1234'), { code: 'ECONNREFUSED' });
    const e = new source.ConnectionError({ ...base, attempts: 1, cause, reason: 'ECONNREFUSED' });
    expect(e.cause).toBe(cause);
    const views = `${JSON.stringify(e)}\n${inspect(e)}`;
    expect(views).not.toContain('abcd1234');
    expect(views).toContain('ECONNREFUSED');
  });
});

describe('the built files', () => {
  it('load with require() and import, and the CJS build creates a working client', async () => {
    expect(typeof cjs.createRuntime).toBe('function');
    expect(typeof esm.createRuntime).toBe('function');
    const rt = cjs.createRuntime({
      package: { name: '@authspec/x', version: '0' },
      baseUrl: 'http://127.0.0.1:9',
      options: {},
      service: { secrets: { headers: [], members: [] }, describeError: () => ({}) },
    });
    expect(typeof rt.invoke).toBe('function');
  });
});

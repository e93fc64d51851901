import { describe, expect, it } from 'vitest';
import { Router } from '../src/http/router.js';

const route = (method: string, path: string) => ({ method, path, name: `${method} ${path}` });

describe('the router', () => {
  const router = new Router<ReturnType<typeof route>>();
  for (const [method, path] of [
    ['GET', '/api/one-time-tokens'],
    ['POST', '/api/one-time-tokens'],
    ['POST', '/api/one-time-tokens/verify'],
    ['GET', '/api/one-time-tokens/{id}'],
    ['DELETE', '/api/one-time-tokens/{id}'],
    ['PUT', '/api/one-time-tokens/{id}/status'],
    ['GET', '/sign-in/*'],
  ] as const)
    router.add(route(method, path));

  it('prefers a fixed path, then falls back to templates for another method (as OpenAPI routers do)', () => {
    expect(router.match('POST', '/api/one-time-tokens/verify')).toMatchObject({ kind: 'found', params: {} });
    expect(router.match('GET', '/api/one-time-tokens/verify')).toMatchObject({
      kind: 'found',
      route: { name: 'GET /api/one-time-tokens/{id}' },
      params: { id: 'verify' },
    });
  });

  it('decodes path parameters, ignores trailing slashes, and matches the rest of a path with *', () => {
    expect(router.match('PUT', '/api/one-time-tokens/a%2Fb/status/')).toMatchObject({
      params: { id: 'a/b' },
    });
    expect(router.match('GET', '/sign-in')).toMatchObject({ kind: 'found', params: {} });
    expect(router.match('GET', '/sign-in/assets/app.js')).toMatchObject({ params: { '*': 'assets/app.js' } });
  });

  it('tells a wrong method (with the methods the path has) from an unknown path and a malformed one', () => {
    expect(router.match('PATCH', '/api/one-time-tokens/abc')).toEqual({
      kind: 'method-not-allowed',
      allow: ['GET', 'DELETE'],
    });
    expect(router.match('GET', '/api/one-time-tokens/abc/nothing')).toEqual({ kind: 'not-found' });
    expect(router.match('GET', '/api/one-time-tokens/%E0%A4%A')).toEqual({ kind: 'malformed' });
    expect(router.methods('/api/one-time-tokens')).toEqual(['GET', 'POST']);
  });

  it('refuses two routes for one method and path', () => {
    expect(() => router.add(route('GET', '/api/one-time-tokens/{other}'))).toThrow('Two routes');
  });
});

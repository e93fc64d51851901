import { describe, expect, it } from 'vitest';
import { checkBaseUrl, optionalNumber, requireHeaderValue, requireOneOf, requireString } from '../src';

describe('argument checks', () => {
  it('names the argument and what is wrong with it', () => {
    expect(() => requireString(undefined, 'email', 'AddOneTimeTokens')).toThrow(
      'AddOneTimeTokens: email must be a non-empty string (got undefined)',
    );
    expect(() => requireString('   ', 'email')).toThrow(
      'email must be a non-empty string (got a blank string)',
    );
    expect(() => requireString(42, 'id')).toThrow('(got a number)');
    expect(() => requireOneOf('pending', ['active', 'revoked'], 'status')).toThrow(
      'status must be one of active, revoked (got "pending")',
    );
  });

  it('refuses header values that cannot be sent', () => {
    expect(() => requireHeaderValue('123\r\n456', 'otp')).toThrow(/CR, LF or NUL/);
    expect(() => requireHeaderValue('a\u0007b', 'otp')).toThrow(/control characters/);
    expect(() => requireHeaderValue('café ☕', 'otp')).toThrow(/Latin-1/);
    expect(requireHeaderValue('café', 'otp')).toBe('café');
  });

  it('checks numbers against their range', () => {
    const pageSize = { min: 1, max: 100, integer: true };
    expect(optionalNumber(100, 'pageSize', pageSize)).toBe(100);
    expect(optionalNumber(undefined, 'pageSize', pageSize)).toBeUndefined();
    // The rejected value is echoed: numbers are never secrets here.
    expect(() => optionalNumber(101, 'pageSize', pageSize)).toThrow(
      'pageSize must be an integer >= 1 and <= 100 (got 101)',
    );
    expect(() => optionalNumber(-1, 'timeoutMs', { min: 0 })).toThrow('timeoutMs must be a number >= 0');
  });

  it('accepts only absolute http(s) base URLs without credentials', () => {
    expect(checkBaseUrl('https://x.test/api/v2/', 'baseUrl')).toBe('https://x.test/api/v2');
    expect(() => checkBaseUrl('/api/v2', 'baseUrl')).toThrow(/absolute/);
    expect(() => checkBaseUrl('ftp://x.test', 'baseUrl')).toThrow(/absolute/);
    expect(() => checkBaseUrl('https://user:pw@x.test', 'baseUrl')).toThrow(/credentials/);
    expect(() => checkBaseUrl('https://x.test/api#frag', 'baseUrl')).toThrow(/fragment/);
    expect(() => checkBaseUrl('https://x.test/api?tenant=1', 'baseUrl')).toThrow(/query/);
  });
});

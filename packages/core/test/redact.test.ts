import { describe, expect, it } from 'vitest';
import { REDACTED, redactBody, redactHeaders, redactUrl, SecretValues } from '../src';

describe('redaction', () => {
  it('redacts secret headers by name, whatever their case', () => {
    expect(
      redactHeaders({
        Authorization: 'Bearer abc',
        'X-Auth-Token': 'k',
        Cookie: 'a=b',
        'set-cookie': 'c=d',
        'X-SFTPGO-OTP': '123456',
        'Content-Type': 'application/json',
      }),
    ).toEqual({
      authorization: REDACTED,
      'x-auth-token': REDACTED,
      cookie: REDACTED,
      'set-cookie': REDACTED,
      'x-sftpgo-otp': REDACTED,
      'content-type': 'application/json',
    });
  });

  it('redacts secret members of bodies, deeply', () => {
    const body = {
      email: 'ada@example.com',
      password: 'hunter22',
      client_secret: 'cs',
      nested: { accessToken: 'at', recovery_codes: ['a', 'b'], list: [{ token: 't' }] },
      identifier: { type: 'email', value: 'ada@example.com' },
    };
    expect(redactBody(body, { request: true })).toEqual({
      email: 'ada@example.com',
      password: REDACTED,
      client_secret: REDACTED,
      nested: { accessToken: REDACTED, recovery_codes: REDACTED, list: [{ token: REDACTED }] },
      identifier: { type: 'email', value: 'ada@example.com' },
    });
  });

  it('treats `code` as a secret in requests but as an error code in answers', () => {
    expect(redactBody({ code: '482915' }, { request: true })).toEqual({ code: REDACTED });
    expect(redactBody({ code: 'one_time_token.token_expired' }, { request: false })).toEqual({
      code: 'one_time_token.token_expired',
    });
  });

  it('redacts a password given as a profile value', () => {
    expect(redactBody({ type: 'password', value: 'hunter22' }, { request: true })).toEqual({
      type: 'password',
      value: REDACTED,
    });
    expect(redactBody({ type: 'username', value: 'ada' }, { request: true })).toEqual({
      type: 'username',
      value: 'ada',
    });
  });

  it('scrubs known secret values from any text, including their URL-encoded form', () => {
    const secrets = new SecretValues().add('p@ss word!', '482915', 'ab');
    expect(secrets.scrub('wrong password p@ss word! for code 482915')).toBe(
      `wrong password ${REDACTED} for code ${REDACTED}`,
    );
    expect(secrets.scrub('/verify/p%40ss%20word!')).toBe(`/verify/${REDACTED}`);
    // Values shorter than 4 characters would garble ordinary text.
    expect(secrets.scrub('about')).toBe('about');
    expect(JSON.stringify(secrets)).not.toContain('482915');
  });

  it('redacts secret query parameters and secret path values of URLs', () => {
    const secrets = new SecretValues().add('654321');
    expect(redactUrl('https://x.test/user/otp/verify/654321?page=2', secrets)).toBe(
      `https://x.test/user/otp/verify/${REDACTED}?page=2`,
    );
    expect(redactUrl('https://x.test/cb?code=abc&state=s&access_token=t')).toBe(
      `https://x.test/cb?code=${REDACTED}&state=s&access_token=${REDACTED}`,
    );
  });
});

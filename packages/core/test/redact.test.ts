import { describe, expect, it } from 'vitest';
import { REDACTED, redactBody, redactHeaders, redactor, redactUrl, SecretValues } from '../src/redact';

// The secrets of one API, as its generated table lists them.
const api = redactor({
  headers: ['X-Auth-Token', 'x-sftpgo-otp'],
  members: ['access_token', 'recovery_codes', 'token'],
});

describe('redaction', () => {
  it("redacts HTTP's credential headers and the API's secret headers by name, whatever their case", () => {
    expect(
      redactHeaders(
        {
          Authorization: 'Bearer abc',
          'X-Auth-Token': 'k',
          Cookie: 'a=b',
          'set-cookie': 'c=d',
          'X-SFTPGO-OTP': '123456',
          'Content-Type': 'application/json',
        },
        api,
      ),
    ).toEqual({
      authorization: REDACTED,
      'x-auth-token': REDACTED,
      cookie: REDACTED,
      'set-cookie': REDACTED,
      'x-sftpgo-otp': REDACTED,
      'content-type': 'application/json',
    });
  });

  it('scrubs known secret values from every other header value', () => {
    const secrets = new SecretValues().add('s3cret-value');
    expect(redactHeaders({ 'x-echo': 'got s3cret-value' }, api, secrets)).toEqual({
      'x-echo': `got ${REDACTED}`,
    });
  });

  it("redacts the API's secret members of bodies, deeply, and compares names without case, _ or -", () => {
    const body = {
      email: 'ada@example.com',
      nested: { accessToken: 'at', recovery_codes: ['a', 'b'], list: [{ token: 't' }] },
      code: 'one_time_token.token_expired',
    };
    expect(redactBody(body, api)).toEqual({
      email: 'ada@example.com',
      nested: { accessToken: REDACTED, recovery_codes: REDACTED, list: [{ token: REDACTED }] },
      code: 'one_time_token.token_expired',
    });
  });

  it('scrubs known secret values from every string of a body, and from member names', () => {
    const secrets = new SecretValues().add('hunter-22');
    expect(redactBody({ message: 'wrong password hunter-22', 'hunter-22': 1 }, api, secrets)).toEqual({
      message: `wrong password ${REDACTED}`,
      [REDACTED]: 1,
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

  it('never forgets the values a client was given, however many tokens rotate through', () => {
    const secrets = new SecretValues(4).add('client-secret-1');
    for (let i = 0; i < 100; i++) secrets.addRotating(`access-token-${i}`);
    expect(secrets.scrub('client-secret-1 access-token-99')).toBe(`${REDACTED} ${REDACTED}`);
    // The oldest rotating values are forgotten, within the window.
    expect(secrets.scrub('access-token-0')).toBe('access-token-0');
  });

  it("redacts the API's secret query parameters and scrubs secret values from URLs", () => {
    const secrets = new SecretValues().add('654321');
    expect(redactUrl('https://x.test/user/otp/verify/654321?page=2', api, secrets)).toBe(
      `https://x.test/user/otp/verify/${REDACTED}?page=2`,
    );
    expect(redactUrl('https://x.test/cb?state=s&access_token=t', api)).toBe(
      `https://x.test/cb?state=s&access_token=${REDACTED}`,
    );
  });
});

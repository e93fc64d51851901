import { describe, expect, it } from 'vitest';
import { bindApi } from '../src/http/openapi.js';
import { managementBinding } from '../src/logto/management.js';
import { sftpgoBinding } from '../src/sftpgo.js';

// The response check is what keeps the emulator and the spec from drifting apart (every other
// test file asserts it found nothing), so it must itself catch mismatches.
describe('response validation against the spec', () => {
  const token = {
    tenantId: 'default',
    id: 'abc',
    email: 'a@example.com',
    token: 'x'.repeat(32),
    context: {},
    status: 'active',
    createdAt: 1,
    expiresAt: 2,
  };

  it('accepts documented answers and flags undocumented statuses and wrong or missing bodies', async () => {
    const management = await bindApi(managementBinding);
    const add = management.operation('AddOneTimeTokens');
    const remove = management.operation('DeleteOneTimeToken');
    if (!add || !remove) throw new Error('operations missing from the spec');
    const id = { 'Logto-Core-Request-Id': 'req-1' };
    expect(management.checkResponse(add, { status: 201, body: token, headers: id })).toEqual([]);
    expect(management.checkResponse(add, { status: 201, body: token })).toEqual([
      { message: 'required header Logto-Core-Request-Id missing' },
    ]);
    expect(management.checkResponse(add, { status: 418, body: {} })).toEqual([
      { message: 'status 418 is not documented' },
    ]);
    expect(management.checkResponse(add, { status: 201, body: { ...token, status: 'lost' } })).not.toEqual(
      [],
    );
    expect(
      management.checkResponse(add, { status: 201, body: { ...token, id: 'x'.repeat(22) } }),
    ).not.toEqual([]);
    expect(management.checkResponse(add, { status: 201, headers: id })).toEqual([
      { message: 'the spec documents a JSON body for this status, none was sent' },
    ]);
    expect(management.checkResponse(remove, { status: 204, headers: id })).toEqual([]);
    expect(management.checkResponse(remove, { status: 204, body: {}, headers: id })).toEqual([
      { message: 'the spec documents no body for this status' },
    ]);
  });

  it('checks required headers and string formats', async () => {
    const sftpgo = await bindApi(sftpgoBinding);
    const getToken = sftpgo.operation('GetToken');
    if (!getToken) throw new Error('GetToken missing from the spec');
    const unauthorized = { message: 'Unauthorized', error: 'invalid credentials' };
    expect(sftpgo.checkResponse(getToken, { status: 401, body: unauthorized })).toEqual([
      { message: 'required header WWW-Authenticate missing' },
    ]);
    expect(
      sftpgo.checkResponse(getToken, {
        status: 401,
        body: unauthorized,
        headers: { 'WWW-Authenticate': 'Basic realm="SFTPGo"' },
      }),
    ).toEqual([]);
    expect(
      sftpgo.checkResponse(getToken, {
        status: 200,
        body: { access_token: 'x', expires_at: '2030-01-01T00:00:00Z' },
      }),
    ).toEqual([]);
    expect(
      sftpgo.checkResponse(getToken, { status: 200, body: { access_token: 'x', expires_at: 'tomorrow' } }),
    ).not.toEqual([]);
    // `default` covers any other status of the SFTPGo operations.
    expect(
      sftpgo.checkResponse(getToken, { status: 400, body: { message: 'Invalid request', error: 'x' } }),
    ).toEqual([]);
  });
});

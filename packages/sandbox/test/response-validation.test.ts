import { describe, expect, it } from 'vitest';
import { compileDocument } from '../src/spec/compile.js';

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

  const operation = async (document: Parameters<typeof compileDocument>[0], operationId: string) => {
    const compiled = await compileDocument(document);
    const found = compiled.operations.find((op) => op.operationId === operationId);
    if (!found) throw new Error(`${operationId} missing from the spec`);
    return (reply: Parameters<typeof compiled.checkResponse>[1]) => compiled.checkResponse(found, reply);
  };

  it('accepts documented answers and flags undocumented statuses and wrong or missing bodies', async () => {
    const add = await operation('logto-one-time-tokens', 'AddOneTimeTokens');
    const remove = await operation('logto-one-time-tokens', 'DeleteOneTimeToken');
    const id = { 'Logto-Core-Request-Id': 'req-1' };
    expect(add({ status: 201, body: token, headers: id })).toEqual([]);
    expect(add({ status: 201, body: token })).toEqual([
      { message: 'required header Logto-Core-Request-Id missing' },
    ]);
    expect(add({ status: 418, body: {} })).toEqual([{ message: 'status 418 is not documented' }]);
    expect(add({ status: 201, body: { ...token, status: 'lost' } })).not.toEqual([]);
    expect(add({ status: 201, body: { ...token, id: 'x'.repeat(22) } })).not.toEqual([]);
    expect(add({ status: 201, headers: id })).toEqual([
      { message: 'the spec documents a JSON body for this status, none was sent' },
    ]);
    expect(remove({ status: 204, headers: id })).toEqual([]);
    expect(remove({ status: 204, body: {}, headers: id })).toEqual([
      { message: 'the spec documents no body for this status' },
    ]);
  });

  it('checks required headers and string formats', async () => {
    const getToken = await operation('sftpgo-token', 'GetToken');
    const unauthorized = { message: 'Unauthorized', error: 'invalid credentials' };
    expect(getToken({ status: 401, body: unauthorized })).toEqual([
      { message: 'required header WWW-Authenticate missing' },
    ]);
    expect(
      getToken({ status: 401, body: unauthorized, headers: { 'WWW-Authenticate': 'Basic realm="SFTPGo"' } }),
    ).toEqual([]);
    expect(
      getToken({ status: 200, body: { access_token: 'x', expires_at: '2030-01-01T00:00:00Z' } }),
    ).toEqual([]);
    expect(getToken({ status: 200, body: { access_token: 'x', expires_at: 'tomorrow' } })).not.toEqual([]);
    // `default` covers any other status of the SFTPGo operations.
    expect(getToken({ status: 400, body: { message: 'Invalid request', error: 'x' } })).toEqual([]);
  });
});

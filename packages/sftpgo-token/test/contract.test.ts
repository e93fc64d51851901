// Contract: every method runs against Prism serving the project's own bundled spec with request
// validation on, so a request the spec does not allow fails the test. Clients keep their retries:
// on a loaded machine Prism now and then refuses a connection, which is not what these test.
// Each request takes a new connection (`PrismServer.fetch`), for the reason given there.
import { bundledSpec, type PrismServer, startPrism } from '@authspec/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSftpgoTokenClient } from '../src';
import { sftpgoTokenApi } from '../src/api';

let prism: PrismServer;
beforeAll(async () => {
  prism = await startPrism(bundledSpec('sftpgo-token'));
}, 120_000);
afterAll(() => prism?.close());

// Prism serves the spec's paths at its root, so the base URL has no /api/v2 here.
const client = () => createSftpgoTokenClient({ baseUrl: prism.url, maxRetries: 2, fetch: prism.fetch });
const token = { access_token: expect.any(String), expires_at: expect.any(String) };

describe('SFTPGo token client against the spec', () => {
  it('getToken with and without a passcode', async () => {
    await expect(client().getToken({ username: 'admin', password: 'pw', otp: '492039' })).resolves.toEqual(
      token,
    );
    await expect(client().getToken({ username: 'admin', password: 'pw' })).resolves.toEqual(token);
  });
  it('getUserToken', async () => {
    await expect(
      client().getUserToken({ username: 'alice', password: 'pw', otp: '492039' }),
    ).resolves.toEqual(token);
  });
  it('logout', async () => {
    await expect(client().logout({ accessToken: 'eyJ.admin.jwt' })).resolves.toEqual({
      message: expect.any(String),
    });
  });
  it('clientLogout', async () => {
    await expect(client().clientLogout({ accessToken: 'eyJ.user.jwt' })).resolves.toEqual({
      message: expect.any(String),
    });
  });
  it('answers 401 with WWW-Authenticate when Basic credentials are missing', async () => {
    const { response } = await sftpgoTokenApi(client()).GET('/token', {});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="SFTPGo"');
    await expect(sftpgoTokenApi(client()).GET('/logout', {})).resolves.toMatchObject({
      response: { status: 401 },
    });
  });
});

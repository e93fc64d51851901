// Contract: every method runs against Prism serving the project's own bundled spec with request
// validation on, so a request the spec does not allow fails the test. Clients keep their retries:
// on a loaded machine Prism now and then refuses a connection, which is not what these test.
// Each request takes a new connection (`PrismServer.fetch`), for the reason given there.
import { bundledSpec, type PrismServer, startPrism } from '@authspec/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEquinixOtpClient } from '../src';
import { equinixOtpApi } from '../src/api';

let prism: PrismServer;
beforeAll(async () => {
  prism = await startPrism(bundledSpec('equinix-metal-otp'));
}, 120_000);
afterAll(() => prism?.close());

const client = () =>
  createEquinixOtpClient({
    authToken: 'contract-api-key',
    baseUrl: prism.url,
    maxRetries: 2,
    fetch: prism.fetch,
  });

describe('Equinix Metal OTP client against the spec', () => {
  it('verify', async () => {
    await expect(client().verify('123456')).resolves.toBeUndefined();
  });
  it('getRecoveryCodes', async () => {
    await expect(client().getRecoveryCodes()).resolves.toEqual(expect.arrayContaining([expect.any(String)]));
  });
  it('regenerateRecoveryCodes', async () => {
    await expect(client().regenerateRecoveryCodes()).resolves.toEqual(
      expect.arrayContaining([expect.any(String)]),
    );
  });
  it('sendSmsCode', async () => {
    await expect(client().sendSmsCode()).resolves.toBeUndefined();
  });
  it('is refused by the spec without the X-Auth-Token header', async () => {
    const { response } = await equinixOtpApi(client()).GET('/user/otp/recovery-codes', {
      headers: { 'X-Auth-Token': null } as never,
    });
    expect(response.status).toBe(401);
  });
});

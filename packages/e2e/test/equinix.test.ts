// Equinix Metal OTPs through @authspec/equinix-otp against the sandbox.
import { AuthenticationError, createEquinixOtpClient } from '@authspec/equinix-otp';
import { describe, expect, it } from 'vitest';
import { race, useSandbox } from './setup';

const sandbox = useSandbox();
const clientFor = (authToken: string) =>
  createEquinixOtpClient({ authToken, baseUrl: sandbox().urls.equinix });

describe('Equinix Metal OTPs', () => {
  it('verifies a valid code and refuses a wrong or reused one', async () => {
    const user = sandbox().addEquinixUser();
    const otp = clientFor(user.authToken);
    const code = sandbox().totp(user.totpSecret ?? '');
    await expect(otp.verify(code)).resolves.toBeUndefined();
    await expect(otp.verify(code)).rejects.toBeInstanceOf(AuthenticationError);
    const wrong = await otp.verify('000000').catch((e: unknown) => e);
    expect(wrong).toMatchObject({
      name: 'AuthenticationError',
      status: 401,
      code: 'Invalid OTP',
      body: { error: 'Invalid OTP' },
    });
  });

  it('replaces the recovery codes and stops accepting the old ones', async () => {
    const user = sandbox().addEquinixUser();
    const otp = clientFor(user.authToken);
    const old = await otp.getRecoveryCodes();
    expect(old).toEqual(user.recoveryCodes);
    const fresh = await otp.regenerateRecoveryCodes();
    expect(fresh).toHaveLength(10);
    await expect(otp.verify(old[0] ?? '')).rejects.toBeInstanceOf(AuthenticationError);
    await expect(otp.verify(fresh[0] ?? '')).resolves.toBeUndefined();
  });

  it('sends an SMS code that verifies once', async () => {
    const user = sandbox().addEquinixUser({ phone: '+15555550199' });
    const otp = clientFor(user.authToken);
    await otp.sendSmsCode();
    const code = sandbox().outbox.latest('+15555550199')?.code ?? '';
    await expect(otp.verify(code)).resolves.toBeUndefined();
    await expect(otp.verify(code)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('refuses an unknown API key and reports 2FA that is off', async () => {
    await expect(clientFor('no-such-key').getRecoveryCodes()).rejects.toMatchObject({
      name: 'AuthenticationError',
      code: 'Invalid authentication token',
    });
    const user = sandbox().addEquinixUser({ totpSecret: null });
    await expect(clientFor(user.authToken).getRecoveryCodes()).rejects.toMatchObject({
      name: 'UnprocessableEntityError',
    });
  });

  it('lets one of 50 concurrent verifications of one passcode succeed', async () => {
    const user = sandbox().addEquinixUser();
    const otp = clientFor(user.authToken);
    const code = sandbox().totp(user.totpSecret ?? '');
    const { succeeded, failures } = await race(Array.from({ length: 50 }, () => () => otp.verify(code)));
    expect(succeeded).toBe(1);
    expect(failures.every((f) => f.name === 'AuthenticationError')).toBe(true);
  });
});

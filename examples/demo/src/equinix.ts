// 4. Equinix Metal OTPs: verify, recovery codes, SMS.
import { createEquinixOtpClient } from '@authspec/equinix-otp';
import type { Sandbox } from '@authspec/sandbox';
import { expect, expectError, type Report } from './report.js';

export async function equinixSection(sandbox: Sandbox, report: Report): Promise<void> {
  report.section('4. Equinix Metal API: OTPs');
  const user = sandbox.seeded.equinixUsers[0];
  expect(user?.totpSecret && user.phone, 'the demo seed has an Equinix user with TOTP and a phone');
  const otp = createEquinixOtpClient({ authToken: user.authToken, baseUrl: sandbox.urls.equinix });
  let oldCodes: string[] = [];

  await report.step('verify the authenticator code', async () => {
    await otp.verify(sandbox.totp(user.totpSecret ?? ''));
    return '204';
  });
  await report.step('verify a wrong code: refused', async () =>
    expectError(otp.verify('000000'), 'AuthenticationError'),
  );
  await report.step('read recovery codes', async () => {
    oldCodes = await otp.getRecoveryCodes();
    return `${oldCodes.length} codes`;
  });
  await report.step('regenerate recovery codes (the old set stops working)', async () => {
    const fresh = await otp.regenerateRecoveryCodes();
    expect(!fresh.includes(oldCodes[0] ?? ''), 'the new set repeats an old code');
    await expectError(otp.verify(oldCodes[0] ?? ''), 'AuthenticationError');
    return `${fresh.length} new codes; an old one is refused`;
  });
  await report.step('request an SMS code, then verify it', async () => {
    await otp.sendSmsCode();
    const sms = sandbox.outbox.latest(user.phone);
    expect(sms?.channel === 'sms', 'no SMS in the outbox');
    await otp.verify(sms.code);
    return `SMS to ${user.phone} verified`;
  });
}

// SFTPGo's TOTP passcodes (internal/mfa/totp.go `validatePasscode`): RFC 6238, 6 digits, 30 s,
// one step either side, with the hash of the account's TOTP configuration. A passcode accepted
// once is refused while it is remembered, keyed by secret and passcode: every account and
// protocol sharing the secret shares the refusal.
import { type TotpAlgorithm, totpTimeStep } from '../../core/crypto/totp.js';
import type { SftpgoTotpAlgo } from './config.js';
import type { SftpgoAccount, SftpgoCall } from './state.js';

/**
 * SFTPGo remembers a spent passcode for a minute, dropped by a clean-up every two minutes, so
 * at least two minutes in all: longer than the passcode's validity window.
 */
const PASSCODE_REUSE_WINDOW_MS = 2 * 60 * 1000;

const ALGORITHMS: Record<SftpgoTotpAlgo, TotpAlgorithm> = {
  sha1: 'SHA1',
  sha256: 'SHA256',
  sha512: 'SHA512',
};

/**
 * Whether `passcode` is a valid, unspent passcode of the account's TOTP secret; a valid one is
 * spent. Check and record happen in one synchronous step: of concurrent requests with one
 * passcode, only one gets `true`.
 */
export function spendPasscode(call: SftpgoCall, account: SftpgoAccount, passcode: string): boolean {
  const { totpSecret, totpConfigName } = account;
  if (!totpSecret) return false;
  // `ValidateTOTPPasscode` fails for a configuration name the server no longer has.
  const config = call.config.sftpgoTotpConfigs.find((c) => c.name === totpConfigName);
  if (!config) return false;
  const now = call.sandbox.clock.now();
  const key = `${totpSecret}_${passcode}`;
  if ((call.state.usedPasscodes.get(key) ?? 0) > now) return false;
  if (totpTimeStep(totpSecret, passcode, now, 1, -Infinity, ALGORITHMS[config.algo]) === undefined)
    return false;
  call.state.usedPasscodes.set(key, now + PASSCODE_REUSE_WINDOW_MS);
  return true;
}

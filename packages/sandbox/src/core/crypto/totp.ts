import { Secret, TOTP } from 'otpauth';

const PERIOD_SECONDS = 30;

/** The HMAC hash of a TOTP (RFC 6238 allows these three; authenticator apps default to SHA1). */
export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

export const TOTP_ALGORITHMS: readonly TotpAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];

/** The TOTP code (RFC 6238: 6 digits, 30 s, SHA-1 unless told) of a Base32 secret at a time (epoch ms). */
export function totpCode(secret: string, at: number, algorithm: TotpAlgorithm = 'SHA1'): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secret),
    timestamp: at,
    period: PERIOD_SECONDS,
    algorithm,
  });
}

/**
 * The newest time step within ±`window` steps of `at` whose code is `code` and which is later
 * than `after` (the last step the account spent), else undefined. Remembering the step a code
 * was accepted for makes every code single-use.
 */
export function totpTimeStep(
  secret: string,
  code: string,
  at: number,
  window = 1,
  after = -Infinity,
  algorithm: TotpAlgorithm = 'SHA1',
): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  let parsed: Secret;
  try {
    parsed = Secret.fromBase32(secret);
  } catch {
    return undefined;
  }
  const current = Math.floor(at / 1000 / PERIOD_SECONDS);
  for (let delta = window; delta >= -window; delta--) {
    const step = current + delta;
    if (step <= after) break;
    const matches = TOTP.validate({
      token: code,
      secret: parsed,
      timestamp: step * PERIOD_SECONDS * 1000,
      window: 0,
      period: PERIOD_SECONDS,
      algorithm,
    });
    if (matches !== null) return step;
  }
  return undefined;
}

/** The otpauth:// URI an authenticator app scans. */
export function totpUri(secret: string, issuer: string, label: string): string {
  return new TOTP({ issuer, label, secret: Secret.fromBase32(secret), period: PERIOD_SECONDS }).toString();
}

/** Throws when a string is not usable as a Base32 TOTP secret. */
export function assertTotpSecret(secret: string): void {
  const bytes = Secret.fromBase32(secret).bytes;
  if (bytes.length < 10) throw new TypeError('A TOTP secret needs at least 80 bits (16 Base32 characters)');
}

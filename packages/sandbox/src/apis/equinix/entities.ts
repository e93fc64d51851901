import { arrayOf, nonEmptyString, nullable, object, optional, type Shape, string } from '../../core/check.js';
import type { EquinixUser } from './state.js';

/** `addEquinixUser` input. */
export interface EquinixUserInput {
  /** API key (`X-Auth-Token`); default: random. */
  authToken?: string;
  /** Base32 TOTP secret; omitted: a fresh one (2FA on); `null`: 2FA off. */
  totpSecret?: string | null;
  /** Recovery codes; default: ten fresh ones when 2FA is on. */
  recoveryCodes?: string[];
  /** Phone number SMS codes are "sent" to (the outbox). */
  phone?: string;
}

/** An Equinix Metal user as created, secrets included. */
export interface EquinixUserCredentials {
  /** User ID. */
  id: string;
  /** API key for `X-Auth-Token`. */
  authToken: string;
  /** Base32 TOTP secret, when 2FA is on. */
  totpSecret?: string;
  /** Unused recovery codes. */
  recoveryCodes: string[];
  /** Phone number, if any. */
  phone?: string;
}

export const equinixCredentials = (user: EquinixUser): EquinixUserCredentials => ({
  id: user.id,
  authToken: user.authToken,
  ...(user.totp ? { totpSecret: user.totp.secret } : {}),
  recoveryCodes: [...user.recoveryCodes],
  ...(user.phone ? { phone: user.phone } : {}),
});

export const checkEquinixUserInput = object<EquinixUserInput>({
  authToken: optional(nonEmptyString),
  totpSecret: optional(nullable(string)),
  recoveryCodes: optional(arrayOf(string)),
  phone: optional(string),
} satisfies Shape<EquinixUserInput>);

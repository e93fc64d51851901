import { either, literal, nonEmptyString, object, optional, type Shape, string } from '../../core/check.js';
import type { SftpgoRole } from './state.js';

/** `addSftpgoAdmin` / `addSftpgoUser` input. */
export interface SftpgoAccountInput {
  /** Username (HTTP Basic). */
  username: string;
  /** Password (HTTP Basic); default: random. */
  password?: string;
  /** Base32 TOTP secret, or `true` for a fresh one; omitted: no two-factor authentication. */
  totpSecret?: string | true;
}

/** An SFTPGo account as created, secrets included. */
export interface SftpgoAccountCredentials {
  /** Username (HTTP Basic). */
  username: string;
  /** Password (HTTP Basic). */
  password: string;
  /** Admin or user. */
  role: SftpgoRole;
  /** Base32 TOTP secret, when the account has 2FA (`X-SFTPGO-OTP`). */
  totpSecret?: string;
}

export const checkSftpgoAccountInput = object<SftpgoAccountInput>({
  username: nonEmptyString,
  password: optional(string),
  totpSecret: optional(either(string, literal(true), 'a Base32 secret or true')),
} satisfies Shape<SftpgoAccountInput>);

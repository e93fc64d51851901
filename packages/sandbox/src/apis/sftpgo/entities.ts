import {
  arrayOf,
  boolean,
  type Check,
  either,
  literal,
  nonEmptyString,
  object,
  oneOf,
  optional,
  type Shape,
  string,
} from '../../core/check.js';
import type { SftpgoRole } from './state.js';

/** `addSftpgoAdmin` / `addSftpgoUser` input. */
export interface SftpgoAccountInput {
  /** Username (HTTP Basic). */
  username: string;
  /** Password (HTTP Basic); default: random. */
  password?: string;
  /** Base32 TOTP secret, or `true` for a fresh one; omitted: no two-factor authentication. */
  totpSecret?: string | true;
  /**
   * Users only: the protocols the user's 2FA covers (default all); the REST API asks for a
   * passcode only when `HTTP` is among them. Admins with 2FA always need one.
   */
  totpProtocols?: SftpgoProtocol[];
  /**
   * The TOTP configuration (`sftpgoTotpConfigs` setting) the 2FA uses, whose `algo` computes the
   * passcodes; default the first one (SFTPGo's `Default`, SHA-1).
   */
  totpConfigName?: string;
  /** Disabled accounts cannot sign in (401 like a wrong password); default false. */
  disabled?: boolean;
  /** Users only: RFC 3339 date-time from which the account is expired (401 like a wrong password). */
  expiresAt?: string;
  /** Whether API keys may authenticate as this account (`allow_api_key_auth`); default false, as in SFTPGo. */
  allowApiKeyAuth?: boolean;
  /** Profile email. */
  email?: string;
  /** Profile description. */
  description?: string;
}

/** The protocols an SFTPGo user's two-factor authentication can cover. */
export type SftpgoProtocol = 'SSH' | 'FTP' | 'HTTP';

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
  /** The TOTP configuration of the 2FA, when the account has it. */
  totpConfigName?: string;
}

/** `addSftpgoApiKey` input. */
export interface SftpgoApiKeyInput {
  /** The key's scope: admin routes or user routes. */
  role: SftpgoRole;
  /**
   * The account the key is bound to (it must exist); omitted: an unbound key, sent as
   * `<key>.<username>` to act for any account of its role that allows API keys.
   */
  username?: string;
  /** The key, `<id>.<secret>` (letters, digits, `-` and `_`); default: random. */
  key?: string;
}

/** An API key as created, secret included. */
export interface SftpgoApiKeyCredentials {
  /** The key's ID (the part before the dot). */
  id: string;
  /** The whole key, `<id>.<secret>`, for `X-SFTPGO-API-KEY`. */
  key: string;
  /** The key's scope. */
  role: SftpgoRole;
  /** The bound account; undefined for an unbound key. */
  username?: string;
}

const rfc3339: Check<string> = (value, path) => {
  const text = string(value, path);
  if (!/^\d{4}-\d\d-\d\dT/.test(text) || Number.isNaN(Date.parse(text)))
    throw new RangeError(`${path} must be an RFC 3339 date-time, got ${JSON.stringify(text)}`);
  return text;
};

const API_KEY_FORM = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const apiKeyValue: Check<string> = (value, path) => {
  // The value is a secret: the error does not echo it.
  if (typeof value !== 'string' || !API_KEY_FORM.test(value))
    throw new TypeError(`${path} must be <id>.<secret> of letters, digits, - and _`);
  return value;
};

export const checkSftpgoAccountInput = object<SftpgoAccountInput>({
  username: nonEmptyString,
  password: optional(string),
  totpSecret: optional(either(string, literal(true), 'a Base32 secret or true')),
  totpProtocols: optional(arrayOf(oneOf(['SSH', 'FTP', 'HTTP'] as const))),
  totpConfigName: optional(nonEmptyString),
  disabled: optional(boolean),
  expiresAt: optional(rfc3339),
  allowApiKeyAuth: optional(boolean),
  email: optional(string),
  description: optional(string),
} satisfies Shape<SftpgoAccountInput>);

export const checkSftpgoApiKeyInput = object<SftpgoApiKeyInput>({
  role: oneOf(['admin', 'user'] as const),
  username: optional(nonEmptyString),
  key: optional(apiKeyValue),
} satisfies Shape<SftpgoApiKeyInput>);

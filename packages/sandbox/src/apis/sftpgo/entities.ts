import { isIP } from 'node:net';
import {
  arrayOf,
  boolean,
  type Check,
  either,
  integerIn,
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
  /**
   * Admins only: the CIDR networks (`filters.allow_list`) the admin may sign in from; default
   * anywhere. From elsewhere: 401 like a wrong password.
   */
  allowList?: string[];
  /**
   * Users only: CIDR networks (`filters.allowed_ip`) the user may sign in from; default
   * anywhere. An address in both `allowedIp` and `deniedIp` is allowed. Refused: 403.
   */
  allowedIp?: string[];
  /** Users only: CIDR networks (`filters.denied_ip`) the user may not sign in from (403). */
  deniedIp?: string[];
  /** Users only: protocols the user may not use (`filters.denied_protocols`); with `HTTP`, 403. */
  deniedProtocols?: SftpgoDeniedProtocol[];
  /**
   * Users only: login methods the user may not use (`filters.denied_login_methods`); with
   * `password`, the REST API answers 403.
   */
  deniedLoginMethods?: SftpgoLoginMethod[];
  /** Users only: most sessions at once (`max_sessions`); default 0, no limit. */
  maxSessions?: number;
  /**
   * Users only: sessions the user has open over SFTP, FTP or WebDAV (which the sandbox does not
   * serve); once they reach `maxSessions`, a token request answers 403. Default 0.
   */
  activeSessions?: number;
}

/** The protocols an SFTPGo user's two-factor authentication can cover. */
export type SftpgoProtocol = 'SSH' | 'FTP' | 'HTTP';

/** The protocols an SFTPGo user can be denied. */
export type SftpgoDeniedProtocol = 'SSH' | 'FTP' | 'DAV' | 'HTTP';

/** SFTPGo's login methods, as `denied_login_methods` names them. */
export type SftpgoLoginMethod =
  | 'publickey'
  | 'password'
  | 'password-over-SSH'
  | 'keyboard-interactive'
  | 'publickey+password'
  | 'publickey+keyboard-interactive'
  | 'TLSCertificate'
  | 'TLSCertificate+password';

const LOGIN_METHODS = [
  'publickey',
  'password',
  'password-over-SSH',
  'keyboard-interactive',
  'publickey+password',
  'publickey+keyboard-interactive',
  'TLSCertificate',
  'TLSCertificate+password',
] as const satisfies readonly SftpgoLoginMethod[];

/** Members of the input that only users have. */
export const USER_ONLY_MEMBERS = [
  'expiresAt',
  'totpProtocols',
  'allowedIp',
  'deniedIp',
  'deniedProtocols',
  'deniedLoginMethods',
  'maxSessions',
  'activeSessions',
] as const satisfies readonly (keyof SftpgoAccountInput)[];

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

/** A CIDR network: SFTPGo's IP filters parse each entry with `net.ParseCIDR`. */
const cidrNetwork: Check<string> = (value, path) => {
  const text = string(value, path);
  const [address = '', bits, extra] = text.split('/');
  const family = isIP(address);
  const maxBits = family === 6 ? 128 : 32;
  if (
    family === 0 ||
    bits === undefined ||
    !/^\d+$/.test(bits) ||
    Number(bits) > maxBits ||
    extra !== undefined
  )
    throw new RangeError(`${path} must be a CIDR network such as 192.0.2.0/24, got ${JSON.stringify(text)}`);
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
  allowList: optional(arrayOf(cidrNetwork)),
  allowedIp: optional(arrayOf(cidrNetwork)),
  deniedIp: optional(arrayOf(cidrNetwork)),
  deniedProtocols: optional(arrayOf(oneOf(['SSH', 'FTP', 'DAV', 'HTTP'] as const))),
  deniedLoginMethods: optional(arrayOf(oneOf(LOGIN_METHODS))),
  maxSessions: optional(integerIn(0, Number.MAX_SAFE_INTEGER)),
  activeSessions: optional(integerIn(0, Number.MAX_SAFE_INTEGER)),
} satisfies Shape<SftpgoAccountInput>);

export const checkSftpgoApiKeyInput = object<SftpgoApiKeyInput>({
  role: oneOf(['admin', 'user'] as const),
  username: optional(nonEmptyString),
  key: optional(apiKeyValue),
} satisfies Shape<SftpgoApiKeyInput>);

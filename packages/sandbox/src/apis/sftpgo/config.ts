import { isIP } from 'node:net';
import {
  arrayOf,
  boolean,
  type Check,
  integerIn,
  nonEmptyString,
  object,
  oneOf,
  type Shape,
  string,
} from '../../core/check.js';
import type { ConfigSection } from '../../module.js';

/** SFTPGo's settings. */
export interface SftpgoConfig {
  /** Lifetime of SFTPGo JWTs, minutes (1..720). */
  sftpgoTokenLifetimeMinutes: number;
  /**
   * Whether a token works only from the client IP it was issued to (SFTPGo's httpd
   * `token_validation`: `0`, the default, is `true`; `1` is `false`).
   */
  sftpgoTokenIpMatch: boolean;
  /** Which proxies may tell the client's IP, and how (SFTPGo's httpd binding settings). */
  sftpgoProxy: SftpgoProxyConfig;
  /** SFTPGo's brute-force protection (`common.defender`); off by default, as in SFTPGo. */
  sftpgoDefender: SftpgoDefenderConfig;
  /** SFTPGo's per-client-IP rate limiter for HTTP (`common.rate_limiters`); off by default (`average: 0`). */
  sftpgoRateLimiter: SftpgoRateLimiterConfig;
  /**
   * SFTPGo's TOTP configurations (`mfa.totp`); an account's 2FA names one (`totpConfigName`),
   * whose `algo` computes its passcodes. Default SFTPGo's one: `Default`, issuer `SFTPGo`, `sha1`.
   */
  sftpgoTotpConfigs: SftpgoTotpConfig[];
  /**
   * Client IPs or CIDR networks that a post-connect hook (`common.post_connect_hook`) refuses;
   * default none (no hook). `/user/token` from such an IP answers 403 `permission denied` before
   * the credentials are checked; admins' `/token` runs no hook.
   */
  sftpgoPostConnectHookDenies: string[];
  /** How usernames are normalized (`data_provider.naming_rules`); default neither, as SFTPGo's `1`. */
  sftpgoNamingRules: SftpgoNamingRules;
}

/** SFTPGo's `naming_rules` bits that change usernames. */
export interface SftpgoNamingRules {
  /** Bit 2: usernames are lowercased when saved and when signing in; default false. */
  lowercase: boolean;
  /** Bit 4: spaces around usernames are trimmed when saved and when signing in; default false. */
  trimSpaces: boolean;
}

/** One TOTP configuration of SFTPGo (internal/mfa/totp.go `TOTPConfig`). */
export interface SftpgoTotpConfig {
  /** The name accounts refer to; unique, non-empty. */
  name: string;
  /** The issuer shown by authenticator apps; non-empty. */
  issuer: string;
  /** The HMAC hash of the passcodes. */
  algo: SftpgoTotpAlgo;
}

/** SFTPGo's TOTP hashes, spelled as its configuration spells them. */
export type SftpgoTotpAlgo = 'sha1' | 'sha256' | 'sha512';

/** SFTPGo's binding settings for proxy headers: the client IP comes from `clientIpHeader` only when the peer is allowed. */
export interface SftpgoProxyConfig {
  /** Peer IPs or CIDR networks whose proxy header is trusted (`proxy_allowed`); default none. */
  allowed: string[];
  /** The header with the client IP, e.g. `X-Forwarded-For` (`client_ip_proxy_header`); default none. */
  clientIpHeader: string;
  /** Which address of the header, counted from the right, 0 the last (`client_ip_header_depth`). */
  headerDepth: number;
}

/** SFTPGo's defender (`common.defender`), with its defaults; times in minutes. */
export interface SftpgoDefenderConfig {
  /** Default `false`. */
  enabled: boolean;
  /** How long a client IP stays banned, minutes; default 30. */
  banTime: number;
  /** Each request from a banned IP extends the ban by this percentage of `banTime`; default 50. */
  banTimeIncrement: number;
  /** The score within `observationTime` that bans the IP; default 15. */
  threshold: number;
  /** Score of a login as an account that does not exist; default 2. */
  scoreInvalid: number;
  /** Score of a failed login as an existing account (wrong password or passcode); default 1. */
  scoreValid: number;
  /** Score of a request over the rate limit (with `generateDefenderEvents`); default 3. */
  scoreLimitExceeded: number;
  /** The window scores add up in, minutes; default 30. */
  observationTime: number;
}

/** SFTPGo's rate limiter (`common.rate_limiters`), per client IP: `average` requests per `period` ms, `burst` at once. */
export interface SftpgoRateLimiterConfig {
  /** Requests allowed per `period`; 0 (the default) disables the limiter. */
  average: number;
  /** Milliseconds (at least 100); default 1000. */
  period: number;
  /** Requests let through at once; default 1. */
  burst: number;
  /** Whether a refused request adds `scoreLimitExceeded` to the defender's score; default `false`. */
  generateDefenderEvents: boolean;
}

const count = integerIn(0, Number.MAX_SAFE_INTEGER);
const positive = integerIn(1, Number.MAX_SAFE_INTEGER);

const defenderShape = object<SftpgoDefenderConfig>({
  enabled: boolean,
  banTime: positive,
  banTimeIncrement: positive,
  threshold: positive,
  scoreInvalid: count,
  scoreValid: count,
  scoreLimitExceeded: count,
  observationTime: positive,
});

/** SFTPGo refuses to start with a score that alone reaches the threshold. */
const defender: Check<SftpgoDefenderConfig> = (value, path) => {
  const config = defenderShape(value, path);
  for (const name of ['scoreInvalid', 'scoreValid', 'scoreLimitExceeded'] as const) {
    if (config[name] >= config.threshold)
      throw new RangeError(`${path}.${name} must be below threshold (${config.threshold})`);
  }
  return config;
};

const totpConfigShape = object<SftpgoTotpConfig>({
  name: nonEmptyString,
  issuer: nonEmptyString,
  algo: oneOf(['sha1', 'sha256', 'sha512'] as const),
});

/** SFTPGo refuses to start with two TOTP configurations of one name (internal/mfa/mfa.go). */
const totpConfigs: Check<SftpgoTotpConfig[]> = (value, path) => {
  const configs = arrayOf(totpConfigShape)(value, path);
  const seen = new Set<string>();
  for (const { name } of configs) {
    if (seen.has(name))
      throw new RangeError(`${path}: duplicate TOTP configuration name ${JSON.stringify(name)}`);
    seen.add(name);
  }
  return configs;
};

/** An IP address or a CIDR network. */
const ipOrNetwork: Check<string> = (value, path) => {
  const text = nonEmptyString(value, path);
  const [address = '', bits, extra] = text.split('/');
  const family = isIP(address);
  const maxBits = family === 6 ? 128 : 32;
  const validBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits);
  if (family === 0 || !validBits || extra !== undefined)
    throw new RangeError(`${path} must be an IP address or a CIDR network, got ${JSON.stringify(text)}`);
  return text;
};

export const sftpgoConfig: ConfigSection<SftpgoConfig> = {
  defaults: () => ({
    sftpgoTokenLifetimeMinutes: 20,
    sftpgoTokenIpMatch: true,
    sftpgoProxy: { allowed: [], clientIpHeader: '', headerDepth: 0 },
    // SFTPGo's sftpgo.json defaults.
    sftpgoDefender: {
      enabled: false,
      banTime: 30,
      banTimeIncrement: 50,
      threshold: 15,
      scoreInvalid: 2,
      scoreValid: 1,
      scoreLimitExceeded: 3,
      observationTime: 30,
    },
    sftpgoRateLimiter: { average: 0, period: 1000, burst: 1, generateDefenderEvents: false },
    sftpgoTotpConfigs: [{ name: 'Default', issuer: 'SFTPGo', algo: 'sha1' }],
    sftpgoPostConnectHookDenies: [],
    sftpgoNamingRules: { lowercase: false, trimSpaces: false },
  }),
  shape: {
    sftpgoTokenLifetimeMinutes: integerIn(1, 720),
    sftpgoTokenIpMatch: boolean,
    sftpgoProxy: object<SftpgoProxyConfig>({
      allowed: arrayOf(ipOrNetwork),
      clientIpHeader: string,
      headerDepth: count,
    }),
    sftpgoDefender: defender,
    sftpgoRateLimiter: object<SftpgoRateLimiterConfig>({
      average: count,
      period: integerIn(100, Number.MAX_SAFE_INTEGER),
      burst: positive,
      generateDefenderEvents: boolean,
    }),
    sftpgoTotpConfigs: totpConfigs,
    sftpgoPostConnectHookDenies: arrayOf(ipOrNetwork),
    sftpgoNamingRules: object<SftpgoNamingRules>({ lowercase: boolean, trimSpaces: boolean }),
  } satisfies Shape<SftpgoConfig>,
};

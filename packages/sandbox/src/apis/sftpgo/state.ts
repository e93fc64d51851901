import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { operations as SftpgoOperations } from '@authspec/sftpgo-token';
import type { ModuleContext } from '../../module.js';
import type { SftpgoConfig } from './config.js';
import { Defender } from './defender.js';
import { RateLimiter } from './rate-limiter.js';

/**
 * SFTPGo's two kinds of accounts, each with its token and logout operations (names checked
 * against the spec) and the JWT audience of its tokens.
 */
export const ROLES = {
  admin: { token: 'GetToken', logout: 'Logout', audience: 'API' },
  user: { token: 'GetUserToken', logout: 'ClientLogout', audience: 'APIUser' },
} as const satisfies Record<
  string,
  { token: keyof SftpgoOperations; logout: keyof SftpgoOperations; audience: string }
>;

/** An SFTPGo account kind: an administrator or a user. */
export type SftpgoRole = keyof typeof ROLES;

/** The role an operation of the document acts for. */
export const roleOf = (operationId: string): SftpgoRole =>
  ROLES.admin.token === operationId || ROLES.admin.logout === operationId ? 'admin' : 'user';

export interface SftpgoAccount {
  username: string;
  passwordDigest: string;
  role: SftpgoRole;
  /** Set when the account's 2FA covers the REST API (an admin's always does). */
  totpSecret?: string;
  /** The SFTPGo TOTP configuration (`sftpgoTotpConfigs`) whose hash the passcodes use. */
  totpConfigName?: string;
  /** The JWT `sub`: SFTPGo's is an opaque account signature, never the username. */
  subject: string;
  disabled: boolean;
  /** Users only: when the account stops signing in (ms), if ever. */
  expiresAt?: number;
  allowApiKeyAuth: boolean;
  email?: string;
  description?: string;
  /** Admins: CIDR networks the admin may sign in from (empty: anywhere). */
  allowList: string[];
  /** Users: what `checkHTTPClientUser` looks at (see account-filters.ts). */
  allowedIp: string[];
  deniedIp: string[];
  deniedProtocols: string[];
  deniedLoginMethods: string[];
  maxSessions: number;
  activeSessions: number;
}

/** An API key as stored: the secret only as a digest, like a password. */
export interface SftpgoApiKey {
  id: string;
  secretDigest: string;
  /** Whose routes the key opens: SFTPGo's key scope. */
  role: SftpgoRole;
  /** The account the key is bound to; unbound keys name it after a dot. */
  username?: string;
}

export interface SftpgoState {
  admins: Map<string, SftpgoAccount>;
  users: Map<string, SftpgoAccount>;
  /** Spent passcodes (`secret_code`, as SFTPGo keys them) and until when they stay refused. */
  usedPasscodes: Map<string, number>;
  /** Revoked token IDs and until when (seconds) the revocation must be kept. */
  revokedTokens: Map<string, number>;
  apiKeys: Map<string, SftpgoApiKey>;
  signingSecret: Uint8Array;
  /** Scores and bans per client IP. */
  defender: Defender;
  /** Token buckets per client IP. */
  rateLimiter: RateLimiter;
}

/** What every SFTPGo handler receives. */
export interface SftpgoCall {
  state: SftpgoState;
  config: SftpgoConfig;
  sandbox: ModuleContext;
  headers: IncomingHttpHeaders;
  /** The client's IP as SFTPGo sees it (see client-ip.ts). */
  clientIp: string;
  /** Go's `r.RemoteAddr` as SFTPGo's handlers see it (`host:port`, or the proxied IP). */
  remoteAddr: string;
}

export const createSftpgoState = (): SftpgoState => ({
  admins: new Map(),
  users: new Map(),
  usedPasscodes: new Map(),
  revokedTokens: new Map(),
  apiKeys: new Map(),
  signingSecret: new Uint8Array(randomBytes(32)),
  defender: new Defender(),
  rateLimiter: new RateLimiter(),
});

export const accounts = (state: SftpgoState, role: SftpgoRole) =>
  role === 'admin' ? state.admins : state.users;

/** Whether the account may sign in at `now`: SFTPGo refuses disabled and expired accounts alike. */
export const isActive = (account: SftpgoAccount, now: number) =>
  !account.disabled && (account.expiresAt === undefined || account.expiresAt > now);

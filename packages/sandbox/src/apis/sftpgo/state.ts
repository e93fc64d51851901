import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { operations as SftpgoOperations } from '@authspec/sftpgo-token';
import type { ModuleContext } from '../../module.js';
import type { SftpgoConfig } from './config.js';

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
  totpSecret?: string;
}

export interface SftpgoState {
  admins: Map<string, SftpgoAccount>;
  users: Map<string, SftpgoAccount>;
  /** Spent passcodes (`role:username:code`) and until when they stay refused. */
  usedPasscodes: Map<string, number>;
  /** Revoked token IDs and their expiry (seconds), so the set can be pruned. */
  revokedTokens: Map<string, number>;
  signingSecret: Uint8Array;
}

/** What every SFTPGo handler receives. */
export interface SftpgoCall {
  state: SftpgoState;
  config: SftpgoConfig;
  sandbox: ModuleContext;
  headers: IncomingHttpHeaders;
}

export const createSftpgoState = (): SftpgoState => ({
  admins: new Map(),
  users: new Map(),
  usedPasscodes: new Map(),
  revokedTokens: new Map(),
  signingSecret: new Uint8Array(randomBytes(32)),
});

export const accounts = (state: SftpgoState, role: SftpgoRole) =>
  role === 'admin' ? state.admins : state.users;

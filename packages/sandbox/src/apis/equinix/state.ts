import type { IncomingHttpHeaders } from 'node:http';
import { randomHex } from '../../core/crypto/random.js';
import type { ModuleContext } from '../../module.js';
import type { EquinixConfig } from './config.js';

/** An Equinix Metal user, known by the API key sent in `X-Auth-Token`. */
export interface EquinixUser {
  id: string;
  authToken: string;
  /** Two-factor authentication is on when the user has a TOTP secret. */
  totp?: { secret: string; lastUsedStep?: number };
  /** Unused recovery codes. */
  recoveryCodes: string[];
  phone?: string;
  smsCodes: { code: string; expiresAt: number; used: boolean }[];
}

export interface EquinixState {
  /** Users by API key. */
  users: Map<string, EquinixUser>;
}

/** What every Equinix handler receives. */
export interface EquinixCall {
  state: EquinixState;
  config: EquinixConfig;
  sandbox: ModuleContext;
  headers: IncomingHttpHeaders;
}

export const createEquinixState = (): EquinixState => ({ users: new Map() });

export const RECOVERY_CODE_COUNT = 10;
export const newRecoveryCodes = () => Array.from({ length: RECOVERY_CODE_COUNT }, () => randomHex(10));

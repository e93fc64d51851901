import type { EquinixUser } from './equinix.js';
import type { SocialIdentity } from './logto/users.js';

/** `addM2mApp` input; missing values are generated. */
export interface M2mAppInput {
  clientId?: string;
  clientSecret?: string;
  /** Scopes the app may request from `/oidc/token`; default `['all']`. */
  scopes?: string[];
}

export interface M2mAppCredentials {
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

/** `addApp` input: an application that signs users in; missing values are generated. */
export interface AppInput {
  clientId?: string;
  /**
   * `SPA` (default) and `Native` are public clients: PKCE is required and there is no secret.
   * `Traditional` is a confidential web application with a client secret.
   */
  type?: 'SPA' | 'Native' | 'Traditional';
  /** A `Traditional` app's secret; generated when omitted. */
  clientSecret?: string;
  name?: string;
  /**
   * Registered redirect URIs (at least one). A URI written as a path, e.g. `/sign-in/callback`,
   * is under the sandbox's own origin, whatever port it gets.
   */
  redirectUris: string[];
  /** A third-party app's users consent on a page; default false (Logto consents by itself). */
  isThirdParty?: boolean;
}

/** An application as registered, with its secret (for a `Traditional` app). */
export interface AppCredentials {
  clientId: string;
  clientSecret?: string;
  type: 'SPA' | 'Native' | 'Traditional';
  name: string;
  redirectUris: string[];
  isThirdParty: boolean;
}

/** `addUser` input (a Logto user). */
export interface LogtoUserInput {
  id?: string;
  username?: string;
  email?: string;
  phone?: string;
  name?: string;
  /** Plain-text password (stored scrypt-hashed); omitted: a random one; `null`: no password. */
  password?: string | null;
  /** Base32 TOTP secret, or `true` for a fresh one; omitted: no TOTP factor. */
  totpSecret?: string | true;
  /** Backup codes, or `true` for ten fresh ones; omitted: none. */
  backupCodes?: string[] | true;
  suspended?: boolean;
}

/** A Logto user as stored, with the secrets it was created with (for the test to use). */
export interface LogtoUserCredentials {
  id: string;
  username?: string;
  email?: string;
  phone?: string;
  name?: string;
  password?: string;
  totpSecret?: string;
  backupCodes?: string[];
  suspended: boolean;
}

/** A read-only snapshot of a Logto user. */
export interface LogtoUserSnapshot {
  id: string;
  username?: string;
  email?: string;
  phone?: string;
  name?: string;
  hasPassword: boolean;
  suspended: boolean;
  mfaFactors: ('Totp' | 'WebAuthn' | 'BackupCode')[];
  unusedBackupCodes: number;
  webAuthnCredentials: { id: string; counter: number }[];
  socialIdentities: Record<string, SocialIdentity>;
  ssoIdentities: Record<string, SocialIdentity>;
  mfaSkipped: boolean;
  createdAt: number;
}

export interface SocialConnectorInput {
  connectorId?: string;
  /** The identity the fake provider returns; `id` defaults to a random one. */
  identity?: Partial<SocialIdentity>;
}

export interface SsoConnectorInput extends SocialConnectorInput {
  /** Email domains served by this connector (`GET /api/experience/sso-connectors`). */
  domains: string[];
}

export interface ConnectorInfo {
  connectorId: string;
  kind: 'social' | 'sso';
  identity: SocialIdentity;
  domains: string[];
}

/** `addEquinixUser` input. */
export interface EquinixUserInput {
  /** API key (`X-Auth-Token`); default: random. */
  authToken?: string;
  /** Base32 TOTP secret; omitted: a fresh one (2FA on); `null`: 2FA off. */
  totpSecret?: string | null;
  /** Recovery codes; default: ten fresh ones when 2FA is on. */
  recoveryCodes?: string[];
  phone?: string;
}

export interface EquinixUserCredentials {
  id: string;
  authToken: string;
  totpSecret?: string;
  recoveryCodes: string[];
  phone?: string;
}

export const equinixCredentials = (user: EquinixUser): EquinixUserCredentials => ({
  id: user.id,
  authToken: user.authToken,
  ...(user.totp ? { totpSecret: user.totp.secret } : {}),
  recoveryCodes: [...user.recoveryCodes],
  ...(user.phone ? { phone: user.phone } : {}),
});

/** `addSftpgoAdmin` / `addSftpgoUser` input. */
export interface SftpgoAccountInput {
  username: string;
  /** Default: random. */
  password?: string;
  /** Base32 TOTP secret, or `true` for a fresh one; omitted: no two-factor authentication. */
  totpSecret?: string | true;
}

export interface SftpgoAccountCredentials {
  username: string;
  password: string;
  role: 'admin' | 'user';
  totpSecret?: string;
}

/** `createOneTimeToken` input (same as the Management API's create body). */
export interface OneTimeTokenInput {
  email: string;
  expiresIn?: number;
  context?: { jitOrganizationIds?: string[]; interactionEvent?: 'SignIn' | 'Register' | 'ForgotPassword' };
}

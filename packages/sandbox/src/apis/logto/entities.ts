// What tests hand the Logto helpers (`sandbox.addUser()`…) and get back. The checks below have
// one entry per member (see core/check.ts), and serve both the helpers and the seed file.
import {
  arrayOf,
  boolean,
  either,
  literal,
  nonEmptyString,
  nullable,
  object,
  optional,
  type Shape,
  string,
} from '../../core/check.js';
import type { MfaFactor } from './config.js';
import type { ManagementSchemas } from './spec.js';

/** `addM2mApp` input; missing values are generated. */
export interface M2mAppInput {
  /** Client ID; default: random. */
  clientId?: string;
  /** Client secret; default: random. */
  clientSecret?: string;
  /** Scopes the app may request from `/oidc/token`; default `['all']`. */
  scopes?: string[];
}

/** A machine-to-machine app as created, secret included. */
export interface M2mAppCredentials {
  /** `client_id` for `/oidc/token`. */
  clientId: string;
  /** `client_secret` for `/oidc/token`. */
  clientSecret: string;
  /** Scopes the app may request. */
  scopes: string[];
}

/** `addUser` input (a Logto user). */
export interface LogtoUserInput {
  /** User ID; default: random (12 characters). */
  id?: string;
  /** Username (sign-in identifier). */
  username?: string;
  /** Primary email address. */
  email?: string;
  /** Primary phone number. */
  phone?: string;
  /** Display name. */
  name?: string;
  /** Plain-text password (stored scrypt-hashed); omitted: a random one; `null`: no password. */
  password?: string | null;
  /** Base32 TOTP secret, or `true` for a fresh one; omitted: no TOTP factor. */
  totpSecret?: string | true;
  /** Backup codes, or `true` for ten fresh ones; omitted: none. */
  backupCodes?: string[] | true;
  /** A suspended user cannot sign in. */
  suspended?: boolean;
}

/** A Logto user as stored, with the secrets it was created with (for the test to use). */
export interface LogtoUserCredentials {
  /** User ID. */
  id: string;
  /** Username, if any. */
  username?: string;
  /** Primary email address, if any. */
  email?: string;
  /** Primary phone number, if any. */
  phone?: string;
  /** Display name, if any. */
  name?: string;
  /** The plain-text password, if the user has one. */
  password?: string;
  /** The Base32 TOTP secret, if the user has the factor. */
  totpSecret?: string;
  /** The backup codes, if the user has them. */
  backupCodes?: string[];
  /** Whether the user is suspended. */
  suspended: boolean;
}

/** A read-only snapshot of a Logto user. */
export interface LogtoUserSnapshot {
  /** User ID. */
  id: string;
  /** Username, if any. */
  username?: string;
  /** Primary email address, if any. */
  email?: string;
  /** Primary phone number, if any. */
  phone?: string;
  /** Display name, if any. */
  name?: string;
  /** Whether the user has a password. */
  hasPassword: boolean;
  /** Whether the user is suspended. */
  suspended: boolean;
  /** The MFA factors the user can verify with now. */
  mfaFactors: MfaFactor[];
  /** How many backup codes are left. */
  unusedBackupCodes: number;
  /** Registered WebAuthn credentials and their signature counters. */
  webAuthnCredentials: { id: string; counter: number }[];
  /** Linked social identities by connector ID. */
  socialIdentities: Record<string, SocialIdentity>;
  /** Linked enterprise SSO identities by connector ID. */
  ssoIdentities: Record<string, SocialIdentity>;
  /** The user chose to skip MFA setup (UserControlled policy). */
  mfaSkipped: boolean;
  /** Creation time, sandbox clock (epoch ms). */
  createdAt: number;
}

/** An identity vouched for by a fake social or SSO provider. */
export interface SocialIdentity {
  /** The user's ID at the provider (`sub`). */
  id: string;
  /** Email address the provider reports. */
  email?: string;
  /** Phone number the provider reports. */
  phone?: string;
  /** Display name the provider reports. */
  name?: string;
}

/** `addSocialConnector` input. */
export interface SocialConnectorInput {
  /** Connector ID; default: random. */
  connectorId?: string;
  /** The identity the fake provider returns; `id` defaults to a random one. */
  identity?: Partial<SocialIdentity>;
}

/** `addSsoConnector` input. */
export interface SsoConnectorInput extends SocialConnectorInput {
  /** Email domains served by this connector (`GET /api/experience/sso-connectors`). */
  domains: string[];
}

/** A fake identity provider as created. */
export interface ConnectorInfo {
  /** Connector ID (in the Experience API paths). */
  connectorId: string;
  /** Social or enterprise SSO. */
  kind: 'social' | 'sso';
  /** The identity the provider vouches for by default. */
  identity: SocialIdentity;
  /** Email domains (SSO only). */
  domains: string[];
}

/** `createOneTimeToken` input: the Management API's create body. */
export type OneTimeTokenInput = ManagementSchemas['CreateOneTimeTokenRequest'];

const identity = object<Partial<SocialIdentity>>({
  id: optional(nonEmptyString),
  email: optional(string),
  phone: optional(string),
  name: optional(string),
});

export const checkM2mAppInput = object<M2mAppInput>({
  clientId: optional(nonEmptyString),
  clientSecret: optional(nonEmptyString),
  scopes: optional(arrayOf(string)),
} satisfies Shape<M2mAppInput>);

export const checkUserInput = object<LogtoUserInput>({
  id: optional(nonEmptyString),
  username: optional(string),
  email: optional(string),
  phone: optional(string),
  name: optional(string),
  password: optional(nullable(string)),
  totpSecret: optional(either(string, literal(true), 'a Base32 secret or true')),
  backupCodes: optional(either(arrayOf(string), literal(true), 'an array of codes or true')),
  suspended: optional(boolean),
} satisfies Shape<LogtoUserInput>);

export const checkSocialConnectorInput = object<SocialConnectorInput>({
  connectorId: optional(nonEmptyString),
  identity: optional(identity),
} satisfies Shape<SocialConnectorInput>);

export const checkSsoConnectorInput = object<SsoConnectorInput>({
  connectorId: optional(nonEmptyString),
  identity: optional(identity),
  domains: arrayOf(string),
} satisfies Shape<SsoConnectorInput>);

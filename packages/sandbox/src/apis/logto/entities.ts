// What tests hand the Logto helpers (`sandbox.addUser()`…) and get back. The checks below have
// one entry per member (see core/check.ts), and serve both the helpers and the seed file.
import {
  arrayOf,
  boolean,
  type Check,
  either,
  literal,
  nonEmptyString,
  nullable,
  object,
  oneOf,
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

/** The kinds of application that sign users in: public (`SPA`, `Native`) or confidential. */
export type AppType = 'SPA' | 'Native' | 'Traditional';

/** `addApp` input: an application that signs users in; missing values are generated. */
export interface AppInput {
  /** Client ID; default: random. */
  clientId?: string;
  /**
   * `SPA` (default) and `Native` are public clients: PKCE is required and there is no secret.
   * `Traditional` is a confidential web application with a client secret.
   */
  type?: AppType;
  /** A `Traditional` app's secret; generated when omitted. */
  clientSecret?: string;
  /** Display name (the consent page shows it); default: `${type} app`. */
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
  /** `client_id` for `/oidc/auth` and `/oidc/token`. */
  clientId: string;
  /** `client_secret` for `/oidc/token` (`Traditional` apps only). */
  clientSecret?: string;
  /** Public (`SPA`, `Native`) or confidential (`Traditional`). */
  type: AppType;
  /** Display name. */
  name: string;
  /** Registered redirect URIs, as given. */
  redirectUris: string[];
  /** Whether users consent on a page. */
  isThirdParty: boolean;
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
  /**
   * The factors stored on the account (TOTP, WebAuthn, unused backup codes); with the
   * `EmailVerificationCode` / `PhoneVerificationCode` factors enabled, the account's email
   * address and phone number count as factors too, without being listed here.
   */
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
  /** The user turned optional MFA on (MarkMfaEnabled, or a factor bound at sign-in or registration). */
  mfaEnabled: boolean;
  /** The user declined to create a sign-in passkey (SkipPasskeyBinding at a sign-in). */
  passkeySkipped: boolean;
  /** Values of the custom profile fields filled at sign-up (`signUpProfileFields`), if any. */
  extraProfile?: Record<string, unknown>;
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

const APP_TYPES = ['SPA', 'Native', 'Traditional'] as const satisfies readonly AppType[];

/** An absolute URL or a path under the sandbox's origin, without a fragment (OAuth forbids one). */
const redirectUri: Check<string> = (value, path) => {
  const uri = string(value, path);
  const url = uri.startsWith('/')
    ? new URL(uri, 'http://sandbox')
    : URL.canParse(uri)
      ? new URL(uri)
      : undefined;
  if (!url || url.hash)
    throw new RangeError(
      `${path} must be an absolute URL or a path, without a fragment, got ${JSON.stringify(uri)}`,
    );
  return uri;
};

const redirectUris: Check<string[]> = (value, path) => {
  const uris = arrayOf(redirectUri)(value, path);
  if (uris.length === 0) throw new RangeError(`${path} must list at least one redirect URI`);
  return uris;
};

const checkAppShape = object<AppInput>({
  clientId: optional(nonEmptyString),
  type: optional(oneOf(APP_TYPES)),
  clientSecret: optional(nonEmptyString),
  name: optional(string),
  redirectUris,
  isThirdParty: optional(boolean),
} satisfies Shape<AppInput>);

/** Checks `addApp` input: a public client (`SPA`, `Native`) has no secret. */
export const checkAppInput: Check<AppInput> = (value, path) => {
  const input = checkAppShape(value, path);
  const type = input.type ?? 'SPA';
  if (type !== 'Traditional' && input.clientSecret !== undefined)
    throw new TypeError(`${path}.clientSecret: a ${type} app is a public client and has no secret`);
  return input;
};

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

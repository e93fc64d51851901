import {
  absoluteUrl,
  arrayOf,
  object,
  oneOf,
  optional,
  positiveNumber,
  type Shape,
  string,
} from '../../core/check.js';
import type { ConfigSection } from '../../module.js';
import type { ExperienceSchemas } from './spec.js';

// The policies and factors the sandbox emulates, a subset of the spec's enums: the compiler
// checks each against the spec (`satisfies`), the list says which ones have behaviour here.
const MFA_POLICIES = [
  'NoPrompt',
  'UserControlled',
  'Mandatory',
] as const satisfies readonly ExperienceSchemas['MfaPolicy'][];
const MFA_FACTORS = [
  'Totp',
  'WebAuthn',
  'BackupCode',
] as const satisfies readonly ExperienceSchemas['MfaFactor'][];

/** The tenant MFA policies the sandbox emulates (of the spec's `MfaPolicy`). */
export type MfaPolicy = (typeof MFA_POLICIES)[number];
/** The MFA factors the sandbox emulates (of the spec's `MfaFactor`). */
export type MfaFactor = (typeof MFA_FACTORS)[number];

/** The Logto tenant's settings. */
export interface LogtoConfig {
  /** Logto tenant MFA policy. */
  mfaPolicy: MfaPolicy;
  /** MFA factors enabled in the Logto sign-in experience. */
  mfaFactors: MfaFactor[];
  /** Where `/oidc/auth` sends the browser; default `${url}/sign-in`. */
  signInUrl?: string;
  /** Lifetime of `/oidc/token` access tokens, seconds. */
  logtoAccessTokenLifetimeSeconds: number;
  /** Lifetime of a one-time token created without `expiresIn`, seconds. */
  oneTimeTokenDefaultLifetimeSeconds: number;
  /** Lifetime of Experience verification codes, seconds. */
  verificationCodeLifetimeSeconds: number;
  /** Logto password policy: minimum length. */
  passwordMinLength: number;
  /** Tenant ID reported on one-time tokens. */
  tenantId: string;
  /** WebAuthn relying party; RP ID and origin default to the request's Host and Origin. */
  webauthn: WebAuthnConfig;
}

/** The WebAuthn relying party of the Logto tenant. */
export interface WebAuthnConfig {
  /** Relying party name shown by authenticators. */
  rpName: string;
  /** Relying party ID; default: the host name of the request. */
  rpId?: string;
  /** Expected origin of WebAuthn answers; default: the request's `Origin` header. */
  origin?: string;
}

export const logtoConfig: ConfigSection<LogtoConfig> = {
  defaults: () => ({
    mfaPolicy: 'NoPrompt',
    mfaFactors: ['Totp', 'WebAuthn', 'BackupCode'],
    logtoAccessTokenLifetimeSeconds: 3600,
    oneTimeTokenDefaultLifetimeSeconds: 600,
    verificationCodeLifetimeSeconds: 600,
    passwordMinLength: 8,
    tenantId: 'default',
    webauthn: { rpName: 'Logto Sandbox' },
  }),
  shape: {
    mfaPolicy: oneOf(MFA_POLICIES),
    mfaFactors: arrayOf(oneOf(MFA_FACTORS)),
    signInUrl: optional(absoluteUrl),
    logtoAccessTokenLifetimeSeconds: positiveNumber,
    oneTimeTokenDefaultLifetimeSeconds: positiveNumber,
    verificationCodeLifetimeSeconds: positiveNumber,
    passwordMinLength: positiveNumber,
    tenantId: string,
    webauthn: object<WebAuthnConfig>({ rpName: string, rpId: optional(string), origin: optional(string) }),
  } satisfies Shape<LogtoConfig>,
};

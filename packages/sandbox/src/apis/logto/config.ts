import {
  absoluteUrl,
  arrayOf,
  boolean,
  type Check,
  integerIn,
  nonEmptyString,
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
  'PromptOnlyAtSignIn',
  'PromptAtSignInAndSignUp',
  'PromptOnlyAtSignInMandatory',
  'PromptAtSignInAndSignUpMandatory',
] as const satisfies readonly ExperienceSchemas['MfaPolicy'][];
const MFA_FACTORS = [
  'Totp',
  'WebAuthn',
  'BackupCode',
  'EmailVerificationCode',
  'PhoneVerificationCode',
] as const satisfies readonly ExperienceSchemas['MfaFactor'][];
const IDENTIFIERS = ['username', 'email', 'phone'] as const satisfies readonly SignInIdentifier[];

/** The tenant MFA policies the sandbox emulates (of the spec's `MfaPolicy`). */
export type MfaPolicy = (typeof MFA_POLICIES)[number];
/** The MFA factors the sandbox emulates (of the spec's `MfaFactor`). */
export type MfaFactor = (typeof MFA_FACTORS)[number];

/** An identifier users sign in or register with. */
export type SignInIdentifier = ExperienceSchemas['SignInIdentifier'];
/** One sign-in method of the tenant (the spec's `SignInMethod`; `isPasswordPrimary` defaults to `password`). */
export type SignInMethodConfig = Omit<ExperienceSchemas['SignInMethod'], 'isPasswordPrimary'> & {
  isPasswordPrimary?: boolean;
};
/** What a registration must provide (the spec's `SignUpSettings`, without secondary identifiers). */
export type SignUpConfig = Pick<ExperienceSchemas['SignUpSettings'], 'identifiers' | 'password' | 'verify'>;

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
  /** Logto password policy: how many character types (lower, upper, digit, symbol) a password mixes, 1..4. */
  passwordCharacterTypes: number;
  /** Logto's identifier lockout after failed verifications (the sign-in experience's `sentinelPolicy`). */
  sentinelPolicy: SentinelPolicyConfig;
  /** Logto's cap on verification codes sent to one recipient (its message rate limit policy). */
  messageRateLimit: MessageRateLimitConfig;
  /** The sign-in methods offered, in display order. */
  signInMethods: SignInMethodConfig[];
  /** What a registration must provide. */
  signUp: SignUpConfig;
  /** Custom profile fields (names) a registration must fill (AddUserProfile `extraProfile`). */
  signUpProfileFields: string[];
  /** Tenant ID reported on one-time tokens. */
  tenantId: string;
  /** WebAuthn relying party; RP ID and origin default to the request's Host and Origin. */
  webauthn: WebAuthnConfig;
  /** Passkey sign-in (the spec's `PasskeySignInSettings`): off unless enabled. */
  passkeySignIn: PasskeySignInConfig;
}

/**
 * When failed verifications lock an identifier out (the spec's `SignInExperience.sentinelPolicy`,
 * every member set). Failed password, verification-code and one-time-token verifications of one
 * email, phone or username, in any interaction, count together over the last hour.
 */
export interface SentinelPolicyConfig
  extends Required<ExperienceSchemas['SignInExperience']['sentinelPolicy']> {
  /** The failure that makes this many within the hour locks the identifier out; Logto's default 100. */
  maxAttempts: number;
  /** How long the lockout lasts, minutes; Logto's default 60. */
  lockoutDuration: number;
}

/** Logto's `defaultSentinelPolicy` (@logto/schemas), in force where a tenant sets nothing. */
export const DEFAULT_SENTINEL_POLICY: Readonly<SentinelPolicyConfig> = Object.freeze({
  maxAttempts: 100,
  lockoutDuration: 60,
});

/** How many verification codes one email address or phone number may receive (Logto's `MessageRateLimitPolicy`). */
export interface MessageRateLimitConfig {
  /** The rolling window the sends are counted in, seconds; Logto's default 600. */
  sendWindow: number;
  /** Sends allowed to one recipient within the window; the next is refused (429); Logto's default 10. */
  maxSendsPerRecipient: number;
}

/** Whether users may sign in with a passkey, and how the sign-in page offers it. */
export type PasskeySignInConfig = Required<ExperienceSchemas['PasskeySignInSettings']>;

/** The WebAuthn relying party of the Logto tenant. */
export interface WebAuthnConfig {
  /** Relying party name shown by authenticators. */
  rpName: string;
  /** Relying party ID; default: the host name of the request. */
  rpId?: string;
  /** Expected origin of WebAuthn answers; default: the request's `Origin` header. */
  origin?: string;
}

/** An array without repeated items. */
const uniqueArrayOf =
  <T>(check: Check<T>): Check<T[]> =>
  (value, path) => {
    const items = arrayOf(check)(value, path);
    const repeated = items.find((item, i) => items.indexOf(item) !== i);
    if (repeated !== undefined) throw new RangeError(`${path}: ${String(repeated)} is listed twice`);
    return items;
  };

const signInMethodShape = object<SignInMethodConfig>({
  identifier: oneOf(IDENTIFIERS),
  password: boolean,
  verificationCode: boolean,
  isPasswordPrimary: optional(boolean),
});

/** A sign-in method Logto can offer: codes go to an email or phone, and each method proves something. */
const signInMethod: Check<SignInMethodConfig> = (value, path) => {
  const method = signInMethodShape(value, path);
  if (method.identifier === 'username' && method.verificationCode)
    throw new RangeError(`${path}: a username cannot receive a verification code`);
  if (!method.password && !method.verificationCode)
    throw new RangeError(`${path}: enable password, verificationCode or both`);
  return method;
};

const signInMethods: Check<SignInMethodConfig[]> = (value, path) => {
  const methods = arrayOf(signInMethod)(value, path);
  uniqueArrayOf(string)(
    methods.map((m) => m.identifier),
    `${path}[].identifier`,
  );
  return methods;
};

const signUpShape = object<SignUpConfig>({
  identifiers: uniqueArrayOf(oneOf(IDENTIFIERS)),
  password: boolean,
  verify: boolean,
});

/** Sign-up settings Logto accepts: a username signs in with its password, so it needs one. */
const signUp: Check<SignUpConfig> = (value, path) => {
  const settings = signUpShape(value, path);
  if (settings.identifiers.includes('username') && !settings.password)
    throw new RangeError(`${path}: a username sign-up needs password: true`);
  return settings;
};

export const logtoConfig: ConfigSection<LogtoConfig> = {
  defaults: () => ({
    mfaPolicy: 'NoPrompt',
    mfaFactors: ['Totp', 'WebAuthn', 'BackupCode'],
    logtoAccessTokenLifetimeSeconds: 3600,
    oneTimeTokenDefaultLifetimeSeconds: 600,
    verificationCodeLifetimeSeconds: 600,
    passwordMinLength: 8,
    passwordCharacterTypes: 1,
    // Logto's defaults: @logto/schemas defaultSentinelPolicy and defaultMessageRateLimitPolicy.
    sentinelPolicy: { ...DEFAULT_SENTINEL_POLICY },
    messageRateLimit: { sendWindow: 600, maxSendsPerRecipient: 10 },
    // Everything the sandbox emulates is enabled, so that any flow works unconfigured (a new
    // Logto tenant offers only username + password); restrict it per test with `configure`.
    signInMethods: [
      { identifier: 'username', password: true, verificationCode: false },
      { identifier: 'email', password: true, verificationCode: true },
      { identifier: 'phone', password: true, verificationCode: true },
    ],
    // No identifier in particular: any one will do (a username only with a password).
    signUp: { identifiers: [], password: false, verify: true },
    signUpProfileFields: [],
    tenantId: 'default',
    webauthn: { rpName: 'Logto Sandbox' },
    // Off, as in a new Logto tenant: when on, every submit without a passkey asks the user to
    // create one (422 `user.passkey_preferred`) until SkipPasskeyBinding.
    passkeySignIn: { enabled: false, showPasskeyButton: false, allowAutofill: false },
  }),
  shape: {
    mfaPolicy: oneOf(MFA_POLICIES),
    mfaFactors: arrayOf(oneOf(MFA_FACTORS)),
    signInUrl: optional(absoluteUrl),
    logtoAccessTokenLifetimeSeconds: positiveNumber,
    oneTimeTokenDefaultLifetimeSeconds: positiveNumber,
    verificationCodeLifetimeSeconds: positiveNumber,
    passwordMinLength: positiveNumber,
    passwordCharacterTypes: integerIn(1, 4),
    sentinelPolicy: object<SentinelPolicyConfig>({
      maxAttempts: integerIn(1, Number.MAX_SAFE_INTEGER),
      lockoutDuration: integerIn(1, Number.MAX_SAFE_INTEGER),
    }),
    messageRateLimit: object<MessageRateLimitConfig>({
      sendWindow: integerIn(1, Number.MAX_SAFE_INTEGER),
      maxSendsPerRecipient: integerIn(1, Number.MAX_SAFE_INTEGER),
    }),
    signInMethods: signInMethods,
    signUp: signUp,
    signUpProfileFields: uniqueArrayOf(nonEmptyString),
    tenantId: string,
    webauthn: object<WebAuthnConfig>({ rpName: string, rpId: optional(string), origin: optional(string) }),
    passkeySignIn: object<PasskeySignInConfig>({
      enabled: boolean,
      showPasskeyButton: boolean,
      allowAutofill: boolean,
    }),
  } satisfies Shape<LogtoConfig>,
};

// The data of an Experience interaction (types only: the state and the handlers both use them).
import type { SocialIdentity } from '../entities.js';
import type { ExperienceSchemas, InteractionEvent, OneTimeTokenContext } from '../spec.js';
import type { StoredWebAuthnCredential } from '../users.js';

/** An identifier naming an account (username, email or phone). */
export type Identifier = ExperienceSchemas['VerificationIdentifier'];

/** A social or enterprise SSO verification: created with the authorization URI, verified by the callback. */
export interface ProviderVerification<T extends 'Social' | 'EnterpriseSso'> {
  type: T;
  id: string;
  connectorId: string;
  state?: string;
  redirectUri?: string;
  verified: boolean;
  identity?: SocialIdentity;
}

/** One verification of an interaction; later steps refer to it by `id`. */
export type VerificationRecord =
  | { type: 'Password'; id: string; verified: true; userId: string; identifier: Identifier }
  | (SentCode & {
      type: 'VerificationCode';
      /** The event the code was sent for (its message template). */
      interactionEvent: InteractionEvent;
    })
  /** A code sent to the identified user's own email or phone as a second factor. */
  | (SentCode & { type: 'MfaCode'; userId: string })
  | ProviderVerification<'Social'>
  | ProviderVerification<'EnterpriseSso'>
  | { type: 'OneTimeToken'; id: string; verified: true; email: string; context: OneTimeTokenContext }
  | { type: 'NewPasswordIdentity'; id: string; verified: true; username: string; passwordDigest: string }
  | { type: 'Totp'; id: string; userId: string; secret?: string; verified: boolean }
  | {
      type: 'BackupCode';
      id: string;
      userId: string;
      /** Generated codes waiting to be bound. */
      codes?: string[];
      /** The code a sign-in just spent (GetInteraction shows it). */
      code?: string;
      verified: boolean;
    }
  | {
      type: 'WebAuthn';
      id: string;
      mode: 'registration' | 'authentication';
      userId: string;
      challenge: string;
      rpId: string;
      origin: string;
      /** `used` once an answer was checked, so a challenge is answered at most once. */
      challengeUsed: boolean;
      verified: boolean;
      credential?: StoredWebAuthnCredential;
    }
  /**
   * A passkey sign-in: the challenge of an identifier's passkeys (`userId` known from the start),
   * or, after the preflight, the assertion that names its user by its credential.
   */
  | {
      type: 'SignInPasskey';
      id: string;
      userId?: string;
      challenge: string;
      rpId: string;
      origin: string;
      challengeUsed: boolean;
      verified: boolean;
    };

/** A one-time code sent by email or SMS, and how it has been answered so far. */
export interface SentCode {
  id: string;
  identifier: ExperienceSchemas['VerificationCodeIdentifier'];
  code: string;
  sentAt: number;
  failedAttempts: number;
  verified: boolean;
}

/** A WebAuthn challenge the next assertion must answer. */
export interface PendingChallenge {
  challenge: string;
  rpId: string;
  origin: string;
}

export type VerificationType = VerificationRecord['type'];

/** Profile data collected before it is saved (registration) or applied on submit. */
export interface PendingProfile {
  username?: string;
  passwordDigest?: string;
  primaryEmail?: string;
  primaryPhone?: string;
  social?: { connectorId: string; identity: SocialIdentity };
  sso?: { connectorId: string; identity: SocialIdentity };
  /** Values of the sign-up form's custom profile fields, by field name. */
  extraProfile?: Record<string, unknown>;
}

export interface Interaction {
  id: string;
  /** The authorization request that opened the interaction. */
  client: {
    clientId: string;
    redirectUri: string;
    state?: string | undefined;
    scope?: string;
    codeChallenge?: string;
    nonce?: string;
    resource?: string;
    prompt?: string;
  };
  createdAt: number;
  event?: InteractionEvent;
  verifications: Map<string, VerificationRecord>;
  profile: PendingProfile;
  /** The identified user. */
  userId?: string;
  mfa: {
    /** A second factor was verified in this interaction. */
    verified: boolean;
    skipped: boolean;
    /** The user turned optional MFA on (MarkMfaEnabled, or by binding a factor); saved on submit. */
    enabled: boolean;
    /** The user declined the suggestion of another factor (this interaction only). */
    suggestionSkipped: boolean;
    /** The user declined to create a sign-in passkey. */
    passkeySkipped: boolean;
    totp?: { secret: string };
    webauthn: StoredWebAuthnCredential[];
    backupCodes?: string[];
  };
  /** ForgotPassword: the new password, stored on submit. */
  newPasswordDigest?: string;
  submitted?: { userId: string; event: InteractionEvent };
  /** The resume URL sent the browser to `/consent`. */
  consentRequested?: boolean;
  /** The scopes are granted; the next resume issues the code. */
  consented?: boolean;
  /**
   * The challenge of a passkey-sign-in preflight. Logto keeps it with the OIDC interaction, not
   * the Experience one, so it outlives `PUT /api/experience` (a page may ask for autofill
   * options before it starts the sign-in).
   */
  passkeyPreflight?: PendingChallenge;
}

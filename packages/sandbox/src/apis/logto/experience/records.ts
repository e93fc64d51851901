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
  | { type: 'Password'; id: string; verified: true; userId: string; identifierType: Identifier['type'] }
  | {
      type: 'VerificationCode';
      id: string;
      identifier: ExperienceSchemas['VerificationCodeIdentifier'];
      code: string;
      sentAt: number;
      failedAttempts: number;
      verified: boolean;
    }
  | ProviderVerification<'Social'>
  | ProviderVerification<'EnterpriseSso'>
  | { type: 'OneTimeToken'; id: string; verified: true; email: string; context: OneTimeTokenContext }
  | { type: 'NewPasswordIdentity'; id: string; verified: true; username: string; passwordDigest: string }
  | { type: 'Totp'; id: string; userId: string; secret?: string; verified: boolean }
  | { type: 'BackupCode'; id: string; userId: string; codes?: string[]; verified: boolean }
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
    };

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
}

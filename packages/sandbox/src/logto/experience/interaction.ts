import { randomId } from '../../crypto/random.js';
import type { InteractionEvent } from '../../outbox.js';
import type { SandboxState } from '../../state.js';
import { logtoError } from '../errors.js';
import type { OneTimeTokenContext } from '../one-time-tokens.js';
import type { SocialIdentity, StoredUser, StoredWebAuthnCredential } from '../users.js';

/** The session cookie `/oidc/auth` sets and every Experience call sends. */
export const INTERACTION_COOKIE = '_interaction';

export type Identifier = { type: 'username' | 'email' | 'phone'; value: string };

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
  | { type: 'Password'; id: string; verified: true; userId: string }
  | {
      type: 'VerificationCode';
      id: string;
      identifier: { type: 'email' | 'phone'; value: string };
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
  failedPasswordAttempts: number;
  submitted?: { userId: string; event: InteractionEvent };
  /** The resume URL sent the browser to `/consent`. */
  consentRequested?: boolean;
  /** The scopes are granted; the next resume issues the code. */
  consented?: boolean;
}

const emptyState = () => ({
  verifications: new Map<string, VerificationRecord>(),
  profile: {},
  userId: undefined,
  mfa: { verified: false, skipped: false, webauthn: [] },
  newPasswordDigest: undefined,
  failedPasswordAttempts: 0,
  submitted: undefined,
  consentRequested: undefined,
  consented: undefined,
});

/** Like oidc-provider's interaction TTL: an hour after `/oidc/auth`, the session is gone. */
export const INTERACTION_LIFETIME_MS = 60 * 60 * 1000;

/** The interaction with this ID unless it is unknown or past its lifetime. */
export function liveInteraction(state: SandboxState, id: string | undefined): Interaction | undefined {
  const interaction = id === undefined ? undefined : state.logto.interactions.get(id);
  if (!interaction) return undefined;
  if (state.clock.now() > interaction.createdAt + INTERACTION_LIFETIME_MS) {
    state.logto.interactions.delete(interaction.id);
    return undefined;
  }
  return interaction;
}

export function createInteraction(state: SandboxState, client: Interaction['client']): Interaction {
  const interaction: Interaction = { id: randomId(), client, createdAt: state.clock.now(), ...emptyState() };
  state.logto.interactions.set(interaction.id, interaction);
  return interaction;
}

/** `PUT /api/experience`: a fresh interaction of the given kind in the same OIDC session. */
export function restartInteraction(interaction: Interaction, event: InteractionEvent | undefined): void {
  Object.assign(interaction, emptyState(), { event });
}

export function requireEvent(interaction: Interaction): InteractionEvent {
  if (!interaction.event) throw logtoError(400, 'session.interaction_not_found');
  return interaction.event;
}

export function addVerification<T extends VerificationRecord>(interaction: Interaction, record: T): T {
  interaction.verifications.set(record.id, record);
  return record;
}

export const newVerificationId = () => randomId();

/** The verification with this ID, of one of the given types; else Logto's 404. */
export function findVerification<K extends VerificationType>(
  interaction: Interaction,
  id: string,
  ...types: K[]
): Extract<VerificationRecord, { type: K }> {
  const record = interaction.verifications.get(id);
  if (!record || (types.length > 0 && !types.includes(record.type as K))) {
    throw logtoError(404, 'session.verification_session_not_found');
  }
  return record as Extract<VerificationRecord, { type: K }>;
}

/** The identified user; Logto's 404 `session.identifier_not_found` before identification. */
export function identifiedUser(state: SandboxState, interaction: Interaction): StoredUser {
  const user = interaction.userId === undefined ? undefined : state.logto.users.byId(interaction.userId);
  if (!user) throw logtoError(404, 'session.identifier_not_found');
  return user;
}

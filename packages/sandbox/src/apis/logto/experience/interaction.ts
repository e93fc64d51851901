import { randomId } from '../../../core/crypto/random.js';
import { logtoError } from '../errors.js';
import type { InteractionEvent } from '../spec.js';
import type { LogtoCall } from '../state.js';
import type { StoredUser } from '../users.js';
import type { Interaction, VerificationRecord, VerificationType } from './records.js';

export type {
  Identifier,
  Interaction,
  PendingProfile,
  VerificationRecord,
  VerificationType,
} from './records.js';

/** The session cookie `/oidc/auth` sets and every Experience call sends. */
export const INTERACTION_COOKIE = '_interaction';

/** The MFA state of an interaction before anything was verified, bound or declined. */
export const emptyMfa = (): Interaction['mfa'] => ({
  verified: false,
  skipped: false,
  enabled: false,
  suggestionSkipped: false,
  passkeySkipped: false,
  webauthn: [],
});

const emptyState = () => ({
  verifications: new Map<string, VerificationRecord>(),
  profile: {},
  userId: undefined,
  mfa: emptyMfa(),
  newPasswordDigest: undefined,
  submitted: undefined,
  consentRequested: undefined,
  consented: undefined,
});

/** Like oidc-provider's interaction TTL: an hour after `/oidc/auth`, the session is gone. */
export const INTERACTION_LIFETIME_MS = 60 * 60 * 1000;

/** The interaction with this ID unless it is unknown or past its lifetime. */
export function liveInteraction(call: LogtoCall, id: string | undefined): Interaction | undefined {
  const interaction = id === undefined ? undefined : call.state.interactions.get(id);
  if (!interaction) return undefined;
  if (call.sandbox.clock.now() > interaction.createdAt + INTERACTION_LIFETIME_MS) {
    call.state.interactions.delete(interaction.id);
    return undefined;
  }
  return interaction;
}

export function createInteraction(call: LogtoCall, client: Interaction['client']): Interaction {
  const interaction: Interaction = {
    id: randomId(),
    client,
    createdAt: call.sandbox.clock.now(),
    ...emptyState(),
  };
  call.state.interactions.set(interaction.id, interaction);
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
export function identifiedUser(call: LogtoCall, interaction: Interaction): StoredUser {
  const user = interaction.userId === undefined ? undefined : call.state.users.byId(interaction.userId);
  if (!user) throw logtoError(404, 'session.identifier_not_found');
  return user;
}

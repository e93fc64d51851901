import type { MfaFactor } from '../config.js';
import { logtoError } from '../errors.js';
import type { LogtoCall } from '../state.js';
import { type StoredUser, userMfaFactors } from '../users.js';
import type { Interaction } from './records.js';

/** Factors a user can bind: the enabled ones, minus backup codes (never a factor on their own). */
export const bindableFactors = (call: LogtoCall): MfaFactor[] =>
  call.config.mfaFactors.filter((f) => f !== 'BackupCode');

const hasPendingBinding = (interaction: Interaction) =>
  interaction.mfa.totp !== undefined ||
  interaction.mfa.webauthn.length > 0 ||
  interaction.mfa.backupCodes !== undefined;

/**
 * A sign-in user with MFA must verify a factor first (403, with the factors in `data`), also
 * before changing the profile or binding more factors.
 */
export function assertMfaVerified(interaction: Interaction, user: StoredUser): void {
  if (interaction.event !== 'SignIn' || interaction.mfa.verified) return;
  const availableFactors = userMfaFactors(user);
  if (availableFactors.length > 0) {
    throw logtoError(403, 'session.mfa.require_mfa_verification', { data: { availableFactors } });
  }
}

/** The tenant policy for users without any factor: bind one (Mandatory), or bind or skip (UserControlled). */
export function assertMfaPolicyFulfilled(call: LogtoCall, interaction: Interaction, user: StoredUser): void {
  if (userMfaFactors(user).length > 0 || hasPendingBinding(interaction)) return;
  const { mfaPolicy } = call.config;
  const availableFactors = bindableFactors(call);
  if (availableFactors.length === 0) return;
  if (mfaPolicy === 'Mandatory') throw logtoError(422, 'user.missing_mfa', { data: { availableFactors } });
  if (mfaPolicy === 'UserControlled' && !interaction.mfa.skipped && !user.mfaSkipped) {
    throw logtoError(422, 'user.missing_mfa', { data: { availableFactors, skippable: true } });
  }
}

import type { MfaFactor, MfaPolicy } from '../config.js';
import { logtoError } from '../errors.js';
import type { LogtoCall } from '../state.js';
import { type StoredUser, userMfaFactors } from '../users.js';
import type { Interaction } from './records.js';

/** Factors a user can bind, in the settings' order: the enabled ones but backup codes, never bound alone. */
export const bindableFactors = (call: LogtoCall): MfaFactor[] =>
  call.config.mfaFactors.filter((f) => f !== 'BackupCode');

// Logto's display order of factors (`sortMfaFactors`, core routes/experience/classes/helpers.ts).
const ORDER: readonly MfaFactor[] = [
  'WebAuthn',
  'Totp',
  'PhoneVerificationCode',
  'EmailVerificationCode',
  'BackupCode',
];

export const sortMfaFactors = (factors: readonly MfaFactor[]): MfaFactor[] =>
  [...factors].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));

/** How a policy treats a user without factors in an interaction: no prompt, a skippable one, or a requirement. */
export function mfaPrompt(policy: MfaPolicy, event: Interaction['event']): 'none' | 'skippable' | 'required' {
  if (policy === 'NoPrompt') return 'none';
  if (policy.startsWith('PromptOnlyAtSignIn') && event !== 'SignIn') return 'none';
  return policy.endsWith('Mandatory') ? 'required' : 'skippable';
}

export const hasPendingBinding = (interaction: Interaction) =>
  interaction.mfa.totp !== undefined ||
  interaction.mfa.webauthn.length > 0 ||
  interaction.mfa.backupCodes !== undefined;

/** The user's email and phone once the interaction's pending ones are saved. */
function userAfterSubmit(interaction: Interaction, user: StoredUser): StoredUser {
  const { primaryEmail, primaryPhone } = interaction.profile;
  return {
    ...user,
    ...(primaryEmail !== undefined ? { primaryEmail } : {}),
    ...(primaryPhone !== undefined ? { primaryPhone } : {}),
  };
}

/** An address shown partly, so a page can say where a code went without revealing it. */
const maskEmail = (email: string) => {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, 1)}***${email.slice(at)}`;
};
const maskPhone = (phone: string) => `${'*'.repeat(Math.max(0, phone.length - 4))}${phone.slice(-4)}`;

/** Where the email and SMS codes of these factors go, masked (Logto's `maskedIdentifiers`). */
export function maskedIdentifiers(user: StoredUser, factors: readonly MfaFactor[]) {
  return {
    ...(factors.includes('EmailVerificationCode') && user.primaryEmail
      ? { email: maskEmail(user.primaryEmail) }
      : {}),
    ...(factors.includes('PhoneVerificationCode') && user.primaryPhone
      ? { phone: maskPhone(user.primaryPhone) }
      : {}),
  };
}

/**
 * A sign-in user with MFA must verify a factor first (403, with the factors in `data`), also
 * before changing the profile or binding more factors.
 */
export function assertMfaVerified(call: LogtoCall, interaction: Interaction, user: StoredUser): void {
  if (interaction.event !== 'SignIn' || interaction.mfa.verified) return;
  assertNoMfaFactors(call, user);
}

/** The 403 `session.mfa.require_mfa_verification` (factors and masked addresses in `data`) for a user with MFA. */
export function assertNoMfaFactors(call: LogtoCall, user: StoredUser): void {
  const availableFactors = sortMfaFactors(userMfaFactors(user, call.config.mfaFactors));
  if (availableFactors.length > 0) {
    throw logtoError(403, 'session.mfa.require_mfa_verification', {
      data: { availableFactors, maskedIdentifiers: maskedIdentifiers(user, availableFactors) },
    });
  }
}

/**
 * The tenant policy for users without any factor: bind one (…Mandatory), or bind or skip
 * (UserControlled, Prompt…); then, at a registration whose only factor is the email or phone it
 * signed up with, the suggestion of another factor (Logto's `guardAdditionalBindingSuggestion`,
 * core routes/experience/classes/mfa.ts), which SkipMfaSuggestion declines.
 */
export function assertMfaPolicyFulfilled(call: LogtoCall, interaction: Interaction, user: StoredUser): void {
  const prompt = mfaPrompt(call.config.mfaPolicy, interaction.event);
  const availableFactors = bindableFactors(call);
  if (prompt === 'none' || availableFactors.length === 0) return;
  if (prompt === 'skippable' && (interaction.mfa.skipped || user.mfaSkipped)) return;
  const saved = userAfterSubmit(interaction, user);
  const factors = userMfaFactors(saved, call.config.mfaFactors);
  if (factors.length === 0 && !hasPendingBinding(interaction)) {
    if (prompt === 'required') throw logtoError(422, 'user.missing_mfa', { data: { availableFactors } });
    throw logtoError(422, 'user.missing_mfa', { data: { availableFactors, skippable: true } });
  }
  assertNoSuggestion(call, interaction, saved, factors, availableFactors);
}

function assertNoSuggestion(
  call: LogtoCall,
  interaction: Interaction,
  user: StoredUser,
  factors: MfaFactor[],
  availableFactors: MfaFactor[],
): void {
  if (interaction.event !== 'Register' || interaction.mfa.suggestionSkipped || hasPendingBinding(interaction))
    return;
  const byEmail = factors.includes('EmailVerificationCode');
  const byPhone = factors.includes('PhoneVerificationCode');
  const { identifiers } = call.config.signUp;
  // Only an address the user signed up with: one added as a factor later is a deliberate choice.
  if (!byEmail && !byPhone) return;
  if (byEmail && !identifiers.includes('email')) return;
  if (byPhone && !identifiers.includes('phone')) return;
  if (availableFactors.every((f) => factors.includes(f))) return;
  throw logtoError(422, 'session.mfa.suggest_additional_mfa', {
    data: {
      availableFactors: sortMfaFactors(availableFactors),
      maskedIdentifiers: maskedIdentifiers(user, factors),
      skippable: true,
      suggestion: true,
    },
  });
}

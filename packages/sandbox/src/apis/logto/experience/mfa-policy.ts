import type { MfaFactor, MfaPolicy } from '../config.js';
import { logtoError } from '../errors.js';
import type { LogtoCall } from '../state.js';
import { type StoredUser, userMfaFactors } from '../users.js';
import type { Interaction } from './records.js';

// Binding email or phone codes as a second factor is not emulated (CreateAndSendMfaVerificationCode
// is not implemented): those factors are reported in the settings but never asked for.
const BINDABLE: readonly MfaFactor[] = ['Totp', 'WebAuthn'];

/** Factors a user can bind: the enabled ones the sandbox can bind (backup codes never alone). */
export const bindableFactors = (call: LogtoCall): MfaFactor[] =>
  call.config.mfaFactors.filter((f) => BINDABLE.includes(f));

/** How a policy treats a user without factors in an interaction: no prompt, a skippable one, or a requirement. */
export function mfaPrompt(policy: MfaPolicy, event: Interaction['event']): 'none' | 'skippable' | 'required' {
  if (policy === 'NoPrompt') return 'none';
  if (policy.startsWith('PromptOnlyAtSignIn') && event !== 'SignIn') return 'none';
  return policy.endsWith('Mandatory') ? 'required' : 'skippable';
}

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
    // `maskedIdentifiers` names where email or SMS codes would go: Logto sends it empty when
    // the user has neither factor (recorded), and the sandbox binds neither.
    throw logtoError(403, 'session.mfa.require_mfa_verification', {
      data: { availableFactors, maskedIdentifiers: {} },
    });
  }
}

/** The tenant policy for users without any factor: bind one (…Mandatory), or bind or skip (UserControlled, Prompt…). */
export function assertMfaPolicyFulfilled(call: LogtoCall, interaction: Interaction, user: StoredUser): void {
  if (userMfaFactors(user).length > 0 || hasPendingBinding(interaction)) return;
  const prompt = mfaPrompt(call.config.mfaPolicy, interaction.event);
  const availableFactors = bindableFactors(call);
  if (availableFactors.length === 0) return;
  if (prompt === 'required') throw logtoError(422, 'user.missing_mfa', { data: { availableFactors } });
  if (prompt === 'skippable' && !interaction.mfa.skipped && !user.mfaSkipped) {
    throw logtoError(422, 'user.missing_mfa', { data: { availableFactors, skippable: true } });
  }
}

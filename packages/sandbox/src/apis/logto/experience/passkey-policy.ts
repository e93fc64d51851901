// The tenant's passkey sign-in as a rule at submit: with passkey sign-in on, a user without a
// passkey is asked to create one (422 `user.passkey_preferred`) unless they declined
// (SkipPasskeyBinding, now or at an earlier sign-in). From Logto's `assertPasskeySignInFulfilled`
// (core routes/experience/classes/mfa.ts), which the submit skips for enterprise SSO users.
import { logtoError } from '../errors.js';
import type { LogtoCall } from '../state.js';
import type { StoredUser } from '../users.js';
import type { Interaction } from './records.js';

const signedInWithSso = (interaction: Interaction) =>
  [...interaction.verifications.values()].some((r) => r.type === 'EnterpriseSso' && r.verified);

export function assertPasskeyBound(call: LogtoCall, interaction: Interaction, user: StoredUser): void {
  if (!call.config.passkeySignIn.enabled || signedInWithSso(interaction)) return;
  if (interaction.mfa.passkeySkipped || user.passkeySkipped) return;
  if (user.webauthn.length > 0 || interaction.mfa.webauthn.length > 0) return;
  throw logtoError(422, 'user.passkey_preferred');
}

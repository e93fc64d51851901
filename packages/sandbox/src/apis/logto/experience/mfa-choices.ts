// The user's MFA and passkey choices in an interaction: turning optional MFA on, declining the
// suggestion of another factor or the creation of a passkey, and binding a passkey for sign-in.
// Each is kept in the interaction and read or saved at submit. Logto guards all of them alike
// (`verifiedInteractionGuard`, core routes/experience/profile-routes): not in a password reset,
// and at a sign-in only once the user's MFA is verified.
import { noContent } from '../../../http/reply.js';
import { logtoError } from '../errors.js';
import type { LogtoCall } from '../state.js';
import { findVerification, type Interaction, identifiedUser, requireEvent } from './interaction.js';
import { assertMfaVerified } from './mfa-policy.js';
import { type ExperienceHandler, type ExperienceHandlers, session } from './session.js';

function guardChoice(call: LogtoCall, interaction: Interaction) {
  if (requireEvent(interaction) === 'ForgotPassword')
    throw logtoError(400, 'session.not_supported_for_forgot_password');
  const user = identifiedUser(call, interaction);
  assertMfaVerified(call, interaction, user);
  return user;
}

/** Stored on the account at submit (`mfaEnabled`); binding a factor does the same. */
const markMfaEnabled: ExperienceHandler<'MarkMfaEnabled'> = (request, call) => {
  const interaction = session(request);
  guardChoice(call, interaction);
  interaction.mfa.enabled = true;
  return noContent();
};

/**
 * Lets a registration be submitted without the other factor its submit suggested
 * (`session.mfa.suggest_additional_mfa`). Logto keeps this for the interaction only.
 */
const skipMfaSuggestion: ExperienceHandler<'SkipMfaSuggestion'> = (request, call) => {
  const interaction = session(request);
  guardChoice(call, interaction);
  interaction.mfa.suggestionSkipped = true;
  return noContent();
};

/** Lets the interaction be submitted without the passkey that passkey sign-in asks for. */
const skipPasskeyBinding: ExperienceHandler<'SkipPasskeyBinding'> = (request, call) => {
  const interaction = session(request);
  guardChoice(call, interaction);
  interaction.mfa.passkeySkipped = true;
  return noContent();
};

/**
 * Adds a verified WebAuthn registration of the user as a passkey, saved at submit. Logto binds it
 * like a WebAuthn factor (`addWebAuthnByVerificationId`), only without turning optional MFA on.
 */
const bindPasskey: ExperienceHandler<'BindPasskey'> = (request, call) => {
  const interaction = session(request);
  const user = guardChoice(call, interaction);
  const record = findVerification(interaction, request.body.verificationId, 'WebAuthn');
  if (record.mode !== 'registration' || record.userId !== user.id)
    throw logtoError(404, 'session.verification_session_not_found');
  if (!record.verified) throw logtoError(400, 'session.verification_failed');
  const credential = record.credential;
  if (!credential) throw logtoError(400, 'session.mfa.pending_info_not_found');
  if (!interaction.mfa.webauthn.some((c) => c.id === credential.id))
    interaction.mfa.webauthn.push(credential);
  return noContent();
};

export const mfaChoiceHandlers = {
  MarkMfaEnabled: markMfaEnabled,
  SkipMfaSuggestion: skipMfaSuggestion,
  SkipPasskeyBinding: skipPasskeyBinding,
  BindPasskey: bindPasskey,
} satisfies Partial<ExperienceHandlers>;

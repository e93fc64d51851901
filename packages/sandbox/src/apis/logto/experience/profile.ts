import { hashPassword, verifyPassword } from '../../../core/crypto/password.js';
import { noContent } from '../../../http/reply.js';
import type { MfaFactor } from '../config.js';
import { logtoError } from '../errors.js';
import type { ExperienceSchemas } from '../spec.js';
import type { LogtoCall } from '../state.js';
import { userMfaFactors } from '../users.js';
import { findVerification, type Interaction, identifiedUser, requireEvent } from './interaction.js';
import { assertMfaVerified, assertNoMfaFactors, mfaPrompt } from './mfa-policy.js';
import { assertPasswordPolicy } from './password-policy.js';
import { assertProfileAvailable } from './profile-store.js';
import { type ExperienceHandler, type ExperienceHandlers, session } from './session.js';

/** Whether a factor of the spec is one the tenant enables (and so one the sandbox emulates). */
const isEnabled = (call: LogtoCall, factor: ExperienceSchemas['MfaFactor']): factor is MfaFactor =>
  (call.config.mfaFactors as readonly string[]).includes(factor);

/** The identified user where one is required, checking that a sign-in has passed its MFA. */
function userForUpdate(call: LogtoCall, interaction: Interaction) {
  const user = identifiedUser(call, interaction);
  assertMfaVerified(call, interaction, user);
  return user;
}

const addUserProfile: ExperienceHandler<'AddUserProfile'> = async (request, call) => {
  const interaction = session(request);
  const event = requireEvent(interaction);
  if (event === 'ForgotPassword') throw logtoError(400, 'session.not_supported_for_forgot_password');
  // Before identification only a registration collects profile data.
  const userId =
    event === 'Register' && interaction.userId === undefined
      ? undefined
      : userForUpdate(call, interaction).id;
  const update = request.body;
  if (update.type === 'username') {
    assertProfileAvailable(call, { username: update.value }, userId);
    interaction.profile.username = update.value;
  } else if (update.type === 'password') {
    assertPasswordPolicy(update.value, call.config);
    const digest = await hashPassword(update.value);
    interaction.profile.passwordDigest = digest;
  } else if (update.type === 'social') {
    const record = findVerification(interaction, update.verificationId, 'Social');
    if (!record.verified || !record.identity) throw logtoError(400, 'session.verification_failed');
    const social = { connectorId: record.connectorId, identity: record.identity };
    assertProfileAvailable(call, { social }, userId);
    interaction.profile.social = social;
  } else if (update.type === 'extraProfile') {
    // Only the fields the sign-up form has (as Logto checks against its custom profile fields).
    const unknown = Object.keys(update.values).find(
      (name) => !call.config.signUpProfileFields.includes(name),
    );
    if (unknown !== undefined)
      throw logtoError(400, 'guard.invalid_input', { details: `unknown profile field ${unknown}` });
    interaction.profile.extraProfile = { ...interaction.profile.extraProfile, ...update.values };
  } else {
    const record = findVerification(interaction, update.verificationId, 'VerificationCode', 'OneTimeToken');
    const value =
      record.type === 'OneTimeToken'
        ? update.type === 'email'
          ? record.email
          : undefined
        : record.identifier.type === update.type
          ? record.identifier.value
          : undefined;
    if (value === undefined || !record.verified) throw logtoError(400, 'session.verification_failed');
    const profile = update.type === 'email' ? { primaryEmail: value } : { primaryPhone: value };
    assertProfileAvailable(call, profile, userId);
    Object.assign(interaction.profile, profile);
  }
  return noContent();
};

const resetPassword: ExperienceHandler<'ResetPassword'> = async (request, call) => {
  const interaction = session(request);
  if (requireEvent(interaction) !== 'ForgotPassword')
    throw logtoError(400, 'session.invalid_interaction_type');
  const user = identifiedUser(call, interaction);
  const { password } = request.body;
  assertPasswordPolicy(password, call.config);
  if (await verifyPassword(password, user.passwordDigest)) throw logtoError(422, 'user.same_password');
  interaction.newPasswordDigest = await hashPassword(password);
  return noContent();
};

const skipMfa: ExperienceHandler<'SkipMfaBindingFlow'> = (request, call) => {
  const interaction = session(request);
  const user = identifiedUser(call, interaction);
  assertNoMfaFactors(call, user);
  // Logto refuses a skip only where MFA is mandatory (its MfaValidator's `skip`); under every
  // other policy, NoPrompt included, the skip is kept (the recordings' notes list the refusal
  // under NoPrompt as a difference).
  if (mfaPrompt(call.config.mfaPolicy, 'SignIn') === 'required')
    throw logtoError(422, 'session.mfa.mfa_policy_not_user_controlled');
  interaction.mfa.skipped = true;
  return noContent();
};

const bindMfa: ExperienceHandler<'BindMfaVerification'> = (request, call) => {
  const interaction = session(request);
  const user = userForUpdate(call, interaction);
  const { type, verificationId } = request.body;
  if (!isEnabled(call, type)) throw logtoError(400, 'session.mfa.mfa_factor_not_enabled');
  if (type === 'Totp') {
    const record = findVerification(interaction, verificationId, 'Totp');
    if (!record.verified) throw logtoError(400, 'session.verification_failed');
    if (!record.secret) throw logtoError(400, 'session.mfa.pending_info_not_found');
    if (user.totp) throw logtoError(422, 'user.totp_already_in_use');
    interaction.mfa.totp = { secret: record.secret };
  } else if (type === 'WebAuthn') {
    const record = findVerification(interaction, verificationId, 'WebAuthn');
    if (record.mode !== 'registration') throw logtoError(404, 'session.verification_session_not_found');
    if (!record.verified) throw logtoError(400, 'session.verification_failed');
    const credential = record.credential;
    if (!credential) throw logtoError(400, 'session.mfa.pending_info_not_found');
    if (!interaction.mfa.webauthn.some((c) => c.id === credential.id))
      interaction.mfa.webauthn.push(credential);
  } else if (type === 'EmailVerificationCode' || type === 'PhoneVerificationCode') {
    bindCodeFactor(
      call,
      interaction,
      type === 'EmailVerificationCode' ? 'email' : 'phone',
      verificationId,
      user.id,
    );
  } else {
    const record = findVerification(interaction, verificationId, 'BackupCode');
    if (!record.codes) throw logtoError(400, 'session.mfa.pending_info_not_found');
    const otherFactor =
      userMfaFactors(user, call.config.mfaFactors).some((f) => f !== 'BackupCode') ||
      interaction.mfa.totp !== undefined ||
      interaction.mfa.webauthn.length > 0;
    if (!otherFactor) throw logtoError(422, 'session.mfa.backup_code_can_not_be_alone');
    interaction.mfa.backupCodes = [...record.codes];
  }
  // Binding a factor turns the user's optional MFA on (as MarkMfaEnabled does).
  interaction.mfa.enabled = true;
  return noContent();
};

/**
 * Email or SMS codes as a second factor: the verified address (an identifier code verification)
 * joins the profile, and, as Logto does, the code just answered also counts as this
 * interaction's MFA verification, so the user is not asked for a second code at once.
 */
function bindCodeFactor(
  call: LogtoCall,
  interaction: Interaction,
  channel: 'email' | 'phone',
  verificationId: string,
  userId: string,
): void {
  const record = findVerification(interaction, verificationId, 'VerificationCode');
  if (record.identifier.type !== channel || !record.verified)
    throw logtoError(400, 'session.verification_failed');
  const profile =
    channel === 'email'
      ? { primaryEmail: record.identifier.value }
      : { primaryPhone: record.identifier.value };
  assertProfileAvailable(call, profile, userId);
  Object.assign(interaction.profile, profile);
  interaction.mfa.verified = true;
}

export const profileHandlers = {
  AddUserProfile: addUserProfile,
  ResetPassword: resetPassword,
  SkipMfaBindingFlow: skipMfa,
  BindMfaVerification: bindMfa,
} satisfies Partial<ExperienceHandlers>;

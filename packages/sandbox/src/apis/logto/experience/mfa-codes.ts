// Email and SMS codes as a second factor: the code goes to the identified user's own email
// address or phone number (Logto's `getMfaIdentifier`, core routes/experience/
// verification-routes/verification-code-helpers.ts), and a verified one satisfies the MFA
// requirement of a sign-in like a TOTP or passkey verification does.
import { json } from '../../../http/reply.js';
import { logtoError } from '../errors.js';
import type { ExperienceSchemas } from '../spec.js';
import type { LogtoCall } from '../state.js';
import { answerCode, sendCode } from './codes.js';
import { addVerification, findVerification, type Interaction, newVerificationId } from './interaction.js';
import { type ExperienceHandler, type ExperienceHandlers, session } from './session.js';

/** The spec accepts `email`/`Email` and `phone`/`Phone`; Logto treats them alike. */
const channelOf = (type: ExperienceSchemas['MfaCodeIdentifierType']) =>
  type.toLowerCase() === 'email' ? ('email' as const) : ('phone' as const);

/**
 * Where the user's MFA code goes. Logto answers 400 (not the 404 of the other operations) when
 * no user is identified, and `session.mfa.mfa_factor_not_enabled` when the account has no such
 * address.
 */
function mfaRecipient(call: LogtoCall, interaction: Interaction, type: 'email' | 'phone') {
  const user = interaction.userId === undefined ? undefined : call.state.users.byId(interaction.userId);
  if (!user) throw logtoError(400, 'session.identifier_not_found');
  const value = type === 'email' ? user.primaryEmail : user.primaryPhone;
  if (!value) throw logtoError(400, 'session.mfa.mfa_factor_not_enabled');
  return { user, identifier: { type, value } };
}

const sendMfaCode: ExperienceHandler<'CreateAndSendMfaVerificationCode'> = (request, call) => {
  const interaction = session(request);
  const { user, identifier } = mfaRecipient(call, interaction, channelOf(request.body.identifierType));
  const sent = sendCode(call, newVerificationId(), identifier, interaction.event);
  const record = addVerification(interaction, { ...sent, type: 'MfaCode', userId: user.id });
  return json(200, { verificationId: record.id });
};

const verifyMfaCode: ExperienceHandler<'VerifyMfaVerificationCode'> = (request, call) => {
  const interaction = session(request);
  const { verificationId, code, identifierType } = request.body;
  const record = findVerification(interaction, verificationId, 'MfaCode');
  // Logto checks the code against the account's address as it is now, by the kind given.
  const { user, identifier } = mfaRecipient(call, interaction, channelOf(identifierType));
  if (
    record.userId !== user.id ||
    record.identifier.type !== identifier.type ||
    record.identifier.value !== identifier.value
  ) {
    throw logtoError(400, 'verification_code.not_found');
  }
  answerCode(call, record, code);
  interaction.mfa.verified = true;
  return json(200, { verificationId: record.id });
};

export const mfaCodeHandlers = {
  CreateAndSendMfaVerificationCode: sendMfaCode,
  VerifyMfaVerificationCode: verifyMfaCode,
} satisfies Partial<ExperienceHandlers>;

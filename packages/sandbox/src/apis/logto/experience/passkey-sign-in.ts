// Signing in with a passkey (the tenant's `passkeySignIn`): options for the passkeys of a typed
// identifier, or, in the preflight, for any passkey of the site (browser autofill); then the
// assertion, which yields a `SignInPasskey` verification naming the user, to identify with.
// Identifying with it also satisfies the sign-in's MFA: Logto classes a sign-in passkey as a
// second-factor proof (core routes/experience/classes/libraries/authentication-context.ts).
import { json } from '../../../http/reply.js';
import { logtoError } from '../errors.js';
import type { LogtoCall } from '../state.js';
import type { StoredUser } from '../users.js';
import { addVerification, findVerification, type Interaction, newVerificationId } from './interaction.js';
import type { VerificationRecord } from './records.js';
import { type ExperienceHandler, type ExperienceHandlers, session } from './session.js';
import { authenticationOptions, checkAssertion, relyingParty } from './webauthn.js';

/**
 * The stored Logto source does not show the wording of this refusal; the spec documents a 400,
 * and the sandbox names it after Logto's other `session.passkey_sign_in.*` codes.
 */
function assertPasskeySignInEnabled(call: LogtoCall): void {
  if (!call.config.passkeySignIn.enabled) throw logtoError(400, 'session.passkey_sign_in.not_enabled');
}

/** The preflight: a challenge any discoverable passkey may answer, kept with the OIDC interaction. */
const createPreflight: ExperienceHandler<'CreateSignInPasskeyAuthentication'> = async (request, call) => {
  assertPasskeySignInEnabled(call);
  const interaction = session(request);
  const { rpId, origin } = relyingParty(call);
  const options = await authenticationOptions(rpId, []);
  interaction.passkeyPreflight = { challenge: options.challenge, rpId, origin };
  return json(200, { authenticationOptions: options });
};

const createForIdentifier: ExperienceHandler<'CreateSignInPasskeyAuthenticationWithIdentifier'> = async (
  request,
  call,
) => {
  assertPasskeySignInEnabled(call);
  const interaction = session(request);
  const { identifier } = request.body;
  const user = call.state.users.byIdentifier(identifier);
  if (!user)
    throw logtoError(404, 'user.user_not_exist', {
      message: `User with ${identifier.value} does not exist.`,
      data: { identifier: identifier.value },
    });
  // The sign-in page falls back to other methods on this code (Logto's experience app).
  if (user.webauthn.length === 0) throw logtoError(400, 'session.mfa.webauthn_verification_not_found');
  const { rpId, origin } = relyingParty(call);
  const options = await authenticationOptions(rpId, user.webauthn);
  const record = addVerification(interaction, {
    type: 'SignInPasskey',
    id: newVerificationId(),
    userId: user.id,
    challenge: options.challenge,
    rpId,
    origin,
    challengeUsed: false,
    verified: false,
  });
  return json(200, { verificationId: record.id, authenticationOptions: options });
};

type PasskeyRecord = Extract<VerificationRecord, { type: 'SignInPasskey' }>;

/**
 * The verification an assertion answers, its challenge claimed before anything is awaited so
 * that one challenge is answered at most once: the identifier's verification, or a new one for
 * the preflight's challenge.
 */
function claimPasskeyChallenge(interaction: Interaction, verificationId: string | undefined): PasskeyRecord {
  if (verificationId !== undefined) {
    const record = findVerification(interaction, verificationId, 'SignInPasskey');
    if (record.challengeUsed) throw logtoError(400, 'session.mfa.pending_info_not_found');
    record.challengeUsed = true;
    return record;
  }
  const preflight = interaction.passkeyPreflight;
  if (!preflight) throw logtoError(400, 'session.passkey_sign_in.pending_info_not_found');
  interaction.passkeyPreflight = undefined;
  return addVerification<PasskeyRecord>(interaction, {
    type: 'SignInPasskey',
    id: newVerificationId(),
    ...preflight,
    challengeUsed: true,
    verified: false,
  });
}

/** The account that owns the asserted credential (the identifier's account, when one was typed). */
function credentialOwner(call: LogtoCall, userId: string | undefined, credentialId: string) {
  const users: StoredUser[] =
    userId === undefined ? call.state.users.all() : [call.state.users.byId(userId)].filter((u) => !!u);
  for (const user of users) {
    const credential = user.webauthn.find((c) => c.id === credentialId);
    if (credential) return { user, credential };
  }
  throw logtoError(400, 'session.mfa.webauthn_verification_failed');
}

const verifyPasskey: ExperienceHandler<'VerifySignInPasskeyAuthentication'> = async (request, call) => {
  const interaction = session(request);
  const { verificationId, payload } = request.body;
  const record = claimPasskeyChallenge(interaction, verificationId);
  const { user, credential } = credentialOwner(call, record.userId, payload.id);
  await checkAssertion(record, credential, payload);
  if (interaction.userId !== undefined && interaction.userId !== user.id)
    throw logtoError(409, 'session.identity_conflict');
  record.userId = user.id;
  record.verified = true;
  return json(200, { verificationId: record.id });
};

export const passkeySignInHandlers = {
  CreateSignInPasskeyAuthentication: createPreflight,
  CreateSignInPasskeyAuthenticationWithIdentifier: createForIdentifier,
  VerifySignInPasskeyAuthentication: verifyPasskey,
} satisfies Partial<ExperienceHandlers>;

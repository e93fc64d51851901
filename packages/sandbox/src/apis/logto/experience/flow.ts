import { json, noContent, text } from '../../../http/reply.js';
import { logtoError } from '../errors.js';
import type { ExperienceSchemas, InteractionEvent } from '../spec.js';
import type { LogtoCall } from '../state.js';
import type { StoredUser } from '../users.js';
import {
  emptyMfa,
  findVerification,
  type Interaction,
  identifiedUser,
  type PendingProfile,
  requireEvent,
  restartInteraction,
  type VerificationRecord,
} from './interaction.js';
import { assertMfaPolicyFulfilled, assertMfaVerified } from './mfa-policy.js';
import { assertPasskeyBound } from './passkey-policy.js';
import { applyProfile, assertProfileAvailable } from './profile-store.js';
import { type ExperienceHandler, type ExperienceHandlers, session } from './session.js';
import { assertSignInMethod } from './sign-in-methods.js';
import { assertSignUpProfile, profileAfter } from './sign-up.js';

const initInteraction: ExperienceHandler<'InitInteraction'> = (request) => {
  const { interactionEvent } = request.body;
  restartInteraction(session(request), interactionEvent);
  return noContent();
};

const updateInteractionEvent: ExperienceHandler<'UpdateInteractionEvent'> = (request) => {
  const interaction = session(request);
  const current = requireEvent(interaction);
  const { interactionEvent } = request.body;
  if (current === 'ForgotPassword' || interactionEvent === 'ForgotPassword') {
    throw logtoError(400, 'session.interaction_event_not_supported');
  }
  if (current !== interactionEvent) {
    // Verifications and collected profile stay; who the user is gets decided again.
    interaction.event = interactionEvent;
    interaction.userId = undefined;
    interaction.mfa = emptyMfa();
  }
  return noContent();
};

/** Logto 1.42's answer for an address without account: the address alone, in text and data. */
const userNotExist = (identifier: string) => ({
  message: `User with ${identifier} does not exist.`,
  data: { identifier },
});

/** The existing account a verification proves, for sign-in and password reset. */
function userOfVerification(
  call: LogtoCall,
  interaction: Interaction,
  record: VerificationRecord,
  link: boolean,
) {
  const { users } = call.state;
  switch (record.type) {
    case 'Password': {
      const user = users.byId(record.userId);
      if (!user) throw logtoError(404, 'user.user_not_exist');
      return user;
    }
    case 'VerificationCode': {
      const user = users.byIdentifier(record.identifier);
      if (!user) throw logtoError(404, 'user.user_not_exist', userNotExist(record.identifier.value));
      return user;
    }
    case 'SignInPasskey': {
      // The assertion named the user (by the identifier typed, or by its credential).
      const user = record.userId === undefined ? undefined : users.byId(record.userId);
      if (!user) throw logtoError(404, 'user.user_not_exist');
      return user;
    }
    case 'OneTimeToken': {
      const user = users.byEmail(record.email);
      if (!user) throw logtoError(404, 'user.user_not_exist', userNotExist(record.email));
      return user;
    }
    case 'Social':
    case 'EnterpriseSso': {
      const identity = record.identity;
      if (!identity) throw logtoError(400, 'session.verification_failed');
      const linked =
        record.type === 'Social'
          ? users.bySocialIdentity(record.connectorId, identity.id)
          : users.bySsoIdentity(record.connectorId, identity.id);
      if (linked) return linked;
      // Enterprise SSO trusts the IdP's email and links automatically; social only on request.
      if (record.type === 'EnterpriseSso' || link) {
        const related =
          (identity.email !== undefined ? users.byEmail(identity.email) : undefined) ??
          (identity.phone !== undefined ? users.byPhone(identity.phone) : undefined);
        if (related) {
          const key = record.type === 'Social' ? 'social' : 'sso';
          interaction.profile[key] = { connectorId: record.connectorId, identity };
          return related;
        }
      }
      throw logtoError(404, 'user.identity_not_exist');
    }
    default:
      throw logtoError(400, 'session.verification_failed', {
        message: `A ${record.type} verification cannot identify a user.`,
      });
  }
}

function identifyExisting(
  call: LogtoCall,
  interaction: Interaction,
  event: InteractionEvent,
  body: IdentifyBody,
): { status: 204 } {
  // Logto 1.42 answers the bare code, its text uninterpolated (recorded).
  if (body.verificationId === undefined) throw logtoError(400, 'guard.invalid_input');
  const record = findVerification(interaction, body.verificationId);
  if (!record.verified) throw logtoError(400, 'session.verification_failed');
  if (event === 'ForgotPassword' && record.type !== 'VerificationCode') {
    throw logtoError(400, 'session.not_supported_for_forgot_password');
  }
  // A sign-in must use a method the tenant enables (a reset is not a sign-in method).
  if (event === 'SignIn' && record.type === 'Password')
    assertSignInMethod(call.config, record.identifier.type, 'password');
  if (event === 'SignIn' && record.type === 'VerificationCode')
    assertSignInMethod(call.config, record.identifier.type, 'verificationCode');
  const user = userOfVerification(call, interaction, record, body.linkSocialIdentity === true);
  if (user.suspended) throw logtoError(401, 'user.suspended');
  if (interaction.userId !== undefined && interaction.userId !== user.id)
    throw logtoError(409, 'session.identity_conflict');
  interaction.userId = user.id;
  // A passkey is a second factor in itself (Logto counts a sign-in passkey as MFA-class proof).
  if (record.type === 'SignInPasskey') interaction.mfa.verified = true;
  return noContent();
}

/** What a verification adds to a new account. */
function profileOfVerification(call: LogtoCall, record: VerificationRecord): PendingProfile {
  switch (record.type) {
    case 'NewPasswordIdentity':
      return { username: record.username, passwordDigest: record.passwordDigest };
    case 'VerificationCode':
      return record.identifier.type === 'email'
        ? { primaryEmail: record.identifier.value }
        : { primaryPhone: record.identifier.value };
    case 'OneTimeToken':
      return { primaryEmail: record.email };
    case 'Social':
    case 'EnterpriseSso': {
      if (!record.identity) throw logtoError(400, 'session.verification_failed');
      const identity = record.identity;
      const key = record.type === 'Social' ? 'social' : 'sso';
      // The provider's email joins the account unless another account already has it.
      const email =
        identity.email !== undefined && !call.state.users.byEmail(identity.email)
          ? identity.email
          : undefined;
      return {
        [key]: { connectorId: record.connectorId, identity },
        ...(email ? { primaryEmail: email } : {}),
      };
    }
    default:
      throw logtoError(400, 'session.verification_failed', {
        message: `A ${record.type} verification cannot register a user.`,
      });
  }
}

function register(call: LogtoCall, interaction: Interaction, body: IdentifyBody) {
  if (interaction.userId !== undefined) throw logtoError(409, 'session.identity_conflict');
  let profile: PendingProfile = { ...interaction.profile };
  if (body.verificationId !== undefined) {
    const record = findVerification(interaction, body.verificationId);
    if (!record.verified) throw logtoError(400, 'session.verification_failed');
    profile = { ...profile, ...profileOfVerification(call, record) };
  }
  assertProfileAvailable(call, profile);
  assertSignUpProfile(call.config, profile);
  // Whatever the settings, an account needs some identifier to sign in with.
  const hasIdentifier = [
    profile.username,
    profile.primaryEmail,
    profile.primaryPhone,
    profile.social,
    profile.sso,
  ].some((v) => v !== undefined);
  if (!hasIdentifier)
    throw logtoError(422, 'user.missing_profile', {
      data: { missingProfile: ['username', 'email', 'phone'] },
    });
  // A username signs in only with a password; email, phone and federated identities do without.
  if (
    profile.username !== undefined &&
    profile.passwordDigest === undefined &&
    !profile.primaryEmail &&
    !profile.primaryPhone &&
    !profile.social &&
    !profile.sso
  ) {
    throw logtoError(422, 'user.missing_profile', { data: { missingProfile: ['password'] } });
  }
  // No await since the availability check: two registrations of one identifier cannot both pass.
  const user = call.state.users.insert({ suspended: false, createdAt: call.sandbox.clock.now() });
  applyProfile(user, profile);
  interaction.userId = user.id;
  interaction.profile = {};
  // The real server answers a registration with 201 and a plain-text body.
  return text(201, 'Created');
}

type IdentifyBody = ExperienceSchemas['IdentifyUserRequest'];

const identifyUser: ExperienceHandler<'IdentifyUser'> = (request, call) => {
  const interaction = session(request);
  const event = requireEvent(interaction);
  const body = request.body;
  return event === 'Register'
    ? register(call, interaction, body)
    : identifyExisting(call, interaction, event, body);
};

function saveMfa(interaction: Interaction, user: StoredUser): void {
  const { totp, webauthn, backupCodes, skipped, enabled, passkeySkipped } = interaction.mfa;
  if (totp && user.totp) throw logtoError(422, 'user.totp_already_in_use');
  if (totp) user.totp = { secret: totp.secret };
  for (const credential of webauthn) {
    if (!user.webauthn.some((c) => c.id === credential.id)) user.webauthn.push(credential);
  }
  if (backupCodes) user.backupCodes = backupCodes.map((code) => ({ code, used: false }));
  if (skipped) user.mfaSkipped = true;
  if (enabled) user.mfaEnabled = true;
  // A registration's "not now" holds for this interaction only; a sign-in's is remembered.
  if (passkeySkipped && interaction.event === 'SignIn') user.passkeySkipped = true;
}

const submit: ExperienceHandler<'Submit'> = (request, call) => {
  const interaction = session(request);
  const event = requireEvent(interaction);
  const user = identifiedUser(call, interaction);
  if (event === 'ForgotPassword') {
    if (interaction.newPasswordDigest === undefined)
      throw logtoError(422, 'user.new_password_required_in_profile');
    user.passwordDigest = interaction.newPasswordDigest;
    // The reset is done; the OIDC session stays so the browser can sign in from the start.
    // Logto 1.42 answers 204 without a redirect (recorded): the sign-in page stays where it is.
    restartInteraction(interaction, undefined);
    return noContent();
  }
  assertMfaVerified(call, interaction, user);
  // Settings may have changed since the account was created: it must meet today's (as in Logto).
  assertSignUpProfile(call.config, profileAfter(user, interaction.profile));
  assertPasskeyBound(call, interaction, user);
  assertMfaPolicyFulfilled(call, interaction, user);
  assertProfileAvailable(call, interaction.profile, user.id);
  // All checks passed: apply everything in one synchronous step.
  saveMfa(interaction, user);
  applyProfile(user, interaction.profile);
  interaction.profile = {};
  interaction.submitted = { userId: user.id, event };
  return json(200, { redirectTo: `${call.sandbox.origin}/oidc/auth/${interaction.id}` });
};

const enabledSsoConnectors: ExperienceHandler<'GetEnabledSsoConnectors'> = (request, call) => {
  const email = request.query.email;
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  const connectorIds = [...call.state.connectors.values()]
    .filter((c) => c.kind === 'sso' && c.domains.some((d) => d.toLowerCase() === domain))
    .map((c) => c.id);
  return json(200, { connectorIds });
};

export const flowHandlers = {
  InitInteraction: initInteraction,
  UpdateInteractionEvent: updateInteractionEvent,
  IdentifyUser: identifyUser,
  Submit: submit,
  GetEnabledSsoConnectors: enabledSsoConnectors,
} satisfies Partial<ExperienceHandlers>;

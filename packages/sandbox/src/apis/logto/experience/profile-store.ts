import { logtoError } from '../errors.js';
import type { LogtoCall } from '../state.js';
import type { StoredUser } from '../users.js';
import type { PendingProfile } from './records.js';

/** Rejects profile data another account already uses (422 `user.<identifier>_already_in_use`). */
export function assertProfileAvailable(call: LogtoCall, profile: PendingProfile, userId?: string): void {
  const { users } = call.state;
  const taken = (found: StoredUser | undefined) => found !== undefined && found.id !== userId;
  if (profile.username !== undefined && taken(users.byUsername(profile.username))) {
    throw logtoError(422, 'user.username_already_in_use');
  }
  if (profile.primaryEmail !== undefined && taken(users.byEmail(profile.primaryEmail))) {
    throw logtoError(422, 'user.email_already_in_use');
  }
  if (profile.primaryPhone !== undefined && taken(users.byPhone(profile.primaryPhone))) {
    throw logtoError(422, 'user.phone_already_in_use');
  }
  if (
    profile.social &&
    taken(users.bySocialIdentity(profile.social.connectorId, profile.social.identity.id))
  ) {
    throw logtoError(422, 'user.identity_already_in_use');
  }
  if (profile.sso && taken(users.bySsoIdentity(profile.sso.connectorId, profile.sso.identity.id))) {
    throw logtoError(422, 'user.identity_already_in_use');
  }
}

/** Writes collected profile data to an account (after `assertProfileAvailable`). */
export function applyProfile(user: StoredUser, profile: PendingProfile): void {
  if (profile.username !== undefined) user.username = profile.username;
  if (profile.passwordDigest !== undefined) user.passwordDigest = profile.passwordDigest;
  if (profile.primaryEmail !== undefined) user.primaryEmail = profile.primaryEmail;
  if (profile.primaryPhone !== undefined) user.primaryPhone = profile.primaryPhone;
  if (profile.social) user.identities[profile.social.connectorId] = { ...profile.social.identity };
  if (profile.sso) user.ssoIdentities[profile.sso.connectorId] = { ...profile.sso.identity };
  if (profile.extraProfile) user.extraProfile = { ...user.extraProfile, ...profile.extraProfile };
  if (user.name === undefined) user.name = profile.social?.identity.name ?? profile.sso?.identity.name;
}

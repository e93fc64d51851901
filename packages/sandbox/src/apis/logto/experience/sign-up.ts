// The tenant's sign-up settings as rules: what an account still lacks before a registration (or a
// sign-in, after the settings changed) may complete, as `user.missing_profile` lists it.
import type { LogtoConfig } from '../config.js';
import { logtoError } from '../errors.js';
import type { ExperienceSchemas } from '../spec.js';
import type { StoredUser } from '../users.js';
import type { PendingProfile } from './records.js';

type MissingProfileField = ExperienceSchemas['MissingProfileField'];

/** An account's profile as it would be saved: the user's data with the pending data over it. */
export type ProfileView = PendingProfile & Pick<Partial<StoredUser>, 'extraProfile'>;

const filled = (value: unknown) => value !== undefined && value !== null && value !== '';

/** What the sign-up settings require that `profile` does not have, in Logto's order. */
export function missingSignUpProfile(config: LogtoConfig, profile: ProfileView): MissingProfileField[] {
  const { identifiers, password } = config.signUp;
  const missing: MissingProfileField[] = [];
  const federated = profile.social !== undefined || profile.sso !== undefined;
  if (identifiers.includes('username') && !filled(profile.username)) missing.push('username');
  const email = identifiers.includes('email');
  const phone = identifiers.includes('phone');
  // Listing both means either one (Logto's `emailOrPhone`).
  if (email && phone) {
    if (!filled(profile.primaryEmail) && !filled(profile.primaryPhone)) missing.push('emailOrPhone');
  } else if (email && !filled(profile.primaryEmail)) missing.push('email');
  else if (phone && !filled(profile.primaryPhone)) missing.push('phone');
  // A social or SSO account signs in through its provider and needs no password.
  if (password && !federated && profile.passwordDigest === undefined) missing.push('password');
  const extra = profile.extraProfile ?? {};
  if (config.signUpProfileFields.some((name) => !filled(extra[name]))) missing.push('extraProfile');
  return missing;
}

/** Throws 422 `user.missing_profile` with what is missing, if anything is. */
export function assertSignUpProfile(config: LogtoConfig, profile: ProfileView): void {
  const missingProfile = missingSignUpProfile(config, profile);
  if (missingProfile.length > 0) throw logtoError(422, 'user.missing_profile', { data: { missingProfile } });
}

/** The profile of `user` once `pending` is applied (what Submit would save). */
export function profileAfter(user: StoredUser, pending: PendingProfile): ProfileView {
  const own: ProfileView = {
    username: user.username,
    primaryEmail: user.primaryEmail,
    primaryPhone: user.primaryPhone,
    passwordDigest: user.passwordDigest,
    extraProfile: { ...user.extraProfile, ...pending.extraProfile },
  };
  const [social] = Object.entries(user.identities);
  const [sso] = Object.entries(user.ssoIdentities);
  if (social) own.social = { connectorId: social[0], identity: social[1] };
  if (sso) own.sso = { connectorId: sso[0], identity: sso[1] };
  const defined = Object.fromEntries(Object.entries(pending).filter(([, v]) => v !== undefined));
  return { ...own, ...defined, extraProfile: own.extraProfile };
}

import { randomId } from '../../core/crypto/random.js';
import type { MfaFactor } from './config.js';
import type { SocialIdentity } from './entities.js';
import type { ExperienceSchemas } from './spec.js';

export interface StoredWebAuthnCredential {
  /** Credential ID, base64url. */
  id: string;
  publicKey: Uint8Array<ArrayBuffer>;
  counter: number;
  transports?: ExperienceSchemas['AuthenticatorTransport'][];
  /** The relying party it was registered for. */
  rpId?: string;
  /** The user agent that registered it. */
  agent?: string;
}

export interface StoredUser {
  id: string;
  username?: string;
  primaryEmail?: string;
  primaryPhone?: string;
  name?: string;
  passwordDigest?: string;
  suspended: boolean;
  totp?: { secret: string; lastUsedStep?: number };
  backupCodes?: { code: string; used: boolean }[];
  webauthn: StoredWebAuthnCredential[];
  /** Linked social identities by connector ID. */
  identities: Record<string, SocialIdentity>;
  /** Linked enterprise SSO identities by connector ID. */
  ssoIdentities: Record<string, SocialIdentity>;
  /** The user chose to skip MFA setup (UserControlled policy). */
  mfaSkipped: boolean;
  /** The user turned optional MFA on (MarkMfaEnabled or a factor bound in an interaction). */
  mfaEnabled?: boolean;
  /** The user declined to create a sign-in passkey (SkipPasskeyBinding at a sign-in). */
  passkeySkipped?: boolean;
  /** Values of custom profile fields collected at sign-up (AddUserProfile `extraProfile`). */
  extraProfile?: Record<string, unknown>;
  createdAt: number;
}

/**
 * The MFA factors a user can verify with right now (backup codes only while some are unused).
 * Given the tenant's enabled factors, an email address or phone number on the account counts as
 * the `EmailVerificationCode` / `PhoneVerificationCode` factor, as Logto's
 * `getAllUserEnabledMfaVerifications` (core, routes/experience/classes/helpers.ts) counts them:
 * nothing is stored for them, the code goes to the account's own address.
 */
export function userMfaFactors(user: StoredUser, enabled: readonly MfaFactor[] = []): MfaFactor[] {
  const factors: MfaFactor[] = [];
  if (user.totp) factors.push('Totp');
  if (user.webauthn.length > 0) factors.push('WebAuthn');
  if (user.backupCodes?.some((c) => !c.used)) factors.push('BackupCode');
  if (enabled.includes('EmailVerificationCode') && user.primaryEmail) factors.push('EmailVerificationCode');
  if (enabled.includes('PhoneVerificationCode') && user.primaryPhone) factors.push('PhoneVerificationCode');
  return factors;
}

const emailKey = (email: string) => email.trim().toLowerCase();

/** Logto users, looked up by ID, username, email (case-insensitive) or phone. */
export class UserStore {
  readonly #byId = new Map<string, StoredUser>();

  insert(
    data: Omit<StoredUser, 'id' | 'webauthn' | 'identities' | 'ssoIdentities' | 'mfaSkipped'> &
      Partial<Pick<StoredUser, 'id' | 'webauthn' | 'identities' | 'ssoIdentities' | 'mfaSkipped'>>,
  ): StoredUser {
    const user: StoredUser = {
      webauthn: [],
      identities: {},
      ssoIdentities: {},
      mfaSkipped: false,
      ...data,
      id: data.id ?? randomId(12),
    };
    const conflict = this.conflict(user);
    if (conflict) throw new Error(`A Logto user with this ${conflict} already exists`);
    this.#byId.set(user.id, user);
    return user;
  }

  /** Which identifier of a would-be user is already taken by another user, if any. */
  conflict(user: Pick<StoredUser, 'username' | 'primaryEmail' | 'primaryPhone'> & { id?: string }) {
    if (user.id !== undefined && this.#byId.has(user.id) && this.#byId.get(user.id) !== user) return 'id';
    const other = (found: StoredUser | undefined) => found !== undefined && found.id !== user.id;
    if (user.username !== undefined && other(this.byUsername(user.username))) return 'username';
    if (user.primaryEmail !== undefined && other(this.byEmail(user.primaryEmail))) return 'email';
    if (user.primaryPhone !== undefined && other(this.byPhone(user.primaryPhone))) return 'phone';
    return undefined;
  }

  byId(id: string) {
    return this.#byId.get(id);
  }

  byUsername(username: string) {
    return this.all().find((u) => u.username === username);
  }

  byEmail(email: string) {
    return this.all().find(
      (u) => u.primaryEmail !== undefined && emailKey(u.primaryEmail) === emailKey(email),
    );
  }

  byPhone(phone: string) {
    return this.all().find((u) => u.primaryPhone === phone);
  }

  byIdentifier(identifier: { type: string; value: string }) {
    if (identifier.type === 'username') return this.byUsername(identifier.value);
    if (identifier.type === 'email') return this.byEmail(identifier.value);
    if (identifier.type === 'phone') return this.byPhone(identifier.value);
    return undefined;
  }

  bySocialIdentity(connectorId: string, identityId: string) {
    return this.all().find((u) => u.identities[connectorId]?.id === identityId);
  }

  bySsoIdentity(connectorId: string, identityId: string) {
    return this.all().find((u) => u.ssoIdentities[connectorId]?.id === identityId);
  }

  all(): StoredUser[] {
    return [...this.#byId.values()];
  }
}

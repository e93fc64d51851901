export type MfaPolicy = 'NoPrompt' | 'UserControlled' | 'Mandatory';
export type MfaFactor = 'Totp' | 'WebAuthn' | 'BackupCode';

/** Behaviour knobs of a running sandbox; change them with `sandbox.configure()`. */
export interface SandboxConfig {
  /** Logto tenant MFA policy. */
  mfaPolicy: MfaPolicy;
  /** MFA factors enabled in the Logto sign-in experience. */
  mfaFactors: MfaFactor[];
  /** Where `/oidc/auth` sends the browser; default `${url}/sign-in`. */
  signInUrl?: string;
  /** Lifetime of `/oidc/token` access tokens, seconds. */
  logtoAccessTokenLifetimeSeconds: number;
  /** Lifetime of a one-time token created without `expiresIn`, seconds. */
  oneTimeTokenDefaultLifetimeSeconds: number;
  /** Lifetime of Experience verification codes, seconds. */
  verificationCodeLifetimeSeconds: number;
  /** Lifetime of Equinix SMS codes, seconds. */
  equinixSmsCodeLifetimeSeconds: number;
  /** Logto password policy: minimum length. */
  passwordMinLength: number;
  /** Lifetime of SFTPGo JWTs, minutes (1..720). */
  sftpgoTokenLifetimeMinutes: number;
  /** Tenant ID reported on one-time tokens. */
  tenantId: string;
  /** WebAuthn relying party; RP ID and origin default to the request's Host and Origin. */
  webauthn: { rpName: string; rpId?: string; origin?: string };
}

export type SandboxConfigUpdate = Partial<Omit<SandboxConfig, 'webauthn'>> & {
  webauthn?: Partial<SandboxConfig['webauthn']>;
};

export const defaultConfig = (): SandboxConfig => ({
  mfaPolicy: 'NoPrompt',
  mfaFactors: ['Totp', 'WebAuthn', 'BackupCode'],
  logtoAccessTokenLifetimeSeconds: 3600,
  oneTimeTokenDefaultLifetimeSeconds: 600,
  verificationCodeLifetimeSeconds: 600,
  equinixSmsCodeLifetimeSeconds: 300,
  passwordMinLength: 8,
  sftpgoTokenLifetimeMinutes: 20,
  tenantId: 'default',
  webauthn: { rpName: 'Logto Sandbox' },
});

const POLICIES: readonly MfaPolicy[] = ['NoPrompt', 'UserControlled', 'Mandatory'];
const FACTORS: readonly MfaFactor[] = ['Totp', 'WebAuthn', 'BackupCode'];

const positive = (name: string, value: number) => {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number`);
};

/** Applies an update to a config, rejecting values the emulated services would not accept. */
export function applyConfig(config: SandboxConfig, update: SandboxConfigUpdate): void {
  const next: SandboxConfig = { ...config, ...update, webauthn: { ...config.webauthn, ...update.webauthn } };
  if (!POLICIES.includes(next.mfaPolicy))
    throw new RangeError(`mfaPolicy must be one of ${POLICIES.join(', ')}`);
  if (!next.mfaFactors.every((f) => FACTORS.includes(f))) {
    throw new RangeError(`mfaFactors may only contain ${FACTORS.join(', ')}`);
  }
  const minutes = next.sftpgoTokenLifetimeMinutes;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 720) {
    throw new RangeError('sftpgoTokenLifetimeMinutes must be an integer from 1 to 720');
  }
  positive('logtoAccessTokenLifetimeSeconds', next.logtoAccessTokenLifetimeSeconds);
  positive('oneTimeTokenDefaultLifetimeSeconds', next.oneTimeTokenDefaultLifetimeSeconds);
  positive('verificationCodeLifetimeSeconds', next.verificationCodeLifetimeSeconds);
  positive('equinixSmsCodeLifetimeSeconds', next.equinixSmsCodeLifetimeSeconds);
  positive('passwordMinLength', next.passwordMinLength);
  if (next.signInUrl !== undefined && !URL.canParse(next.signInUrl)) {
    throw new RangeError('signInUrl must be an absolute URL');
  }
  Object.assign(config, next);
}

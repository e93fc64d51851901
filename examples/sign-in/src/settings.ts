// The tenant's sign-in experience (GET /api/.well-known/sign-in-exp) applied to the page: only the
// sign-in methods and MFA factors the tenant enables are offered, with its password rules as hints.
import type { GetSignInExperienceConfigResult } from '@authspec/logto';

export type SignInExperience = GetSignInExperienceConfigResult;
type Identifier = SignInExperience['signIn']['methods'][number]['identifier'];

const NAMES: Record<Identifier, string> = { username: 'Username', email: 'Email', phone: 'Phone number' };

/** "Username or email", from the identifiers that sign in with a password. */
const listOf = (identifiers: Identifier[]) =>
  identifiers.map((id, i) => (i === 0 ? NAMES[id] : NAMES[id].toLowerCase())).join(' or ');

/** The password rules in words, e.g. "At least 10 characters, with 3 of: lower case, …". */
export function passwordHint({ passwordPolicy }: SignInExperience): string {
  const min = passwordPolicy.length?.min ?? 8;
  const types = passwordPolicy.characterTypes?.min ?? 1;
  const mix = types > 1 ? `, with ${types} of: lower case, upper case, digits, symbols` : '';
  return `At least ${min} characters${mix}.`;
}

const element = (id: string) => document.getElementById(id) as HTMLElement;

export function applySettings(settings: SignInExperience): void {
  const { methods } = settings.signIn;
  const withPassword = methods.filter((m) => m.password).map((m) => m.identifier);
  element('password-form').hidden = withPassword.length === 0;
  element('identifier-label').textContent = listOf(withPassword);
  // This page sends codes by email only.
  element('use-code').hidden = !methods.some((m) => m.identifier === 'email' && m.verificationCode);
  element('forgot').hidden = !settings.forgotPassword.email || withPassword.length === 0;
  element('add-passkey-option').hidden = !settings.mfa.factors.includes('WebAuthn');
  for (const hint of document.querySelectorAll<HTMLElement>('.password-hint'))
    hint.textContent = passwordHint(settings);
}

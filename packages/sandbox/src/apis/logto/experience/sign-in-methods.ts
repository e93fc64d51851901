// The tenant's sign-in methods as a rule: an identifier signs in only the ways its method enables
// (Logto answers 422 `user.sign_in_method_not_enabled` otherwise).
import type { LogtoConfig, SignInIdentifier } from '../config.js';
import { logtoError } from '../errors.js';

/** Throws unless `identifier` may sign in with a password or with a verification code. */
export function assertSignInMethod(
  config: LogtoConfig,
  identifier: SignInIdentifier,
  proof: 'password' | 'verificationCode',
): void {
  const method = config.signInMethods.find((m) => m.identifier === identifier);
  if (!method?.[proof]) throw logtoError(422, 'user.sign_in_method_not_enabled');
}

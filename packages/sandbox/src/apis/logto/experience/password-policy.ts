import type { LogtoConfig } from '../config.js';
import { logtoError } from '../errors.js';

const MAX_LENGTH = 256;

/** Checks Logto's password policy (length limits); 422 `password.rejected` lists the violations. */
export function assertPasswordPolicy(password: string, config: LogtoConfig): void {
  const issues: { code: string; interpolation: Record<string, number> }[] = [];
  if (password.length < config.passwordMinLength) {
    issues.push({ code: 'password_rejected.too_short', interpolation: { min: config.passwordMinLength } });
  }
  if (password.length > MAX_LENGTH) {
    issues.push({ code: 'password_rejected.too_long', interpolation: { max: MAX_LENGTH } });
  }
  if (issues.length > 0) throw logtoError(422, 'password.rejected', { data: { result: false, issues } });
}

import type { LogtoConfig } from '../config.js';
import { logtoError } from '../errors.js';

const MAX_LENGTH = 256;

// Logto's four character types; a symbol is anything printable that is not a letter or digit.
const CHARACTER_TYPES = [/[a-z]/, /[A-Z]/, /\d/, /[^\p{L}\p{N}\s]/u];

/** Checks Logto's password policy (length limits, character types); 422 `password.rejected` lists the violations. */
export function assertPasswordPolicy(password: string, config: LogtoConfig): void {
  const issues: { code: string; interpolation: Record<string, number> }[] = [];
  if (password.length < config.passwordMinLength) {
    issues.push({ code: 'password_rejected.too_short', interpolation: { min: config.passwordMinLength } });
  }
  if (password.length > MAX_LENGTH) {
    issues.push({ code: 'password_rejected.too_long', interpolation: { max: MAX_LENGTH } });
  }
  const types = CHARACTER_TYPES.filter((type) => type.test(password)).length;
  if (types < config.passwordCharacterTypes) {
    issues.push({
      code: 'password_rejected.character_types',
      interpolation: { min: config.passwordCharacterTypes },
    });
  }
  if (issues.length > 0) throw logtoError(422, 'password.rejected', { data: { result: false, issues } });
}

// SFTPGo's `data_provider.naming_rules` (internal/dataprovider/dataprovider.go `convertName`):
// bit 2 lowercases usernames, bit 4 trims spaces around them, both when an account is saved and
// when one signs in. The default, 1, does neither: ` alice ` and `Alice` are not `alice`.
import type { SftpgoNamingRules } from './config.js';

/** The username SFTPGo stores and looks up for `name`. */
export function convertName(name: string, rules: SftpgoNamingRules): string {
  let converted = name;
  if (rules.lowercase) converted = converted.toLowerCase();
  // Go's strings.TrimSpace: Unicode white space, as String.prototype.trim.
  if (rules.trimSpaces) converted = converted.trim();
  return converted;
}

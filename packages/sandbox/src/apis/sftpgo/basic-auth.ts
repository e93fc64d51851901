// HTTP Basic credentials as SFTPGo reads them: its token endpoints call Go's
// `(*http.Request).BasicAuth` (net/http/request.go `parseBasicAuth`), which is stricter than
// RFC 7617 readers: the scheme `Basic` in any case followed by exactly one space, then
// `base64.StdEncoding` (the standard alphabet with its padding, no URL-safe characters, no inner
// spaces; CR and LF are skipped), then a cut at the first colon. Nothing is trimmed: SFTPGo
// compares the username as sent (its default `naming_rules` neither trims nor lowercases).

import { basicCredentials } from '../../http/headers.js';

const PREFIX = 'basic ';
const STD_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The credentials Go's `BasicAuth` finds in an `Authorization` header, or undefined (`ok` false). */
export function goBasicAuth(header: string | undefined): { username: string; password: string } | undefined {
  if (header === undefined || header.slice(0, PREFIX.length).toLowerCase() !== PREFIX) return undefined;
  const encoded = header.slice(PREFIX.length).replace(/[\r\n]/g, '');
  if (encoded.length % 4 !== 0 || !STD_BASE64.test(encoded)) return undefined;
  return basicCredentials(encoded);
}

// The in-progress sign-in as one compact string, so that a backend can run each step in another
// HTTP request (or process): the PKCE verifier, `state`, `nonce` and the interaction cookies.
// It is as secret as a password for the next hour: keep it server-side or encrypted.
import { CookieJar } from 'tough-cookie';
import { HeadlessSignInError } from './error';

/** What a saved sign-in holds. */
export type SavedSignIn = {
  clientId: string;
  redirectUri: string;
  codeVerifier: string;
  state: string;
  nonce: string;
  jar: CookieJar;
};

const VERSION = 1;

/** A cookie as `[name, value, domain, path, expires (ms, 0 = session), host-only, secure, http-only]`. */
type CookieTuple = [string, string, string, string, number, 0 | 1, 0 | 1, 0 | 1];

export function saveSignIn(signIn: SavedSignIn): string {
  const cookies: CookieTuple[] = [];
  for (const c of signIn.jar.serializeSync()?.cookies ?? []) {
    const expires = c.expires && c.expires !== 'Infinity' ? Date.parse(String(c.expires)) : undefined;
    // `Max-Age` counts from when the cookie was set: keep the moment it ends instead.
    const maxAge =
      typeof c.maxAge === 'number' ? Date.parse(String(c.creation)) + c.maxAge * 1000 : undefined;
    cookies.push([
      String(c.key),
      String(c.value),
      String(c.domain),
      String(c.path),
      maxAge ?? expires ?? 0,
      c.hostOnly ? 1 : 0,
      c.secure ? 1 : 0,
      c.httpOnly ? 1 : 0,
    ]);
  }
  const { clientId, redirectUri, codeVerifier, state, nonce } = signIn;
  return toBase64Url(JSON.stringify([VERSION, clientId, redirectUri, codeVerifier, state, nonce, cookies]));
}

export function restoreSignIn(
  saved: unknown,
  expected: { clientId: string; redirectUri: string },
): SavedSignIn {
  const refuse = (why: string): never => {
    throw new HeadlessSignInError('resume', why, { code: 'invalid_saved_sign_in' });
  };
  if (typeof saved !== 'string' || saved === '')
    refuse('the saved sign-in must be the string `export()` returned');
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromBase64Url(saved as string));
  } catch {
    parsed = undefined;
  }
  const fields =
    Array.isArray(parsed) && parsed.length === 7
      ? parsed
      : refuse('the saved sign-in is not one `export()` made');
  const [version, clientId, redirectUri, codeVerifier, state, nonce, cookies] = fields as unknown[];
  if (version !== VERSION)
    refuse(`the saved sign-in has version ${String(version)}, this package reads ${VERSION}`);
  if (
    ![clientId, redirectUri, codeVerifier, state, nonce].every((v) => typeof v === 'string' && v !== '') ||
    !Array.isArray(cookies)
  )
    refuse('the saved sign-in is not one `export()` made');
  if (clientId !== expected.clientId || redirectUri !== expected.redirectUri)
    refuse('the saved sign-in was started for another application or redirect URI');
  const serialized = (cookies as unknown[]).map((c) => {
    if (
      !Array.isArray(c) ||
      c.length !== 8 ||
      typeof c[0] !== 'string' ||
      typeof c[1] !== 'string' ||
      typeof c[4] !== 'number'
    )
      return refuse('the saved sign-in holds a cookie it cannot restore');
    const [key, value, domain, path, expires, hostOnly, secure, httpOnly] = c as CookieTuple;
    return {
      key,
      value,
      domain,
      path,
      ...(expires ? { expires: new Date(expires).toISOString() } : {}),
      hostOnly: hostOnly === 1,
      secure: secure === 1,
      httpOnly: httpOnly === 1,
    };
  });
  let jar: CookieJar;
  try {
    jar = CookieJar.deserializeSync({
      version: 'tough-cookie',
      storeType: 'MemoryCookieStore',
      rejectPublicSuffixes: true,
      cookies: serialized,
    });
  } catch {
    return refuse('the saved sign-in holds a cookie it cannot restore');
  }
  return {
    clientId: clientId as string,
    redirectUri: redirectUri as string,
    codeVerifier: codeVerifier as string,
    state: state as string,
    nonce: nonce as string,
    jar,
  };
}

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

// The cookies of one origin, kept the way a browser keeps them, for MSW handlers running where
// nothing else would: in jsdom (or Node with a browser-style client), `fetch` is Node's, which
// has no cookie store and ignores `credentials: 'include'`. MSW's own cookie store cannot stand in:
// it is shared by every handler of the process and joins several Set-Cookie headers of one
// response into one line, so the second cookie (e.g. the resume cookie of /oidc/auth) is lost.

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  /** Epoch ms; undefined for a session cookie. */
  expires: number | undefined;
}

/** RFC 6265 5.1.4: the default path is the request path up to its last `/`. */
function defaultPath(pathname: string): string {
  const slash = pathname.lastIndexOf('/');
  return slash <= 0 ? '/' : pathname.slice(0, slash);
}

/** RFC 6265 5.1.4 path-match. */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/';
}

function parseSetCookie(header: string, pathname: string, now: number): StoredCookie | undefined {
  const [pair = '', ...attributes] = header.split(';');
  const equals = pair.indexOf('=');
  if (equals < 1) return undefined;
  const cookie: StoredCookie = {
    name: pair.slice(0, equals).trim(),
    value: pair.slice(equals + 1).trim(),
    path: defaultPath(pathname),
    expires: undefined,
  };
  let maxAge: number | undefined;
  for (const attribute of attributes) {
    const [rawName = '', ...rest] = attribute.split('=');
    const name = rawName.trim().toLowerCase();
    const value = rest.join('=').trim();
    if (name === 'path' && value.startsWith('/')) cookie.path = value;
    else if (name === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value);
    else if (name === 'expires' && !Number.isNaN(Date.parse(value))) cookie.expires = Date.parse(value);
  }
  // Max-Age wins over Expires (RFC 6265 5.3 step 3).
  if (maxAge !== undefined) cookie.expires = now + maxAge * 1000;
  return cookie;
}

/** A browser's cookie store for one origin (path, Max-Age and Expires; no domains). */
export class OriginCookieJar {
  readonly #cookies = new Map<string, StoredCookie>();

  /** Keeps (or, when expired, removes) the cookies of a response to `url`. */
  store(setCookieHeaders: readonly string[], url: string): void {
    const now = Date.now();
    const { pathname } = new URL(url);
    for (const header of setCookieHeaders) {
      const cookie = parseSetCookie(header, pathname, now);
      if (!cookie) continue;
      const key = `${cookie.path}\n${cookie.name}`;
      if (cookie.expires !== undefined && cookie.expires <= now) this.#cookies.delete(key);
      else this.#cookies.set(key, cookie);
    }
  }

  /** The cookies a browser would send to `url`, longest path first: name to value. */
  cookiesFor(url: string): [string, string][] {
    const now = Date.now();
    const { pathname } = new URL(url);
    return [...this.#cookies.values()]
      .filter((c) => (c.expires === undefined || c.expires > now) && pathMatches(pathname, c.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => [c.name, c.value]);
  }

  /** Forgets every cookie (a new browser). */
  clear(): void {
    this.#cookies.clear();
  }
}

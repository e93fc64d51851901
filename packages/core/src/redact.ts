// Redaction: what an error, a log line or an inspected object may show of a request or answer.
// Secrets are recognised three ways: by header name, by JSON member name (both from the API's
// spec, plus the headers HTTP itself uses for credentials), and by value: the secrets a client or
// call knows are scrubbed from any text, however the server echoed them.
import type { ApiSecrets } from './operation';

/** What stands in an error or a log line where a secret was. */
export const REDACTED = '[REDACTED]';

/** Headers that carry credentials in any HTTP API. */
const HTTP_CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];

/** Member names are compared lower-cased without `_` and `-` (client_secret = clientSecret). */
const normalize = (name: string) => name.toLowerCase().replace(/[-_]/g, '');

/** The secret header and member names of one API, ready for lookups. */
export type Redactor = { readonly headers: ReadonlySet<string>; readonly members: ReadonlySet<string> };

/** The lookups for one API's secrets. */
export function redactor(api: ApiSecrets): Redactor {
  return {
    headers: new Set([...HTTP_CREDENTIAL_HEADERS, ...api.headers.map((h) => h.toLowerCase())]),
    members: new Set(api.members.map(normalize)),
  };
}

/**
 * The secret values one client or call knows about (passwords, tokens, codes), so that they can
 * be scrubbed from any text, e.g. a server message that echoes the input. Values given to the
 * client are kept for its whole life; values that rotate (access tokens) are kept in a bounded
 * window so that a long-lived client does not grow without end.
 */
export class SecretValues {
  readonly #fixed = new Set<string>();
  readonly #rotating = new Set<string>();
  readonly #limit: number;

  constructor(limit = 64) {
    this.#limit = limit;
  }

  /** Values known for the client's whole life (a client secret, a password, an API key). */
  add(...values: Array<string | undefined | null>): this {
    for (const value of values) if (usable(value)) this.#fixed.add(value);
    return this;
  }

  /** Values that are replaced over time (access tokens); the oldest are forgotten first. */
  addRotating(...values: Array<string | undefined | null>): this {
    for (const value of values) {
      if (!usable(value) || this.#fixed.has(value)) continue;
      this.#rotating.delete(value);
      this.#rotating.add(value);
      if (this.#rotating.size > this.#limit)
        this.#rotating.delete(this.#rotating.values().next().value as string);
    }
    return this;
  }

  /** A new set with the values of both (and `extra`), for one call. */
  with(extra: ReadonlyArray<string | undefined>): SecretValues {
    const merged = new SecretValues(this.#limit);
    for (const value of this.#fixed) merged.#fixed.add(value);
    for (const value of this.#rotating) merged.#fixed.add(value);
    merged.add(...extra);
    return merged;
  }

  /** `text` with every known secret value (and its percent-encoded form) replaced by `[REDACTED]`. */
  scrub(text: string): string {
    let out = text;
    for (const set of [this.#fixed, this.#rotating]) {
      for (const value of set) {
        if (out.includes(value)) out = out.split(value).join(REDACTED);
        // A value may come back percent-encoded (in a URL or a form body).
        const encoded = encodeOrSame(value);
        if (encoded !== value && out.includes(encoded)) out = out.split(encoded).join(REDACTED);
      }
    }
    return out;
  }

  /** How many values are known. */
  get size(): number {
    return this.#fixed.size + this.#rotating.size;
  }

  /** A count, never the values. */
  toJSON(): string {
    return `[${this.size} secret values]`;
  }
}

// Very short values would garble ordinary text; they are still covered by the header and
// member rules.
const usable = (value: unknown): value is string => typeof value === 'string' && value.length >= 4;

function encodeOrSame(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be percent-encoded, so it cannot come back encoded either.
    return value;
  }
}

/** Response or request headers as a plain object, secret ones replaced, values scrubbed. */
export function redactHeaders(
  headers: Headers | Record<string, string> | undefined,
  redact: Redactor,
  secrets?: SecretValues,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    out[lower] = redact.headers.has(lower) ? REDACTED : secrets ? secrets.scrub(value) : value;
  }
  return out;
}

/** A deep copy of a JSON body with secret members replaced and secret values scrubbed from strings. */
export function redactBody(value: unknown, redact: Redactor, secrets?: SecretValues): unknown {
  const walk = (node: unknown, depth: number): unknown => {
    if (typeof node === 'string') return secrets ? secrets.scrub(node) : node;
    if (node === null || typeof node !== 'object') return node;
    if (depth > 32) return REDACTED;
    if (Array.isArray(node)) return node.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      const secret = redact.members.has(normalize(key)) && child !== undefined && child !== null;
      out[secrets ? secrets.scrub(key) : key] = secret ? REDACTED : walk(child, depth + 1);
    }
    return out;
  };
  return walk(value, 0);
}

/** A URL with secret query parameters replaced and secret values scrubbed from the rest. */
export function redactUrl(url: string, redact: Redactor, secrets?: SecretValues): string {
  let text = url;
  const query = url.indexOf('?');
  if (query !== -1) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (parsed) {
      let changed = false;
      for (const key of [...parsed.searchParams.keys()]) {
        if (redact.members.has(normalize(key))) {
          parsed.searchParams.set(key, REDACTED);
          changed = true;
        }
      }
      if (changed) text = parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
    }
  }
  return secrets ? secrets.scrub(text) : text;
}

// Redaction: what an error, a log line or an inspected object may show of a request.
// Secrets are recognised three ways: by header name, by JSON member name, and by value (the
// secrets a call was given are scrubbed from any text, however the server echoed them).

export const REDACTED = '[REDACTED]';

const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-auth-token',
  'x-sftpgo-otp',
  'x-sftpgo-api-key',
  'x-api-key',
]);

// Member names are compared lower-cased without `_` and `-` (client_secret = clientSecret).
const SECRET_MEMBERS = new Set([
  'password',
  'newpassword',
  'clientsecret',
  'secret',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'otp',
  'passcode',
  'backupcode',
  'codes',
  'recoverycodes',
  'captchatoken',
  'secretqrcode',
  'authorization',
  'cookie',
  'apikey',
  'authtoken',
]);

// In what a client sends, `code` is a verification, TOTP or backup code and `connectorData`
// carries the provider's authorization code; in what a server answers, `code` is an error code.
const SECRET_REQUEST_MEMBERS = new Set(['code', 'connectordata']);

const normalize = (name: string) => name.toLowerCase().replace(/[-_]/g, '');

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

/**
 * The secret values one client or call knows about (passwords, tokens, OTPs), so that they can
 * be scrubbed from any text, e.g. a server message that echoes the input.
 */
export class SecretValues {
  readonly #values = new Set<string>();
  readonly #limit: number;

  constructor(limit = 64) {
    this.#limit = limit;
  }

  add(...values: Array<string | undefined | null>): this {
    for (const value of values) {
      // Very short values would garble ordinary text; they are still covered by the
      // header and member rules.
      if (typeof value !== 'string' || value.length < 4) continue;
      this.#values.add(value);
      const encoded = encodeURIComponent(value);
      if (encoded !== value) this.#values.add(encoded);
      // Keep memory bounded for long-lived clients whose tokens rotate.
      if (this.#values.size > this.#limit) this.#values.delete(this.#values.values().next().value as string);
    }
    return this;
  }

  /** A new set with the values of both. */
  with(other: SecretValues | undefined): SecretValues {
    const merged = new SecretValues(this.#limit * 2);
    merged.add(...this.#values);
    if (other) merged.add(...other.#values);
    return merged;
  }

  scrub(text: string): string {
    let out = text;
    for (const value of this.#values) if (out.includes(value)) out = out.split(value).join(REDACTED);
    return out;
  }

  get size(): number {
    return this.#values.size;
  }

  toJSON(): string {
    return `[${this.#values.size} secret values]`;
  }
}

/** Response or request headers as a plain object, secret ones replaced. */
export function redactHeaders(headers: Headers | Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) out[name.toLowerCase()] = isSecretHeader(name) ? REDACTED : value;
  return out;
}

/**
 * A deep copy of a JSON body with secret members replaced and secret values scrubbed from
 * strings. `request: true` also treats `code`-like members as secrets (see above).
 */
export function redactBody(value: unknown, options: { request: boolean; secrets?: SecretValues }): unknown {
  const { request, secrets } = options;
  const walk = (node: unknown, depth: number): unknown => {
    if (typeof node === 'string') return secrets ? secrets.scrub(node) : node;
    if (node === null || typeof node !== 'object' || depth > 32) return node;
    if (Array.isArray(node)) return node.map((item) => walk(item, depth + 1));
    const obj = node as Record<string, unknown>;
    // A password given as a profile value: `{ type: 'password', value: '…' }`.
    const passwordValue = request && obj.type === 'password';
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(obj)) {
      const name = normalize(key);
      const secret =
        SECRET_MEMBERS.has(name) ||
        (request && SECRET_REQUEST_MEMBERS.has(name)) ||
        (passwordValue && key === 'value');
      out[key] = secret && child !== undefined && child !== null ? REDACTED : walk(child, depth + 1);
    }
    return out;
  };
  return walk(value, 0);
}

/** A URL with secret query parameters replaced and secret values scrubbed from the path. */
export function redactUrl(url: string, secrets?: SecretValues): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return secrets ? secrets.scrub(url) : url;
  }
  let changed = false;
  for (const key of [...parsed.searchParams.keys()]) {
    const name = normalize(key);
    if (SECRET_MEMBERS.has(name) || name === 'code') {
      parsed.searchParams.set(key, REDACTED);
      changed = true;
    }
  }
  const text = changed ? parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED) : url;
  return secrets ? secrets.scrub(text) : text;
}

import type { JWTPayload } from 'jose';

/** The claims of a Management API access token. */
export interface AccessTokenClaims extends JWTPayload {
  client_id: string;
  scope: string;
}

/**
 * Access tokens whose signature was verified, by value, until they expire: checking an ES256
 * signature on every Management API call was a third of the emulator's time. Bounded: past
 * `max` entries the oldest go, so a test that mints tokens in a loop cannot grow it for ever.
 */
export class VerifiedTokens<Claims extends { exp?: number }> {
  readonly #entries = new Map<string, Claims>();

  constructor(readonly max = 1024) {}

  /** The claims of a token verified earlier and not expired at `nowMs`; else undefined. */
  get(token: string, nowMs: number): Claims | undefined {
    const claims = this.#entries.get(token);
    if (!claims) return undefined;
    if (claims.exp === undefined || claims.exp * 1000 <= nowMs) {
      this.#entries.delete(token);
      return undefined;
    }
    return claims;
  }

  set(token: string, claims: Claims): void {
    if (this.#entries.size >= this.max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(token, claims);
  }
}

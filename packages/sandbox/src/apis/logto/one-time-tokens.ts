import type { Clock } from '../../core/clock.js';
import { randomId, randomSecret } from '../../core/crypto/random.js';
import type { LogtoConfig } from './config.js';
import { logtoError } from './errors.js';
import type { InteractionEvent, OneTimeToken, OneTimeTokenContext, OneTimeTokenStatus } from './spec.js';

/**
 * The members of a token's context the server keeps (the spec's `OneTimeTokenContext`); a copy
 * made member by member, so that nothing else a caller passed is stored.
 */
const keptContext = (context: OneTimeTokenContext | undefined): OneTimeTokenContext => ({
  ...(context?.jitOrganizationIds ? { jitOrganizationIds: [...context.jitOrganizationIds] } : {}),
  ...(context?.interactionEvent ? { interactionEvent: context.interactionEvent } : {}),
});

/**
 * The tenant's one-time tokens, shared by the Management API and the Experience API so that a
 * token consumed by one is consumed for the other. Every method is synchronous: a check and the
 * state change it guards can never interleave with another request.
 */
export class OneTimeTokenStore {
  readonly #tokens = new Map<string, OneTimeToken>();
  // Indexes, so that verify and create cost the same however many tokens a long test run made.
  readonly #byValue = new Map<string, OneTimeToken[]>();
  readonly #byEmail = new Map<string, Set<OneTimeToken>>();
  #sequence = 0;
  readonly #order = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly config: LogtoConfig,
  ) {}

  create(input: {
    email: string;
    expiresIn?: number;
    context?: OneTimeTokenContext;
    token?: string;
  }): OneTimeToken {
    const now = this.clock.now();
    // Logto retires the address's stale tokens whenever it issues a new one.
    for (const token of this.#byEmail.get(input.email) ?? []) {
      if (token.status === 'active' && token.expiresAt <= now) token.status = 'expired';
    }
    const lifetime = input.expiresIn ?? this.config.oneTimeTokenDefaultLifetimeSeconds;
    const token: OneTimeToken = {
      tenantId: this.config.tenantId,
      id: randomId(),
      email: input.email,
      token: input.token ?? randomSecret(32),
      context: keptContext(input.context),
      status: 'active',
      createdAt: now,
      // Logto adds the lifetime with date-fns' addSeconds, which drops a fraction (1.5 s → 1 s).
      expiresAt: now + Math.trunc(lifetime) * 1000,
    };
    this.#tokens.set(token.id, token);
    this.#order.set(token.id, this.#sequence++);
    this.#byValue.set(token.token, [...(this.#byValue.get(token.token) ?? []), token]);
    this.#byEmail.set(token.email, (this.#byEmail.get(token.email) ?? new Set()).add(token));
    return copy(token);
  }

  /** Matching tokens, newest first. */
  list(filter: { email?: string; status?: OneTimeTokenStatus } = {}): OneTimeToken[] {
    for (const token of this.#tokens.values()) this.#expire(token);
    return [...this.#tokens.values()]
      .filter((t) => filter.email === undefined || t.email === filter.email)
      .filter((t) => filter.status === undefined || t.status === filter.status)
      .sort(
        (a, b) => b.createdAt - a.createdAt || (this.#order.get(b.id) ?? 0) - (this.#order.get(a.id) ?? 0),
      )
      .map(copy);
  }

  get(id: string): OneTimeToken {
    const token = this.#tokens.get(id);
    if (!token) throw notExists(id);
    this.#expire(token);
    return copy(token);
  }

  /**
   * An active token past `expiresAt` reads as `expired`, and stays so: Logto 1.42 answered
   * `expired` to a read of such a token before any verify (recorded; the recordings' notes name
   * "GET shows active past expiresAt" as a difference). A list reads its tokens the same way, so
   * that its `status` filter agrees with what a read of each token shows.
   */
  #expire(token: OneTimeToken): void {
    if (token.status === 'active' && token.expiresAt <= this.clock.now()) token.status = 'expired';
  }

  delete(id: string): void {
    const token = this.#tokens.get(id);
    // Logto's delete answers the generic not-found (as recorded), unlike get and status update.
    if (!token) throw logtoError(404, 'entity.not_found');
    this.#tokens.delete(id);
    this.#order.delete(id);
    const sameValue = this.#byValue.get(token.token)?.filter((t) => t !== token) ?? [];
    if (sameValue.length > 0) this.#byValue.set(token.token, sameValue);
    else this.#byValue.delete(token.token);
    this.#byEmail.get(token.email)?.delete(token);
  }

  setStatus(id: string, status: OneTimeTokenStatus): OneTimeToken {
    const token = this.#tokens.get(id);
    if (!token) throw notExists(id);
    if (status === 'active') throw logtoError(400, 'one_time_token.cannot_reactivate_token');
    token.status = status;
    return copy(token);
  }

  /**
   * Verifies and consumes a token. `interactionEvent` is the Experience interaction's event
   * (`null` when the interaction has none yet); the Management API passes `undefined`.
   */
  verify(value: string, email: string, interactionEvent?: InteractionEvent | null): OneTimeToken {
    // The oldest token with this value, as a scan in creation order would find.
    const token = this.#byValue.get(value)?.[0];
    if (!token)
      throw logtoError(404, 'one_time_token.token_not_found', { message: `Token ${value} not found.` });
    if (token.email !== email) throw logtoError(400, 'one_time_token.email_mismatch');
    if (token.status === 'consumed') throw logtoError(400, 'one_time_token.token_consumed');
    if (token.status === 'revoked') throw logtoError(400, 'one_time_token.token_revoked');
    if (token.status === 'expired') throw logtoError(400, 'one_time_token.token_expired');
    if (token.expiresAt <= this.clock.now()) {
      token.status = 'expired';
      throw logtoError(400, 'one_time_token.token_expired');
    }
    const bound = token.context.interactionEvent;
    if (interactionEvent !== undefined && bound !== undefined && bound !== interactionEvent) {
      // Code and text only, as Logto 1.42 answers it (recorded).
      throw logtoError(400, 'one_time_token.interaction_event_mismatch');
    }
    token.status = 'consumed';
    return copy(token);
  }
}

/** A copy for callers: the stored token never leaves the store. */
const copy = (token: OneTimeToken): OneTimeToken => ({ ...token, context: keptContext(token.context) });

// Logto names the table in the text and sends no data (recorded).
const notExists = (id: string) =>
  logtoError(404, 'entity.not_exists_with_id', {
    message: `The one_time_tokens with ID \`${id}\` does not exist.`,
  });

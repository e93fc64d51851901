// Logto's per-recipient cap on verification-code sends, after
// packages/core/src/sentinel/message-rate-guard.ts: before a send, the successful sends to the
// same recipient within the last `sendWindow` seconds are counted; at `maxSendsPerRecipient` the
// send is refused with 429 `request.message_rate_limited` (no Retry-After). Only sends that went
// out count, whatever the interaction or event that asked for them.
import type { Clock } from '../../../core/clock.js';
import type { MessageRateLimitConfig } from '../config.js';
import { logtoError } from '../errors.js';

/**
 * One bucket per recipient, whatever its spelling: Logto lower-cases emails and reduces phone
 * numbers to their E.164 digits (here: the digits).
 */
const normalizeRecipient = (recipient: string): string => {
  const trimmed = recipient.trim();
  return trimmed.includes('@') ? trimmed.toLowerCase() : trimmed.replace(/\D/g, '');
};

/** The recent sends to each recipient of a tenant. */
export class MessageRateGuard {
  readonly #sends = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  /** Sends `send` to `recipient` unless the cap is reached (then throws the 429). */
  send<T>(recipient: string, policy: MessageRateLimitConfig, send: () => T): T {
    const key = normalizeRecipient(recipient);
    const now = this.clock.now();
    const recent = (this.#sends.get(key) ?? []).filter((at) => at > now - policy.sendWindow * 1000);
    if (recent.length >= policy.maxSendsPerRecipient) {
      this.#sends.set(key, recent);
      throw logtoError(429, 'request.message_rate_limited', {
        message: 'Too many messages sent to this recipient. Please try again later.',
      });
    }
    const result = send();
    recent.push(now);
    this.#sends.set(key, recent);
    return result;
  }
}

// Logto's identifier lockout (its "sentinel"), after packages/core/src/sentinel/basic-sentinel.ts
// and routes/experience/classes/libraries/sentinel-guard.ts:
// - the target is the identifier's value (email, phone or username), tenant-wide: a new
//   interaction does not reset it; password, verification-code and one-time-token verifications
//   share one pool of failures (MFA factors have pools of their own, not emulated here);
// - a verification runs, then its outcome is reported: the failures of the last hour (those
//   answered with the lockout not included) plus this one reaching `maxAttempts` blocks the
//   identifier for `lockoutDuration` minutes, and the attempt that reached it already gets the
//   lockout answer instead of its own error;
// - while blocked, every attempt gets the lockout answer, a right password included.
import type { Clock } from '../../../core/clock.js';
import type { SentinelPolicyConfig } from '../config.js';
import { logtoError } from '../errors.js';

/** Failures older than this no longer count (Logto's query: `created_at > now() - 1 hour`). */
const FAILURE_WINDOW_MS = 60 * 60 * 1000;

interface TargetRecord {
  /** When each counted failure happened (epoch ms). */
  failures: number[];
  /** End of the lockout (epoch ms), if one was decided. */
  blockedUntil?: number;
}

/** The failures and lockouts of every identifier of a tenant. */
export class IdentifierSentinel {
  readonly #targets = new Map<string, TargetRecord>();

  constructor(private readonly clock: Clock) {}

  /**
   * Runs `verify` for `identifier` under `policy`: its result, its own error, or the lockout
   * error (400 `session.verification_blocked_too_many_attempts`).
   */
  async guard<T>(identifier: string, policy: SentinelPolicyConfig, verify: () => T | Promise<T>): Promise<T> {
    const now = this.clock.now();
    const target = this.#target(identifier, now);
    // Logto still runs the verification of a blocked identifier, then answers the lockout; its
    // outcome changes nothing, so the sandbox does not run it.
    if (target.blockedUntil !== undefined) throw lockedOut(target.blockedUntil - now);
    try {
      return await verify();
    } catch (error) {
      // The failure that blocks is recorded as blocked and no longer counts; the earlier ones
      // still do, so a failure right after a short lockout blocks again.
      if (target.failures.length + 1 >= policy.maxAttempts) {
        target.blockedUntil = now + policy.lockoutDuration * 60 * 1000;
        throw lockedOut(target.blockedUntil - now);
      }
      target.failures.push(now);
      throw error;
    }
  }

  /** The identifier's record, with expired failures and lockout forgotten. */
  #target(identifier: string, now: number): TargetRecord {
    let target = this.#targets.get(identifier);
    if (!target) {
      target = { failures: [] };
      this.#targets.set(identifier, target);
    }
    if (target.blockedUntil !== undefined && target.blockedUntil <= now) target.blockedUntil = undefined;
    target.failures = target.failures.filter((at) => at > now - FAILURE_WINDOW_MS);
    return target;
  }
}

/** Logto words the wait with `Intl.RelativeTimeFormat` in minutes ("in 60 minutes"). */
const RELATIVE_TIME = new Intl.RelativeTimeFormat('en');

const lockedOut = (remainingMs: number) =>
  logtoError(400, 'session.verification_blocked_too_many_attempts', {
    message: `Too many attempts in a short time. Please try again ${RELATIVE_TIME.format(
      Math.round(remainingMs / 60_000),
      'minute',
    )}.`,
  });

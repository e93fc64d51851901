// SFTPGo's per-source rate limiter (internal/common/ratelimiter.go, a golang.org/x/time/rate
// token bucket per client IP) on the sandbox clock. A request that would have to wait longer
// than `maxDelay` is refused; a shorter wait SFTPGo sleeps through, the sandbox does not.
import type { SftpgoRateLimiterConfig } from './config.js';

const SECOND_NS = 1e9;

/** A request the limiter refused: how long it would have had to wait, and the most allowed (ns). */
export interface RateLimited {
  delayNs: number;
  maxDelayNs: number;
}

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date (epoch ms). */
  last: number;
}

/** Requests per second, and the longest wait SFTPGo sleeps through rather than refuse. */
function limits(config: SftpgoRateLimiterConfig) {
  const perSecond = (config.average * 1000) / config.period;
  const maxDelayNs = Math.min(
    10 * SECOND_NS,
    perSecond < 1 ? (config.period * 1e6) / 2 : Math.trunc(SECOND_NS / (Math.trunc(perSecond) * 2)),
  );
  return { perSecond, maxDelayNs };
}

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();

  /** Takes a token for `ip` at `now`, or answers why not (the token is given back). */
  take(ip: string, now: number, config: SftpgoRateLimiterConfig): RateLimited | undefined {
    if (config.average <= 0) return undefined;
    const { perSecond, maxDelayNs } = limits(config);
    const bucket = this.#buckets.get(ip) ?? { tokens: config.burst, last: now };
    bucket.tokens = Math.min(config.burst, bucket.tokens + ((now - bucket.last) / 1000) * perSecond);
    bucket.last = now;
    this.#buckets.set(ip, bucket);
    const left = bucket.tokens - 1;
    const delayNs = left < 0 ? Math.trunc((-left / perSecond) * SECOND_NS) : 0;
    if (delayNs > maxDelayNs) return { delayNs, maxDelayNs };
    bucket.tokens = left;
    return undefined;
  }
}

/** A duration as Go's `time.Duration.String` writes it (`2.399999999s`, `500ms`, `1m30s`). */
export function goDuration(ns: number): string {
  const fraction = (value: number, unit: number) => {
    const whole = Math.trunc(value / unit);
    const rest = String(value % unit)
      .padStart(String(unit).length - 1, '0')
      .replace(/0+$/, '');
    return rest === '' ? `${whole}` : `${whole}.${rest}`;
  };
  if (ns === 0) return '0s';
  if (ns < 1e3) return `${ns}ns`;
  if (ns < 1e6) return `${fraction(ns, 1e3)}µs`;
  if (ns < SECOND_NS) return `${fraction(ns, 1e6)}ms`;
  const hours = Math.trunc(ns / (3600 * SECOND_NS));
  const minutes = Math.trunc((ns % (3600 * SECOND_NS)) / (60 * SECOND_NS));
  const seconds = `${fraction(ns % (60 * SECOND_NS), SECOND_NS)}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}

// When to repeat a request, and how long to wait first.

/** How many times a failed request is repeated by default, where that is safe. */
export const DEFAULT_MAX_RETRIES = 2;
/** Per-attempt timeout when none is configured: 60 s. */
export const DEFAULT_TIMEOUT_MS = 60_000;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** A Retry-After longer than this is not waited for: the error goes to the caller instead. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Methods whose repetition cannot create or consume anything twice. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Exponential backoff with jitter for retry number `retry` (0 for the first retry):
 * 0.5 s, 1 s, 2 s, … capped at 8 s, each shortened by up to 25 % at random so that many
 * clients do not retry in step.
 */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** retry);
  return Math.round(delay * (1 - 0.25 * random()));
}

/**
 * `Retry-After` in milliseconds: delta-seconds or an HTTP date. Undefined when absent or
 * unreadable; a date in the past counts as 0.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * True when an error thrown by `fetch` proves that no connection was made, so nothing of the
 * request reached the server: refused connection, DNS failure, unreachable network, connect
 * timeout. Only then may a non-idempotent request be repeated. Browsers do not say why a
 * fetch failed, so there the answer is always false.
 */
export function neverReachedServer(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (e: unknown): boolean => {
    if (!e || typeof e !== 'object' || seen.has(e)) return false;
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && PRE_CONNECT_CODES.has(code)) return true;
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner) && inner.length > 0 && inner.every(visit)) return true;
    return visit((e as { cause?: unknown }).cause);
  };
  return visit(error);
}

const PRE_CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

// What the runtime needs to know about SFTPGo as a service.
import { AuthenticationError, type ServiceFacts } from '@authspec/core';
import { sftpgoTokenSecrets } from './generated/sftpgo-token.operations';

/** SFTPGo error bodies: `{ message, error }`; `error` is left out when there is nothing to add. */
export function describeError(body: unknown): ReturnType<ServiceFacts['describeError']> {
  if (typeof body !== 'object' || body === null) return {};
  const { message, error } = body as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return { code: text(error) ?? text(message), detail: text(message) };
}

/**
 * SFTPGo's defender says how long to wait in `X-Retry-In`, a Go duration (`2.4s`, `1m30s`,
 * `500ms`), more precise than its `Retry-After` in whole seconds.
 */
export function retryIn(headers: Headers): number | undefined {
  const value = headers.get('x-retry-in');
  if (!value || !/^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/.test(value)) return undefined;
  const unit: Record<string, number> = {
    h: 3_600_000,
    m: 60_000,
    s: 1000,
    ms: 1,
    us: 1e-3,
    µs: 1e-3,
    ns: 1e-6,
  };
  let ms = 0;
  for (const [, amount, , name] of value.matchAll(/(\d+(\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) {
    ms += Number(amount) * (unit[name as string] as number);
  }
  return Math.ceil(ms);
}

export const SERVICE: ServiceFacts = { secrets: sftpgoTokenSecrets, describeError, retryAfter: retryIn };

/**
 * A logout refused with "Your token is no longer valid" after an earlier attempt of the same call
 * may have reached the server: that attempt revoked the token, and its answer was lost.
 */
export function revokedByEarlierAttempt(error: unknown): boolean {
  return (
    error instanceof AuthenticationError &&
    error.attempts > 1 &&
    (error.body as { message?: unknown } | undefined)?.message === 'Your token is no longer valid'
  );
}

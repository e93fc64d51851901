// SFTPGo's error answers, with the texts the 2.7 server sends (`{ message, error }`, `error` left
// out when there is nothing to add).
import { json } from '../../http/reply.js';
import { goDuration, type RateLimited } from './rate-limiter.js';

const BASIC_CHALLENGE = { 'WWW-Authenticate': 'Basic realm="SFTPGo"' };

/**
 * Every failed login, whatever the cause, so the answer never tells which check failed; without
 * Basic credentials at all, SFTPGo has no detail to add.
 */
export const loginRefused = (credentialsSent: boolean) =>
  json(
    401,
    credentialsSent ? { message: 'Unauthorized', error: 'invalid credentials' } : { message: 'Unauthorized' },
    BASIC_CHALLENGE,
  );

/** A Bearer token the JWT library refused: its own reason goes in `error` (no challenge). */
export const tokenUnauthorized = (reason: string) => json(401, { message: 'Unauthorized', error: reason });

/** A well-formed, genuine token that SFTPGo still refuses, and why (revoked, other role). */
export const tokenRefused = (
  message: 'Your token is no longer valid' | 'Your token audience is not valid' | 'Your token is not valid',
) => json(401, { message });

/** A user whose password is right but who may not sign in over HTTP (`checkHTTPClientUser`), and why. */
export const userForbidden = (reason: string) => json(403, { message: 'Forbidden', error: reason });

/** The defender's answer to a banned client IP, on every route. */
export const addressBlocked = () => json(403, { message: '', error: 'your IP address is blocked' });

/**
 * The rate limiter's refusal. SFTPGo adds just under half a second to the wait before writing
 * it: `Retry-After` is that in whole seconds, `X-Retry-In` as a Go duration.
 */
export function tooManyRequests({ delayNs, maxDelayNs }: RateLimited) {
  const waitNs = delayNs + 499_999_999;
  return json(
    429,
    {
      message: 'Too Many Requests',
      error: `rate limit exceed, wait time to respect rate ${goDuration(delayNs)}, max wait time allowed ${goDuration(maxDelayNs)}`,
    },
    { 'Retry-After': String(Math.round(waitNs / 1e9)), 'X-Retry-In': goDuration(waitNs) },
  );
}

/** API key refusals: not of the form `<id>.<secret>` or no such key (400), other scope (403), wrong secret or account (401). */
export const apiKeyInvalid = () => json(400, { message: '', error: 'the provided api key is not valid' });
export const apiKeyWrongScope = () =>
  json(403, { message: '', error: 'the provided api key is invalid for this request' });
export const apiKeyRefused = () =>
  json(401, { message: '', error: 'the provided api key cannot be authenticated' });

/** Logout refuses API keys: there is no token to revoke. */
export const apiKeyNotAllowed = () => json(403, { message: 'API key authentication is not allowed' });

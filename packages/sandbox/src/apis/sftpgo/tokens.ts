// SFTPGo's JWTs: issuing them, and checking a Bearer token in the server's order (the JWT
// library, then revocation, then the audience, then the client IP).
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { randomId } from '../../core/crypto/random.js';
import { ApiError } from '../../http/reply.js';
import { tokenRefused, tokenUnauthorized } from './errors.js';
import { ROLES, type SftpgoAccount, type SftpgoCall, type SftpgoRole } from './state.js';

/** The server still takes a token this long past its expiry. */
const LEEWAY_SECONDS = 30;
/** SFTPGo dates `nbf` back from the moment of issue, for clients whose clock is behind. */
const NOT_BEFORE_SECONDS = 10;
/** A revocation outlives the token by a minute, past the leeway in which it still works. */
const REVOCATION_MARGIN_SECONDS = 60;

export type TokenClaims = { username: string; jti: string; exp: number };

export async function issueToken(call: SftpgoCall, account: SftpgoAccount) {
  const issuedAt = Math.floor(call.sandbox.clock.now() / 1000);
  const expiresAt = issuedAt + call.config.sftpgoTokenLifetimeMinutes * 60;
  // The audience holds the client's IP too: the token is bound to it.
  const accessToken = await new SignJWT({ username: account.username })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(account.subject)
    .setAudience([ROLES[account.role].audience, call.clientIp])
    .setJti(randomId())
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt - NOT_BEFORE_SECONDS)
    .setExpirationTime(expiresAt)
    .sign(call.state.signingSecret);
  return {
    access_token: accessToken,
    expires_at: new Date(expiresAt * 1000).toISOString().replace('.000Z', 'Z'),
  };
}

/** The JWT library's reason for refusing a token, as SFTPGo puts it in `error`. */
function libraryReason(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'token is expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'nbf')
    return 'token nbf validation failed';
  return 'token is unauthorized';
}

/** The claims of a Bearer token valid for `role`, or an `ApiError` with SFTPGo's refusal. */
export async function verifyToken(
  call: SftpgoCall,
  token: string | undefined,
  role: SftpgoRole,
): Promise<TokenClaims> {
  if (!token) throw ApiError.of(tokenUnauthorized('no token found'));
  let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
  try {
    ({ payload } = await jwtVerify(token, call.state.signingSecret, {
      algorithms: ['HS256'],
      clockTolerance: LEEWAY_SECONDS,
      currentDate: new Date(call.sandbox.clock.now()),
    }));
  } catch (error) {
    throw ApiError.of(tokenUnauthorized(libraryReason(error)));
  }
  const { username, jti, exp, aud } = payload;
  if (typeof username !== 'string' || typeof jti !== 'string' || typeof exp !== 'number')
    throw ApiError.of(tokenUnauthorized('token is unauthorized'));
  // Revocation first: a revoked token of the other role is "no longer valid", not "audience".
  if (call.state.revokedTokens.has(jti)) throw ApiError.of(tokenRefused('Your token is no longer valid'));
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(ROLES[role].audience))
    throw ApiError.of(tokenRefused('Your token audience is not valid'));
  // Then the client IP (SFTPGo's `validateJWTToken`), unless `token_validation` turns it off.
  if (call.config.sftpgoTokenIpMatch && !audiences.includes(call.clientIp))
    throw ApiError.of(tokenRefused('Your token is not valid'));
  return { username, jti, exp };
}

export function revoke(call: SftpgoCall, claims: TokenClaims) {
  call.state.revokedTokens.set(claims.jti, claims.exp + REVOCATION_MARGIN_SECONDS);
}

/** Forgets spent passcodes and revocations that can no longer matter. */
export function prune(call: SftpgoCall) {
  const now = call.sandbox.clock.now();
  for (const [key, until] of call.state.usedPasscodes) if (until <= now) call.state.usedPasscodes.delete(key);
  for (const [jti, until] of call.state.revokedTokens)
    if (until * 1000 <= now) call.state.revokedTokens.delete(jti);
}

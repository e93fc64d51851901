import { jwtVerify, SignJWT } from 'jose';
import { randomId } from '../../core/crypto/random.js';
import type { LogtoCall, M2mApp } from './state.js';
import type { AccessTokenClaims } from './verified-tokens.js';

/**
 * The Management API's resource indicator on a self-hosted Logto, whatever its origin (a real
 * Logto 1.42 refuses `{origin}/api` with `oidc.invalid_target`).
 */
export const MANAGEMENT_API_RESOURCE = 'https://default.logto.app/api';
export const oidcIssuer = (call: LogtoCall) => `${call.sandbox.origin}/oidc`;

/** Signs a client-credentials access token (ES256, the sandbox's own key). */
export async function issueAccessToken(call: LogtoCall, app: M2mApp, scope: string, resource: string) {
  const now = Math.floor(call.sandbox.clock.now() / 1000);
  const expiresIn = call.config.logtoAccessTokenLifetimeSeconds;
  const token = await new SignJWT({ client_id: app.clientId, scope })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: call.state.keys.kid })
    .setIssuer(oidcIssuer(call))
    .setSubject(app.clientId)
    .setAudience(resource)
    .setJti(randomId())
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .sign(call.state.keys.privateKey);
  return { token, expiresIn };
}

/** What the check of an access token found. */
export type AccessTokenCheck = { claims: AccessTokenClaims } | { failure?: { code: string; name: string } };

/**
 * The claims of a valid Management API access token at the sandbox clock; else what the JWT
 * library reported (Logto answers its `code` and `name` as the 401's data), or nothing. A token
 * verified before answers at once, without a promise: every Management API call asks.
 */
export function verifyAccessToken(
  call: LogtoCall,
  token: string,
): AccessTokenCheck | Promise<AccessTokenCheck> {
  const now = call.sandbox.clock.now();
  const cached = call.state.verifiedTokens.get(token, now);
  return cached ? { claims: cached } : verifySignature(call, token, now);
}

async function verifySignature(call: LogtoCall, token: string, now: number): Promise<AccessTokenCheck> {
  try {
    const { payload } = await jwtVerify(token, call.state.keys.publicKey, {
      issuer: oidcIssuer(call),
      audience: MANAGEMENT_API_RESOURCE,
      algorithms: ['ES256'],
      currentDate: new Date(now),
    });
    if (typeof payload.client_id !== 'string' || typeof payload.scope !== 'string') return {};
    const claims = payload as AccessTokenClaims;
    call.state.verifiedTokens.set(token, claims);
    return { claims };
  } catch (error) {
    const { code, name } = error as { code?: unknown; name?: unknown };
    return typeof code === 'string' && typeof name === 'string' ? { failure: { code, name } } : {};
  }
}

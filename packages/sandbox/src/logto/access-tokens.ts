import { type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { randomId } from '../crypto/random.js';
import type { SandboxState } from '../state.js';
import type { M2mApp } from './state.js';

/**
 * The Management API's resource indicator on a self-hosted Logto, whatever its origin (a real
 * Logto 1.42 refuses `{origin}/api` with `oidc.invalid_target`).
 */
export const managementApiResource = (_state: SandboxState) => 'https://default.logto.app/api';
export const oidcIssuer = (state: SandboxState) => `${state.origin}/oidc`;

export interface AccessTokenClaims extends JWTPayload {
  client_id: string;
  scope: string;
}

/** Signs a client-credentials access token (ES256, the sandbox's own key). */
export async function issueAccessToken(state: SandboxState, app: M2mApp, scope: string, resource: string) {
  const now = Math.floor(state.clock.now() / 1000);
  const expiresIn = state.config.logtoAccessTokenLifetimeSeconds;
  const token = await new SignJWT({ client_id: app.clientId, scope })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: state.logto.keys.kid })
    .setIssuer(oidcIssuer(state))
    .setSubject(app.clientId)
    .setAudience(resource)
    .setJti(randomId())
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .sign(state.logto.keys.privateKey);
  return { token, expiresIn };
}

/** The claims of a valid Management API access token at the sandbox clock, else undefined. */
export async function verifyAccessToken(
  state: SandboxState,
  token: string,
): Promise<AccessTokenClaims | undefined> {
  try {
    const { payload } = await jwtVerify(token, state.logto.keys.publicKey, {
      issuer: oidcIssuer(state),
      audience: managementApiResource(state),
      algorithms: ['ES256'],
      currentDate: new Date(state.clock.now()),
    });
    if (typeof payload.client_id !== 'string' || typeof payload.scope !== 'string') return undefined;
    return payload as AccessTokenClaims;
  } catch {
    return undefined;
  }
}

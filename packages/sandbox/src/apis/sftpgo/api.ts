// SFTPGo REST API v2, the token operations (spec/sftpgo-token.yaml), and two convenience routes.
import type { operations as SftpgoOperations } from '@authspec/sftpgo-token';
import { jwtVerify, SignJWT } from 'jose';
import { verifyPassword } from '../../core/crypto/password.js';
import { randomId } from '../../core/crypto/random.js';
import { totpTimeStep } from '../../core/crypto/totp.js';
import { headerValue, parseBasicAuth, parseBearer } from '../../http/headers.js';
import type { ProtocolRoute } from '../../http/protocol-routes.js';
import { ApiError, json } from '../../http/reply.js';
import { defineSpecApi } from '../../spec/binding.js';
import type { OperationHandler, OperationRequest, SecurityRequest } from '../../spec/types.js';
import { accounts, ROLES, roleOf, type SftpgoAccount, type SftpgoCall, type SftpgoRole } from './state.js';

/** SFTPGo refuses a spent passcode for two minutes, longer than its validity window. */
const PASSCODE_REUSE_WINDOW_MS = 2 * 60 * 1000;
const BASIC_CHALLENGE = { 'WWW-Authenticate': 'Basic realm="SFTPGo"' };

const basicUnauthorized = (error: string) => json(401, { message: 'Unauthorized', error }, BASIC_CHALLENGE);
const tokenUnauthorized = () => json(401, { message: 'Invalid token', error: 'token is unauthorized' });

type TokenClaims = { sub: string; jti: string; exp: number };

/** What the security schemes find: the account of the Basic credentials, the claims of a token. */
interface SftpgoPrincipals {
  BasicAuth: SftpgoAccount;
  BearerAuth: TokenClaims;
  APIKeyAuth: never;
}

async function authenticateBasic(request: SecurityRequest, call: SftpgoCall): Promise<SftpgoAccount> {
  const credentials = parseBasicAuth(headerValue(request.headers, 'authorization'));
  if (!credentials) throw ApiError.of(basicUnauthorized('missing credentials'));
  const account = accounts(call.state, roleOf(request.operationId)).get(credentials.username);
  const valid = await verifyPassword(credentials.password, account?.passwordDigest);
  if (!account || !valid) throw ApiError.of(basicUnauthorized('invalid credentials'));
  return account;
}

/** The claims of a token that is valid for the role at the sandbox clock and not revoked. */
async function verifyToken(call: SftpgoCall, token: string | undefined, role: SftpgoRole) {
  if (!token) return undefined;
  try {
    const { payload } = await jwtVerify(token, call.state.signingSecret, {
      audience: ROLES[role].audience,
      algorithms: ['HS256'],
      currentDate: new Date(call.sandbox.clock.now()),
    });
    const { sub, jti, exp } = payload;
    if (typeof sub !== 'string' || typeof jti !== 'string' || typeof exp !== 'number') return undefined;
    if (call.state.revokedTokens.has(jti)) return undefined;
    return { sub, jti, exp } satisfies TokenClaims;
  } catch {
    return undefined;
  }
}

function prune(call: SftpgoCall) {
  const now = call.sandbox.clock.now();
  for (const [key, until] of call.state.usedPasscodes) if (until <= now) call.state.usedPasscodes.delete(key);
  for (const [jti, exp] of call.state.revokedTokens)
    if (exp * 1000 <= now) call.state.revokedTokens.delete(jti);
}

type Request = OperationRequest<unknown, SftpgoPrincipals>;

const principal = <S extends 'BasicAuth' | 'BearerAuth'>(
  request: Request,
  scheme: S,
): SftpgoPrincipals[S] => {
  const found = request.security[scheme];
  if (!found) throw new Error(`an SFTPGo handler ran without ${scheme}`);
  return found as SftpgoPrincipals[S];
};

const issueToken: OperationHandler<
  SftpgoOperations['GetToken' | 'GetUserToken'],
  SftpgoCall,
  SftpgoPrincipals
> = async (request, call) => {
  const account = principal(request, 'BasicAuth');
  const { state } = call;
  prune(call);
  if (account.totpSecret) {
    const passcode = headerValue(request.headers, 'x-sftpgo-otp');
    if (!passcode) return basicUnauthorized('passcode required');
    const now = call.sandbox.clock.now();
    const key = `${account.role}:${account.username}:${passcode}`;
    // Check and record in one synchronous step: concurrent requests cannot both spend it.
    if ((state.usedPasscodes.get(key) ?? 0) > now) return basicUnauthorized('passcode already used');
    if (totpTimeStep(account.totpSecret, passcode, now) === undefined)
      return basicUnauthorized('invalid passcode');
    state.usedPasscodes.set(key, now + PASSCODE_REUSE_WINDOW_MS);
  }
  const issuedAt = Math.floor(call.sandbox.clock.now() / 1000);
  const expiresAt = issuedAt + call.config.sftpgoTokenLifetimeMinutes * 60;
  const accessToken = await new SignJWT({ username: account.username })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(account.username)
    .setAudience(ROLES[account.role].audience)
    .setJti(randomId())
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(state.signingSecret);
  return json(200, {
    access_token: accessToken,
    expires_at: new Date(expiresAt * 1000).toISOString().replace('.000Z', 'Z'),
  });
};

const logout: OperationHandler<SftpgoOperations['Logout' | 'ClientLogout'], SftpgoCall, SftpgoPrincipals> = (
  request,
  call,
) => {
  const claims = principal(request, 'BearerAuth');
  const { revokedTokens } = call.state;
  if (revokedTokens.has(claims.jti)) return tokenUnauthorized();
  revokedTokens.set(claims.jti, claims.exp);
  return json(200, { message: 'Your token has been invalidated' });
};

export const sftpgoApi = defineSpecApi<SftpgoOperations, SftpgoCall, SftpgoPrincipals>({
  document: 'sftpgo-token',
  basePath: '/api/v2',
  security: {
    BasicAuth: authenticateBasic,
    BearerAuth: async (request, call) => {
      const token = parseBearer(headerValue(request.headers, 'authorization'));
      const claims = await verifyToken(call, token, roleOf(request.operationId));
      if (!claims) throw ApiError.of(tokenUnauthorized());
      return claims;
    },
    // API keys are not emulated: a request with one only is refused like a bad token.
    APIKeyAuth: () => null,
  },
  handlers: { GetToken: issueToken, GetUserToken: issueToken, Logout: logout, ClientLogout: logout },
  errors: {
    unauthorized: () => tokenUnauthorized(),
    validationFailed: (_operationId, _statuses, details) =>
      json(400, { message: 'Invalid request', error: details }),
    notImplemented: (operationId) =>
      json(501, { message: `The sandbox does not emulate ${operationId} yet`, error: 'not implemented' }),
  },
});

/**
 * Non-spec convenience routes (`GET /api/v2/admin/profile`, `GET /api/v2/user/profile`) that
 * answer `{ username }` to a valid token, so clients can prove a token works.
 */
export const profileRoutes: ProtocolRoute<SftpgoCall>[] = (['admin', 'user'] as const).map((role) => ({
  method: 'GET',
  path: `/api/v2/${role}/profile`,
  label: `sftpgo ${role} profile`,
  handle: async (request, call) => {
    const claims = await verifyToken(call, parseBearer(headerValue(request.headers, 'authorization')), role);
    return claims ? json(200, { username: claims.sub }) : tokenUnauthorized();
  },
}));

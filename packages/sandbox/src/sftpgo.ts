import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Context } from 'openapi-backend';
import { verifyPassword } from './crypto/password.js';
import { randomId } from './crypto/random.js';
import { totpTimeStep } from './crypto/totp.js';
import { headerValue, parseBasicAuth, parseBearer } from './http/headers.js';
import type { ApiBinding } from './http/openapi.js';
import { json, type Reply } from './http/reply.js';
import type { Call, SandboxState } from './state.js';

export type SftpgoRole = 'admin' | 'user';

export interface SftpgoAccount {
  username: string;
  passwordDigest: string;
  role: SftpgoRole;
  totpSecret?: string;
}

export interface SftpgoState {
  admins: Map<string, SftpgoAccount>;
  users: Map<string, SftpgoAccount>;
  /** Spent passcodes (`role:username:code`) and until when they stay refused. */
  usedPasscodes: Map<string, number>;
  /** Revoked token IDs and their expiry (seconds), so the set can be pruned. */
  revokedTokens: Map<string, number>;
  signingSecret: Uint8Array;
}

export const createSftpgoState = (): SftpgoState => ({
  admins: new Map(),
  users: new Map(),
  usedPasscodes: new Map(),
  revokedTokens: new Map(),
  signingSecret: new Uint8Array(randomBytes(32)),
});

/** SFTPGo refuses a spent passcode for two minutes, longer than its validity window. */
const PASSCODE_REUSE_WINDOW_MS = 2 * 60 * 1000;
// SFTPGo's JWT audiences of REST API tokens.
const AUDIENCE: Record<SftpgoRole, string> = { admin: 'API', user: 'APIUser' };
const BASIC_CHALLENGE = { 'WWW-Authenticate': 'Basic realm="SFTPGo"' };

const accounts = (state: SandboxState, role: SftpgoRole) =>
  role === 'admin' ? state.sftpgo.admins : state.sftpgo.users;
const roleOf = (context: Context): SftpgoRole =>
  context.operation.operationId === 'GetToken' || context.operation.operationId === 'Logout'
    ? 'admin'
    : 'user';

const basicUnauthorized = (error: string): Reply =>
  json(401, { message: 'Unauthorized', error }, BASIC_CHALLENGE);
const tokenUnauthorized = (): Reply =>
  json(401, { message: 'Invalid token', error: 'token is unauthorized' });

type Principal = { error: string } | { account: SftpgoAccount };

async function authenticateBasic(context: Context, call: Call): Promise<Principal> {
  const credentials = parseBasicAuth(headerValue(call.headers, 'authorization'));
  if (!credentials) return { error: 'missing credentials' };
  const account = accounts(call.state, roleOf(context)).get(credentials.username);
  const valid = await verifyPassword(credentials.password, account?.passwordDigest);
  return account && valid ? { account } : { error: 'invalid credentials' };
}

type TokenClaims = { sub: string; jti: string; exp: number };

/** The claims of a token that is valid for the role at the sandbox clock and not revoked. */
async function verifyToken(state: SandboxState, token: string | undefined, role: SftpgoRole) {
  if (!token) return undefined;
  try {
    const { payload } = await jwtVerify(token, state.sftpgo.signingSecret, {
      audience: AUDIENCE[role],
      algorithms: ['HS256'],
      currentDate: new Date(state.clock.now()),
    });
    const { sub, jti, exp } = payload;
    if (typeof sub !== 'string' || typeof jti !== 'string' || typeof exp !== 'number') return undefined;
    if (state.sftpgo.revokedTokens.has(jti)) return undefined;
    return { sub, jti, exp } satisfies TokenClaims;
  } catch {
    return undefined;
  }
}

function prune(state: SandboxState) {
  const now = state.clock.now();
  for (const [key, until] of state.sftpgo.usedPasscodes)
    if (until <= now) state.sftpgo.usedPasscodes.delete(key);
  for (const [jti, exp] of state.sftpgo.revokedTokens)
    if (exp * 1000 <= now) state.sftpgo.revokedTokens.delete(jti);
}

async function issueToken(context: Context, call: Call): Promise<Reply> {
  const principal = context.security.BasicAuth as { account: SftpgoAccount };
  const { account } = principal;
  const { state } = call;
  prune(state);
  if (account.totpSecret) {
    const passcode = headerValue(call.headers, 'x-sftpgo-otp');
    if (!passcode) return basicUnauthorized('passcode required');
    const now = state.clock.now();
    const key = `${account.role}:${account.username}:${passcode}`;
    // Check and record in one synchronous step: concurrent requests cannot both spend it.
    if ((state.sftpgo.usedPasscodes.get(key) ?? 0) > now) return basicUnauthorized('passcode already used');
    if (totpTimeStep(account.totpSecret, passcode, now) === undefined)
      return basicUnauthorized('invalid passcode');
    state.sftpgo.usedPasscodes.set(key, now + PASSCODE_REUSE_WINDOW_MS);
  }
  const issuedAt = Math.floor(state.clock.now() / 1000);
  const expiresAt = issuedAt + state.config.sftpgoTokenLifetimeMinutes * 60;
  const accessToken = await new SignJWT({ username: account.username })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(account.username)
    .setAudience(AUDIENCE[account.role])
    .setJti(randomId())
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(state.sftpgo.signingSecret);
  return json(200, {
    access_token: accessToken,
    expires_at: new Date(expiresAt * 1000).toISOString().replace('.000Z', 'Z'),
  });
}

function logout(context: Context, call: Call): Reply {
  const claims = context.security.BearerAuth as TokenClaims;
  const { revokedTokens } = call.state.sftpgo;
  if (revokedTokens.has(claims.jti)) return tokenUnauthorized();
  revokedTokens.set(claims.jti, claims.exp);
  return json(200, { message: 'Your token has been invalidated' });
}

/**
 * Non-spec convenience routes (`GET /api/v2/admin/profile`, `GET /api/v2/user/profile`) that
 * answer `{ username }` to a valid token, so clients can prove a token works.
 */
export async function handleSftpgoProfile(
  method: string,
  path: string,
  call: Call,
): Promise<Reply | undefined> {
  const role: SftpgoRole | undefined =
    path === '/admin/profile' ? 'admin' : path === '/user/profile' ? 'user' : undefined;
  if (!role) return undefined;
  if (method !== 'GET') return json(405, { message: 'Method Not Allowed', error: 'method not allowed' });
  const claims = await verifyToken(call.state, parseBearer(headerValue(call.headers, 'authorization')), role);
  return claims ? json(200, { username: claims.sub }) : tokenUnauthorized();
}

export const sftpgoBinding: ApiBinding<Call> = {
  name: 'sftpgo-token',
  securityHandlers: {
    BasicAuth: authenticateBasic,
    BearerAuth: async (context, call) => {
      const token = parseBearer(headerValue(call.headers, 'authorization'));
      return (await verifyToken(call.state, token, roleOf(context))) ?? { error: 'token is unauthorized' };
    },
  },
  handlers: {
    GetToken: issueToken,
    GetUserToken: issueToken,
    Logout: logout,
    ClientLogout: logout,
  },
  unauthorized: (context) => {
    const basic = context.security.BasicAuth as { error?: string } | undefined;
    return basic ? basicUnauthorized(basic.error ?? 'invalid credentials') : tokenUnauthorized();
  },
  validationFailed: (_operation, details) => json(400, { message: 'Invalid request', error: details }),
  notFound: () => json(404, { message: 'Not Found', error: 'Not Found' }),
  methodNotAllowed: () => json(405, { message: 'Method Not Allowed', error: 'method not allowed' }),
  internalError: () => json(500, { message: '', error: 'Internal Server Error' }),
  notImplemented: (operationId) =>
    json(501, { message: `The sandbox does not emulate ${operationId} yet`, error: 'not implemented' }),
};

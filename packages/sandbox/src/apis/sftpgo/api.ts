// SFTPGo REST API v2, the token operations (spec/sftpgo-token.yaml), and the two profile routes.
import type { operations as SftpgoOperations } from '@authspec/sftpgo-token';
import { verifyPassword } from '../../core/crypto/password.js';
import { headerValue, parseBearer } from '../../http/headers.js';
import type { ProtocolRoute } from '../../http/protocol-routes.js';
import { ApiError, json } from '../../http/reply.js';
import { defineSpecApi } from '../../spec/binding.js';
import type { OperationHandler, OperationRequest, SecurityRequest } from '../../spec/types.js';
import { adminAddressAllowed, userRefusal } from './account-filters.js';
import { apiKeyOf, authenticateApiKey } from './api-keys.js';
import { goBasicAuth } from './basic-auth.js';
import { inNetworks } from './client-ip.js';
import type { HostEvent } from './defender.js';
import { apiKeyNotAllowed, loginRefused, tokenUnauthorized, userForbidden } from './errors.js';
import { convertName } from './naming-rules.js';
import { spendPasscode } from './passcodes.js';
import { accounts, isActive, roleOf, type SftpgoAccount, type SftpgoCall, type SftpgoRole } from './state.js';
import { issueToken, prune, revoke, type TokenClaims, verifyToken } from './tokens.js';

/** What the security schemes find: the account of the Basic credentials or of an API key, the claims of a token. */
interface SftpgoPrincipals {
  BasicAuth: SftpgoAccount;
  BearerAuth: TokenClaims;
  APIKeyAuth: SftpgoAccount;
}

/**
 * A failed login with credentials: the defender scores it (an unknown account higher than a
 * wrong password or passcode), and the answer is the same 401 whatever the cause.
 */
function refuseLogin(call: SftpgoCall, event: HostEvent): never {
  call.state.defender.addEvent(call.clientIp, event, call.sandbox.clock.now(), call.config.sftpgoDefender);
  throw ApiError.of(loginRefused(true));
}

async function authenticateBasic(request: SecurityRequest, call: SftpgoCall): Promise<SftpgoAccount> {
  const credentials = goBasicAuth(headerValue(request.headers, 'authorization'));
  if (!credentials) throw ApiError.of(loginRefused(false));
  const role = roleOf(request.operationId);
  // The user endpoint refuses an empty username or password before looking anything up, as it
  // does missing credentials (server.go `getUserToken`; unscored, ErrNoCredentials); the admin
  // endpoint lets the lookup fail.
  if (role === 'user' && (credentials.username === '' || credentials.password === ''))
    throw ApiError.of(loginRefused(false));
  // Then the post-connect hook, before the credentials are checked (unscored); it refuses with
  // os.ErrPermission (internal/common/common.go `ExecutePostConnectHook`).
  if (role === 'user' && inNetworks(call.clientIp, call.config.sftpgoPostConnectHookDenies))
    throw ApiError.of(userForbidden('permission denied'));
  const username = convertName(credentials.username, call.config.sftpgoNamingRules);
  const account = accounts(call.state, role).get(username);
  const valid = await verifyPassword(credentials.password, account?.passwordDigest);
  if (!account) refuseLogin(call, 'userNotFound');
  if (!valid || !isActive(account, call.sandbox.clock.now())) refuseLogin(call, 'loginFailed');
  // An admin outside the allow list fails like a wrong password.
  if (role === 'admin' && !adminAddressAllowed(account, call.clientIp)) refuseLogin(call, 'loginFailed');
  // A user's filters come after the password and before the passcode, which stays unspent;
  // the refusal is scored like a failed login (updateLoginMetrics).
  const reason = role === 'user' ? userRefusal(account, call) : undefined;
  if (reason !== undefined) {
    call.state.defender.addEvent(
      call.clientIp,
      'loginFailed',
      call.sandbox.clock.now(),
      call.config.sftpgoDefender,
    );
    throw ApiError.of(userForbidden(reason));
  }
  return account;
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

const getToken: OperationHandler<
  SftpgoOperations['GetToken' | 'GetUserToken'],
  SftpgoCall,
  SftpgoPrincipals
> = async (request, call) => {
  const account = principal(request, 'BasicAuth');
  prune(call);
  if (account.totpSecret) {
    // Missing, wrong and spent passcodes get the one answer every failed login gets.
    const passcode = headerValue(request.headers, 'x-sftpgo-otp');
    if (!passcode || !spendPasscode(call, account, passcode)) refuseLogin(call, 'loginFailed');
  }
  return json(200, await issueToken(call, account));
};

const logout: OperationHandler<SftpgoOperations['Logout' | 'ClientLogout'], SftpgoCall, SftpgoPrincipals> = (
  request,
  call,
) => {
  if (request.security.APIKeyAuth) return apiKeyNotAllowed();
  prune(call);
  revoke(call, principal(request, 'BearerAuth'));
  return json(200, { message: 'Your token has been invalidated' });
};

export const sftpgoApi = defineSpecApi<SftpgoOperations, SftpgoCall, SftpgoPrincipals>({
  document: 'sftpgo-token',
  basePath: '/api/v2',
  security: {
    BasicAuth: authenticateBasic,
    // A key takes precedence over Authorization: with one, the token is not looked at.
    BearerAuth: (request, call) =>
      apiKeyOf(request.headers) === undefined
        ? verifyToken(
            call,
            parseBearer(headerValue(request.headers, 'authorization')),
            roleOf(request.operationId),
          )
        : null,
    APIKeyAuth: (request, call) => {
      const key = apiKeyOf(request.headers);
      return key === undefined ? null : authenticateApiKey(call, key, roleOf(request.operationId));
    },
  },
  handlers: { GetToken: getToken, GetUserToken: getToken, Logout: logout, ClientLogout: logout },
  errors: {
    unauthorized: () => tokenUnauthorized('no token found'),
    validationFailed: (_operationId, _statuses, details) =>
      json(400, { message: 'Invalid request', error: details }),
    notImplemented: (operationId) =>
      json(501, { message: `The sandbox does not emulate ${operationId} yet`, error: 'not implemented' }),
  },
});

/** The account a Bearer route is called as: by API key when one is sent, else by token. */
async function bearerRouteAccount(call: SftpgoCall, role: SftpgoRole): Promise<SftpgoAccount> {
  const key = apiKeyOf(call.headers);
  if (key !== undefined) return authenticateApiKey(call, key, role);
  const claims = await verifyToken(call, parseBearer(headerValue(call.headers, 'authorization')), role);
  const account = accounts(call.state, role).get(claims.username);
  if (!account) throw ApiError.of(tokenUnauthorized('token is unauthorized'));
  return account;
}

/**
 * `GET /api/v2/admin/profile` and `GET /api/v2/user/profile` (not in the token spec): the
 * account's profile as SFTPGo answers it, without the username; empty members are left out.
 */
export const profileRoutes: ProtocolRoute<SftpgoCall>[] = (['admin', 'user'] as const).map((role) => ({
  method: 'GET',
  path: `/api/v2/${role}/profile`,
  label: `sftpgo ${role} profile`,
  handle: async (_request, call) => {
    const { email, description, allowApiKeyAuth } = await bearerRouteAccount(call, role);
    return json(200, {
      ...(email ? { email } : {}),
      ...(description ? { description } : {}),
      allow_api_key_auth: allowApiKeyAuth,
    });
  },
}));

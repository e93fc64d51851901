// SFTPGo API keys (`X-SFTPGO-API-KEY`): `<id>.<secret>`, or `<id>.<secret>.<username>` for a key
// not bound to an account. Checked in the server's order: form and id, scope, secret, account.
import type { IncomingHttpHeaders } from 'node:http';
import { verifyPassword } from '../../core/crypto/password.js';
import { headerValue } from '../../http/headers.js';
import { ApiError } from '../../http/reply.js';
import { adminAddressAllowed, userRefusal } from './account-filters.js';
import { inNetworks } from './client-ip.js';
import { apiKeyInvalid, apiKeyRefused, apiKeyWrongScope } from './errors.js';
import { accounts, isActive, type SftpgoAccount, type SftpgoCall, type SftpgoRole } from './state.js';

export const API_KEY_HEADER = 'x-sftpgo-api-key';

/** The key sent, if any: SFTPGo treats an empty header as none. */
export const apiKeyOf = (headers: IncomingHttpHeaders): string | undefined =>
  headerValue(headers, API_KEY_HEADER) || undefined;

/** The account an API key authenticates on a route of `role`, or an `ApiError` with SFTPGo's refusal. */
export async function authenticateApiKey(
  call: SftpgoCall,
  header: string,
  role: SftpgoRole,
): Promise<SftpgoAccount> {
  const [id = '', secret, ...rest] = header.split('.');
  const key = call.state.apiKeys.get(id);
  if (secret === undefined || !key) throw ApiError.of(apiKeyInvalid());
  if (key.role !== role) throw ApiError.of(apiKeyWrongScope());
  if (!(await verifyPassword(secret, key.secretDigest))) throw ApiError.of(apiKeyRefused());
  // A bound key always acts for its account, whatever follows the secret.
  const username = key.username ?? rest.join('.');
  const account = accounts(call.state, role).get(username);
  if (!account?.allowApiKeyAuth || !isActive(account, call.sandbox.clock.now()))
    throw ApiError.of(apiKeyRefused());
  // The account checks of a password login apply too, each refusal the key's 401
  // (internal/httpd/auth_utils.go `authenticateAdminWithAPIKey`, `authenticateUserWithAPIKey`).
  if (role === 'admin' && !adminAddressAllowed(account, call.clientIp)) throw ApiError.of(apiKeyRefused());
  if (
    role === 'user' &&
    (inNetworks(call.clientIp, call.config.sftpgoPostConnectHookDenies) ||
      userRefusal(account, call) !== undefined)
  )
    throw ApiError.of(apiKeyRefused());
  return account;
}

// The account filters SFTPGo applies once the password is right: an admin's allow list
// (internal/dataprovider/admin.go `CanLogin`, refused like a wrong password), and the checks of
// `checkHTTPClientUser` (internal/httpd/api_utils.go), whose reason the user gets in a 403.
import { inNetworks } from './client-ip.js';
import type { SftpgoAccount, SftpgoCall } from './state.js';

/** Whether an admin may sign in from the client IP: an empty allow list allows every address. */
export const adminAddressAllowed = (admin: SftpgoAccount, clientIp: string) =>
  admin.allowList.length === 0 || inNetworks(clientIp, admin.allowList);

/**
 * `IsLoginFromAddrAllowed` (internal/dataprovider/user.go): the allowed networks first, so an
 * address both allowed and denied is allowed; with an allow list, nothing else is.
 */
function userAddressAllowed(user: SftpgoAccount, clientIp: string): boolean {
  if (user.allowedIp.length === 0 && user.deniedIp.length === 0) return true;
  if (inNetworks(clientIp, user.allowedIp)) return true;
  if (inNetworks(clientIp, user.deniedIp)) return false;
  return user.allowedIp.length === 0;
}

/** Go's `%q` of a username, as the reasons quote it. */
const quoted = (text: string) => JSON.stringify(text);

/** Why SFTPGo refuses the user a token over HTTP, in its words, checked in its order; else undefined. */
export function userRefusal(user: SftpgoAccount, call: SftpgoCall): string | undefined {
  if (user.deniedProtocols.includes('HTTP'))
    return `protocol HTTP is not allowed for user ${quoted(user.username)}`;
  if (user.deniedLoginMethods.includes('password'))
    return `login method password is not allowed for user ${quoted(user.username)}`;
  if (user.maxSessions > 0 && user.activeSessions >= user.maxSessions)
    return `too many open sessions: ${user.activeSessions}`;
  if (!userAddressAllowed(user, call.clientIp))
    return `login for user ${quoted(user.username)} is not allowed from this address: ${call.remoteAddr}`;
  return undefined;
}

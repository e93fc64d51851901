// `@authspec/logto/management` for Node, Deno, Bun and edge runtimes: the Management API client,
// which can run the client-credentials grant.

import {
  createManagementClientWith,
  type ManagementClient,
  type ManagementClientOptions,
} from './management/client';
import { clientCredentialsGrant } from './management/client-credentials';

export * from '@authspec/core/public';
export type * from './generated/one-time-tokens.operations';
export type {
  ClientCredentialsAuth,
  ManagementAuth,
  ManagementClient,
  ManagementClientOptions,
  OneTimeToken,
  OneTimeTokenPage,
  OneTimeTokenStatus,
  OneTimeTokensApi,
} from './management/client';
export { OAuthTokenError } from './oauth-error';

/**
 * A client of the Logto Management API's one-time tokens, authenticated with client credentials
 * (cached, renewed before expiry), a fixed access token, or a callback.
 */
export function createManagementClient(options: ManagementClientOptions): ManagementClient {
  return createManagementClientWith(clientCredentialsGrant, options);
}

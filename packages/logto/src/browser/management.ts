// `@authspec/logto/management` in browsers: an access token obtained elsewhere, never a client
// secret (anyone could read it from the page).
import {
  createManagementClientWith,
  type ManagementClient,
  type ManagementClientOptions,
} from '../management/client';

export * from '@authspec/core/public';
export type * from '../generated/one-time-tokens.operations';
export type {
  ManagementAuth,
  ManagementClient,
  ManagementClientOptions,
  OneTimeToken,
  OneTimeTokenPage,
  OneTimeTokenStatus,
  OneTimeTokensApi,
} from '../management/client';
export { OAuthTokenError } from '../oauth-error';

/**
 * A client of the Logto Management API's one-time tokens with an access token obtained elsewhere
 * (`accessToken` or `getAccessToken`); client credentials are refused in a browser.
 */
export function createManagementClient(options: ManagementClientOptions): ManagementClient {
  return createManagementClientWith(undefined, options);
}

// `@authspec/logto/management` in browsers: an access token obtained elsewhere, never a client
// secret (anyone could read it from the page).
import {
  type AccessTokenAuth,
  type AccessTokenCallbackAuth,
  createManagementClientWith,
  type ManagementClient,
  type ManagementClientOptions,
  type ManagementEndpointOptions,
  type MissingBrowserCredentials,
} from '../management/client';

export * from '@authspec/core/public';
export type * from '../generated/one-time-tokens.operations';
export type {
  AccessTokenAuth,
  AccessTokenCallbackAuth,
  ManagementAuth,
  ManagementClient,
  ManagementClientOptions,
  ManagementEndpointOptions,
  OneTimeToken,
  OneTimeTokenPage,
  OneTimeTokenStatus,
  OneTimeTokensApi,
} from '../management/client';
export { OAuthTokenError } from '../oauth-error';

// One signature per way to authenticate in a browser (client credentials are refused there).
/** A client of the Logto Management API's one-time tokens with a fixed access token obtained elsewhere. */
export function createManagementClient(
  options: ManagementEndpointOptions & AccessTokenAuth,
): ManagementClient;
/** A client of the Logto Management API's one-time tokens that asks a callback for each access token. */
export function createManagementClient(
  options: ManagementEndpointOptions & AccessTokenCallbackAuth,
): ManagementClient;
/** A client of the Logto Management API's one-time tokens, with the way to authenticate chosen at run time. */
export function createManagementClient(
  options: ManagementEndpointOptions & (AccessTokenAuth | AccessTokenCallbackAuth),
): ManagementClient;
/**
 * Not a way to call it: this signature only turns a call without credentials into a type error
 * that names the two ways to authenticate in a browser.
 */
export function createManagementClient(options: ManagementEndpointOptions & MissingBrowserCredentials): never;
export function createManagementClient(
  options: ManagementClientOptions | (ManagementEndpointOptions & MissingBrowserCredentials),
): ManagementClient {
  // A call without credentials only type-checks with a cast; the runtime still refuses it.
  return createManagementClientWith(undefined, options as ManagementClientOptions);
}

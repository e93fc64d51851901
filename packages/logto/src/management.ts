// `@authspec/logto/management` for Node, Deno, Bun and edge runtimes: the Management API client,
// which can run the client-credentials grant.

import {
  type AccessTokenAuth,
  type AccessTokenCallbackAuth,
  type ClientCredentialsAuth,
  createManagementClientWith,
  type ManagementClient,
  type ManagementClientOptions,
  type ManagementEndpointOptions,
  type MissingCredentials,
} from './management/client';
import { clientCredentialsGrant } from './management/client-credentials';

export * from '@authspec/core/public';
export type * from './generated/one-time-tokens.operations';
export type {
  AccessTokenAuth,
  AccessTokenCallbackAuth,
  ClientCredentialsAuth,
  ManagementAuth,
  ManagementClient,
  ManagementClientOptions,
  ManagementEndpointOptions,
  OneTimeToken,
  OneTimeTokenPage,
  OneTimeTokenStatus,
  OneTimeTokensApi,
} from './management/client';
export { OAuthTokenError } from './oauth-error';

// One signature per way to authenticate: leaving them all out is a type error that names all three.
/**
 * A client of the Logto Management API's one-time tokens, authenticated with the client
 * credentials of a machine-to-machine app: the token is cached and renewed before it expires.
 */
export function createManagementClient(
  options: ManagementEndpointOptions & ClientCredentialsAuth,
): ManagementClient;
/** A client of the Logto Management API's one-time tokens with a fixed access token (never renewed). */
export function createManagementClient(
  options: ManagementEndpointOptions & AccessTokenAuth,
): ManagementClient;
/** A client of the Logto Management API's one-time tokens that asks a callback for each access token. */
export function createManagementClient(
  options: ManagementEndpointOptions & AccessTokenCallbackAuth,
): ManagementClient;
/** A client of the Logto Management API's one-time tokens, with the way to authenticate chosen at run time. */
export function createManagementClient(options: ManagementClientOptions): ManagementClient;
/**
 * Not a way to call it: this signature only turns a call without credentials into a type error
 * that names the three ways to authenticate.
 */
export function createManagementClient(options: ManagementEndpointOptions & MissingCredentials): never;
export function createManagementClient(
  options: ManagementClientOptions | (ManagementEndpointOptions & MissingCredentials),
): ManagementClient {
  // A call without credentials only type-checks with a cast; the runtime still refuses it.
  return createManagementClientWith(clientCredentialsGrant, options as ManagementClientOptions);
}

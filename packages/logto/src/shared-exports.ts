// Types both Logto APIs' entry points (Node and browser) export.
export type {
  ExperienceClient,
  ExperienceClientOptions,
  OidcAuthorizationInput,
  OidcAuthorizationResult,
} from './experience/client';
export type {
  components as ExperienceComponents,
  operations as ExperienceOperations,
  paths as ExperiencePaths,
} from './generated/experience';
export type * from './generated/experience.operations';
export type {
  components as ManagementComponents,
  operations as ManagementOperations,
  paths as ManagementPaths,
} from './generated/one-time-tokens';
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
export { OAuthTokenError, OidcAuthorizationError } from './oauth-error';

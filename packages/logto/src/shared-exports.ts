// What both entry points (Node and browser) export besides createExperienceClient.

export type {
  ExperienceBody,
  ExperienceClient,
  ExperienceClientOptions,
  ExperienceResult,
  OidcAuthorizationInput,
} from './experience/client';
export type {
  components as ExperienceComponents,
  operations as ExperienceOperations,
  paths as ExperiencePaths,
} from './generated/experience';
export type {
  components as ManagementComponents,
  operations as ManagementOperations,
  paths as ManagementPaths,
} from './generated/one-time-tokens';
export {
  type CreateOneTimeTokenInput,
  createManagementClient,
  type ListOneTimeTokensInput,
  type ManagementClient,
  type ManagementClientOptions,
  type OneTimeToken,
  type OneTimeTokenPage,
  type OneTimeTokenStatus,
  type OneTimeTokensApi,
  type VerifyOneTimeTokenInput,
} from './management/client';

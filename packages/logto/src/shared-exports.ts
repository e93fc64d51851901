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
export type {
  CreateOneTimeTokenInput,
  ListOneTimeTokensInput,
  ManagementClient,
  ManagementClientOptions,
  OneTimeToken,
  OneTimeTokenPage,
  OneTimeTokenStatus,
  OneTimeTokensApi,
  VerifyOneTimeTokenInput,
} from './management/client';

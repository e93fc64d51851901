// Types generated from spec/logto-one-time-tokens.yaml and spec/logto-experience.yaml.

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

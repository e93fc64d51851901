export { type Clock, type ClockOptions, createClock } from './clock.js';
export type { MfaFactor, MfaPolicy, SandboxConfig, SandboxConfigUpdate } from './config.js';
export { demoSeed } from './demo-seed.js';
export type {
  AppCredentials,
  AppInput,
  ConnectorInfo,
  EquinixUserCredentials,
  EquinixUserInput,
  LogtoUserCredentials,
  LogtoUserInput,
  LogtoUserSnapshot,
  M2mAppCredentials,
  M2mAppInput,
  OneTimeTokenInput,
  SftpgoAccountCredentials,
  SftpgoAccountInput,
  SocialConnectorInput,
  SsoConnectorInput,
} from './entities.js';
export type { Logger } from './log.js';
export type { OneTimeToken, OneTimeTokenContext, OneTimeTokenStatus } from './logto/one-time-tokens.js';
export type { AuthorizationCode } from './logto/state.js';
export type { SocialIdentity } from './logto/users.js';
export type { InteractionEvent, Outbox, OutboxMessage } from './outbox.js';
export { type Sandbox, type SandboxOptions, type SandboxUrls, startSandbox } from './sandbox.js';
export { loadSeed, type SandboxSeed, type SeededEntities } from './seed.js';
export type { ResponseViolation } from './server.js';

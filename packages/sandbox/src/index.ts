export type {
  ApiName,
  SandboxConfig,
  SandboxConfigUpdate,
  SandboxUrls,
  SeededEntities,
} from './api-types.js';
export type { EquinixConfig } from './apis/equinix/config.js';
export type { EquinixUserCredentials, EquinixUserInput } from './apis/equinix/entities.js';
export type {
  EquinixHelpers,
  EquinixSeed,
  EquinixSeeded,
  EquinixSeedFile,
  EquinixUrls,
} from './apis/equinix/index.js';
export type { LogtoConfig, MfaFactor, MfaPolicy, WebAuthnConfig } from './apis/logto/config.js';
export type {
  AppCredentials,
  AppInput,
  AppType,
  ConnectorInfo,
  LogtoUserCredentials,
  LogtoUserInput,
  LogtoUserSnapshot,
  M2mAppCredentials,
  M2mAppInput,
  OneTimeTokenInput,
  SocialConnectorInput,
  SocialIdentity,
  SsoConnectorInput,
} from './apis/logto/entities.js';
export type { LogtoHelpers } from './apis/logto/helpers.js';
export type { LogtoSeed, LogtoSeeded, LogtoSeedFile, LogtoUrls } from './apis/logto/index.js';
export type {
  InteractionEvent,
  OneTimeToken,
  OneTimeTokenContext,
  OneTimeTokenStatus,
} from './apis/logto/spec.js';
export type { AuthorizationCode } from './apis/logto/state.js';
export type {
  SftpgoConfig,
  SftpgoDefenderConfig,
  SftpgoNamingRules,
  SftpgoProxyConfig,
  SftpgoRateLimiterConfig,
  SftpgoTotpAlgo,
  SftpgoTotpConfig,
} from './apis/sftpgo/config.js';
export type {
  SftpgoAccountCredentials,
  SftpgoAccountInput,
  SftpgoApiKeyCredentials,
  SftpgoApiKeyInput,
  SftpgoDeniedProtocol,
  SftpgoLoginMethod,
  SftpgoProtocol,
} from './apis/sftpgo/entities.js';
export type {
  SftpgoHelpers,
  SftpgoSeed,
  SftpgoSeeded,
  SftpgoSeedFile,
  SftpgoUrls,
} from './apis/sftpgo/index.js';
export type { SftpgoRole } from './apis/sftpgo/state.js';
export { type Clock, type ClockOptions, createClock } from './core/clock.js';
export type { TotpAlgorithm } from './core/crypto/totp.js';
export type { Logger } from './core/log.js';
export type { Outbox, OutboxMessage } from './core/outbox.js';
export { demoSeed } from './demo-seed.js';
export type { ResponseViolation } from './http/dispatch.js';
export {
  type Sandbox,
  type SandboxBase,
  type SandboxOptions,
  startSandbox,
  type TotpOptions,
} from './sandbox.js';
export { loadSeed, type SandboxSeed } from './seed.js';

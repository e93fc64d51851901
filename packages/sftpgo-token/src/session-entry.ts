// `@authspec/sftpgo-token/session`: a session that logs in, keeps its token valid (computing TOTP
// passcodes when given the secret) and calls other endpoints with it.
export * from '@authspec/core/public';
export {
  type AccessTokenOptions,
  createSftpgoSession,
  type SftpgoApiKeyAuth,
  type SftpgoPasswordLogin,
  type SftpgoRole,
  type SftpgoSession,
  type SftpgoSessionOptions,
  type TotpSettings,
} from './session';

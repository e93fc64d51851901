export * from '@authspec/core/public';
// Types generated from spec/sftpgo-token.yaml.
export type { components, operations, paths } from './generated/sftpgo-token';
export {
  createSftpgoSession,
  type SftpgoRole,
  type SftpgoSession,
  type SftpgoSessionOptions,
  type TotpSettings,
} from './session';
export {
  type ApiResponse,
  type Credentials,
  createSftpgoTokenClient,
  type SftpgoTokenClient,
  type SftpgoTokenClientOptions,
  type Token,
} from './token-client';

// `@authspec/sftpgo-token`: the client of SFTPGo's token endpoints. The session that keeps a
// token valid is in `@authspec/sftpgo-token/session` (and re-exported here).
export * from '@authspec/core/public';
// Types generated from spec/sftpgo-token.yaml.
export type { components, operations, paths } from './generated/sftpgo-token';
export type * from './generated/sftpgo-token.operations';
export {
  type ApiResponse,
  createSftpgoTokenClient,
  type SftpgoTokenClient,
  type SftpgoTokenClientOptions,
  type Token,
} from './token-client';

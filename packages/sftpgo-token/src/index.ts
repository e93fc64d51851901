// Types generated from spec/sftpgo-token.yaml.
export type { components, operations, paths } from './generated/sftpgo-token';

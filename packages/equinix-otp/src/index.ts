export * from '@authspec/core/public';
export {
  createEquinixOtpClient,
  DEFAULT_BASE_URL,
  type EquinixOtpClient,
  type EquinixOtpClientOptions,
  type RecoveryCodeList,
  type RecoveryCodes,
} from './client';
// Types generated from spec/equinix-metal-otp.yaml.
export type { components, operations, paths } from './generated/equinix-metal-otp';
export type * from './generated/equinix-metal-otp.operations';

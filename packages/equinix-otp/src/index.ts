// Types generated from spec/equinix-metal-otp.yaml.
export type { components, operations, paths } from './generated/equinix-metal-otp';

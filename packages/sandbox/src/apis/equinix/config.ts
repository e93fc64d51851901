import { positiveNumber, type Shape } from '../../core/check.js';
import type { ConfigSection } from '../../module.js';

/** Equinix Metal's settings. */
export interface EquinixConfig {
  /** Lifetime of Equinix SMS codes, seconds. */
  equinixSmsCodeLifetimeSeconds: number;
}

export const equinixConfig: ConfigSection<EquinixConfig> = {
  defaults: () => ({ equinixSmsCodeLifetimeSeconds: 300 }),
  shape: { equinixSmsCodeLifetimeSeconds: positiveNumber } satisfies Shape<EquinixConfig>,
};

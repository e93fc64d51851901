import { integerIn, type Shape } from '../../core/check.js';
import type { ConfigSection } from '../../module.js';

/** SFTPGo's settings. */
export interface SftpgoConfig {
  /** Lifetime of SFTPGo JWTs, minutes (1..720). */
  sftpgoTokenLifetimeMinutes: number;
}

export const sftpgoConfig: ConfigSection<SftpgoConfig> = {
  defaults: () => ({ sftpgoTokenLifetimeMinutes: 20 }),
  shape: { sftpgoTokenLifetimeMinutes: integerIn(1, 720) } satisfies Shape<SftpgoConfig>,
};

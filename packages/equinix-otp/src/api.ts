// The typed openapi-fetch client over an Equinix OTP client's transport: for endpoints and
// options the methods do not cover. No retries or typed errors; authentication included.
import { type Client, openapiFetchClient } from '@authspec/core/api';
import type { EquinixOtpClient } from './client';
import type { paths } from './generated/equinix-metal-otp';

export type { Client, Middleware } from '@authspec/core/api';

/** The typed openapi-fetch client of `client`'s API (same base URL, API key and fetch). */
export function equinixOtpApi(client: EquinixOtpClient): Client<paths> {
  return openapiFetchClient<paths>(client);
}

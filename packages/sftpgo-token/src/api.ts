// `@authspec/sftpgo-token/api`: the typed openapi-fetch client over a token client's transport.
import { type Client, openapiFetchClient } from '@authspec/core/api';
import type { paths } from './generated/sftpgo-token';
import type { SftpgoTokenClient } from './token-client';

export type { Client, Middleware } from '@authspec/core/api';

/** The typed openapi-fetch client of `client`'s API (same base URL and fetch; no retries or typed errors). */
export function sftpgoTokenApi(client: SftpgoTokenClient): Client<paths> {
  return openapiFetchClient<paths>(client);
}

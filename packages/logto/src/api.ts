// `@authspec/logto/api`: typed openapi-fetch clients over a Logto client's transport, for what the
// methods do not cover. They send requests the same way (base URL, headers, cookie jar, access
// token) but without retries or typed errors.
import { type Client, openapiFetchClient } from '@authspec/core/api';
import type { ExperienceClient } from './experience/client';
import type { paths as ExperiencePaths } from './generated/experience';
import type { paths as ManagementPaths } from './generated/one-time-tokens';
import type { ManagementClient } from './management/client';

export type { Client, Middleware } from '@authspec/core/api';
export type { ExperiencePaths, ManagementPaths };

/** The typed openapi-fetch client of a Management client's API (authenticated like the client). */
export function managementApi(client: ManagementClient): Client<ManagementPaths> {
  return openapiFetchClient<ManagementPaths>(client);
}

/** The typed openapi-fetch client of an Experience client's API (same cookie jar or browser cookies). */
export function experienceApi(client: ExperienceClient): Client<ExperiencePaths> {
  return openapiFetchClient<ExperiencePaths>(client);
}

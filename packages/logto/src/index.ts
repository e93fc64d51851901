// Entry point for Node, Deno, Bun and edge runtimes: Experience clients keep a cookie jar, and
// Management clients can run the client-credentials grant.
import {
  createExperienceClientWith,
  type ExperienceClient,
  type ExperienceClientOptions,
} from './experience/client';
import { cookieJarSession } from './experience/cookie-jar';
import {
  createManagementClientWith,
  type ManagementClient,
  type ManagementClientOptions,
} from './management/client';
import { clientCredentialsProvider } from './management/token-provider';

export * from '@authspec/core/public';
export * from './shared-exports';

/** A client of the Experience API with its own cookie jar for the interaction session. */
export function createExperienceClient(options: ExperienceClientOptions): ExperienceClient {
  return createExperienceClientWith(cookieJarSession(), options);
}

/** A client of the Management API (one-time tokens). */
export function createManagementClient(options: ManagementClientOptions): ManagementClient {
  return createManagementClientWith(clientCredentialsProvider, options);
}

// Entry point for browsers (the `browser` export condition): no Node-only dependency; the
// browser sends the interaction cookie itself, and no client secret is ever accepted.
import { browserSession } from './experience/browser-session';
import {
  createExperienceClientWith,
  type ExperienceClient,
  type ExperienceClientOptions,
} from './experience/client';
import {
  createManagementClientWith,
  type ManagementClient,
  type ManagementClientOptions,
} from './management/client';

export * from '@authspec/core/public';
export * from './shared-exports';

/** A client of the Experience API for a sign-in page (same-origin, cookies included). */
export function createExperienceClient(options: ExperienceClientOptions): ExperienceClient {
  return createExperienceClientWith(browserSession, options);
}

/**
 * A client of the Management API with an access token obtained elsewhere (`accessToken` or
 * `getAccessToken`); client credentials are refused in a browser.
 */
export function createManagementClient(options: ManagementClientOptions): ManagementClient {
  return createManagementClientWith(undefined, options);
}

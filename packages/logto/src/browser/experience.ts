// `@authspec/logto/experience` in browsers: the browser sends the interaction cookie itself.
import { browserSession } from '../experience/browser-session';
import {
  createExperienceClientWith,
  type ExperienceClient,
  type ExperienceClientOptions,
} from '../experience/client';

export * from '@authspec/core/public';
export type {
  ExperienceClient,
  ExperienceClientOptions,
  OidcAuthorizationInput,
  OidcAuthorizationResult,
} from '../experience/client';
export type * from '../generated/experience.operations';
export { OidcAuthorizationError } from '../oauth-error';

/** A client of the Logto Experience API for a sign-in page (same-origin, cookies included). */
export function createExperienceClient(options: ExperienceClientOptions): ExperienceClient {
  return createExperienceClientWith(browserSession, options);
}

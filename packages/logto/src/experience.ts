// `@authspec/logto/experience` for Node, Deno, Bun and edge runtimes: the Experience client keeps
// the interaction cookie in a cookie jar of its own.
import {
  createExperienceClientWith,
  type ExperienceClient,
  type ExperienceClientOptions,
} from './experience/client';
import { cookieJarSession } from './experience/cookie-jar';

export * from '@authspec/core/public';
export type {
  ExperienceClient,
  ExperienceClientOptions,
  OidcAuthorizationInput,
  OidcAuthorizationResult,
} from './experience/client';
export type * from './generated/experience.operations';
export { OidcAuthorizationError } from './oauth-error';

/** A client of the Logto Experience API with its own cookie jar for the interaction session. */
export function createExperienceClient(options: ExperienceClientOptions): ExperienceClient {
  return createExperienceClientWith(cookieJarSession(), options);
}

// Entry point for Node, Deno, Bun and edge runtimes: Experience clients keep a cookie jar.
import {
  createExperienceClientWith,
  type ExperienceClient,
  type ExperienceClientOptions,
} from './experience/client';
import { cookieJarSession } from './experience/cookie-jar';

export * from '@authspec/core';
export * from './shared-exports';

/** A client of the Experience API with its own cookie jar for the interaction session. */
export function createExperienceClient(options: ExperienceClientOptions): ExperienceClient {
  return createExperienceClientWith(cookieJarSession(), options);
}

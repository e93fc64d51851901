// Entry point for browsers (the `browser` export condition): no Node-only dependency; the
// browser sends the interaction cookie itself.

import { browserSession } from './experience/browser-session';
import {
  createExperienceClientWith,
  type ExperienceClient,
  type ExperienceClientOptions,
} from './experience/client';

export * from '@authspec/core';
export * from './shared-exports';

/** A client of the Experience API for a sign-in page (same-origin, cookies included). */
export function createExperienceClient(options: ExperienceClientOptions): ExperienceClient {
  return createExperienceClientWith(browserSession, options);
}

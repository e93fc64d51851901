// The Logto documents' generated types (from @authspec/logto, which generates them from the same
// spec): the sandbox takes every shape and enum of the APIs from here, never writes one itself.
import type {
  ExperienceComponents,
  ExperienceOperations,
  ManagementComponents,
  ManagementOperations,
} from '@authspec/logto';

export type { ExperienceOperations, ManagementOperations };
export type ManagementSchemas = ManagementComponents['schemas'];
export type ExperienceSchemas = ExperienceComponents['schemas'];

/** A one-time token as the Management API answers it. */
export type OneTimeToken = ManagementSchemas['OneTimeToken'];
/** Where a one-time token is in its life. */
export type OneTimeTokenStatus = ManagementSchemas['OneTimeTokenStatus'];
/** Data that travels with a one-time token. */
export type OneTimeTokenContext = ManagementSchemas['OneTimeTokenContext'];
/** The kind of an end-user interaction (sign-in, registration, password reset). */
export type InteractionEvent = ExperienceSchemas['InteractionEvent'];

// `@authspec/logto` for Node, Deno, Bun and edge runtimes: both Logto clients. Import
// `@authspec/logto/management` or `@authspec/logto/experience` to load only one of them.
export * from '@authspec/core/public';
export { createExperienceClient } from './experience';
export { createManagementClient } from './management';
export * from './shared-exports';

// `@authspec/logto` in browsers: both clients, without Node-only dependencies and without client
// credentials.
export * from '@authspec/core/public';
export * from '../shared-exports';
export { createExperienceClient } from './experience';
export { createManagementClient } from './management';

// What the client packages are built from; applications need only `./public`, which the client
// packages re-export.

export type {
  ApiSecrets,
  HttpMethod,
  NamedMethods,
  OperationNames,
  OperationSpec,
  OperationTable,
  ParamSpec,
  ResultMappers,
  ResultOf,
} from './operation';
export * from './public';
export { SecretValues } from './redact';
export {
  type BearerAuth,
  type Expiring,
  type RenewingValue,
  renewalTime,
  renewingBearer,
} from './renewing';
export {
  createRuntime,
  type RawRequest,
  type Runtime,
  type RuntimeConfig,
  type ServiceFacts,
  type Transport,
} from './runtime';
export { withSafeView } from './safe-view';
export type { Schema } from './schema';
export { type SharedRenewal, sharedRenewal, storeWarning, type TokenSharing } from './shared-renewal';
export { sleep } from './signal';
export { isStoredToken, memoryTokenStore, optionalTokenStore, tokenStoreKey } from './token-store';
export { withTransport } from './transport';
export {
  checkBaseUrl,
  checkHeaders,
  checkRequestOptions,
  HTTP_TOKEN,
  headerValueProblem,
  optionalNumber,
  optionalString,
  requireHeaderValue,
  requireObject,
  requireOneOf,
  requireString,
} from './validate';

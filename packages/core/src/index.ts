// Everything the client packages are built from; applications need only `./public`, which
// the client packages re-export.
export * from './public';
export { isSecretHeader, redactBody, redactHeaders, redactUrl, SecretValues } from './redact';
export { type Expiring, type RenewingValue, renewalTime, renewingValue } from './renewing';
export {
  backoffDelay,
  isIdempotentMethod,
  isRetryableStatus,
  neverReachedServer,
  parseRetryAfter,
} from './retry';
export {
  type Attempt,
  checkBaseUrl,
  checkClientOptions,
  createRuntime,
  describeErrorBody,
  type FetchResult,
  type HttpMethod,
  type Operation,
  type Runtime,
  type RuntimeConfig,
  toOAuthTokenError,
} from './runtime';
export { withSafeView } from './safe-view';
export { sleep } from './signal';
export {
  checkHeaders,
  optionalNumber,
  optionalString,
  requireHeaderValue,
  requireObject,
  requireOneOf,
  requirePathSegment,
  requireString,
} from './validate';

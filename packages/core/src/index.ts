export type { Client, Middleware } from 'openapi-fetch';
export {
  AbortError,
  ApiError,
  type ApiErrorOptions,
  AuthenticationError,
  AuthspecError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  type ErrorHeaders,
  InternalServerError,
  NotFoundError,
  OAuthTokenError,
  PermissionDeniedError,
  RateLimitError,
  type RequestDescription,
  TimeoutError,
  UnprocessableEntityError,
  ValidationError,
} from './errors';
export { isSecretHeader, REDACTED, redactBody, redactHeaders, redactUrl, SecretValues } from './redact';
export { type Expiring, type RenewingValue, renewalTime, renewingValue } from './renewing';
export {
  backoffDelay,
  DEFAULT_MAX_RETRIES,
  isIdempotentMethod,
  isRetryableStatus,
  MAX_RETRY_AFTER_MS,
  neverReachedServer,
  parseRetryAfter,
} from './retry';
export {
  type Attempt,
  type ClientOptions,
  checkBaseUrl,
  checkClientOptions,
  createRuntime,
  DEFAULT_TIMEOUT_MS,
  describeErrorBody,
  type FetchFunction,
  type FetchResult,
  type HttpMethod,
  type Logger,
  type Operation,
  type RequestOptions,
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

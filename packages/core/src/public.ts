// What an application using one of the @authspec clients needs from the runtime: the error
// classes to branch on, the option types, and the defaults. The client packages re-export this
// (`@authspec/core/public`) and nothing else from core, so their bundles carry no helper that
// only the clients themselves use.
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
export { REDACTED } from './redact';
export { DEFAULT_MAX_RETRIES, MAX_RETRY_AFTER_MS } from './retry';
export {
  type ClientOptions,
  DEFAULT_TIMEOUT_MS,
  type FetchFunction,
  type Logger,
  type RequestOptions,
} from './runtime';

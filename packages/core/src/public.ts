// What an application using one of the @authspec clients needs from the runtime: the error
// classes to branch on, the option types, and the defaults. The client packages re-export this
// (`@authspec/core/public`) and nothing else from core, so their bundles carry no helper that
// only the clients themselves use.
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
  HookError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type RequestDescription,
  TimeoutError,
  UnprocessableEntityError,
  ValidationError,
} from './errors';
export type {
  ClientHooks,
  ErrorHookEvent,
  HookCall,
  HookEvent,
  RequestHookEvent,
  ResponseHookEvent,
  RetryHookEvent,
  SuccessHookEvent,
} from './hooks';
export { REDACTED } from './redact';
export { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, MAX_RETRY_AFTER_MS } from './retry';
export type {
  ClientOptions,
  FetchFunction,
  Logger,
  RequestOptions,
} from './runtime';
export type { ReleaseLock, StoredToken, TokenStore } from './token-store';

// The error of an OAuth 2.0 token endpoint, Logto's way: both its own `{ code, message }` and
// OAuth's `{ error, error_description }`.
import { ApiError, type ApiErrorOptions, AuthenticationError } from '@authspec/core';

/** A token-endpoint failure: the OAuth 2.0 `error` and `error_description`, next to Logto's `code`. */
export class OAuthTokenError extends AuthenticationError {
  static override brand = 'OAuthTokenError';
  /** The OAuth 2.0 error code, e.g. `invalid_client`. */
  declare readonly error: string | undefined;
  /** The OAuth 2.0 error description, when the server sent one. */
  declare readonly errorDescription: string | undefined;

  constructor(options: ApiErrorOptions) {
    super(options);
    const body = (options.body ?? {}) as { error?: unknown; error_description?: unknown };
    this.error = typeof body.error === 'string' ? body.error : options.code;
    this.errorDescription = typeof body.error_description === 'string' ? body.error_description : undefined;
  }
}

/**
 * The OIDC authorization request was refused: the server sent the browser back to the redirect
 * URI with an OAuth 2.0 `error` (e.g. `invalid_request` for a public client without PKCE).
 */
export class OidcAuthorizationError extends ApiError {
  static override brand = 'OidcAuthorizationError';
}

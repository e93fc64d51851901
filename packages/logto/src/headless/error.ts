// The one error a headless sign-in rejects with: which step failed, and the typed error of the
// request that failed (an ApiError with Logto's code, a ConnectionError, …) as its cause.
import { AuthspecError } from '@authspec/core';

/** The steps of a headless sign-in, in the order they run. */
export type HeadlessSignInStep =
  /** The saved value given to `resume` is not one `export` made for this application. */
  | 'resume'
  /** The OIDC authorization request (`GET /oidc/auth`) that starts the interaction. */
  | 'authorization'
  /** Submitting the interaction (`POST /api/experience/submit`). */
  | 'submit'
  /** Following `redirectTo` through the consent hop to the redirect URI. */
  | 'redirect'
  /** The authorization response at the redirect URI: `error`, `state`, `iss`. */
  | 'callback'
  /** Reading the tenant's OpenID configuration. */
  | 'discovery'
  /** Exchanging the authorization code at the token endpoint. */
  | 'token'
  /** Validating the ID token: signature against the tenant's JWKS, issuer, audience, nonce, expiry. */
  | 'id-token';

/**
 * A headless sign-in failed at `step`. `code` is the server's error code (Logto's `code`, or the
 * OAuth 2.0 `error`) or the check that failed; `cause` is the typed error of the failed request,
 * when there was one. No secret (code verifier, code, tokens, cookies) is part of it.
 */
export class HeadlessSignInError extends AuthspecError {
  static override brand = 'HeadlessSignInError';
  /** The step that failed. */
  declare readonly step: HeadlessSignInStep;
  /** The server's error code (e.g. `session.mfa.require_mfa_verification`, `invalid_grant`), or the check that failed. */
  declare readonly code: string | undefined;
  /** The HTTP status of the failed answer, when there was one. */
  declare readonly status: number | undefined;

  constructor(
    step: HeadlessSignInStep,
    message: string,
    options: { code?: string | undefined; status?: number | undefined; cause?: unknown } = {},
  ) {
    super(`headless sign-in failed at ${step}: ${message}`, {
      cause: options.cause,
      operationId: (options.cause as { operationId?: string } | undefined)?.operationId,
    });
    this.step = step;
    this.code = options.code;
    this.status = options.status;
  }
}

import { json } from '../../../http/reply.js';

/** Logto's own message for an OAuth error it knows; others get its generic sentence. */
const LOGTO_MESSAGES: Record<string, string> = {
  invalid_request: 'Request is invalid.',
  invalid_grant: 'Grant request is invalid.',
  invalid_target: 'Invalid resource indicator.',
};

/**
 * An error of the OAuth protocol endpoints as Logto answers it (the spec's `OidcError`): Logto's
 * `code` and `message` next to oidc-provider's `error` and `error_description`.
 */
export const oidcError = <S extends number>(status: S, error: string, description: string) =>
  json(
    status,
    {
      code: `oidc.${error}`,
      message: LOGTO_MESSAGES[error] ?? `An OIDC error occurred: oidc.${error}.`,
      error,
      error_description: description,
    },
    { 'Cache-Control': 'no-store' },
  );

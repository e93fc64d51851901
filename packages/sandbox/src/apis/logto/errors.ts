import { ApiError, type Reply } from '../../http/reply.js';
import type { ErrorObject } from '../../spec/compile.js';

// English texts of the Logto error codes the sandbox answers: Logto 1.42's own phrases where a
// real answer was recorded (tests/fixtures/observed/), the closest known wording elsewhere.
// `guard.invalid_input` keeps Logto's uninterpolated `{{type}}` where no request part is named,
// as the real server answers it.
const MESSAGES: Record<string, string> = {
  'guard.invalid_input': 'The request {{type}} is invalid.',
  'guard.invalid_pagination': 'The request pagination value is invalid.',
  'guard.invalid_target': 'The request target is invalid.',
  'guard.not_found': 'The requested route does not exist.',
  'guard.method_not_allowed': 'The request method is not allowed for this route.',
  'guard.mime_type_not_allowed': 'MIME type is not allowed.',
  'guard.file_size_exceeded': 'File size exceeded.',
  'auth.authorization_header_missing': 'Authorization header is missing.',
  'auth.authorization_token_type_not_supported': 'Authorization type is not supported.',
  'auth.unauthorized': 'Unauthorized. Please check credentials and its scope.',
  'auth.forbidden': 'Forbidden. Please check your user roles and permissions.',
  'entity.not_exists_with_id': 'The entity with the given ID does not exist.',
  'entity.not_found': 'The resource does not exist.',
  'one_time_token.token_not_found': 'Token not found.',
  'one_time_token.email_mismatch': 'Email mismatch with given token.',
  'one_time_token.token_expired': 'The token is expired.',
  'one_time_token.token_consumed': 'The token has been consumed.',
  'one_time_token.token_revoked': 'The token has been revoked.',
  'one_time_token.cannot_reactivate_token': 'Cannot reactivate the token.',
  'one_time_token.interaction_event_mismatch': 'The token cannot be used for this interaction.',
  'session.not_found': 'Session not found. Please go back and sign in again.',
  'session.interaction_not_found': 'Interaction session not found. Start the interaction first.',
  'session.interaction_event_not_supported': 'The interaction event cannot be changed.',
  'session.invalid_interaction_type':
    'This operation is not supported for the current interaction. Please initiate a new session.',
  'session.invalid_credentials': 'Incorrect account or password. Please check your input.',
  'session.verification_failed': 'The verification was not successful.',
  'session.verification_session_not_found':
    'The verification was not successful. Restart the verification flow and try again.',
  'session.verification_blocked_too_many_attempts': 'Too many attempts. Please try again later.',
  'session.identifier_not_found': 'User identifier not found. Please go back and sign in again.',
  'session.identity_conflict': 'The interaction already belongs to another user.',
  'session.not_supported_for_forgot_password': 'This operation is not supported for forgot password.',
  'session.mfa.require_mfa_verification': 'Mfa verification is required to sign in.',
  'session.mfa.mfa_policy_not_user_controlled': 'MFA is mandatory and cannot be skipped.',
  'session.mfa.invalid_totp_code': 'Invalid TOTP code.',
  'session.mfa.invalid_backup_code': 'Invalid backup code.',
  'session.mfa.backup_code_can_not_be_alone': 'Backup codes cannot be the only MFA factor.',
  'session.mfa.pending_info_not_found': 'Pending MFA info not found, please initiate MFA first.',
  'session.mfa.mfa_factor_not_enabled': 'The MFA factor is not enabled.',
  'session.mfa.webauthn_verification_failed': 'WebAuthn verification failed.',
  'session.mfa.webauthn_verification_not_found': 'WebAuthn verification not found.',
  'session.mfa.suggest_additional_mfa':
    'For stronger protection, consider adding another MFA method. You can skip this step and continue.',
  'session.passkey_sign_in.pending_info_not_found':
    'Pending passkey sign-in info not found. Please restart the sign-in flow.',
  'session.passkey_sign_in.not_enabled': 'Passkey sign-in is not enabled.',
  'verification_code.not_found': 'Verification code not found. Please send the verification code first.',
  'verification_code.code_mismatch': 'Invalid verification code.',
  'verification_code.expired': 'Verification code has expired. Please send the verification code again.',
  'verification_code.exceed_max_try': 'Verification code retries limitation exceeded.',
  'user.user_not_exist': 'User does not exist.',
  'user.identity_not_exist': 'The social account has not been registered yet.',
  'user.identity_already_in_use': 'The social account has been associated with an existing account.',
  'user.suspended': 'This account is suspended.',
  'user.username_already_in_use': 'This username is already in use.',
  'user.email_already_in_use': 'This email is associated with an existing account.',
  'user.phone_already_in_use': 'This phone number is associated with an existing account.',
  'user.missing_profile': 'You need to provide additional info before signing-in.',
  'user.same_password': 'New password cannot be the same as your old password.',
  'user.totp_already_in_use': 'TOTP is already in use.',
  'user.missing_mfa': 'You need to bind additional MFA before signing-in.',
  'user.passkey_preferred': 'Please add a passkey to sign in faster next time.',
  'password.rejected': 'Password rejected. Please check if your password meets the requirements.',
  'connector.general': 'An unexpected error occurred in the connector.',
  'request.general': 'Request error occurred.',
};

export interface LogtoErrorExtra {
  /** Replaces the code's standard English text. */
  message?: string;
  data?: unknown;
  details?: string;
  /** oidc-provider's OAuth error, which Logto passes on beside its own code. */
  error?: string;
  error_description?: string;
}

export function logtoBody(code: string, { message, ...extra }: LogtoErrorExtra = {}) {
  return { code, message: message ?? MESSAGES[code] ?? code, ...extra };
}

export const logtoError = (status: number, code: string, extra?: LogtoErrorExtra): ApiError =>
  new ApiError(status, logtoBody(code, extra));

export const logtoReply = (status: number, code: string, extra?: LogtoErrorExtra): Reply => ({
  status,
  body: logtoBody(code, extra),
});

/** The 400 answer to a request that fails the spec, as Logto's `koaGuard` answers it. */
export const invalidInput = (details: string): Reply => logtoReply(400, 'guard.invalid_input', { details });

/** A zod issue, as Logto's `koaGuard` reports the ones of its request guards. */
type ZodIssue = Record<string, unknown> & { code: string; path: Array<string | number>; message: string };

const jsonType = (value: unknown) =>
  value === undefined ? 'undefined' : value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

/** The first type a schema names (`type: [string, number]` → `string`). */
const schemaType = (schema: { type?: unknown } | undefined) =>
  String((Array.isArray(schema?.type) ? schema?.type[0] : schema?.type) ?? 'unknown');

/**
 * The zod issue Logto's guard would report for one validator error. Logto validates with zod,
 * the sandbox with the spec's JSON Schema: the keywords the spec uses map onto zod's issue codes
 * and zod's English messages (as recorded from Logto 1.42, tests/fixtures/observed/).
 */
function zodIssue(error: ErrorObject, path: Array<string | number>): ZodIssue {
  const params = error.params ?? {};
  switch (error.keyword) {
    case 'required': {
      const name = String(params.missingProperty);
      const expected = schemaType(error.parentSchema?.properties?.[name]);
      return {
        code: 'invalid_type',
        expected,
        received: 'undefined',
        path: [...path, name],
        message: 'Required',
      };
    }
    case 'type': {
      const expected = String(params.type).split(',')[0] ?? 'unknown';
      const received = jsonType(error.data);
      return {
        code: 'invalid_type',
        expected,
        received,
        path,
        message: `Expected ${expected}, received ${received}`,
      };
    }
    case 'minimum':
    case 'exclusiveMinimum':
    case 'minLength':
    case 'minItems': {
      const type =
        error.keyword === 'minLength' ? 'string' : error.keyword === 'minItems' ? 'array' : 'number';
      const inclusive = error.keyword !== 'exclusiveMinimum';
      const minimum = params.limit;
      const message =
        type === 'string'
          ? `String must contain at least ${minimum} character(s)`
          : type === 'array'
            ? `Array must contain at least ${minimum} element(s)`
            : `Number must be greater than ${inclusive ? 'or equal to ' : ''}${minimum}`;
      return { code: 'too_small', minimum, type, inclusive, exact: false, message, path };
    }
    case 'maximum':
    case 'exclusiveMaximum':
    case 'maxLength':
    case 'maxItems': {
      const type =
        error.keyword === 'maxLength' ? 'string' : error.keyword === 'maxItems' ? 'array' : 'number';
      const inclusive = error.keyword !== 'exclusiveMaximum';
      const maximum = params.limit;
      const message =
        type === 'string'
          ? `String must contain at most ${maximum} character(s)`
          : type === 'array'
            ? `Array must contain at most ${maximum} element(s)`
            : `Number must be less than ${inclusive ? 'or equal to ' : ''}${maximum}`;
      return { code: 'too_big', maximum, type, inclusive, exact: false, message, path };
    }
    case 'enum':
    case 'const': {
      const options = (params.allowedValues as unknown[] | undefined) ?? [params.allowedValue];
      const received = error.data;
      const list = options.map((o) => `'${String(o)}'`).join(' | ');
      const message = `Invalid enum value. Expected ${list}, received '${String(received)}'`;
      return { received, code: 'invalid_enum_value', options, path, message };
    }
    // Logto checks addresses with a regular expression: zod reports a `regex` string check.
    case 'pattern':
    case 'format':
      return { validation: 'regex', code: 'invalid_string', message: 'Invalid', path };
    default:
      return { code: 'custom', message: error.message ?? error.keyword, path };
  }
}

/** `Error in key path "a.b": (code) text`, the line Logto's guard writes for each issue. */
const issueLine = (issue: ZodIssue) =>
  `Error in key path "${issue.path.join('.')}": (${issue.code}) ${
    issue.code === 'invalid_type'
      ? `Expected ${issue.expected} but received ${issue.received}.`
      : issue.message
  }`;

const PLACES: Record<string, string> = {
  requestBody: 'body',
  query: 'query',
  path: 'params',
  header: 'headers',
};

/**
 * Logto's answer to a request its guard refuses: `guard.invalid_input` naming the request part
 * ("The request body is invalid."), zod's issues in `data`, one line per issue in `details`. A
 * page or page size out of range is `guard.invalid_pagination`, which Logto's pagination
 * middleware checks before the guard (recorded: no data, no details). Malformed JSON has no
 * validator errors and keeps the sandbox's one-line details.
 */
export function logtoGuardError(details: string, errors: readonly ErrorObject[]): Reply {
  const placed = errors.map((error) => {
    const [place = '', ...rest] = error.instancePath.split('/').slice(1);
    const missing = place === '' ? String(error.params?.missingProperty ?? '') : '';
    return { error, place: place || missing, path: rest.map((s) => (/^\d+$/.test(s) ? Number(s) : s)) };
  });
  if (
    placed.some(
      (p) =>
        p.place === 'query' && /^page(_size)?$/.test(String(p.path[0] ?? p.error.params?.missingProperty)),
    )
  )
    return logtoReply(400, 'guard.invalid_pagination');
  const first = placed[0];
  if (!first) return invalidInput(details);
  const part = PLACES[first.place] ?? first.place;
  // One request part, as Logto's guard checks the parts one after the other.
  const issues = placed
    .filter((p) => p.place === first.place)
    .map(({ error, path }) =>
      error.instancePath === '' ? { ...zodIssue(error, []), path: [] } : zodIssue(error, path),
    );
  return logtoReply(400, 'guard.invalid_input', {
    message: `The request ${part} is invalid.`,
    data: { issues, name: 'ZodError' },
    details: issues.map(issueLine).join('\n'),
  });
}

/** The answer to an operation the sandbox does not emulate yet (not checked against the spec). */
export const notImplementedReply = (operationId: string): Reply =>
  logtoReply(501, 'request.not_implemented', { message: `The sandbox does not emulate ${operationId} yet.` });

/** Logto's answers outside of an operation (unknown route, wrong method, oversized body…). */
export const logtoMountErrors = {
  notFound: () => logtoReply(404, 'guard.not_found'),
  methodNotAllowed: () => logtoReply(405, 'guard.method_not_allowed'),
  badRequest: (message: string) => logtoReply(400, 'guard.invalid_input', { details: message }),
  payloadTooLarge: (limit: number) =>
    logtoReply(413, 'request.general', { message: `Request body exceeds ${limit} bytes` }),
  internalError: () => logtoReply(500, 'request.general', { message: 'Internal server error.' }),
};

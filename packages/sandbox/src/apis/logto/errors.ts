import { ApiError, type Reply } from '../../http/reply.js';

// English texts of the Logto error codes the sandbox answers (Logto's own phrases where known).
const MESSAGES: Record<string, string> = {
  'guard.invalid_input': 'The request input is invalid.',
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
  'entity.not_found': 'The entity does not exist.',
  'one_time_token.token_not_found': 'The one-time token could not be found.',
  'one_time_token.email_mismatch': 'The email does not match the one-time token.',
  'one_time_token.token_expired': 'The one-time token has expired.',
  'one_time_token.token_consumed': 'The one-time token has already been consumed.',
  'one_time_token.token_revoked': 'The one-time token has been revoked.',
  'one_time_token.cannot_reactivate_token': 'A one-time token cannot be set back to active.',
  'one_time_token.interaction_event_mismatch':
    'The one-time token cannot be used for this interaction event.',
  'session.not_found': 'Session not found. Please go back and sign in again.',
  'session.interaction_not_found': 'Interaction session not found. Start the interaction first.',
  'session.interaction_event_not_supported': 'The interaction event cannot be changed.',
  'session.invalid_interaction_type':
    'This operation is not supported for the current interaction. Please initiate a new session.',
  'session.invalid_credentials': 'Wrong account or password.',
  'session.verification_failed': 'The verification was not successful.',
  'session.verification_session_not_found': 'The verification session could not be found.',
  'session.verification_blocked_too_many_attempts': 'Too many attempts. Please try again later.',
  'session.identifier_not_found': 'The user has not been identified.',
  'session.identity_conflict': 'The interaction already belongs to another user.',
  'session.not_supported_for_forgot_password': 'This operation is not supported for forgot password.',
  'session.mfa.require_mfa_verification': 'MFA verification is required.',
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
  'user.same_password': 'The new password must differ from the current one.',
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

import type { ApiBinding } from '../../http/openapi.js';
import type { Call } from '../../state.js';
import { invalidInput, logtoReply } from '../errors.js';
import { flowHandlers } from './flow.js';
import { mfaVerificationHandlers } from './mfa-verifications.js';
import { profileHandlers } from './profile.js';
import { findSession } from './session.js';
import { identifierVerificationHandlers } from './verifications.js';
import { webAuthnHandlers } from './webauthn.js';

/** The Logto Experience API: one interaction per `_interaction` cookie. */
export const experienceBinding: ApiBinding<Call> = {
  name: 'logto-experience',
  securityHandlers: { InteractionSession: findSession },
  handlers: {
    ...flowHandlers,
    ...identifierVerificationHandlers,
    ...mfaVerificationHandlers,
    ...webAuthnHandlers,
    ...profileHandlers,
  },
  // Every Experience operation documents 400, the status Logto uses for a missing session.
  unauthorized: () => logtoReply(400, 'session.not_found'),
  validationFailed: (_operation, details) => invalidInput(details),
  notFound: () => logtoReply(404, 'guard.not_found'),
  methodNotAllowed: () => logtoReply(405, 'guard.method_not_allowed'),
  internalError: () => logtoReply(500, 'request.general', { message: 'Internal server error.' }),
  notImplemented: (operationId) =>
    logtoReply(501, 'request.not_implemented', {
      message: `The sandbox does not emulate ${operationId} yet.`,
    }),
};

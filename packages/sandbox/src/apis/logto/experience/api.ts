// The Logto Experience API (spec/logto-experience.yaml): one interaction per `_interaction`
// cookie. Every operation of the document has an entry: a handler, or `notImplemented`.
import { defineSpecApi } from '../../../spec/binding.js';
import { logtoGuardError, logtoReply, notImplementedReply } from '../errors.js';
import type { ExperienceOperations } from '../spec.js';
import type { LogtoCall } from '../state.js';
import { avatarHandlers } from './avatar.js';
import { flowHandlers } from './flow.js';
import { mfaChoiceHandlers } from './mfa-choices.js';
import { mfaCodeHandlers } from './mfa-codes.js';
import { mfaVerificationHandlers } from './mfa-verifications.js';
import { passkeySignInHandlers } from './passkey-sign-in.js';
import { profileHandlers } from './profile.js';
import { publicInteractionHandlers } from './public-interaction.js';
import { type ExperiencePrincipals, findSession } from './session.js';
import { signInExperienceHandlers } from './sign-in-experience.js';
import { identifierVerificationHandlers } from './verifications.js';
import { webAuthnHandlers } from './webauthn.js';

export const experienceApi = defineSpecApi<ExperienceOperations, LogtoCall, ExperiencePrincipals>({
  document: 'logto-experience',
  basePath: '',
  security: { InteractionSession: findSession },
  handlers: {
    ...flowHandlers,
    ...identifierVerificationHandlers,
    ...mfaVerificationHandlers,
    ...webAuthnHandlers,
    ...profileHandlers,
    ...signInExperienceHandlers,
    ...mfaCodeHandlers,
    ...passkeySignInHandlers,
    ...mfaChoiceHandlers,
    ...publicInteractionHandlers,
    ...avatarHandlers,
  },
  errors: {
    // Every Experience operation documents 400, the status Logto uses for a missing session;
    // oidc-provider's `error` and description come along (recorded from Logto 1.42).
    unauthorized: () =>
      logtoReply(400, 'session.not_found', {
        error: 'invalid_request',
        error_description: 'interaction session not found',
      }),
    validationFailed: (_operationId, _statuses, details, errors) => logtoGuardError(details, errors),
    notImplemented: notImplementedReply,
  },
});

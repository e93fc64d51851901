import { ApiError } from '../../../http/reply.js';
import type {
  OperationHandler,
  OperationHandlers,
  OperationRequest,
  SecurityRequest,
} from '../../../spec/types.js';
import { oidcError } from '../oidc/errors.js';
import type { ExperienceOperations } from '../spec.js';
import type { LogtoCall } from '../state.js';
import { INTERACTION_COOKIE, liveInteraction } from './interaction.js';
import type { Interaction } from './records.js';

/** What the Experience API's security scheme finds: the interaction of the `_interaction` cookie. */
export interface ExperiencePrincipals {
  InteractionSession: Interaction;
}

/** The handler of one Experience operation, typed by the spec. */
export type ExperienceHandler<K extends keyof ExperienceOperations> = OperationHandler<
  ExperienceOperations[K],
  LogtoCall,
  ExperiencePrincipals
>;

/** Handlers of some Experience operations (a file's share of them). */
export type ExperienceHandlers = OperationHandlers<ExperienceOperations, LogtoCall, ExperiencePrincipals>;

/**
 * Security handler of `InteractionSession`: the interaction named by the `_interaction` cookie.
 * A `Logto-App-Id` naming another application than the one that started the interaction is
 * refused with oidc-provider's error, as Logto 1.42 answers it (recorded).
 */
export const findSession = (request: SecurityRequest, call: LogtoCall): Interaction | null => {
  const interaction = liveInteraction(call, request.cookies[INTERACTION_COOKIE]);
  if (!interaction) return null;
  const appId = request.headers['logto-app-id'];
  if (typeof appId === 'string' && appId !== interaction.client.clientId)
    throw ApiError.of(oidcError(400, 'invalid_request', 'interaction client_id mismatch'));
  return interaction;
};

/** The interaction the security handler found (it only lets requests with one through). */
export function session(request: OperationRequest<unknown, ExperiencePrincipals>): Interaction {
  const interaction = request.security.InteractionSession;
  if (!interaction) throw new Error('an Experience handler ran without an interaction');
  return interaction;
}

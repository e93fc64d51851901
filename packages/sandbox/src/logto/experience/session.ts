import type { Context } from 'openapi-backend';
import type { Call } from '../../state.js';
import { INTERACTION_COOKIE, type Interaction, liveInteraction } from './interaction.js';

/** Security handler of `InteractionSession`: the interaction named by the `_interaction` cookie. */
export function findSession(context: Context, call: Call): Interaction | null {
  const id = (context.request.cookies as Record<string, string | undefined>)[INTERACTION_COOKIE];
  return liveInteraction(call.state, id) ?? null;
}

/** The interaction the security handler found (it only lets requests with one through). */
export const session = (context: Context): Interaction => context.security.InteractionSession as Interaction;

export const requestBody = <T>(context: Context): T => context.request.requestBody as T;

// The OIDC endpoints outside the API documents: the authorization request that starts an
// Experience interaction, the key set, and the return to the client after submit. In real
// Logto they are oidc-provider's, answered in OAuth's error shape.
import { randomSecret } from '../../../core/crypto/random.js';
import type { ProtocolRoute } from '../../../http/protocol-routes.js';
import { json, type Reply, redirect } from '../../../http/reply.js';
import { createInteraction, INTERACTION_COOKIE, liveInteraction } from '../experience/interaction.js';
import type { LogtoCall } from '../state.js';
import { oauthError } from './errors.js';

const isHttpUrl = (value: string | null): value is string => {
  if (!value || !URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
};

function authorize(params: URLSearchParams, call: LogtoCall): Reply {
  const clientId = params.get('client_id');
  const redirectUri = params.get('redirect_uri');
  if (!clientId) return oauthError(400, 'invalid_request', "missing required parameter 'client_id'");
  if (!isHttpUrl(redirectUri))
    return oauthError(400, 'invalid_request', "'redirect_uri' must be an absolute http(s) URL");
  const responseType = params.get('response_type');
  if (responseType !== 'code')
    return oauthError(400, 'unsupported_response_type', "only response_type 'code' is supported");
  const interaction = createInteraction(call, {
    clientId,
    redirectUri,
    state: params.get('state') ?? undefined,
    scope: params.get('scope') ?? undefined,
  });
  return redirect(call.config.signInUrl ?? `${call.sandbox.origin}/sign-in`, {
    'Set-Cookie': `${INTERACTION_COOKIE}=${interaction.id}; Path=/; HttpOnly; SameSite=Lax`,
  });
}

function resume(interactionId: string, call: LogtoCall): Reply {
  const { interactions, authorizationCodes } = call.state;
  const interaction = liveInteraction(call, interactionId);
  if (!interaction) return oauthError(400, 'invalid_request', 'interaction session not found');
  const submitted = interaction.submitted;
  if (!submitted) return oauthError(400, 'invalid_request', 'the interaction has not been submitted');
  interactions.delete(interactionId);
  const code = randomSecret(43);
  authorizationCodes.set(code, {
    code,
    clientId: interaction.client.clientId,
    redirectUri: interaction.client.redirectUri,
    userId: submitted.userId,
    interactionEvent: submitted.event,
    scope: interaction.client.scope,
    issuedAt: call.sandbox.clock.now(),
  });
  const target = new URL(interaction.client.redirectUri);
  target.searchParams.set('code', code);
  if (interaction.client.state !== undefined) target.searchParams.set('state', interaction.client.state);
  return redirect(target.toString(), {
    'Set-Cookie': `${INTERACTION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`,
  });
}

export const oidcRoutes: ProtocolRoute<LogtoCall>[] = [
  {
    method: 'GET',
    path: '/oidc/auth',
    label: 'oidc auth',
    handle: (r, call) => authorize(r.searchParams, call),
  },
  {
    method: 'GET',
    path: '/oidc/jwks',
    label: 'oidc jwks',
    handle: (_r, call) => json(200, { keys: [call.state.keys.publicJwk] }),
  },
  {
    method: 'GET',
    path: '/oidc/auth/{interactionId}',
    label: 'oidc resume',
    handle: (r, call) => resume(r.params.interactionId as string, call),
  },
];

// Not part of any API document: the stand-in for Google, GitHub, Okta & co. The Experience
// API's authorization-uri operations point the browser here; this route "signs the user in"
// at once and redirects back with a code that the verify operations accept.
import { randomSecret } from '../../core/crypto/random.js';
import type { ProtocolRoute } from '../../http/protocol-routes.js';
import { json, type Reply, redirect } from '../../http/reply.js';
import type { SocialIdentity } from './entities.js';
import type { LogtoCall } from './state.js';

const oauthError = (status: number, error: string, description: string): Reply =>
  json(status, { error, error_description: description });

/** `GET /fake-idp/{social|sso}/{connectorId}/authorize?state&redirect_uri[&sub&email&phone&name]` */
function authorize(
  kind: 'social' | 'sso',
  connectorId: string,
  params: URLSearchParams,
  call: LogtoCall,
): Reply {
  const connector = call.state.connectors.get(connectorId);
  if (!connector || connector.kind !== kind) return oauthError(404, 'invalid_request', 'unknown connector');
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri || !URL.canParse(redirectUri)) {
    return oauthError(400, 'invalid_request', "'redirect_uri' must be an absolute URL");
  }
  // Query parameters override the connector's configured identity, to act as another user.
  const identity: SocialIdentity = { ...connector.identity };
  for (const field of ['email', 'phone', 'name'] as const) {
    const value = params.get(field);
    if (value !== null) identity[field] = value;
  }
  const sub = params.get('sub');
  if (sub !== null) identity.id = sub;
  const code = randomSecret(24);
  const state = params.get('state') ?? undefined;
  call.state.providerCodes.set(code, {
    code,
    connectorId,
    kind,
    state,
    redirectUri,
    identity,
    issuedAt: call.sandbox.clock.now(),
    used: false,
  });
  const target = new URL(redirectUri);
  target.searchParams.set('code', code);
  if (state !== undefined) target.searchParams.set('state', state);
  return redirect(target.toString());
}

export const fakeIdpRoutes: ProtocolRoute<LogtoCall>[] = (['social', 'sso'] as const).map((kind) => ({
  method: 'GET',
  path: `/fake-idp/${kind}/{connectorId}/authorize`,
  label: `fake-idp ${kind}`,
  handle: (request, call) =>
    authorize(kind, request.params.connectorId as string, request.searchParams, call),
}));

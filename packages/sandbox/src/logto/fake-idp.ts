import { randomSecret } from '../crypto/random.js';
import { json, type Reply, redirect } from '../http/reply.js';
import type { Call } from '../state.js';
import type { SocialIdentity } from './users.js';

// Not part of any API document: the stand-in for Google, GitHub, Okta & co. The Experience
// API's authorization-uri operations point the browser here; this route "signs the user in"
// at once and redirects back with a code that the verify operations accept.

const oauthError = (status: number, error: string, description: string): Reply =>
  json(status, { error, error_description: description });

/** `GET /fake-idp/{social|sso}/{connectorId}/authorize?state&redirect_uri[&sub&email&phone&name]` */
export function handleFakeProvider(
  method: string,
  pathname: string,
  params: URLSearchParams,
  call: Call,
): Reply | undefined {
  const match = /^\/fake-idp\/(social|sso)\/([^/]+)\/authorize$/.exec(pathname);
  if (!match?.[1] || !match[2]) return undefined;
  if (method !== 'GET') return oauthError(405, 'invalid_request', 'only GET is supported');
  const kind = match[1] as 'social' | 'sso';
  // The server has checked that the path's percent-encoding is well-formed.
  const connectorId = decodeURIComponent(match[2]);
  const connector = call.state.logto.connectors.get(connectorId);
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
  call.state.logto.providerCodes.set(code, {
    code,
    connectorId,
    kind,
    state,
    redirectUri,
    identity,
    issuedAt: call.state.clock.now(),
    used: false,
  });
  const target = new URL(redirectUri);
  target.searchParams.set('code', code);
  if (state !== undefined) target.searchParams.set('state', state);
  return redirect(target.toString());
}

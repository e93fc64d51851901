// The OIDC endpoints outside the API documents: the authorization request that starts an
// Experience interaction, the return to the client after submit through Logto's `/consent`,
// the key set and the discovery document. In real Logto they are oidc-provider's.
import type { ProtocolRoute } from '../../../http/protocol-routes.js';
import { json } from '../../../http/reply.js';
import type { LogtoCall } from '../state.js';
import { authorize, consent, resume } from './authorization.js';
import { discovery } from './discovery.js';

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
    path: '/oidc/.well-known/openid-configuration',
    label: 'oidc discovery',
    handle: (_r, call) => discovery(call),
  },
  {
    method: 'GET',
    path: '/oidc/auth/{interactionId}',
    label: 'oidc resume',
    handle: (r, call) => resume(r.params.interactionId as string, call),
  },
  {
    method: 'GET',
    path: '/consent',
    label: 'consent',
    handle: (_r, call) => consent(call),
  },
];

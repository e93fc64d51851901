import { randomSecret } from '../crypto/random.js';
import type { ParsedBody } from '../http/body.js';
import { headerValue, parseBasicAuth } from '../http/headers.js';
import { json, type Reply, redirect } from '../http/reply.js';
import type { Call } from '../state.js';
import { issueAccessToken, managementApiResource } from './access-tokens.js';
import { logtoReply } from './errors.js';
import { createInteraction, INTERACTION_COOKIE, liveInteraction } from './experience/interaction.js';

// The OIDC endpoints are not in the API documents: they are the OAuth 2.0 / OpenID Connect
// protocol surface (oidc-provider in real Logto), answered in OAuth's error shape.

export interface RawRequest {
  method: string;
  pathname: string;
  searchParams: URLSearchParams;
  body: ParsedBody;
}

export const oauthError = (status: number, error: string, description: string): Reply =>
  json(status, { error, error_description: description }, { 'Cache-Control': 'no-store' });

const isHttpUrl = (value: string | null): value is string => {
  if (!value || !URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
};

/** Client authentication: HTTP Basic (client_secret_basic) or form fields (client_secret_post). */
function clientCredentials(call: Call, form: URLSearchParams) {
  const basic = parseBasicAuth(headerValue(call.headers, 'authorization'));
  if (basic) {
    // RFC 6749 §2.3.1: both parts are form-urlencoded before Base64.
    const decode = (v: string) => {
      try {
        return decodeURIComponent(v.replace(/\+/g, ' '));
      } catch {
        return v;
      }
    };
    return { clientId: decode(basic.username), clientSecret: decode(basic.password) };
  }
  const clientId = form.get('client_id');
  const clientSecret = form.get('client_secret');
  return clientId && clientSecret ? { clientId, clientSecret } : undefined;
}

async function token(request: RawRequest, call: Call): Promise<Reply> {
  if (request.body.kind !== 'form') {
    return oauthError(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
  }
  const form = request.body.value;
  const grantType = form.get('grant_type');
  if (!grantType) return oauthError(400, 'invalid_request', "missing required parameter 'grant_type'");
  if (grantType !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', `unsupported grant_type requested (${grantType})`);
  }
  const credentials = clientCredentials(call, form);
  if (!credentials) return oauthError(400, 'invalid_request', 'no client authentication mechanism provided');
  const app = call.state.logto.apps.get(credentials.clientId);
  if (!app || app.clientSecret !== credentials.clientSecret) {
    return oauthError(401, 'invalid_client', 'client authentication failed');
  }
  const resource = form.get('resource');
  if (!resource) return oauthError(400, 'invalid_target', 'resource indicator is missing');
  if (resource !== managementApiResource(call.state)) {
    return oauthError(400, 'invalid_target', 'resource indicator is not recognized');
  }
  const requested = form.get('scope');
  const scopes = requested === null ? app.scopes : requested.split(' ').filter(Boolean);
  if (scopes.some((s) => !app.scopes.includes(s))) {
    return oauthError(400, 'invalid_scope', 'requested scope is not allowed');
  }
  const scope = scopes.join(' ');
  const { token: accessToken, expiresIn } = await issueAccessToken(call.state, app, scope, resource);
  return json(
    200,
    { access_token: accessToken, expires_in: expiresIn, token_type: 'Bearer', scope },
    { 'Cache-Control': 'no-store' },
  );
}

function authorize(request: RawRequest, call: Call): Reply {
  const params = request.searchParams;
  const clientId = params.get('client_id');
  const redirectUri = params.get('redirect_uri');
  if (!clientId) return oauthError(400, 'invalid_request', "missing required parameter 'client_id'");
  if (!isHttpUrl(redirectUri))
    return oauthError(400, 'invalid_request', "'redirect_uri' must be an absolute http(s) URL");
  const responseType = params.get('response_type');
  if (responseType !== 'code')
    return oauthError(400, 'unsupported_response_type', "only response_type 'code' is supported");
  const interaction = createInteraction(call.state, {
    clientId,
    redirectUri,
    state: params.get('state') ?? undefined,
    scope: params.get('scope') ?? undefined,
  });
  return redirect(call.state.config.signInUrl ?? `${call.state.origin}/sign-in`, {
    'Set-Cookie': `${INTERACTION_COOKIE}=${interaction.id}; Path=/; HttpOnly; SameSite=Lax`,
  });
}

function resume(interactionId: string, call: Call): Reply {
  const { interactions, authorizationCodes } = call.state.logto;
  const interaction = liveInteraction(call.state, interactionId);
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
    issuedAt: call.state.clock.now(),
  });
  const target = new URL(interaction.client.redirectUri);
  target.searchParams.set('code', code);
  if (interaction.client.state !== undefined) target.searchParams.set('state', interaction.client.state);
  return redirect(target.toString(), {
    'Set-Cookie': `${INTERACTION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`,
  });
}

/** Routes under `/oidc`; unknown paths get Logto's 404. */
export async function handleOidc(request: RawRequest, call: Call): Promise<Reply> {
  const { pathname, method } = request;
  const route = (allowed: string, handler: () => Reply | Promise<Reply>) =>
    method === allowed ? handler() : logtoReply(405, 'guard.method_not_allowed');
  if (pathname === '/oidc/token') return route('POST', () => token(request, call));
  if (pathname === '/oidc/auth') return route('GET', () => authorize(request, call));
  if (pathname === '/oidc/jwks')
    return route('GET', () => json(200, { keys: [call.state.logto.keys.publicJwk] }));
  const resumeMatch = /^\/oidc\/auth\/([^/]+)$/.exec(pathname);
  if (resumeMatch?.[1]) {
    const id = decodeURIComponent(resumeMatch[1]);
    return route('GET', () => resume(id, call));
  }
  return logtoReply(404, 'guard.not_found');
}

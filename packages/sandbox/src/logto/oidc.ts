import type { ParsedBody } from '../http/body.js';
import { headerValue, parseBasicAuth } from '../http/headers.js';
import { json, type Reply } from '../http/reply.js';
import type { Call } from '../state.js';
import { issueAccessToken, managementApiResource } from './access-tokens.js';
import { authorize, consent, discovery, exchangeCode, oidcError, resume } from './authorization.js';
import { logtoReply } from './errors.js';

// The OIDC endpoints are the OAuth 2.0 / OpenID Connect protocol surface (oidc-provider in real
// Logto), answered in OAuth's error shape with Logto's `code` and `message` beside it.

export interface RawRequest {
  method: string;
  pathname: string;
  searchParams: URLSearchParams;
  body: ParsedBody;
}

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
    return oidcError(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
  }
  const form = request.body.value;
  const grantType = form.get('grant_type');
  if (!grantType) return oidcError(400, 'invalid_request', "missing required parameter 'grant_type'");
  if (grantType === 'authorization_code') return exchangeCode(form, call);
  if (grantType !== 'client_credentials') {
    return oidcError(400, 'unsupported_grant_type', `unsupported grant_type requested (${grantType})`);
  }
  const credentials = clientCredentials(call, form);
  if (!credentials) return oidcError(400, 'invalid_request', 'no client authentication mechanism provided');
  const app = call.state.logto.apps.get(credentials.clientId);
  if (!app || app.clientSecret !== credentials.clientSecret) {
    return oidcError(401, 'invalid_client', 'client authentication failed');
  }
  const resource = form.get('resource');
  if (!resource) return oidcError(400, 'invalid_target', 'resource indicator is missing');
  if (resource !== managementApiResource(call.state)) {
    return oidcError(400, 'invalid_target', 'resource indicator is not recognized');
  }
  const requested = form.get('scope');
  const scopes = requested === null ? app.scopes : requested.split(' ').filter(Boolean);
  if (scopes.some((s) => !app.scopes.includes(s))) {
    return oidcError(400, 'invalid_scope', 'requested scope is not allowed');
  }
  const scope = scopes.join(' ');
  const { token: accessToken, expiresIn } = await issueAccessToken(call.state, app, scope, resource);
  return json(
    200,
    { access_token: accessToken, expires_in: expiresIn, token_type: 'Bearer', scope },
    { 'Cache-Control': 'no-store' },
  );
}

/** Routes under `/oidc`, and Logto's `/consent`; unknown paths get Logto's 404. */
export async function handleOidc(request: RawRequest, call: Call): Promise<Reply> {
  const { pathname, method } = request;
  const route = (allowed: string, handler: () => Reply | Promise<Reply>) =>
    method === allowed ? handler() : logtoReply(405, 'guard.method_not_allowed');
  if (pathname === '/oidc/token') return route('POST', () => token(request, call));
  if (pathname === '/consent') return route('GET', () => consent(call));
  if (pathname === '/oidc/auth') return route('GET', () => authorize(request.searchParams, call));
  if (pathname === '/oidc/.well-known/openid-configuration') return route('GET', () => discovery(call.state));
  if (pathname === '/oidc/jwks')
    return route('GET', () => json(200, { keys: [call.state.logto.keys.publicJwk] }));
  const resumeMatch = /^\/oidc\/auth\/([^/]+)$/.exec(pathname);
  if (resumeMatch?.[1]) {
    const id = decodeURIComponent(resumeMatch[1]);
    return route('GET', () => resume(id, call));
  }
  return logtoReply(404, 'guard.not_found');
}

// POST /oidc/token (the spec's ClientCredentialsToken): oidc-provider's client-credentials
// grant in real Logto. It checks its parameters itself, in OAuth's order and error shape.
import { headerValue, parseBasicAuth } from '../../../http/headers.js';
import { json, unchecked } from '../../../http/reply.js';
import type { OperationHandler } from '../../../spec/types.js';
import { issueAccessToken, MANAGEMENT_API_RESOURCE } from '../access-tokens.js';
import { oauthError as oauthReply } from '../oidc/errors.js';
import type { ManagementOperations } from '../spec.js';
import type { LogtoCall } from '../state.js';
import type { ManagementPrincipals } from './principals.js';

/** Client authentication: HTTP Basic (client_secret_basic) or form fields (client_secret_post). */
function clientCredentials(call: LogtoCall, form: Partial<Record<string, string>>) {
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
  const clientId = form.client_id;
  const clientSecret = form.client_secret;
  return clientId && clientSecret ? { clientId, clientSecret } : undefined;
}

// Real Logto adds its own `code` and `message` (`oidc.invalid_client`…) to OAuth's error, which
// the spec's OidcError requires; the sandbox does not yet, so these answers are not checked.
const oauthError = (status: 400 | 401, error: string, description: string) =>
  unchecked(oauthReply(status, error, description));

const isForm = (contentType: string | undefined) =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';

export const clientCredentialsToken: OperationHandler<
  ManagementOperations['ClientCredentialsToken'],
  LogtoCall,
  ManagementPrincipals
> = async (request, call) => {
  if (!isForm(request.headers['content-type']) || typeof request.body !== 'object') {
    return oauthError(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
  }
  // Not checked against the schema yet (handlerChecksInput): members may be missing.
  const form = request.body as Partial<Record<string, string>>;
  const grantType = form.grant_type;
  if (!grantType) return oauthError(400, 'invalid_request', "missing required parameter 'grant_type'");
  if (grantType !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', `unsupported grant_type requested (${grantType})`);
  }
  const credentials = clientCredentials(call, form);
  if (!credentials) return oauthError(400, 'invalid_request', 'no client authentication mechanism provided');
  const app = call.state.apps.get(credentials.clientId);
  if (!app || app.clientSecret !== credentials.clientSecret) {
    return oauthError(401, 'invalid_client', 'client authentication failed');
  }
  const resource = form.resource;
  if (!resource) return oauthError(400, 'invalid_target', 'resource indicator is missing');
  if (resource !== MANAGEMENT_API_RESOURCE) {
    return oauthError(400, 'invalid_target', 'resource indicator is not recognized');
  }
  const requested = form.scope;
  const scopes = requested === undefined ? app.scopes : requested.split(' ').filter(Boolean);
  if (scopes.some((s) => !app.scopes.includes(s))) {
    return oauthError(400, 'invalid_scope', 'requested scope is not allowed');
  }
  const scope = scopes.join(' ');
  const { token: accessToken, expiresIn } = await issueAccessToken(call, app, scope, resource);
  return json(
    200,
    { access_token: accessToken, expires_in: expiresIn, token_type: 'Bearer' as const, scope },
    { 'Cache-Control': 'no-store' },
  );
};

// POST /oidc/token (the spec's ClientCredentialsToken): oidc-provider's client-credentials
// grant in real Logto, and the authorization-code grant the spec does not document. It checks
// its parameters itself, in OAuth's order, and answers Logto's OIDC error shape.
import { headerValue, parseBasicAuth } from '../../../http/headers.js';
import { json, unchecked } from '../../../http/reply.js';
import type { OperationHandler } from '../../../spec/types.js';
import { issueAccessToken, MANAGEMENT_API_RESOURCE } from '../access-tokens.js';
import { exchangeCode } from '../oidc/code-grant.js';
import { oidcError } from '../oidc/errors.js';
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

const isForm = (contentType: string | undefined) =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';

export const clientCredentialsToken: OperationHandler<
  ManagementOperations['ClientCredentialsToken'],
  LogtoCall,
  ManagementPrincipals
> = async (request, call) => {
  if (!isForm(request.headers['content-type']) || typeof request.body !== 'object') {
    return oidcError(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
  }
  // Not checked against the schema yet (handlerChecksInput): members may be missing.
  const form = request.body as Partial<Record<string, string>>;
  const grantType = form.grant_type;
  if (!grantType) return oidcError(400, 'invalid_request', "missing required parameter 'grant_type'");
  // The spec documents the client-credentials grant only: the code exchange's answer (an ID
  // token, no Management API scope) is not checked against it.
  if (grantType === 'authorization_code') return unchecked(await exchangeCode(form, call));
  if (grantType !== 'client_credentials') {
    return oidcError(400, 'unsupported_grant_type', `unsupported grant_type requested (${grantType})`);
  }
  const credentials = clientCredentials(call, form);
  if (!credentials) return oidcError(400, 'invalid_request', 'no client authentication mechanism provided');
  const app = call.state.apps.get(credentials.clientId);
  if (!app || app.clientSecret !== credentials.clientSecret) {
    return oidcError(401, 'invalid_client', 'client authentication failed');
  }
  const resource = form.resource;
  // oidc-provider's InvalidTarget keeps its one description for a missing and an unknown
  // resource (recorded for `${endpoint}/api`).
  if (resource !== MANAGEMENT_API_RESOURCE) {
    return oidcError(400, 'invalid_target', 'resource indicator is missing, or unknown');
  }
  // oidc-provider grants the requested scopes the app holds on the resource and drops the
  // others without an error: Logto 1.42 answered 200 to `scope=all` from an app without the
  // Management API role, a token the API then refuses with 403 (recorded).
  const requested = form.scope;
  const scopes =
    requested === undefined
      ? app.scopes
      : requested
          .split(' ')
          .filter(Boolean)
          .filter((s) => app.scopes.includes(s));
  const scope = [...new Set(scopes)].join(' ');
  const { token: accessToken, expiresIn } = await issueAccessToken(call, app, scope, resource);
  // No granted scope, no `scope` member (recorded for an app without a Management API role).
  return json(
    200,
    {
      access_token: accessToken,
      expires_in: expiresIn,
      token_type: 'Bearer' as const,
      ...(scope ? { scope } : {}),
    },
    { 'Cache-Control': 'no-store' },
  );
};

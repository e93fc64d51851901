// `grant_type=authorization_code` at `POST /oidc/token`: the code exchange with PKCE, the ID
// token and the access token, as oidc-provider answers them inside Logto 1.42.
import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import { randomId, randomSecret } from '../../../core/crypto/random.js';
import { headerValue, parseBasicAuth } from '../../../http/headers.js';
import { json, type Reply } from '../../../http/reply.js';
import { oidcIssuer } from '../access-tokens.js';
import type { LogtoCall, OidcApp } from '../state.js';
import { isPublic, PKCE_VALUE } from './authorization.js';
import { oidcError } from './errors.js';

/** oidc-provider's default authorization code lifetime. */
const CODE_LIFETIME_MS = 60_000;
/** Logto's ID token and access token lifetime (one hour). */
const TOKEN_LIFETIME_S = 3600;

/** The form fields of a token request (members may be missing). */
export type TokenForm = Partial<Record<string, string>>;

/** Exchanges an authorization code for an ID token and an access token. */
export async function exchangeCode(form: TokenForm, call: LogtoCall): Promise<Reply> {
  const { state } = call;
  const app = authenticatedClient(form, call);
  if ('status' in app) return app;
  const codeValue = form.code;
  if (!codeValue) return oidcError(400, 'invalid_request', "missing required parameter 'code'");
  const code = state.authorizationCodes.get(codeValue);
  // oidc-provider says no more than this, whatever the reason (kept here for the reader).
  const invalidGrant = (_why: string) => oidcError(400, 'invalid_grant', 'grant request is invalid');
  if (!code || code.clientId !== app.clientId) return invalidGrant('authorization code not found');
  if (code.used) {
    // oidc-provider treats a second use as a stolen code: the code is gone for good.
    state.authorizationCodes.delete(codeValue);
    return invalidGrant('authorization code already consumed');
  }
  code.used = true;
  if (call.sandbox.clock.now() > code.issuedAt + CODE_LIFETIME_MS)
    return invalidGrant('authorization code is expired');
  if (form.redirect_uri !== code.redirectUri) return invalidGrant('redirect_uri mismatch');
  const verifier = form.code_verifier;
  if (code.codeChallenge !== undefined) {
    if (!verifier || !PKCE_VALUE.test(verifier)) return invalidGrant('PKCE verification failed');
    const computed = createHash('sha256').update(verifier).digest('base64url');
    if (computed !== code.codeChallenge) return invalidGrant('PKCE verification failed');
  } else if (verifier) return invalidGrant('PKCE verification failed');
  const user = state.users.byId(code.userId);
  if (!user) return invalidGrant('user not found');

  const now = Math.floor(call.sandbox.clock.now() / 1000);
  const scopes = (code.scope ?? '').split(' ').filter(Boolean);
  const claims: Record<string, unknown> = {};
  if (scopes.includes('profile'))
    Object.assign(claims, {
      name: user.name ?? null,
      username: user.username ?? null,
      picture: null,
      created_at: user.createdAt,
      updated_at: user.createdAt,
    });
  if (scopes.includes('email'))
    Object.assign(claims, { email: user.primaryEmail ?? null, email_verified: !!user.primaryEmail });
  if (scopes.includes('phone'))
    Object.assign(claims, {
      phone_number: user.primaryPhone ?? null,
      phone_number_verified: !!user.primaryPhone,
    });
  const idToken = await new SignJWT({ ...claims, ...(code.nonce ? { nonce: code.nonce } : {}) })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: state.keys.kid })
    .setIssuer(oidcIssuer(call))
    .setSubject(user.id)
    .setAudience(app.clientId)
    .setJti(randomId())
    .setIssuedAt(now)
    .setExpirationTime(now + TOKEN_LIFETIME_S)
    .sign(state.keys.privateKey);
  // Without a resource, Logto issues an opaque access token (for its userinfo endpoint); with
  // one, a JWT for that API.
  const accessToken = code.resource
    ? await new SignJWT({ client_id: app.clientId, scope: '' })
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: state.keys.kid })
        .setIssuer(oidcIssuer(call))
        .setSubject(user.id)
        .setAudience(code.resource)
        .setJti(randomId())
        .setIssuedAt(now)
        .setExpirationTime(now + TOKEN_LIFETIME_S)
        .sign(state.keys.privateKey)
    : randomSecret(43);
  return json(
    200,
    {
      access_token: accessToken,
      expires_in: TOKEN_LIFETIME_S,
      id_token: idToken,
      ...(scopes.includes('offline_access') ? { refresh_token: randomSecret(43) } : {}),
      scope: code.resource ? '' : scopes.join(' '),
      token_type: 'Bearer' as const,
    },
    { 'Cache-Control': 'no-store' },
  );
}

/**
 * The client a token request authenticates as: a confidential app by its secret (HTTP Basic or
 * form fields), a public app by `client_id` alone; a mechanism the app is not registered for is
 * refused, as oidc-provider does.
 */
function authenticatedClient(form: TokenForm, call: LogtoCall): OidcApp | Reply {
  const basic = parseBasicAuth(headerValue(call.headers, 'authorization'));
  // RFC 6749 §2.3.1: both parts are form-urlencoded before Base64.
  const decode = (v: string) => {
    try {
      return decodeURIComponent(v.replace(/\+/g, ' '));
    } catch {
      return v;
    }
  };
  const clientId = basic ? decode(basic.username) : form.client_id;
  const secret = basic ? decode(basic.password) : form.client_secret;
  if (!clientId) return oidcError(400, 'invalid_request', 'no client authentication mechanism provided');
  const app = call.state.clients.get(clientId);
  if (!app) return oidcError(401, 'invalid_client', 'client authentication failed');
  if (isPublic(app) ? secret !== undefined : secret !== app.clientSecret)
    return oidcError(401, 'invalid_client', 'client authentication failed');
  return app;
}

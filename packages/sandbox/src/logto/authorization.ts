// The OIDC authorization-code flow as oidc-provider runs it inside Logto 1.42: the authorization
// request (registered redirect URI, PKCE for public clients), the interaction cookies, the
// consent hop after submit (`/oidc/auth/{uid}` → `/consent` → `/oidc/auth/{uid}`), the callback
// with `code`, `state` and `iss`, the code exchange with PKCE, the ID token, and the discovery
// document. Where nobody recorded the real answer, oidc-provider's documented behaviour is
// followed (named where it matters).
import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import { randomId, randomSecret } from '../crypto/random.js';
import { headerValue, parseBasicAuth, parseCookies } from '../http/headers.js';
import { json, type Reply, redirect } from '../http/reply.js';
import type { Call, SandboxState } from '../state.js';
import { oidcIssuer } from './access-tokens.js';
import { createInteraction, INTERACTION_COOKIE, liveInteraction } from './experience/interaction.js';
import type { OidcApp } from './state.js';

/** oidc-provider's cookie that binds the resume URL to the browser that started the interaction. */
export const RESUME_COOKIE = '_interaction_resume';
/** oidc-provider's session cookie, set once the user has signed in. */
const SESSION_COOKIE = '_session';
/** oidc-provider's default authorization code lifetime. */
const CODE_LIFETIME_MS = 60_000;
/** Logto's ID token and access token lifetime (one hour). */
const TOKEN_LIFETIME_S = 3600;

/** Logto's own message for an OAuth error it knows; others get its generic sentence. */
const LOGTO_MESSAGES: Record<string, string> = {
  invalid_request: 'Request is invalid.',
  invalid_grant: 'Grant request is invalid.',
  invalid_target: 'Invalid resource indicator.',
};

/** Errors of the OAuth protocol endpoints: Logto's `{ code, message }` next to OAuth's fields. */
export const oidcError = (status: number, error: string, description: string): Reply =>
  json(
    status,
    {
      code: `oidc.${error}`,
      message: LOGTO_MESSAGES[error] ?? `An OIDC error occurred: oidc.${error}.`,
      error,
      error_description: description,
    },
    { 'Cache-Control': 'no-store' },
  );

const cookie = (name: string, value: string, path = '/', expire = false) =>
  `${name}=${value}; Path=${path}; HttpOnly; SameSite=Lax${expire ? '; Max-Age=0' : ''}`;

/** RFC 7636: 43 to 128 unreserved characters. */
const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;

const isPublic = (app: OidcApp) => app.type !== 'Traditional';

/** `GET /oidc/auth`: check the request, open the interaction, send the browser to the sign-in page. */
export function authorize(params: URLSearchParams, call: Call): Reply {
  const { state } = call;
  const clientId = params.get('client_id');
  if (!clientId) return oidcError(400, 'invalid_request', "missing required parameter 'client_id'");
  const app = state.logto.clients.get(clientId);
  // Until the client and its redirect URI are known, the browser cannot be sent back: the
  // error is answered here (oidc-provider's error page, as Logto's JSON).
  if (!app) return oidcError(400, 'invalid_client', 'client is invalid');
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri || !registeredRedirectUris(state, app).includes(redirectUri))
    return oidcError(
      400,
      'invalid_redirect_uri',
      "redirect_uri did not match any of the client's registered redirect_uris",
    );
  const clientState = params.get('state') ?? undefined;
  // From here on, refusals go back to the client (RFC 6749, section 4.1.2.1).
  const refuse = (error: string, description: string) =>
    redirect(callbackUrl(state, redirectUri, { error, error_description: description, state: clientState }));
  if (params.get('response_type') !== 'code')
    return refuse('unsupported_response_type', 'unsupported response_type requested');
  const scope = params.get('scope') ?? '';
  if (!scope.split(' ').includes('openid'))
    return refuse('invalid_request', 'openid scope must be requested for this request');
  const challenge = params.get('code_challenge') ?? undefined;
  const method = params.get('code_challenge_method') ?? (challenge ? 'plain' : undefined);
  if (challenge === undefined && isPublic(app))
    return refuse('invalid_request', 'Authorization Server policy requires PKCE to be used for this request');
  if (challenge !== undefined && method !== 'S256')
    return refuse('invalid_request', 'not supported value of code_challenge_method');
  if (challenge !== undefined && !PKCE_VALUE.test(challenge))
    return refuse(
      'invalid_request',
      'code_challenge must be a string with a minimum length of 43 characters',
    );
  const interaction = createInteraction(state, {
    clientId,
    redirectUri,
    state: clientState,
    scope,
    ...(challenge ? { codeChallenge: challenge } : {}),
    ...(params.get('nonce') ? { nonce: params.get('nonce') as string } : {}),
    ...(params.get('resource') ? { resource: params.get('resource') as string } : {}),
    ...(params.get('prompt') ? { prompt: params.get('prompt') as string } : {}),
  });
  const signIn = new URL(state.config.signInUrl ?? `${state.origin}/sign-in`);
  signIn.searchParams.set('app_id', clientId);
  return redirect(signIn.toString(), {
    'Set-Cookie': [
      cookie(INTERACTION_COOKIE, interaction.id),
      cookie(RESUME_COOKIE, interaction.id, `/oidc/auth/${interaction.id}`),
    ],
  });
}

/**
 * `GET /oidc/auth/{uid}`: after submit, the signed-in session asks for consent (one more hop
 * through `/consent`); once consent is given, the code goes to the redirect URI.
 */
export function resume(uid: string, call: Call): Reply {
  const { state } = call;
  const cookies = parseCookies(headerValue(call.headers, 'cookie'));
  const interaction = liveInteraction(state, uid);
  // oidc-provider resumes only the browser holding the path-scoped resume cookie.
  if (!interaction || cookies[RESUME_COOKIE] !== uid)
    return oidcError(400, 'invalid_request', 'interaction session not found');
  const submitted = interaction.submitted;
  if (!submitted) return oidcError(400, 'invalid_request', 'the interaction has not been submitted');
  if (!interaction.consented) {
    interaction.consentRequested = true;
    return redirect('/consent', {
      'Set-Cookie': [
        cookie(SESSION_COOKIE, randomId()),
        cookie(INTERACTION_COOKIE, interaction.id),
        cookie(RESUME_COOKIE, interaction.id, `/oidc/auth/${interaction.id}`),
      ],
    });
  }
  state.logto.interactions.delete(uid);
  const code = randomSecret(43);
  const { client } = interaction;
  state.logto.authorizationCodes.set(code, {
    code,
    clientId: client.clientId,
    redirectUri: client.redirectUri,
    userId: submitted.userId,
    interactionEvent: submitted.event,
    scope: client.scope,
    codeChallenge: client.codeChallenge,
    nonce: client.nonce,
    resource: client.resource,
    issuedAt: state.clock.now(),
    used: false,
  });
  return redirect(callbackUrl(state, client.redirectUri, { code, state: client.state }), {
    'Set-Cookie': [
      cookie(INTERACTION_COOKIE, '', '/', true),
      cookie(RESUME_COOKIE, '', `/oidc/auth/${uid}`, true),
    ],
  });
}

/**
 * `GET /consent`: Logto grants a first-party application's scopes by itself (koaAutoConsent) and
 * sends the browser back to the resume URL; a third-party application's user sees a consent page.
 */
export function consent(call: Call): Reply {
  const { state } = call;
  const id = parseCookies(headerValue(call.headers, 'cookie'))[INTERACTION_COOKIE];
  const interaction = liveInteraction(state, id);
  if (!interaction?.consentRequested)
    return oidcError(400, 'invalid_request', 'interaction session not found');
  const app = state.logto.clients.get(interaction.client.clientId);
  if (app?.isThirdParty)
    return {
      status: 200,
      text: `${app.name} asks for access to your account.`,
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
    };
  interaction.consented = true;
  return redirect(`${state.origin}/oidc/auth/${interaction.id}`);
}

/** `grant_type=authorization_code` at `POST /oidc/token`. */
export async function exchangeCode(form: URLSearchParams, call: Call): Promise<Reply> {
  const { state } = call;
  const app = authenticatedClient(form, call);
  if ('status' in app) return app;
  const codeValue = form.get('code');
  if (!codeValue) return oidcError(400, 'invalid_request', "missing required parameter 'code'");
  const code = state.logto.authorizationCodes.get(codeValue);
  // oidc-provider says no more than this, whatever the reason (kept here for the reader).
  const invalidGrant = (_why: string) => oidcError(400, 'invalid_grant', 'grant request is invalid');
  if (!code || code.clientId !== app.clientId) return invalidGrant('authorization code not found');
  if (code.used) {
    // oidc-provider treats a second use as a stolen code: the code is gone for good.
    state.logto.authorizationCodes.delete(codeValue);
    return invalidGrant('authorization code already consumed');
  }
  code.used = true;
  if (state.clock.now() > code.issuedAt + CODE_LIFETIME_MS)
    return invalidGrant('authorization code is expired');
  if (form.get('redirect_uri') !== code.redirectUri) return invalidGrant('redirect_uri mismatch');
  const verifier = form.get('code_verifier');
  if (code.codeChallenge !== undefined) {
    if (!verifier || !PKCE_VALUE.test(verifier)) return invalidGrant('PKCE verification failed');
    const computed = createHash('sha256').update(verifier).digest('base64url');
    if (computed !== code.codeChallenge) return invalidGrant('PKCE verification failed');
  } else if (verifier) return invalidGrant('PKCE verification failed');
  const user = state.logto.users.byId(code.userId);
  if (!user) return invalidGrant('user not found');

  const now = Math.floor(state.clock.now() / 1000);
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
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: state.logto.keys.kid })
    .setIssuer(oidcIssuer(state))
    .setSubject(user.id)
    .setAudience(app.clientId)
    .setJti(randomId())
    .setIssuedAt(now)
    .setExpirationTime(now + TOKEN_LIFETIME_S)
    .sign(state.logto.keys.privateKey);
  // Without a resource, Logto issues an opaque access token (for its userinfo endpoint); with
  // one, a JWT for that API.
  const accessToken = code.resource
    ? await new SignJWT({ client_id: app.clientId, scope: '' })
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: state.logto.keys.kid })
        .setIssuer(oidcIssuer(state))
        .setSubject(user.id)
        .setAudience(code.resource)
        .setJti(randomId())
        .setIssuedAt(now)
        .setExpirationTime(now + TOKEN_LIFETIME_S)
        .sign(state.logto.keys.privateKey)
    : randomSecret(43);
  return json(
    200,
    {
      access_token: accessToken,
      expires_in: TOKEN_LIFETIME_S,
      id_token: idToken,
      ...(scopes.includes('offline_access') ? { refresh_token: randomSecret(43) } : {}),
      scope: code.resource ? '' : scopes.join(' '),
      token_type: 'Bearer',
    },
    { 'Cache-Control': 'no-store' },
  );
}

/**
 * The client a token request authenticates as: a confidential app by its secret (HTTP Basic or
 * form fields), a public app by `client_id` alone; a mechanism the app is not registered for is
 * refused, as oidc-provider does.
 */
function authenticatedClient(form: URLSearchParams, call: Call): OidcApp | Reply {
  const basic = parseBasicAuth(headerValue(call.headers, 'authorization'));
  const decode = (v: string) => {
    try {
      return decodeURIComponent(v.replace(/\+/g, ' '));
    } catch {
      return v;
    }
  };
  const clientId = basic ? decode(basic.username) : form.get('client_id');
  const secret = basic ? decode(basic.password) : form.get('client_secret');
  const app = clientId ? call.state.logto.clients.get(clientId) : undefined;
  if (!clientId) return oidcError(400, 'invalid_request', 'no client authentication mechanism provided');
  if (!app) return oidcError(401, 'invalid_client', 'client authentication failed');
  if (isPublic(app) ? secret !== null && secret !== undefined : secret !== app.clientSecret)
    return oidcError(401, 'invalid_client', 'client authentication failed');
  return app;
}

/** `GET /oidc/.well-known/openid-configuration`: what the emulated provider supports. */
export function discovery(state: SandboxState): Reply {
  const issuer = oidcIssuer(state);
  return json(200, {
    issuer,
    authorization_endpoint: `${issuer}/auth`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'client_credentials'],
    subject_types_supported: ['public'],
    // The sandbox signs with ES256; a real Logto's key is its own (ES384 by default).
    id_token_signing_alg_values_supported: ['ES256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: ['openid', 'offline_access', 'profile', 'email', 'phone'],
    claims_supported: [
      'sub',
      'name',
      'username',
      'picture',
      'created_at',
      'updated_at',
      'email',
      'email_verified',
      'phone_number',
      'phone_number_verified',
    ],
    authorization_response_iss_parameter_supported: true,
    claims_parameter_supported: false,
    request_parameter_supported: false,
  });
}

/** The app's redirect URIs; ones written as a path are under the sandbox's own origin. */
function registeredRedirectUris(state: SandboxState, app: OidcApp): string[] {
  return app.redirectUris.map((uri) => (uri.startsWith('/') ? `${state.origin}${uri}` : uri));
}

/** The redirect URI with the authorization response: its parameters plus `iss` (RFC 9207). */
function callbackUrl(
  state: SandboxState,
  redirectUri: string,
  params: Record<string, string | undefined>,
): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(name, value);
  url.searchParams.set('iss', oidcIssuer(state));
  return url.toString();
}

// The browser's side of the OIDC authorization-code flow as oidc-provider runs it inside Logto
// 1.42: the authorization request (registered redirect URI, PKCE for public clients), the
// interaction cookies, the consent hop after submit (`/oidc/auth/{uid}` → `/consent` →
// `/oidc/auth/{uid}`), and the callback with `code`, `state` and `iss`. Where nobody recorded
// the real answer, oidc-provider's documented behaviour is followed (named where it matters).
import { createHmac } from 'node:crypto';
import { randomId, randomSecret } from '../../../core/crypto/random.js';
import { headerValue, parseCookies } from '../../../http/headers.js';
import { type Reply, redirect, text } from '../../../http/reply.js';
import { oidcIssuer } from '../access-tokens.js';
import { createInteraction, INTERACTION_COOKIE, liveInteraction } from '../experience/interaction.js';
import type { LogtoCall, OidcApp } from '../state.js';
import { oidcError } from './errors.js';

/** oidc-provider's cookie that binds the resume URL to the browser that started the interaction. */
export const RESUME_COOKIE = '_interaction_resume';
/** oidc-provider's session cookie, set once the user has signed in. */
const SESSION_COOKIE = '_session';

/** Logto's cookie for its sign-in page (`LogtoUiCookie`): the app's ID, readable by the page. */
const UI_COOKIE = '_logto';

// Logto signs its cookies (koa's `signed` cookies): each comes with `<name>.sig`, a Keygrip
// HMAC-SHA1 of `name=value`. The sandbox sends the pair with the same names and flags as Logto
// 1.42 (recorded) but does not check the signatures: the values are unguessable IDs already.
const SIGNING_KEY = randomSecret(32);

/** A cookie and its `.sig` companion (both cleared with `expire`). */
const cookie = (name: string, value: string, path = '/', expire = false, httpOnly = true) => {
  const attributes = `Path=${path}${httpOnly ? '; HttpOnly' : ''}; SameSite=Lax${expire ? '; Max-Age=0' : ''}`;
  const signature = expire
    ? ''
    : createHmac('sha1', SIGNING_KEY).update(`${name}=${value}`).digest('base64url');
  return [`${name}=${value}; ${attributes}`, `${name}.sig=${signature}; ${attributes}`];
};

/** koa's redirect, which also answers a short text naming the target. */
const koaRedirect = (location: string, headers: Record<string, string | string[]> = {}): Reply => ({
  ...redirect(location, headers),
  text: `Redirecting to ${location}.`,
});

/** RFC 7636: 43 to 128 unreserved characters. */
export const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;

export const isPublic = (app: OidcApp) => app.type !== 'Traditional';

/** `GET /oidc/auth`: check the request, open the interaction, send the browser to the sign-in page. */
export function authorize(params: URLSearchParams, call: LogtoCall): Reply {
  const clientId = params.get('client_id');
  if (!clientId) return oidcError(400, 'invalid_request', "missing required parameter 'client_id'");
  const app = call.state.clients.get(clientId);
  // Until the client and its redirect URI are known, the browser cannot be sent back: the
  // error is answered here (oidc-provider's error page, as Logto's JSON).
  if (!app) return oidcError(400, 'invalid_client', 'client is invalid');
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri || !registeredRedirectUris(call, app).includes(redirectUri))
    return oidcError(
      400,
      'invalid_redirect_uri',
      "redirect_uri did not match any of the client's registered redirect_uris",
    );
  const clientState = params.get('state') ?? undefined;
  // From here on, refusals go back to the client (RFC 6749, section 4.1.2.1).
  const refuse = (error: string, description: string) =>
    koaRedirect(
      callbackUrl(call, redirectUri, { error, error_description: description, state: clientState }),
    );
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
  const interaction = createInteraction(call, {
    clientId,
    redirectUri,
    state: clientState,
    scope,
    ...(challenge ? { codeChallenge: challenge } : {}),
    ...(params.get('nonce') ? { nonce: params.get('nonce') as string } : {}),
    ...(params.get('resource') ? { resource: params.get('resource') as string } : {}),
    ...(params.get('prompt') ? { prompt: params.get('prompt') as string } : {}),
  });
  const signIn = new URL(call.config.signInUrl ?? `${call.sandbox.origin}/sign-in`);
  signIn.searchParams.set('app_id', clientId);
  return koaRedirect(signIn.toString(), {
    'Set-Cookie': [
      ...cookie(UI_COOKIE, encodeURIComponent(JSON.stringify({ appId: clientId })), '/', false, false),
      ...cookie(INTERACTION_COOKIE, interaction.id),
      ...cookie(RESUME_COOKIE, interaction.id, `/oidc/auth/${interaction.id}`),
    ],
  });
}

/**
 * `GET /oidc/auth/{uid}`: after submit, the signed-in session asks for consent (one more hop
 * through `/consent`); once consent is given, the code goes to the redirect URI.
 */
export function resume(uid: string, call: LogtoCall): Reply {
  const cookies = parseCookies(headerValue(call.headers, 'cookie'));
  const interaction = liveInteraction(call, uid);
  // oidc-provider resumes only the browser holding the path-scoped resume cookie.
  if (!interaction || cookies[RESUME_COOKIE] !== uid)
    return oidcError(400, 'invalid_request', 'interaction session not found');
  const submitted = interaction.submitted;
  if (!submitted) return oidcError(400, 'invalid_request', 'the interaction has not been submitted');
  if (!interaction.consented) {
    interaction.consentRequested = true;
    return koaRedirect('/consent', {
      'Set-Cookie': [
        ...cookie(SESSION_COOKIE, randomId()),
        ...cookie(INTERACTION_COOKIE, interaction.id),
        ...cookie(RESUME_COOKIE, interaction.id, `/oidc/auth/${interaction.id}`),
      ],
    });
  }
  call.state.interactions.delete(uid);
  const code = randomSecret(43);
  const { client } = interaction;
  call.state.authorizationCodes.set(code, {
    code,
    clientId: client.clientId,
    redirectUri: client.redirectUri,
    userId: submitted.userId,
    interactionEvent: submitted.event,
    scope: client.scope,
    codeChallenge: client.codeChallenge,
    nonce: client.nonce,
    resource: client.resource,
    issuedAt: call.sandbox.clock.now(),
    used: false,
  });
  return koaRedirect(callbackUrl(call, client.redirectUri, { code, state: client.state }), {
    'Set-Cookie': [
      ...cookie(INTERACTION_COOKIE, '', '/', true),
      ...cookie(RESUME_COOKIE, '', `/oidc/auth/${uid}`, true),
    ],
  });
}

/**
 * `GET /consent`: Logto grants a first-party application's scopes by itself (koaAutoConsent) and
 * sends the browser back to the resume URL; a third-party application's user sees a consent page.
 */
export function consent(call: LogtoCall): Reply {
  const id = parseCookies(headerValue(call.headers, 'cookie'))[INTERACTION_COOKIE];
  const interaction = liveInteraction(call, id);
  if (!interaction?.consentRequested)
    return oidcError(400, 'invalid_request', 'interaction session not found');
  const app = call.state.clients.get(interaction.client.clientId);
  if (app?.isThirdParty) return text(200, `${app.name} asks for access to your account.`);
  interaction.consented = true;
  return koaRedirect(`${call.sandbox.origin}/oidc/auth/${interaction.id}`);
}

/** The app's redirect URIs; ones written as a path are under the sandbox's own origin. */
function registeredRedirectUris(call: LogtoCall, app: OidcApp): string[] {
  return app.redirectUris.map((uri) => (uri.startsWith('/') ? `${call.sandbox.origin}${uri}` : uri));
}

/** The redirect URI with the authorization response: its parameters plus `iss` (RFC 9207). */
function callbackUrl(call: LogtoCall, redirectUri: string, params: Record<string, string | undefined>) {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(name, value);
  url.searchParams.set('iss', oidcIssuer(call));
  return url.toString();
}

// A whole sign-in run from a server: the authorization request with PKCE, `state` and `nonce`;
// the Experience calls the caller chooses; submit; the redirects to the code; the code exchange;
// the ID token's validation. Between two steps it can be saved to a string and resumed elsewhere.
import {
  type ClientOptions,
  checkBaseUrl,
  createRuntime,
  type RequestOptions,
  requireObject,
  requireString,
  SecretValues,
  ValidationError,
  withSafeView,
} from '@authspec/core';
import * as oauth from 'oauth4webapi';
import { CookieJar } from 'tough-cookie';
import { name, version } from '../../package.json';
import { createExperienceClientWith, type ExperienceClient } from '../experience/client';
import { cookieJarSession } from '../experience/cookie-jar';
import { experienceSecrets } from '../generated/experience.operations';
import { describeError, REQUEST_ID_HEADERS } from '../service';
import { HeadlessSignInError } from './error';
import {
  checkCallback,
  discover,
  exchangeCode,
  type IdTokenClaims,
  type OidcClient,
  sender,
  toStepError,
} from './oidc';
import { followToCallback } from './redirects';
import { restoreSignIn, type SavedSignIn, saveSignIn } from './saved';

/** Options of `createHeadlessSignIn`: the Logto endpoint, the application, and the options every client takes. */
export type HeadlessSignInOptions = ClientOptions & {
  /** The Logto endpoint, e.g. `https://auth.example.com`; the OIDC issuer is `{endpoint}/oidc`. */
  endpoint: string;
  /** The application's client id (its app id in Logto); also sent as `Logto-App-Id`. */
  clientId: string;
  /**
   * The application's secret, for a confidential (traditional web) application: the code is then
   * exchanged with HTTP Basic client authentication. Leave it out for a public application
   * (SPA, native), which PKCE alone protects.
   */
  clientSecret?: string | undefined;
  /** The redirect URI registered for the application; the code is read from it, never fetched. */
  redirectUri: string;
  /** Scopes, space-separated; must include `openid` (default `openid profile`). */
  scope?: string | undefined;
  /** An API resource indicator to ask an access token for (RFC 8707). */
  resource?: string | undefined;
  /**
   * Allow plain `http:` for an endpoint that is not on this machine (a Logto on a private
   * network). Loopback endpoints (`localhost`, `127.0.0.1`, `[::1]`) are always allowed.
   */
  allowInsecureHttp?: boolean | undefined;
};

/** What `start` may add to the authorization request. */
export type HeadlessStartInput = {
  /**
   * More authorization parameters, e.g. `prompt`, `login_hint`, `first_screen`, `ui_locales`.
   * The ones the sign-in sets itself (`client_id`, `redirect_uri`, `scope`, `state`, `nonce`,
   * `code_challenge`, …) are refused.
   */
  params?: Record<string, string> | undefined;
};

/** What `complete` may be told. */
export type HeadlessCompleteInput = {
  /** The `redirectTo` of a submit you sent yourself; without it, `complete` submits the interaction. */
  redirectTo?: string | undefined;
};

/**
 * The tokens a sign-in ends with. Logging or `JSON.stringify` shows none of them; copy the members
 * you keep (`{ ...tokens }`).
 */
export type HeadlessTokens = {
  /** The access token (opaque, or a JWT for the requested `resource`). */
  readonly accessToken: string;
  /** The ID token, already validated; its claims are in `claims`. */
  readonly idToken: string;
  /** The refresh token, when the `offline_access` scope was granted. */
  readonly refreshToken: string | undefined;
  /** The token type, lower-cased (`bearer`). */
  readonly tokenType: string;
  /** The granted scopes, space-separated, when the server said. */
  readonly scope: string | undefined;
  /** When the access token expires, in milliseconds since the epoch (by this machine's clock). */
  readonly expiresAt: number | undefined;
};

/** A finished sign-in: the tokens and the ID token's validated claims. */
export type HeadlessSignInResult = {
  /** The tokens. */
  tokens: HeadlessTokens;
  /** The ID token's claims: `sub` (the user id), `iss`, `aud`, `exp`, and the profile claims of the scopes. */
  claims: IdTokenClaims;
};

/** One sign-in in progress. */
export interface HeadlessSignInFlow {
  /**
   * The Experience client of this sign-in: run the verifications you choose with it (password,
   * verification code, one-time token, social or SSO callback, TOTP, backup code, passkey), then
   * identify the user, then call `complete`.
   */
  readonly experience: ExperienceClient;
  /**
   * Submit the interaction (unless given the `redirectTo` of your own submit), follow the
   * redirects to the redirect URI, check `state` and `iss`, exchange the code, and validate the
   * ID token. Rejects with a `HeadlessSignInError` that names the failed step; after an MFA or
   * profile error at `submit`, fix the interaction and call it again.
   * @param input Optional: the `redirectTo` of a submit already sent.
   * @param options Per-call options, applied to every request of the step.
   */
  complete(input?: HeadlessCompleteInput, options?: RequestOptions): Promise<HeadlessSignInResult>;
  /**
   * The sign-in so far (cookies, PKCE verifier, `state`, `nonce`) as one compact string, to resume
   * it in another request or process with `resume`. It is a secret: keep it server-side or
   * encrypted, never in a URL. Logto forgets the interaction an hour after it started.
   */
  export(): string;
}

/** Headless sign-ins of one application. */
export interface HeadlessSignIn {
  /**
   * Start a sign-in: send the authorization request (PKCE S256, `state`, `nonce`) and keep the
   * interaction cookie it sets. Rejects with a `HeadlessSignInError` at step `authorization`.
   * @param input Optional extra authorization parameters.
   * @param options Per-call options.
   */
  start(input?: HeadlessStartInput, options?: RequestOptions): Promise<HeadlessSignInFlow>;
  /**
   * Continue a sign-in saved with `export`. Throws a `HeadlessSignInError` at step `resume` when
   * the value is not one this application's `export` made; an interaction Logto has forgotten
   * fails at its next call with Logto's `session.not_found`.
   * @param saved The string `export` returned.
   */
  resume(saved: string): HeadlessSignInFlow;
  /** The Logto endpoint. */
  readonly endpoint: string;
  /** The application's client id. */
  readonly clientId: string;
}

const OWN_PARAMS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'resource',
];

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|.+\.localhost)$/i;

/**
 * Headless sign-ins for one Logto application, run from a server: no browser, no sign-in page.
 * Create it once; `start` one sign-in per user, or `resume` one saved between requests.
 */
export function createHeadlessSignIn(options: HeadlessSignInOptions): HeadlessSignIn {
  requireObject(options, 'options');
  const {
    clientId: rawClientId,
    clientSecret,
    redirectUri: rawRedirect,
    scope: rawScope,
    resource,
    allowInsecureHttp,
    ...clientOptions
  } = options;
  const endpoint = checkBaseUrl(options.endpoint, 'endpoint');
  const clientId = requireString(rawClientId, 'clientId');
  const redirectUri = checkRedirectUri(rawRedirect);
  const scope = rawScope === undefined ? 'openid profile' : requireString(rawScope, 'scope');
  if (!scope.split(' ').includes('openid'))
    throw new ValidationError('scope', 'must include openid: the sign-in ends with an ID token');
  if (resource !== undefined) requireString(resource, 'resource');
  const { protocol, hostname } = new URL(endpoint);
  const insecure = protocol === 'http:';
  if (insecure && !LOOPBACK.test(hostname) && allowInsecureHttp !== true)
    throw new ValidationError(
      'endpoint',
      'must use https: (a Logto on a private network over http: needs allowInsecureHttp: true)',
    );
  const secrets = new SecretValues();
  if (clientSecret !== undefined) secrets.add(requireString(clientSecret, 'clientSecret'));

  const oidc: OidcClient = {
    issuer: new URL(`${endpoint}/oidc`),
    client: { client_id: clientId },
    auth: clientSecret === undefined ? oauth.None() : oauth.ClientSecretBasic(clientSecret),
    insecure,
    jwksCache: {},
  };
  const service = { secrets: experienceSecrets, describeError, requestIdHeaders: REQUEST_ID_HEADERS };
  // Discovery, the code exchange and the JWKS carry no cookie.
  const protocolRuntime = createRuntime({
    package: { name, version },
    baseUrl: endpoint,
    options: clientOptions,
    service,
    secrets,
  });
  let metadata: Promise<oauth.AuthorizationServer> | undefined;
  const serverMetadata = (o: RequestOptions | undefined) => {
    metadata ??= discover(oidc, sender(protocolRuntime, o)).catch((error: unknown) => {
      metadata = undefined;
      throw error;
    });
    return metadata;
  };

  function flow(saved: SavedSignIn): HeadlessSignInFlow {
    const session = cookieJarSession(saved.jar);
    const flowSecrets = secrets.with([saved.codeVerifier, saved.state, saved.nonce]);
    const experience = createExperienceClientWith(session, { ...clientOptions, endpoint, appId: clientId });
    const hops = createRuntime({
      package: { name, version },
      baseUrl: endpoint,
      options: clientOptions,
      service,
      secrets: flowSecrets,
      ...(session.wrapFetch ? { wrapFetch: session.wrapFetch } : {}),
    });
    let finished = false;
    const ensureOpen = () => {
      if (finished) throw new ValidationError('signIn', 'is complete: start a new sign-in for another user');
    };
    const signIn: HeadlessSignInFlow = {
      experience,
      async complete(input, o) {
        ensureOpen();
        if (input !== undefined) requireObject(input, 'input', 'HeadlessSignIn');
        // Discovery runs while the interaction is submitted.
        const as = serverMetadata(o);
        as.catch(() => {});
        let redirectTo = input?.redirectTo;
        if (redirectTo === undefined) {
          let answer: Awaited<ReturnType<ExperienceClient['submit']>>;
          try {
            answer = await experience.submit(o);
          } catch (error) {
            throw toStepError('submit', error, []);
          }
          if (answer.status !== 200)
            throw new HeadlessSignInError(
              'submit',
              'submit answered without redirectTo (a password reset ends without signing in): start a new sign-in',
              { code: 'no_redirect', status: answer.status },
            );
          redirectTo = answer.data.redirectTo;
        } else requireString(redirectTo, 'input.redirectTo', 'HeadlessSignIn');
        const callback = await followToCallback(hops, redirectTo, endpoint, redirectUri, o);
        const server = await as;
        const params = checkCallback(server, oidc, callback, saved.state);
        const { tokens, claims } = await exchangeCode(server, oidc, sender(protocolRuntime, o), {
          params,
          redirectUri,
          codeVerifier: saved.codeVerifier,
          nonce: saved.nonce,
          resource,
        });
        finished = true;
        return { tokens: toTokens(tokens), claims };
      },
      export() {
        ensureOpen();
        return saveSignIn(saved);
      },
    };
    return withSafeView(signIn, 'HeadlessSignInFlow', () => ({ endpoint, clientId, finished }));
  }

  const signIns: HeadlessSignIn = {
    async start(input, o) {
      const params = checkParams(input);
      const saved: SavedSignIn = {
        clientId,
        redirectUri,
        codeVerifier: oauth.generateRandomCodeVerifier(),
        state: oauth.generateRandomState(),
        nonce: oauth.generateRandomNonce(),
        jar: new CookieJar(),
      };
      const started = flow(saved);
      try {
        await started.experience.startOidcAuthorization(
          {
            clientId,
            redirectUri,
            scope,
            state: saved.state,
            params: {
              ...params,
              nonce: saved.nonce,
              code_challenge: await oauth.calculatePKCECodeChallenge(saved.codeVerifier),
              code_challenge_method: 'S256',
              ...(resource ? { resource } : {}),
            },
          },
          o,
        );
      } catch (error) {
        throw toStepError('authorization', error, [saved.state, saved.nonce]);
      }
      return started;
    },
    resume(saved) {
      return flow(restoreSignIn(saved, { clientId, redirectUri }));
    },
    endpoint,
    clientId,
  };
  return withSafeView(signIns, 'HeadlessSignIn', () => ({ endpoint, clientId, redirectUri, scope }));
}

function checkRedirectUri(value: unknown): string {
  const text = requireString(value, 'redirectUri');
  if (!URL.canParse(text) || new URL(text).hash !== '')
    throw new ValidationError('redirectUri', 'must be an absolute URL without a fragment');
  return text;
}

function checkParams(input: HeadlessStartInput | undefined): Record<string, string> {
  if (input === undefined) return {};
  requireObject(input, 'input', 'HeadlessSignIn');
  const params =
    input.params === undefined ? {} : requireObject<Record<string, unknown>>(input.params, 'input.params');
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (OWN_PARAMS.includes(key))
      throw new ValidationError(`input.params.${key}`, 'is set by the sign-in itself', 'HeadlessSignIn');
    out[key] = requireString(value, `input.params.${key}`, 'HeadlessSignIn');
  }
  return out;
}

function toTokens(response: oauth.TokenEndpointResponse): HeadlessTokens {
  const expiresAt =
    typeof response.expires_in === 'number' ? Date.now() + response.expires_in * 1000 : undefined;
  const tokens: HeadlessTokens = {
    accessToken: response.access_token,
    idToken: response.id_token as string,
    refreshToken: response.refresh_token,
    tokenType: response.token_type,
    scope: response.scope,
    expiresAt,
  };
  return withSafeView(tokens, 'HeadlessTokens', () => ({
    tokenType: tokens.tokenType,
    scope: tokens.scope,
    expiresAt,
    accessToken: '[REDACTED]',
    idToken: '[REDACTED]',
    refreshToken: tokens.refreshToken === undefined ? undefined : '[REDACTED]',
  }));
}

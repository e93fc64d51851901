// The Experience API client: the generated operations, each under the camelCase of its
// operationId. How the interaction cookie travels is the session strategy's business (a cookie
// jar in Node, the browser's own cookies in a browser), so this module runs everywhere.
import {
  type ClientOptions,
  checkBaseUrl,
  createRuntime,
  type FetchFunction,
  type NamedMethods,
  type OperationNames,
  optionalString,
  type RequestOptions,
  requireHeaderValue,
  requireObject,
  requireString,
  type SecretValues,
  ValidationError,
  withSafeView,
  withTransport,
} from '@authspec/core';
import { name, version } from '../../package.json';
import {
  type ExperienceOperationMethods,
  experienceClientHeaders,
  experienceOperations,
  experienceSecrets,
} from '../generated/experience.operations';
import { OidcAuthorizationError } from '../oauth-error';
import { describeError, REQUEST_ID_HEADERS } from '../service';

/** Options of `createExperienceClient`: the Logto endpoint, the app id, and the options every client takes. */
export type ExperienceClientOptions = ClientOptions & {
  /** The Logto endpoint serving the sign-in page, e.g. `https://auth.example.com`. */
  endpoint: string;
  /**
   * Sent as `Logto-App-Id`, so each application keeps its own interaction cookie. It must be the
   * OIDC client id of the authorization request that started the interaction.
   */
  appId?: string | undefined;
};

/** The OIDC authorization request that starts an interaction (see `startOidcAuthorization`). */
export type OidcAuthorizationInput = {
  /** The application's OIDC client id. */
  clientId: string;
  /** Where the authorization code is sent; must be registered for the application. */
  redirectUri: string;
  /** Scopes, space-separated (default `openid profile`). */
  scope?: string | undefined;
  /** Opaque value returned with the code, to bind the callback to this request. */
  state?: string | undefined;
  /** More authorization parameters (`prompt`, `login_hint`, `code_challenge`, …). */
  params?: Record<string, string> | undefined;
};

/** Where the authorization request sent the browser. */
export type OidcAuthorizationResult = {
  /** The HTTP status (a redirect, 303 on Logto). */
  status: number;
  /** The `Location` it redirects to: the sign-in page, or an error. */
  location: string | null;
};

/** Method name of each operation (read by the hardening sweep, which calls every one). */
export const NAMES = {
  InitInteraction: 'initInteraction',
  UpdateInteractionEvent: 'updateInteractionEvent',
  GetInteraction: 'getInteraction',
  IdentifyUser: 'identifyUser',
  Submit: 'submit',
  CreatePasswordVerification: 'createPasswordVerification',
  CreateAndSendVerificationCode: 'createAndSendVerificationCode',
  VerifyCode: 'verifyCode',
  CreateAndSendMfaVerificationCode: 'createAndSendMfaVerificationCode',
  VerifyMfaVerificationCode: 'verifyMfaVerificationCode',
  CreateSocialVerification: 'createSocialVerification',
  VerifySocial: 'verifySocial',
  CreateEnterpriseSsoVerification: 'createEnterpriseSsoVerification',
  VerifyEnterpriseSso: 'verifyEnterpriseSso',
  CreateTotpSecret: 'createTotpSecret',
  VerifyTotp: 'verifyTotp',
  CreateWebAuthnRegistration: 'createWebAuthnRegistration',
  VerifyWebAuthnRegistration: 'verifyWebAuthnRegistration',
  CreateWebAuthnAuthenticationVerification: 'createWebAuthnAuthenticationVerification',
  VerifyWebAuthnAuthentication: 'verifyWebAuthnAuthentication',
  CreateSignInPasskeyAuthentication: 'createSignInPasskeyAuthentication',
  CreateSignInPasskeyAuthenticationWithIdentifier: 'createSignInPasskeyAuthenticationWithIdentifier',
  VerifySignInPasskeyAuthentication: 'verifySignInPasskeyAuthentication',
  GenerateBackupCodes: 'generateBackupCodes',
  VerifyBackupCode: 'verifyBackupCode',
  CreateNewPasswordIdentityVerification: 'createNewPasswordIdentityVerification',
  VerifyOneTimeToken: 'verifyOneTimeToken',
  AddUserProfile: 'addUserProfile',
  UploadExperienceAvatar: 'uploadExperienceAvatar',
  ResetPassword: 'resetPassword',
  MarkMfaEnabled: 'markMfaEnabled',
  SkipMfaBindingFlow: 'skipMfaBindingFlow',
  SkipMfaSuggestion: 'skipMfaSuggestion',
  SkipPasskeyBinding: 'skipPasskeyBinding',
  BindPasskey: 'bindPasskey',
  BindMfaVerification: 'bindMfaVerification',
  GetEnabledSsoConnectors: 'getEnabledSsoConnectors',
  GetSignInExperienceConfig: 'getSignInExperience',
  GetWellKnownExperience: 'getWellKnownExperience',
  GetSignInExperiencePhrases: 'getSignInExperiencePhrases',
} as const satisfies OperationNames<ExperienceOperationMethods>;

/** A client of the Logto Experience API: one method per operation, plus the OIDC authorization request. */
export interface ExperienceClient extends NamedMethods<ExperienceOperationMethods, typeof NAMES> {
  /**
   * Not an Experience operation: start the OIDC authorization request (`GET /oidc/auth`) that
   * creates the interaction and its cookie, without following the redirect. Server-side sign-ins
   * need it; a sign-in page in the browser is already loaded by it.
   * @param input The authorization request's parameters.
   * @param options Per-call options.
   */
  startOidcAuthorization(
    input: OidcAuthorizationInput,
    options?: RequestOptions,
  ): Promise<OidcAuthorizationResult>;
  /** The Logto endpoint the client talks to. */
  readonly endpoint: string;
}

/** How the interaction cookie travels with each request. */
export type SessionStrategy = {
  name: string;
  /** Wrap fetch, e.g. with a cookie jar; cookie values go to `secrets`, to be scrubbed. */
  wrapFetch?: (fetch: FetchFunction, secrets: SecretValues) => FetchFunction;
  /** Extra fetch options, e.g. `credentials: 'include'`. */
  requestInit?: { credentials?: RequestCredentials };
};

export function createExperienceClientWith(
  session: SessionStrategy,
  options: ExperienceClientOptions,
): ExperienceClient {
  requireObject(options, 'options');
  const endpoint = checkBaseUrl(options.endpoint, 'endpoint');
  const baseUrl = options.baseUrl === undefined ? endpoint : checkBaseUrl(options.baseUrl, 'baseUrl');
  const headers: Record<string, string> = {};
  for (const [option, header] of Object.entries(experienceClientHeaders)) {
    const value = (options as Record<string, unknown>)[option];
    if (value !== undefined) headers[header] = requireHeaderValue(value, option);
  }
  const runtime = createRuntime({
    package: { name, version },
    baseUrl,
    options,
    service: { secrets: experienceSecrets, describeError, requestIdHeaders: REQUEST_ID_HEADERS },
    headers,
    // Parameters the spec fills from client options (the well-known endpoints' `appId`).
    optionParams: options,
    ...(session.wrapFetch ? { wrapFetch: session.wrapFetch } : {}),
    ...(session.requestInit ? { requestInit: session.requestInit } : {}),
  });
  const methods = runtime.methods(experienceOperations, NAMES) as NamedMethods<
    ExperienceOperationMethods,
    typeof NAMES
  >;

  const client: ExperienceClient = {
    ...methods,
    async startOidcAuthorization(input, o) {
      const op = 'OidcAuthorization';
      requireObject(input, 'input', op);
      const clientId = requireString(input.clientId, 'clientId', op);
      // Logto refuses every Experience call (400 oidc.invalid_request) whose Logto-App-Id is not
      // the client id of the authorization request that started the interaction.
      if (options.appId !== undefined && clientId !== options.appId) {
        throw new ValidationError(
          'clientId',
          `must be the appId this client sends as Logto-App-Id ("${options.appId}"), or Logto refuses the interaction`,
          op,
        );
      }
      const params = new URLSearchParams({
        client_id: clientId,
        redirect_uri: requireString(input.redirectUri, 'redirectUri', op),
        response_type: 'code',
        scope: optionalString(input.scope, 'scope', op) ?? 'openid profile',
      });
      if (input.state !== undefined) params.set('state', requireString(input.state, 'state', op));
      for (const [key, value] of Object.entries(input.params ?? {}))
        params.set(key, requireString(value, `params.${key}`, op));
      // A redirect (to the sign-in page) is the only answer that opens an interaction; anything
      // else (a page from a proxy, say) is a failure.
      const isRedirect = (r: Response) => (r.status >= 300 && r.status < 400) || r.type === 'opaqueredirect';
      const url = `${endpoint}/oidc/auth?${params}`;
      // A request Logto cannot trust (unknown client or redirect URI) is refused with a Logto
      // error body, which the runtime turns into an ApiError with Logto's code. One it can trust
      // but refuses (a public client without PKCE, a bad scope) is sent back to the redirect URI
      // with `error` and `error_description`, as OAuth 2.0 says (RFC 6749, section 4.1.2.1).
      const { response } = await runtime.request(
        {
          operationId: op,
          method: 'GET',
          url,
          redirect: 'manual',
          accept: isRedirect,
          read: 'none',
        },
        o,
      );
      const location = response.headers.get('location');
      const refusal = location ? authorizationRefusal(location, input.redirectUri) : undefined;
      if (refusal) {
        throw new OidcAuthorizationError({
          operationId: op,
          method: 'GET',
          url,
          status: response.status,
          code: refusal.error,
          detail: refusal.description,
          body: { error: refusal.error, error_description: refusal.description },
          headers: {},
        });
      }
      return { status: response.status, location };
    },
    endpoint,
  };
  const appId = options.appId;
  return withTransport(
    withSafeView(client, 'ExperienceClient', () => ({ endpoint, session: session.name, appId })),
    runtime.transport,
  );
}

/** The OAuth error a redirect to the client's redirect URI carries, when it carries one. */
function authorizationRefusal(location: string, redirectUri: string) {
  let url: URL;
  try {
    url = new URL(location, redirectUri);
  } catch {
    return undefined;
  }
  const error = url.searchParams.get('error');
  if (!error || !`${url.origin}${url.pathname}`.startsWith(redirectUri.split(/[?#]/)[0] as string))
    return undefined;
  return { error, description: url.searchParams.get('error_description') ?? undefined };
}

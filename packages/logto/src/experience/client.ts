// The Experience API client: one method per operation, named as the camelCase of its
// operationId. How the interaction cookie travels is the session strategy's business (a cookie
// jar in Node, the browser's own cookies in a browser), so this module runs everywhere.
import {
  type Attempt,
  type Client,
  type ClientOptions,
  checkBaseUrl,
  createRuntime,
  type FetchFunction,
  type FetchResult,
  type Operation,
  optionalString,
  type RequestOptions,
  requireHeaderValue,
  requireObject,
  requireOneOf,
  requirePathSegment,
  requireString,
  ValidationError,
  withSafeView,
} from '@authspec/core';
import { name, version } from '../../package.json';
import {
  interactionEventValues,
  mfaFactorValues,
  type operations,
  type paths,
} from '../generated/experience';

type Ops = operations;
/** The JSON request body of an operation, as the spec defines it. */
export type ExperienceBody<O extends keyof Ops> = Ops[O] extends {
  requestBody: { content: { 'application/json': infer B } };
}
  ? B
  : never;
/** The JSON answer of an operation's 200 response, as the spec defines it. */
export type ExperienceResult<O extends keyof Ops> = Ops[O]['responses'] extends {
  200: { content: { 'application/json': infer R } };
}
  ? R
  : never;
type VerificationResult = { verificationId: string };

export type ExperienceClientOptions = ClientOptions & {
  /** The Logto endpoint serving the sign-in page, e.g. `https://auth.example.com`. */
  endpoint: string;
  /** Sent as `Logto-App-Id`, so each application keeps its own interaction cookie. */
  appId?: string;
};

export type OidcAuthorizationInput = {
  clientId: string;
  redirectUri: string;
  scope?: string;
  state?: string;
  /** More authorization parameters (`prompt`, `login_hint`, `code_challenge`, …). */
  params?: Record<string, string>;
};

export type ExperienceClient = {
  // Interaction
  initInteraction(body: ExperienceBody<'InitInteraction'>, options?: RequestOptions): Promise<void>;
  updateInteractionEvent(
    body: ExperienceBody<'UpdateInteractionEvent'>,
    options?: RequestOptions,
  ): Promise<void>;
  identifyUser(body?: ExperienceBody<'IdentifyUser'>, options?: RequestOptions): Promise<void>;
  submit(options?: RequestOptions): Promise<ExperienceResult<'Submit'>>;
  // Verifications
  createPasswordVerification(
    body: ExperienceBody<'CreatePasswordVerification'>,
    options?: RequestOptions,
  ): Promise<VerificationResult>;
  createAndSendVerificationCode(
    body: ExperienceBody<'CreateAndSendVerificationCode'>,
    options?: RequestOptions,
  ): Promise<VerificationResult>;
  verifyCode(body: ExperienceBody<'VerifyCode'>, options?: RequestOptions): Promise<VerificationResult>;
  createSocialVerification(
    connectorId: string,
    body: ExperienceBody<'CreateSocialVerification'>,
    options?: RequestOptions,
  ): Promise<ExperienceResult<'CreateSocialVerification'>>;
  verifySocial(
    connectorId: string,
    body: ExperienceBody<'VerifySocial'>,
    options?: RequestOptions,
  ): Promise<VerificationResult>;
  createEnterpriseSsoVerification(
    connectorId: string,
    body: ExperienceBody<'CreateEnterpriseSsoVerification'>,
    options?: RequestOptions,
  ): Promise<ExperienceResult<'CreateEnterpriseSsoVerification'>>;
  verifyEnterpriseSso(
    connectorId: string,
    body: ExperienceBody<'VerifyEnterpriseSso'>,
    options?: RequestOptions,
  ): Promise<VerificationResult>;
  createTotpSecret(options?: RequestOptions): Promise<ExperienceResult<'CreateTotpSecret'>>;
  verifyTotp(body: ExperienceBody<'VerifyTotp'>, options?: RequestOptions): Promise<VerificationResult>;
  createWebAuthnRegistration(
    options?: RequestOptions,
  ): Promise<ExperienceResult<'CreateWebAuthnRegistration'>>;
  verifyWebAuthnRegistration(
    body: ExperienceBody<'VerifyWebAuthnRegistration'>,
    options?: RequestOptions,
  ): Promise<VerificationResult>;
  createWebAuthnAuthenticationVerification(
    options?: RequestOptions,
  ): Promise<ExperienceResult<'CreateWebAuthnAuthenticationVerification'>>;
  verifyWebAuthnAuthentication(
    body: ExperienceBody<'VerifyWebAuthnAuthentication'>,
    options?: RequestOptions,
  ): Promise<VerificationResult>;
  generateBackupCodes(options?: RequestOptions): Promise<ExperienceResult<'GenerateBackupCodes'>>;
  verifyBackupCode(
    body: ExperienceBody<'VerifyBackupCode'>,
    options?: RequestOptions,
  ): Promise<VerificationResult>;
  verifyOneTimeToken(
    body: ExperienceBody<'VerifyOneTimeToken'>,
    options?: RequestOptions,
  ): Promise<VerificationResult>;
  createNewPasswordIdentityVerification(
    body: ExperienceBody<'CreateNewPasswordIdentityVerification'>,
    options?: RequestOptions,
  ): Promise<VerificationResult>;
  // Profile
  addUserProfile(body: ExperienceBody<'AddUserProfile'>, options?: RequestOptions): Promise<void>;
  resetPassword(body: ExperienceBody<'ResetPassword'>, options?: RequestOptions): Promise<void>;
  bindMfaVerification(body: ExperienceBody<'BindMfaVerification'>, options?: RequestOptions): Promise<void>;
  skipMfaBindingFlow(options?: RequestOptions): Promise<void>;
  // Sign-in experience
  getEnabledSsoConnectors(
    query: { email: string },
    options?: RequestOptions,
  ): Promise<ExperienceResult<'GetEnabledSsoConnectors'>>;
  /**
   * Not an Experience operation: start the OIDC authorization request (`GET /oidc/auth`) that
   * creates the interaction and its cookie, without following the redirect. Server-side sign-ins
   * need it; a sign-in page in the browser is already loaded by it.
   */
  startOidcAuthorization(
    input: OidcAuthorizationInput,
    options?: RequestOptions,
  ): Promise<{ status: number; location: string | null }>;
  /** The typed openapi-fetch client underneath (session included; no retries or typed errors). */
  readonly api: Client<paths>;
  readonly endpoint: string;
};

/** How the interaction cookie travels with each request. */
export type SessionStrategy = {
  name: string;
  /** Wrap fetch, e.g. with a cookie jar. */
  wrapFetch?: (fetch: FetchFunction) => FetchFunction;
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
  const appId = options.appId === undefined ? undefined : requireHeaderValue(options.appId, 'appId');
  const headers = appId ? { ...options.headers, 'Logto-App-Id': appId } : options.headers;
  const { client, call } = createRuntime<paths>({
    package: { name, version },
    baseUrl,
    options: { ...options, ...(headers ? { headers } : {}) },
    ...(session.wrapFetch ? { wrapFetch: session.wrapFetch } : {}),
    ...(session.requestInit ? { requestInit: session.requestInit } : {}),
  });

  const run = async <R extends FetchResult>(
    operation: Operation,
    send: (attempt: Attempt) => Promise<R>,
    requestOptions?: RequestOptions,
  ) => (await call(operation, send, requestOptions)).data as NonNullable<R['data']>;
  const post = (operationId: string, secrets?: Array<string | undefined>): Operation => ({
    operationId,
    method: 'POST',
    ...(secrets ? { secrets } : {}),
  });

  const experience: ExperienceClient = {
    async initInteraction(body, o) {
      check(body, 'InitInteraction');
      requireOneOf(body.interactionEvent, interactionEventValues, 'body.interactionEvent', 'InitInteraction');
      optionalString(body.captchaToken, 'body.captchaToken', 'InitInteraction');
      await run(
        { operationId: 'InitInteraction', method: 'PUT', secrets: [body.captchaToken] },
        (a) => client.PUT('/api/experience', { body, ...a }),
        o,
      );
    },
    async updateInteractionEvent(body, o) {
      check(body, 'UpdateInteractionEvent');
      requireOneOf(
        body.interactionEvent,
        interactionEventValues,
        'body.interactionEvent',
        'UpdateInteractionEvent',
      );
      await run(
        { operationId: 'UpdateInteractionEvent', method: 'PUT' },
        (a) => client.PUT('/api/experience/interaction-event', { body, ...a }),
        o,
      );
    },
    async identifyUser(body = {}, o) {
      check(body, 'IdentifyUser');
      optionalString(body.verificationId, 'body.verificationId', 'IdentifyUser');
      await call(
        post('IdentifyUser'),
        // Registration answers 201 with an empty body, so the answer is not parsed.
        (a) => client.POST('/api/experience/identification', { body, parseAs: 'text', ...a }),
        o,
      );
    },
    submit: (o) => run(post('Submit'), (a) => client.POST('/api/experience/submit', a), o),
    async createPasswordVerification(body, o) {
      check(body, 'CreatePasswordVerification', 'identifier.type', 'identifier.value', 'password');
      return run(
        post('CreatePasswordVerification', [body.password]),
        (a) => client.POST('/api/experience/verification/password', { body, ...a }),
        o,
      );
    },
    async createAndSendVerificationCode(body, o) {
      check(body, 'CreateAndSendVerificationCode', 'identifier.type', 'identifier.value');
      requireOneOf(
        body.interactionEvent,
        interactionEventValues,
        'body.interactionEvent',
        'CreateAndSendVerificationCode',
      );
      return run(
        post('CreateAndSendVerificationCode'),
        (a) => client.POST('/api/experience/verification/verification-code', { body, ...a }),
        o,
      );
    },
    async verifyCode(body, o) {
      check(body, 'VerifyCode', 'identifier.type', 'identifier.value', 'verificationId', 'code');
      return run(
        post('VerifyCode', [body.code]),
        (a) => client.POST('/api/experience/verification/verification-code/verify', { body, ...a }),
        o,
      );
    },
    async createSocialVerification(connectorId, body, o) {
      const path = {
        connectorId: requirePathSegment(connectorId, 'connectorId', 'CreateSocialVerification'),
      };
      check(body, 'CreateSocialVerification', 'state', 'redirectUri');
      return run(
        post('CreateSocialVerification'),
        (a) =>
          client.POST('/api/experience/verification/social/{connectorId}/authorization-uri', {
            params: { path },
            body,
            ...a,
          }),
        o,
      );
    },
    async verifySocial(connectorId, body, o) {
      const path = { connectorId: requirePathSegment(connectorId, 'connectorId', 'VerifySocial') };
      check(body, 'VerifySocial');
      requireObject(body.connectorData, 'body.connectorData', 'VerifySocial');
      return run(
        post('VerifySocial'),
        (a) =>
          client.POST('/api/experience/verification/social/{connectorId}/verify', {
            params: { path },
            body,
            ...a,
          }),
        o,
      );
    },
    async createEnterpriseSsoVerification(connectorId, body, o) {
      const path = {
        connectorId: requirePathSegment(connectorId, 'connectorId', 'CreateEnterpriseSsoVerification'),
      };
      check(body, 'CreateEnterpriseSsoVerification', 'state', 'redirectUri');
      return run(
        post('CreateEnterpriseSsoVerification'),
        (a) =>
          client.POST('/api/experience/verification/sso/{connectorId}/authorization-uri', {
            params: { path },
            body,
            ...a,
          }),
        o,
      );
    },
    async verifyEnterpriseSso(connectorId, body, o) {
      const path = { connectorId: requirePathSegment(connectorId, 'connectorId', 'VerifyEnterpriseSso') };
      check(body, 'VerifyEnterpriseSso', 'verificationId');
      requireObject(body.connectorData, 'body.connectorData', 'VerifyEnterpriseSso');
      return run(
        post('VerifyEnterpriseSso'),
        (a) =>
          client.POST('/api/experience/verification/sso/{connectorId}/verify', {
            params: { path },
            body,
            ...a,
          }),
        o,
      );
    },
    createTotpSecret: (o) =>
      run(post('CreateTotpSecret'), (a) => client.POST('/api/experience/verification/totp/secret', a), o),
    async verifyTotp(body, o) {
      check(body, 'VerifyTotp', 'code');
      optionalString(body.verificationId, 'body.verificationId', 'VerifyTotp');
      return run(
        post('VerifyTotp', [body.code]),
        (a) => client.POST('/api/experience/verification/totp/verify', { body, ...a }),
        o,
      );
    },
    createWebAuthnRegistration: (o) =>
      run(
        post('CreateWebAuthnRegistration'),
        (a) => client.POST('/api/experience/verification/web-authn/registration', a),
        o,
      ),
    async verifyWebAuthnRegistration(body, o) {
      check(body, 'VerifyWebAuthnRegistration', 'verificationId');
      checkWebAuthnPayload(body.payload, 'VerifyWebAuthnRegistration');
      return run(
        post('VerifyWebAuthnRegistration'),
        (a) => client.POST('/api/experience/verification/web-authn/registration/verify', { body, ...a }),
        o,
      );
    },
    createWebAuthnAuthenticationVerification: (o) =>
      run(
        post('CreateWebAuthnAuthenticationVerification'),
        (a) => client.POST('/api/experience/verification/web-authn/authentication', a),
        o,
      ),
    async verifyWebAuthnAuthentication(body, o) {
      check(body, 'VerifyWebAuthnAuthentication', 'verificationId');
      checkWebAuthnPayload(body.payload, 'VerifyWebAuthnAuthentication');
      return run(
        post('VerifyWebAuthnAuthentication'),
        (a) => client.POST('/api/experience/verification/web-authn/authentication/verify', { body, ...a }),
        o,
      );
    },
    generateBackupCodes: (o) =>
      run(
        post('GenerateBackupCodes'),
        (a) => client.POST('/api/experience/verification/backup-code/generate', a),
        o,
      ),
    async verifyBackupCode(body, o) {
      check(body, 'VerifyBackupCode', 'code');
      return run(
        post('VerifyBackupCode', [body.code]),
        (a) => client.POST('/api/experience/verification/backup-code/verify', { body, ...a }),
        o,
      );
    },
    async verifyOneTimeToken(body, o) {
      check(body, 'VerifyOneTimeToken', 'identifier.type', 'identifier.value', 'token');
      return run(
        post('VerifyOneTimeToken', [body.token]),
        (a) => client.POST('/api/experience/verification/one-time-token/verify', { body, ...a }),
        o,
      );
    },
    async createNewPasswordIdentityVerification(body, o) {
      check(body, 'CreateNewPasswordIdentityVerification', 'identifier.type', 'identifier.value', 'password');
      return run(
        post('CreateNewPasswordIdentityVerification', [body.password]),
        (a) => client.POST('/api/experience/verification/new-password-identity', { body, ...a }),
        o,
      );
    },
    async addUserProfile(body, o) {
      check(body, 'AddUserProfile', 'type');
      const value = 'value' in body ? body.value : undefined;
      const verificationId = 'verificationId' in body ? body.verificationId : undefined;
      if (value === undefined && verificationId === undefined) {
        throw new ValidationError('body', 'needs a value or a verificationId', 'AddUserProfile');
      }
      await run(
        post('AddUserProfile', body.type === 'password' ? [value] : []),
        (a) => client.POST('/api/experience/profile', { body, ...a }),
        o,
      );
    },
    async resetPassword(body, o) {
      check(body, 'ResetPassword', 'password');
      await run(
        { operationId: 'ResetPassword', method: 'PUT', secrets: [body.password] },
        (a) => client.PUT('/api/experience/profile/password', { body, ...a }),
        o,
      );
    },
    async bindMfaVerification(body, o) {
      check(body, 'BindMfaVerification', 'verificationId');
      requireOneOf(body.type, mfaFactorValues, 'body.type', 'BindMfaVerification');
      await run(
        post('BindMfaVerification'),
        (a) => client.POST('/api/experience/profile/mfa', { body, ...a }),
        o,
      );
    },
    async skipMfaBindingFlow(o) {
      await run(
        post('SkipMfaBindingFlow'),
        (a) => client.POST('/api/experience/profile/mfa/mfa-skipped', a),
        o,
      );
    },
    async getEnabledSsoConnectors(query, o) {
      requireObject(query, 'query', 'GetEnabledSsoConnectors');
      const email = requireString(query.email, 'email', 'GetEnabledSsoConnectors');
      return run(
        { operationId: 'GetEnabledSsoConnectors', method: 'GET' },
        (a) => client.GET('/api/experience/sso-connectors', { params: { query: { email } }, ...a }),
        o,
      );
    },
    async startOidcAuthorization(input, o) {
      const op = 'OidcAuthorization';
      requireObject(input, 'input', op);
      const params = new URLSearchParams({
        client_id: requireString(input.clientId, 'clientId', op),
        redirect_uri: requireString(input.redirectUri, 'redirectUri', op),
        response_type: 'code',
        scope: optionalString(input.scope, 'scope', op) ?? 'openid profile',
      });
      if (input.state !== undefined) params.set('state', requireString(input.state, 'state', op));
      for (const [key, value] of Object.entries(input.params ?? {}))
        params.set(key, requireString(value, `params.${key}`, op));
      const url = `${endpoint}/oidc/auth?${params}`;
      // A redirect (to the sign-in page) is the expected answer, not a failure.
      const isRedirect = (r: Response) => (r.status >= 300 && r.status < 400) || r.type === 'opaqueredirect';
      const { response } = await call(
        { operationId: op, method: 'GET', accept: (r) => r.ok || isRedirect(r) },
        async (a) => {
          const request = new Request(url, {
            redirect: 'manual',
            headers: a.headers,
            ...session.requestInit,
          });
          const response = await a.fetch(request);
          await response.body?.cancel();
          return { response };
        },
        o,
      );
      return { status: response.status, location: response.headers.get('location') };
    },
    api: client,
    endpoint,
  };
  return withSafeView(experience, 'ExperienceClient', () => ({ endpoint, session: session.name, appId }));
}

/** Check an operation's body is an object whose listed (possibly nested) members are non-empty strings. */
function check(body: unknown, operationId: string, ...members: string[]): void {
  requireObject(body, 'body', operationId);
  for (const member of members) {
    let value: unknown = body;
    for (const key of member.split('.')) {
      value =
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    }
    requireString(value, `body.${member}`, operationId);
  }
}

function checkWebAuthnPayload(payload: unknown, operationId: string): void {
  const p = requireObject<Record<string, unknown>>(payload, 'body.payload', operationId);
  if (p.type !== 'WebAuthn') {
    throw new ValidationError(
      'body.payload.type',
      'must be "WebAuthn" (Logto expects it instead of the browser\'s "public-key")',
      operationId,
    );
  }
  requireString(p.id, 'body.payload.id', operationId);
  requireObject(p.response, 'body.payload.response', operationId);
}

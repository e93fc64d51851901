// The OAuth 2.0 / OpenID Connect side of a headless sign-in, done by oauth4webapi (PKCE, the
// authorization response checks, the code exchange, the ID token's claims and signature), with
// every request sent through the client's runtime: its timeouts, retries, logging and typed
// errors apply, and the request secrets are scrubbed from all of them.
import { AuthspecError, type RequestOptions, type Runtime } from '@authspec/core';
import * as oauth from 'oauth4webapi';
import { HeadlessSignInError, type HeadlessSignInStep } from './error';

/** The application a sign-in is for, as oauth4webapi needs it. */
export type OidcClient = {
  issuer: URL;
  client: oauth.Client;
  auth: oauth.ClientAuth;
  /** Plain `http:` is allowed (a loopback or private-network Logto). */
  insecure: boolean;
  /** Shared by every sign-in of the application, so the JWKS is fetched once. */
  jwksCache: oauth.JWKSCacheInput;
};

/** The ID token's claims, validated. */
export type IdTokenClaims = oauth.IDToken;

type Send = (
  operationId: string,
  secrets: ReadonlyArray<string | undefined>,
) => NonNullable<oauth.HttpRequestOptions<'GET' | 'POST', unknown>[typeof oauth.customFetch]>;

/** oauth4webapi's requests, sent by the runtime (unread, so that oauth4webapi checks them). */
export function sender(runtime: Runtime, options: RequestOptions | undefined): Send {
  return (operationId, secrets) => async (url, init) => {
    const headers: Record<string, string> = {};
    // The runtime names the client in its own User-Agent.
    for (const [name, value] of Object.entries(init.headers))
      if (name !== 'user-agent') headers[name] = value;
    const { response } = await runtime.request(
      {
        operationId,
        method: init.method,
        url,
        headers,
        ...(init.body === undefined ? {} : { body: init.body as BodyInit }),
        // An authorization code is spent by the first exchange that reaches the server.
        idempotent: init.method === 'GET',
        redirect: 'manual',
        accept: () => true,
        read: 'response',
        secrets,
      },
      options,
    );
    return response;
  };
}

/** The tenant's OpenID configuration (issuer checked), from `{issuer}/.well-known/openid-configuration`. */
export async function discover(oidc: OidcClient, send: Send): Promise<oauth.AuthorizationServer> {
  return step('discovery', [], async () => {
    const response = await oauth.discoveryRequest(oidc.issuer, {
      [oauth.customFetch]: send('OidcDiscovery', []),
      [oauth.allowInsecureRequests]: oidc.insecure,
    });
    return oauth.processDiscoveryResponse(oidc.issuer, response);
  });
}

/** The authorization response's parameters once `error`, `state` and `iss` are checked. */
export function checkCallback(
  as: oauth.AuthorizationServer,
  oidc: OidcClient,
  callback: URL,
  state: string,
): URLSearchParams {
  try {
    return oauth.validateAuthResponse(as, oidc.client, callback, state);
  } catch (error) {
    throw toStepError('callback', error, [callback.searchParams.get('code') ?? undefined, state]);
  }
}

/** Exchange the code, check the ID token's claims, then its signature against the tenant's JWKS. */
export async function exchangeCode(
  as: oauth.AuthorizationServer,
  oidc: OidcClient,
  send: Send,
  input: {
    params: URLSearchParams;
    redirectUri: string;
    codeVerifier: string;
    nonce: string;
    resource?: string | undefined;
  },
): Promise<{ tokens: oauth.TokenEndpointResponse; claims: IdTokenClaims }> {
  const secrets = [input.params.get('code') ?? undefined, input.codeVerifier, input.nonce];
  const http = { [oauth.allowInsecureRequests]: oidc.insecure };
  const response = await step('token', secrets, () =>
    oauth.authorizationCodeGrantRequest(
      as,
      oidc.client,
      oidc.auth,
      input.params,
      input.redirectUri,
      input.codeVerifier,
      {
        ...http,
        [oauth.customFetch]: send('AuthorizationCodeToken', secrets),
        ...(input.resource ? { additionalParameters: { resource: input.resource } } : {}),
      },
    ),
  );
  // Read once here: the ID token checks below and the signature check read the same answer.
  const tokens = await step('token', secrets, () =>
    oauth.processAuthorizationCodeResponse(as, oidc.client, response, {
      expectedNonce: input.nonce,
      requireIdToken: true,
    }),
  ).catch((error: unknown) => {
    // oauth4webapi checks the ID token's claims while reading the answer.
    if (error instanceof HeadlessSignInError && isClaimCheck(error.code))
      throw new HeadlessSignInError('id-token', error.message.replace(/^.*?: /, ''), { code: error.code });
    throw error;
  });
  secrets.push(tokens.access_token, tokens.refresh_token, tokens.id_token);
  await step('id-token', secrets, () =>
    oauth.validateApplicationLevelSignature(as, response, {
      ...http,
      [oauth.customFetch]: send('OidcJwks', []),
      [oauth.jwksCache]: oidc.jwksCache,
    }),
  );
  const claims = oauth.getValidatedIdTokenClaims(tokens);
  if (!claims)
    throw new HeadlessSignInError('id-token', 'the token endpoint sent no ID token', {
      code: 'missing_id_token',
    });
  return { tokens, claims };
}

const CLAIM_CHECKS = new Set<string | undefined>([oauth.JWT_CLAIM_COMPARISON, oauth.JWT_TIMESTAMP_CHECK]);
const isClaimCheck = (code: string | undefined) => CLAIM_CHECKS.has(code);

/** Run one step; whatever fails becomes a HeadlessSignInError that names it. */
async function step<T>(
  name: HeadlessSignInStep,
  secrets: ReadonlyArray<string | undefined>,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toStepError(name, error, secrets);
  }
}

/**
 * The typed error for a failure of oauth4webapi or of a request. Its message is kept with the
 * step's secrets scrubbed; its cause only when it is one of ours (already secret-free): an
 * oauth4webapi error holds the parsed answer, tokens included.
 */
export function toStepError(
  name: HeadlessSignInStep,
  error: unknown,
  secrets: ReadonlyArray<string | undefined>,
): HeadlessSignInError {
  if (error instanceof HeadlessSignInError) return error;
  if (error instanceof AuthspecError) {
    const { code, status } = error as { code?: string; status?: number };
    return new HeadlessSignInError(name, error.message, { code, status, cause: error });
  }
  const scrub = (text: string) =>
    secrets.reduce<string>((out, s) => (s && s.length >= 4 ? out.split(s).join('[REDACTED]') : out), text);
  if (error instanceof oauth.ResponseBodyError || error instanceof oauth.AuthorizationResponseError) {
    const status = error instanceof oauth.ResponseBodyError ? error.status : undefined;
    const description = error.error_description ? ` - ${scrub(error.error_description)}` : '';
    return new HeadlessSignInError(name, `${scrub(error.error)}${description}`, {
      code: scrub(error.error),
      status,
    });
  }
  const message = error instanceof Error ? scrub(error.message) : 'unexpected failure';
  const code = (error as { code?: unknown } | undefined)?.code;
  return new HeadlessSignInError(name, message, { code: typeof code === 'string' ? code : undefined });
}

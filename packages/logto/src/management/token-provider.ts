// OAuth 2.0 client credentials for the Management API: POST {endpoint}/oidc/token, form-encoded.
// The token is cached until 60 s before it expires, and concurrent callers on a cold or expiring
// cache share one token request.
import {
  type ClientOptions,
  createRuntime,
  OAuthTokenError,
  renewalTime,
  renewingValue,
  requireHeaderValue,
  type SecretValues,
  toOAuthTokenError,
} from '@authspec/core';
import { name, version } from '../../package.json';

const RENEW_BEFORE_MS = 60_000;

/** The token endpoint's answer (OAuth 2.0, RFC 6749 §5.1); not part of the Management API spec. */
type TokenEndpointResponse = {
  access_token?: unknown;
  expires_in?: unknown;
  token_type?: unknown;
  scope?: unknown;
};

export type ClientCredentials = {
  endpoint: string;
  clientId: string;
  clientSecret: string;
  resource: string;
  scope: string;
};

export type AccessTokenProvider = {
  get(signal?: AbortSignal): Promise<string>;
  /** Whether asking again can give a different token (false for a fixed access token). */
  renewable: boolean;
  /** The server refused `token`: drop it so that the next get() fetches a new one. */
  invalidate(token: string): void;
};

export function clientCredentialsProvider(
  credentials: ClientCredentials,
  options: ClientOptions,
  secrets: SecretValues,
): AccessTokenProvider {
  const { call } = createRuntime<Record<string, never>>({
    package: { name, version },
    baseUrl: credentials.endpoint,
    options,
    secrets,
    toError: toOAuthTokenError,
  });
  const url = `${credentials.endpoint}/oidc/token`;
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    resource: credentials.resource,
    scope: credentials.scope,
  }).toString();

  const token = renewingValue(async () => {
    const obtainedAt = Date.now();
    const { data, response } = await call(
      { operationId: 'ClientCredentialsToken', method: 'POST' },
      async (attempt) => {
        const response = await attempt.fetch(
          new Request(url, {
            method: 'POST',
            headers: {
              ...attempt.headers,
              'content-type': 'application/x-www-form-urlencoded',
              accept: 'application/json',
            },
            body: form,
          }),
        );
        const body = await readJson(response);
        return response.ok ? { data: body, response } : { error: body, response };
      },
    );
    const answer = (data ?? {}) as TokenEndpointResponse;
    if (typeof answer.access_token !== 'string' || typeof answer.expires_in !== 'number') {
      throw new OAuthTokenError({
        operationId: 'ClientCredentialsToken',
        method: 'POST',
        url,
        status: response.status,
        code: 'invalid_token_response',
        detail: 'the token endpoint answered without access_token and expires_in',
        body: undefined,
        headers: {},
      });
    }
    secrets.add(answer.access_token);
    return {
      value: answer.access_token,
      renewAt: renewalTime(obtainedAt, obtainedAt + answer.expires_in * 1000, RENEW_BEFORE_MS),
    };
  });

  return {
    get: (signal) => token.get(signal),
    invalidate: (value) => token.invalidate(value),
    renewable: true,
  };
}

/** A caller-supplied token source, asked again after the server refuses a token. */
export function callbackProvider(
  getAccessToken: () => string | Promise<string>,
  secrets: SecretValues,
): AccessTokenProvider {
  return {
    async get() {
      const value = requireHeaderValue(await getAccessToken(), 'getAccessToken()');
      secrets.add(value);
      return value;
    },
    invalidate() {},
    renewable: true,
  };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

// OAuth 2.0 client credentials for the Management API: the spec's ClientCredentialsToken
// operation (POST {endpoint}/oidc/token, form-encoded). The token is cached until 60 s before it
// expires, and concurrent callers on a cold or expiring cache share one token request.
import { type ApiErrorOptions, createRuntime, renewalTime, renewingBearer } from '@authspec/core';
import { name, version } from '../../package.json';
import {
  type ClientCredentialsTokenResult,
  oneTimeTokensOperations,
  oneTimeTokensSecrets,
} from '../generated/one-time-tokens.operations';
import { OAuthTokenError } from '../oauth-error';
import { describeError, REQUEST_ID_HEADERS } from '../service';
import type { ClientCredentialsGrant } from './client';

const RENEW_BEFORE_MS = 60_000;

export const clientCredentialsGrant: ClientCredentialsGrant = (credentials, options, secrets) => {
  const runtime = createRuntime({
    package: { name, version },
    baseUrl: credentials.endpoint,
    options,
    service: { secrets: oneTimeTokensSecrets, describeError, requestIdHeaders: REQUEST_ID_HEADERS },
    secrets,
    toError: (o: ApiErrorOptions) => new OAuthTokenError(o),
    // The body carries the client secret: a redirect must not take it anywhere else.
    requestInit: { redirect: 'error' },
  });
  // Its own timeout, shorter than the API calls' unless theirs is shorter still.
  const timeoutMs = Math.min(credentials.tokenTimeoutMs, options.timeoutMs || Number.POSITIVE_INFINITY);
  const operation = oneTimeTokensOperations.ClientCredentialsToken;
  const body = {
    grant_type: 'client_credentials',
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    resource: credentials.resource,
    scope: credentials.scope,
  };

  return renewingBearer(async () => {
    const obtainedAt = Date.now();
    const { data, response } = await runtime.invoke<ClientCredentialsTokenResult | undefined>(operation, [
      body,
      { timeoutMs },
    ]);
    if (typeof data?.access_token !== 'string' || typeof data.expires_in !== 'number') {
      throw new OAuthTokenError({
        operationId: operation.id,
        method: operation.method,
        url: `${credentials.endpoint}${operation.path}`,
        status: response.status,
        code: 'invalid_token_response',
        detail: 'the token endpoint answered without access_token and expires_in',
        body: undefined,
        headers: {},
      });
    }
    secrets.addRotating(data.access_token);
    return {
      value: data.access_token,
      renewAt: renewalTime(obtainedAt, obtainedAt + data.expires_in * 1000, RENEW_BEFORE_MS),
    };
  });
};

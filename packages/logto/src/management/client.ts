// The Management API client (one-time tokens): the generated operations under friendly names,
// authenticated with a Bearer access token from one of three sources.
import {
  AuthspecError,
  type BearerAuth,
  type ClientOptions,
  checkBaseUrl,
  createRuntime,
  type NamedMethods,
  type OperationNames,
  optionalNumber,
  optionalString,
  type RequestOptions,
  requireHeaderValue,
  requireObject,
  requireString,
  SecretValues,
  ValidationError,
  withSafeView,
  withTransport,
} from '@authspec/core';
import { name, version } from '../../package.json';
import type { components } from '../generated/one-time-tokens';
import {
  type ListOneTimeTokensParams,
  type OneTimeTokensOperationMethods,
  oneTimeTokensOperations,
  oneTimeTokensSecrets,
} from '../generated/one-time-tokens.operations';
import { describeError, REQUEST_ID_HEADERS } from '../service';

/** A one-time token as the Management API answers it. */
export type OneTimeToken = components['schemas']['OneTimeToken'];
/** Where a one-time token is in its life. */
export type OneTimeTokenStatus = components['schemas']['OneTimeTokenStatus'];

/** One page of tokens, as `oneTimeTokens.list()` answers it. */
export type OneTimeTokenPage = {
  /** The tokens of this page (every matching token when neither `page` nor `pageSize` is given). */
  tokens: OneTimeToken[];
  /**
   * `Total-Number`: how many one-time tokens the whole tenant has. Logto (1.42) counts them
   * without the `email` and `status` filters, so it is not the number of matching tokens; walk a
   * filtered list with `listAll()`, which stops at the first short page. Absent without
   * pagination.
   */
  tenantTotal?: number;
};

/** The client-credentials grant of a machine-to-machine application. */
export type ClientCredentialsAuth = {
  /** The machine-to-machine application's ID. */
  clientId: string;
  /** The application's secret; never sent anywhere but the token endpoint. */
  clientSecret: string;
  /**
   * The Management API's resource indicator. Default: `https://{tenant}.logto.app/api` for a
   * Logto Cloud endpoint (`https://{tenant}.logto.app`), `https://default.logto.app/api` for any
   * other endpoint (a self-hosted Logto answers to that indicator whatever its own origin). A
   * Logto Cloud tenant behind a custom domain needs its `https://{tenant}.logto.app/api` here.
   */
  resource?: string | undefined;
  /** Scopes to ask for (default `all`). */
  scope?: string | undefined;
  /**
   * Timeout of each token request in milliseconds (default 10 000, or `timeoutMs` when that is
   * shorter): a token endpoint answers at once, and a call waiting for its token should not wait
   * as long as for the API.
   */
  tokenTimeoutMs?: number | undefined;
};

/** Authentication with an access token obtained elsewhere. */
export type AccessTokenAuth = {
  /** An access token obtained elsewhere; it is never renewed. */
  accessToken: string;
};

/** Authentication with a callback that supplies access tokens. */
export type AccessTokenCallbackAuth = {
  /** Called for a token before each request (and again after the server refused one). */
  getAccessToken: () => string | Promise<string>;
};

/** What a call without credentials is told it lacks (only ever a type error). */
export type MissingCredentials = { 'pass clientId + clientSecret, accessToken, or getAccessToken': never };

/** What a browser call without credentials is told it lacks (only ever a type error). */
export type MissingBrowserCredentials = {
  'pass accessToken or getAccessToken (never a client secret in a browser)': never;
};

/** How the Management client authenticates: client credentials (Node only), a token, or a callback. */
export type ManagementAuth = ClientCredentialsAuth | AccessTokenAuth | AccessTokenCallbackAuth;

/** The options of `createManagementClient` besides authentication: the endpoint and the options every client takes. */
export type ManagementEndpointOptions = ClientOptions & {
  /** The tenant's Logto endpoint, e.g. `https://your-tenant-id.logto.app`. */
  endpoint: string;
};

/** Options of `createManagementClient`: the Logto endpoint, how to authenticate, and the options every client takes. */
export type ManagementClientOptions = ManagementEndpointOptions & ManagementAuth;

/** Method name of each operation (read by the hardening sweep, which calls every one). */
export const NAMES = {
  ListOneTimeTokens: 'list',
  AddOneTimeTokens: 'create',
  GetOneTimeToken: 'get',
  DeleteOneTimeToken: 'delete',
  VerifyOneTimeToken: 'verify',
  ReplaceOneTimeTokenStatus: 'updateStatus',
} as const satisfies OperationNames<OneTimeTokensOperationMethods>;

/** `list()` answers the page with its total rather than the bare array. */
type Results = { ListOneTimeTokens: OneTimeTokenPage };

/** The one-time-token operations, plus `listAll()` for every page. */
export interface OneTimeTokensApi extends NamedMethods<OneTimeTokensOperationMethods<Results>, typeof NAMES> {
  /**
   * Every token matching the filters, page by page, for `for await`. Asks for the next page until
   * one comes back short.
   * @param params Filters and page size (`page` is managed here).
   * @param options Per-call options, applied to every page request.
   */
  listAll(
    params?: Omit<ListOneTimeTokensParams, 'page'>,
    options?: RequestOptions,
  ): AsyncIterable<OneTimeToken>;
}

/** A client of the Logto Management API's one-time tokens. */
export type ManagementClient = {
  /** Issue, look up, verify and retire one-time tokens. */
  oneTimeTokens: OneTimeTokensApi;
  /** The Logto endpoint the client talks to. */
  readonly endpoint: string;
};

/** Runs the client-credentials grant; only the Node entry has one (a browser must never hold a secret). */
export type ClientCredentialsGrant = (
  credentials: Required<ClientCredentialsAuth> & { endpoint: string },
  options: ClientOptions,
  secrets: SecretValues,
) => BearerAuth;

/** A token endpoint answers at once or not at all: its requests wait this long at most. */
const TOKEN_TIMEOUT_MS = 10_000;

/** `page_size` as Logto accepts it; listAll asks for the largest pages. */
const MAX_PAGE_SIZE = 100;

export function createManagementClientWith(
  grant: ClientCredentialsGrant | undefined,
  options: ManagementClientOptions,
): ManagementClient {
  requireObject(options, 'options');
  const endpoint = checkBaseUrl(options.endpoint, 'endpoint');
  const baseUrl = options.baseUrl === undefined ? endpoint : checkBaseUrl(options.baseUrl, 'baseUrl');
  const secrets = new SecretValues();
  const auth = authentication(options, endpoint, secrets, grant);

  const runtime = createRuntime({
    package: { name, version },
    baseUrl,
    options,
    service: { secrets: oneTimeTokensSecrets, describeError, requestIdHeaders: REQUEST_ID_HEADERS },
    secrets,
    authenticate: auth.authenticate,
    // A refused token is dropped and the call repeated once with a new one: a 401 means the
    // request was turned away before it could change anything.
    ...(auth.onUnauthorized ? { onUnauthorized: auth.onUnauthorized } : {}),
    ...(auth.onAuthenticated ? { onAuthenticated: auth.onAuthenticated } : {}),
  });
  const methods = runtime.methods(oneTimeTokensOperations, NAMES, {
    ListOneTimeTokens: (tokens: OneTimeToken[] | undefined, response: Response): OneTimeTokenPage => {
      // Anything but a list (a proxy's page, a changed API) would break every caller's loop.
      if (tokens !== undefined && !Array.isArray(tokens))
        throw new AuthspecError(`ListOneTimeTokens answered ${response.status} without a list of tokens`, {
          operationId: 'ListOneTimeTokens',
        });
      const header = response.headers.get('total-number');
      return header !== null && /^\d+$/.test(header)
        ? { tokens: tokens ?? [], tenantTotal: Number(header) }
        : { tokens: tokens ?? [] };
    },
  }) as NamedMethods<OneTimeTokensOperationMethods<Results>, typeof NAMES>;

  const oneTimeTokens: OneTimeTokensApi = {
    ...methods,
    listAll(params = {}, requestOptions) {
      requireObject(params, 'params', 'ListOneTimeTokens');
      const pageSize =
        optionalNumber(
          params.pageSize,
          'params.pageSize',
          { min: 1, max: MAX_PAGE_SIZE, integer: true },
          'ListOneTimeTokens',
        ) ?? MAX_PAGE_SIZE;
      return {
        async *[Symbol.asyncIterator]() {
          for (let page = 1; ; page++) {
            const { tokens } = await methods.list({ ...params, page, pageSize }, requestOptions);
            yield* tokens;
            if (tokens.length < pageSize) return;
          }
        },
      };
    },
  };

  const kind =
    'clientId' in options ? 'client_credentials' : 'accessToken' in options ? 'access_token' : 'callback';
  const client = withSafeView({ oneTimeTokens, endpoint }, 'ManagementClient', () => ({
    endpoint,
    auth: kind,
    ...('clientId' in options ? { clientId: options.clientId } : {}),
  }));
  return withTransport(client, runtime.transport);
}

type Authentication = Pick<BearerAuth, 'authenticate'> &
  Partial<Pick<BearerAuth, 'onUnauthorized' | 'onAuthenticated'>>;

function authentication(
  options: ManagementClientOptions,
  endpoint: string,
  secrets: SecretValues,
  grant: ClientCredentialsGrant | undefined,
): Authentication {
  if ('clientId' in options || 'clientSecret' in options) {
    if (!grant) {
      throw new ValidationError(
        'clientSecret',
        'cannot be used in a browser (anyone could read it): get a token on a server and pass accessToken or getAccessToken',
      );
    }
    const o = options as Extract<ManagementClientOptions, { clientId: string }>;
    const clientSecret = requireString(o.clientSecret, 'clientSecret');
    secrets.add(clientSecret);
    return grant(
      {
        endpoint,
        clientId: requireString(o.clientId, 'clientId'),
        clientSecret,
        resource: optionalString(o.resource, 'resource') ?? defaultResource(endpoint),
        scope: optionalString(o.scope, 'scope') ?? 'all',
        tokenTimeoutMs: optionalNumber(o.tokenTimeoutMs, 'tokenTimeoutMs', { min: 1 }) ?? TOKEN_TIMEOUT_MS,
      },
      options,
      secrets,
    );
  }
  if ('accessToken' in options) {
    const token = requireHeaderValue(options.accessToken, 'accessToken');
    secrets.add(token);
    const header = { Authorization: `Bearer ${token}` };
    return { authenticate: () => header };
  }
  if ('getAccessToken' in options && typeof options.getAccessToken === 'function') {
    const { getAccessToken } = options;
    return {
      async authenticate() {
        const value = requireHeaderValue(await getAccessToken(), 'getAccessToken()');
        secrets.addRotating(value);
        return { Authorization: `Bearer ${value}` };
      },
      // The callback is asked again on the next attempt, which may give a new token.
      onUnauthorized: () => true,
    };
  }
  throw new ValidationError('options', 'needs clientId and clientSecret, accessToken, or getAccessToken');
}

/**
 * The Management API's resource indicator for a Logto endpoint: `https://{tenant}.logto.app/api`
 * on Logto Cloud, `https://default.logto.app/api` on a self-hosted Logto (observed on 1.42:
 * `{origin}/api` is refused there with `oidc.invalid_target`).
 */
export function defaultResource(endpoint: string): string {
  const cloud = /^([a-z0-9-]+)\.logto\.app$/i.exec(new URL(endpoint).hostname);
  return `https://${cloud ? cloud[1] : 'default'}.logto.app/api`;
}

import {
  type Client,
  type ClientOptions,
  checkBaseUrl,
  createRuntime,
  optionalNumber,
  optionalString,
  type RequestOptions,
  requireHeaderValue,
  requireObject,
  requireOneOf,
  requirePathSegment,
  requireString,
  SecretValues,
  ValidationError,
  withSafeView,
} from '@authspec/core';
import { name, version } from '../../package.json';
import {
  type components,
  oneTimeTokenStatusValues,
  type operations,
  type paths,
} from '../generated/one-time-tokens';
import { type AccessTokenProvider, callbackProvider, type clientCredentialsProvider } from './token-provider';

type ClientCredentialsGrant = typeof clientCredentialsProvider;

export type OneTimeToken = components['schemas']['OneTimeToken'];
export type OneTimeTokenStatus = components['schemas']['OneTimeTokenStatus'];
export type CreateOneTimeTokenInput = components['schemas']['CreateOneTimeTokenRequest'];
export type VerifyOneTimeTokenInput = components['schemas']['VerifyOneTimeTokenRequest'];
type ListQuery = NonNullable<operations['ListOneTimeTokens']['parameters']['query']>;

export type ListOneTimeTokensInput = {
  email?: ListQuery['email'];
  status?: ListQuery['status'];
  /** One-based page number. */
  page?: ListQuery['page'];
  /** Tokens per page, 1 to 100. */
  pageSize?: ListQuery['page_size'];
};

export type OneTimeTokenPage = {
  tokens: OneTimeToken[];
  /** All tokens matching the filters, from `Total-Number` (the page's length when unpaginated). */
  total: number;
};

type Auth =
  | { clientId: string; clientSecret: string; resource?: string; scope?: string }
  | { accessToken: string }
  | { getAccessToken: () => string | Promise<string> };

export type ManagementClientOptions = ClientOptions & {
  /** The tenant's Logto endpoint, e.g. `https://your-tenant-id.logto.app`. */
  endpoint: string;
} & Auth;

export type OneTimeTokensApi = {
  /** ListOneTimeTokens: one page of tokens and the total. */
  list(input?: ListOneTimeTokensInput, options?: RequestOptions): Promise<OneTimeTokenPage>;
  /** Every matching token, page by page, for `for await`. */
  listAll(
    input?: Omit<ListOneTimeTokensInput, 'page'>,
    options?: RequestOptions,
  ): AsyncIterable<OneTimeToken>;
  /** AddOneTimeTokens: issue a token for an email address. */
  create(input: CreateOneTimeTokenInput, options?: RequestOptions): Promise<OneTimeToken>;
  /** GetOneTimeToken */
  get(id: string, options?: RequestOptions): Promise<OneTimeToken>;
  /** DeleteOneTimeToken */
  delete(id: string, options?: RequestOptions): Promise<void>;
  /** VerifyOneTimeToken: consume a token presented by its user. */
  verify(input: VerifyOneTimeTokenInput, options?: RequestOptions): Promise<OneTimeToken>;
  /** ReplaceOneTimeTokenStatus, e.g. to `revoked`. */
  updateStatus(id: string, status: OneTimeTokenStatus, options?: RequestOptions): Promise<OneTimeToken>;
};

export type ManagementClient = {
  oneTimeTokens: OneTimeTokensApi;
  /** The typed openapi-fetch client underneath (authenticated; no retries or typed errors). */
  readonly api: Client<paths>;
  readonly endpoint: string;
};

/** `page_size` as Logto accepts it; listAll uses the largest. */
const PAGE_SIZE = { min: 1, max: 100, integer: true };

/**
 * The Management client, given how to run the client-credentials grant. The browser entry
 * passes none: a client secret must never be shipped to a browser.
 */
export function createManagementClientWith(
  clientCredentials: ClientCredentialsGrant | undefined,
  options: ManagementClientOptions,
): ManagementClient {
  requireObject(options, 'options');
  const endpoint = checkBaseUrl(options.endpoint, 'endpoint');
  const baseUrl = options.baseUrl === undefined ? endpoint : checkBaseUrl(options.baseUrl, 'baseUrl');
  const secrets = new SecretValues();
  const provider = accessTokenProvider(options, endpoint, secrets, clientCredentials);

  const { client, api, call } = createRuntime<paths>({
    package: { name, version },
    baseUrl,
    options,
    secrets,
    authenticate: async (signal) => ({ Authorization: `Bearer ${await provider.get(signal)}` }),
    // A refused token is dropped and the call repeated once with a new one: a 401 means the
    // request was turned away before it could change anything.
    onUnauthorized(request) {
      const sent = request.headers.get('authorization')?.replace(/^Bearer /, '');
      if (!sent || !provider.renewable) return false;
      provider.invalidate(sent);
      return true;
    },
  });

  const list: OneTimeTokensApi['list'] = async (input = {}, requestOptions) => {
    const op = 'ListOneTimeTokens';
    requireObject(input, 'input', op);
    const query: ListQuery = {};
    if (input.email !== undefined) query.email = requireString(input.email, 'email', op);
    if (input.status !== undefined)
      query.status = requireOneOf(input.status, oneTimeTokenStatusValues, 'status', op);
    if (input.page !== undefined)
      query.page = optionalNumber(input.page, 'page', { min: 1, integer: true }, op);
    if (input.pageSize !== undefined)
      query.page_size = optionalNumber(input.pageSize, 'pageSize', PAGE_SIZE, op);
    const { data, response } = await call(
      { operationId: op, method: 'GET' },
      (attempt) => client.GET('/api/one-time-tokens', { params: { query }, ...attempt }),
      requestOptions,
    );
    const tokens = data ?? [];
    const header = response.headers.get('total-number');
    const total = header !== null && /^\d+$/.test(header) ? Number(header) : tokens.length;
    return { tokens, total };
  };

  const oneTimeTokens: OneTimeTokensApi = {
    list,
    listAll(input = {}, requestOptions) {
      const op = 'ListOneTimeTokens';
      requireObject(input, 'input', op);
      const pageSize = optionalNumber(input.pageSize, 'pageSize', PAGE_SIZE, op) ?? PAGE_SIZE.max;
      return {
        async *[Symbol.asyncIterator]() {
          for (let page = 1; ; page++) {
            const { tokens, total } = await list({ ...input, page, pageSize }, requestOptions);
            yield* tokens;
            if (tokens.length < pageSize || page * pageSize >= total) return;
          }
        },
      };
    },
    async create(input, requestOptions) {
      const op = 'AddOneTimeTokens';
      requireObject(input, 'input', op);
      const body: CreateOneTimeTokenInput = { email: requireString(input.email, 'email', op) };
      if (input.context !== undefined) body.context = requireObject(input.context, 'context', op);
      if (input.expiresIn !== undefined)
        body.expiresIn = optionalNumber(input.expiresIn, 'expiresIn', { min: 1 }, op);
      const { data } = await call(
        { operationId: op, method: 'POST' },
        (attempt) => client.POST('/api/one-time-tokens', { body, ...attempt }),
        requestOptions,
      );
      return data as OneTimeToken;
    },
    async get(id, requestOptions) {
      const path = { id: requirePathSegment(id, 'id', 'GetOneTimeToken') };
      const { data } = await call(
        { operationId: 'GetOneTimeToken', method: 'GET' },
        (attempt) => client.GET('/api/one-time-tokens/{id}', { params: { path }, ...attempt }),
        requestOptions,
      );
      return data as OneTimeToken;
    },
    async delete(id, requestOptions) {
      const path = { id: requirePathSegment(id, 'id', 'DeleteOneTimeToken') };
      await call(
        { operationId: 'DeleteOneTimeToken', method: 'DELETE' },
        (attempt) => client.DELETE('/api/one-time-tokens/{id}', { params: { path }, ...attempt }),
        requestOptions,
      );
    },
    async verify(input, requestOptions) {
      const op = 'VerifyOneTimeToken';
      requireObject(input, 'input', op);
      const body = {
        token: requireString(input.token, 'token', op),
        email: requireString(input.email, 'email', op),
      };
      const { data } = await call(
        // Verification consumes the token: it is never repeated once it may have reached the server.
        { operationId: op, method: 'POST', secrets: [body.token] },
        (attempt) => client.POST('/api/one-time-tokens/verify', { body, ...attempt }),
        requestOptions,
      );
      return data as OneTimeToken;
    },
    async updateStatus(id, status, requestOptions) {
      const op = 'ReplaceOneTimeTokenStatus';
      const path = { id: requirePathSegment(id, 'id', op) };
      const body = { status: requireOneOf(status, oneTimeTokenStatusValues, 'status', op) };
      const { data } = await call(
        { operationId: op, method: 'PUT' },
        (attempt) => client.PUT('/api/one-time-tokens/{id}/status', { params: { path }, body, ...attempt }),
        requestOptions,
      );
      return data as OneTimeToken;
    },
  };

  const auth =
    'clientId' in options ? 'client_credentials' : 'accessToken' in options ? 'access_token' : 'callback';
  return withSafeView({ oneTimeTokens, api, endpoint }, 'ManagementClient', () => ({
    endpoint,
    auth,
    ...('clientId' in options ? { clientId: options.clientId } : {}),
  }));
}

function accessTokenProvider(
  options: ManagementClientOptions,
  endpoint: string,
  secrets: SecretValues,
  clientCredentials: ClientCredentialsGrant | undefined,
): AccessTokenProvider {
  if ('clientId' in options || 'clientSecret' in options) {
    if (!clientCredentials) {
      throw new ValidationError(
        'clientSecret',
        'cannot be used in a browser (anyone could read it): get a token on a server and pass accessToken or getAccessToken',
      );
    }
    const o = options as Extract<ManagementClientOptions, { clientId: string }>;
    const clientSecret = requireString(o.clientSecret, 'clientSecret');
    secrets.add(clientSecret);
    return clientCredentials(
      {
        endpoint,
        clientId: requireString(o.clientId, 'clientId'),
        clientSecret,
        resource: optionalString(o.resource, 'resource') ?? `${endpoint}/api`,
        scope: optionalString(o.scope, 'scope') ?? 'all',
      },
      options,
      secrets,
    );
  }
  if ('accessToken' in options) {
    const token = requireHeaderValue(options.accessToken, 'accessToken');
    secrets.add(token);
    return { get: async () => token, invalidate() {}, renewable: false };
  }
  if ('getAccessToken' in options && typeof options.getAccessToken === 'function') {
    return callbackProvider(options.getAccessToken, secrets);
  }
  throw new ValidationError('options', 'needs clientId and clientSecret, accessToken, or getAccessToken');
}

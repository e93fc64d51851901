import {
  type Client,
  type ClientOptions,
  checkBaseUrl,
  createRuntime,
  type RequestOptions,
  requireHeaderValue,
  requireObject,
  withSafeView,
} from '@authspec/core';
import { name, version } from '../package.json';
import { basicAuthorization } from './basic-auth';
import type { components, paths } from './generated/sftpgo-token';

export type Token = components['schemas']['Token'];
export type ApiResponse = components['schemas']['ApiResponse'];

export type Credentials = {
  username: string;
  password: string;
  /** The current TOTP passcode, when the account has two-factor authentication. */
  otp?: string;
};

export type SftpgoTokenClientOptions = ClientOptions & {
  /** The REST API base, e.g. `https://sftpgo.example.com/api/v2`. */
  baseUrl: string;
};

export type SftpgoTokenClient = {
  /** GetToken: a new admin access token. */
  getToken(credentials: Credentials, options?: RequestOptions): Promise<Token>;
  /** GetUserToken: a new user access token. */
  getUserToken(credentials: Credentials, options?: RequestOptions): Promise<Token>;
  /** Logout: invalidate an admin access token. */
  logout(accessToken: string, options?: RequestOptions): Promise<ApiResponse>;
  /** ClientLogout: invalidate a user access token. */
  clientLogout(accessToken: string, options?: RequestOptions): Promise<ApiResponse>;
  /** The typed openapi-fetch client underneath (no retries or typed errors). */
  readonly api: Client<paths>;
  readonly baseUrl: string;
};

export function createSftpgoTokenClient(options: SftpgoTokenClientOptions): SftpgoTokenClient {
  requireObject(options, 'options');
  const baseUrl = checkBaseUrl(options.baseUrl, 'baseUrl');
  const { client, call } = createRuntime<paths>({ package: { name, version }, baseUrl, options });

  const tokenPath = { GetToken: '/token', GetUserToken: '/user/token' } as const;
  async function token(
    operationId: keyof typeof tokenPath,
    credentials: Credentials,
    requestOptions?: RequestOptions,
  ) {
    requireObject(credentials, 'credentials', operationId);
    const authorization = basicAuthorization(credentials.username, credentials.password, operationId);
    const otp =
      credentials.otp === undefined ? undefined : requireHeaderValue(credentials.otp, 'otp', operationId);
    const { data } = await call(
      {
        operationId,
        method: 'GET',
        // The server remembers a used passcode, so a request that carried one may have spent it.
        idempotent: otp === undefined,
        secrets: [credentials.password, otp, authorization],
      },
      (attempt) =>
        client.GET(tokenPath[operationId], {
          ...attempt,
          headers: { ...attempt.headers, Authorization: authorization },
          params: { header: otp === undefined ? {} : { 'X-SFTPGO-OTP': otp } },
        }),
      requestOptions,
    );
    return data as Token;
  }

  const logoutPath = { Logout: '/logout', ClientLogout: '/user/logout' } as const;
  async function logout(
    operationId: keyof typeof logoutPath,
    accessToken: string,
    requestOptions?: RequestOptions,
  ) {
    const bearer = requireHeaderValue(accessToken, 'accessToken', operationId);
    const { data } = await call(
      { operationId, method: 'GET', secrets: [bearer] },
      (attempt) =>
        client.GET(logoutPath[operationId], {
          ...attempt,
          headers: { ...attempt.headers, Authorization: `Bearer ${bearer}` },
        }),
      requestOptions,
    );
    return data ?? {};
  }

  const tokenClient: SftpgoTokenClient = {
    getToken: (credentials, requestOptions) => token('GetToken', credentials, requestOptions),
    getUserToken: (credentials, requestOptions) => token('GetUserToken', credentials, requestOptions),
    logout: (accessToken, requestOptions) => logout('Logout', accessToken, requestOptions),
    clientLogout: (accessToken, requestOptions) => logout('ClientLogout', accessToken, requestOptions),
    api: client,
    baseUrl,
  };
  return withSafeView(tokenClient, 'SftpgoTokenClient', () => ({ baseUrl }));
}

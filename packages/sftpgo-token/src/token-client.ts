// The SFTPGo token client: the generated token operations, each under the camelCase of its
// operationId. HTTP Basic credentials and Bearer tokens are per-call inputs, as the spec's
// security says.
import {
  type ClientOptions,
  checkBaseUrl,
  createRuntime,
  type NamedMethods,
  type OperationNames,
  requireObject,
  withSafeView,
  withTransport,
} from '@authspec/core';
import { name, version } from '../package.json';
import type { components } from './generated/sftpgo-token';
import { type SftpgoTokenOperationMethods, sftpgoTokenOperations } from './generated/sftpgo-token.operations';
import { revokedByEarlierAttempt, SERVICE } from './service';

/** A JWT access token and when it expires. */
export type Token = components['schemas']['Token'];
/** SFTPGo's generic answer: an outcome or an error in words. */
export type ApiResponse = components['schemas']['ApiResponse'];

/** Options of `createSftpgoTokenClient`: the REST API base, and the options every client takes. */
export type SftpgoTokenClientOptions = ClientOptions & {
  /** The REST API base, e.g. `https://sftpgo.example.com/api/v2`. */
  baseUrl: string;
};

/** Method name of each operation (read by the hardening sweep, which calls every one). */
export const NAMES = {
  GetToken: 'getToken',
  GetUserToken: 'getUserToken',
  Logout: 'logout',
  ClientLogout: 'clientLogout',
} as const satisfies OperationNames<SftpgoTokenOperationMethods>;

/** A client of SFTPGo's token endpoints. */
export interface SftpgoTokenClient extends NamedMethods<SftpgoTokenOperationMethods, typeof NAMES> {
  /** The REST API base the client talks to. */
  readonly baseUrl: string;
}

/** Create a client of SFTPGo's token endpoints. */
export function createSftpgoTokenClient(options: SftpgoTokenClientOptions): SftpgoTokenClient {
  requireObject(options, 'options');
  const baseUrl = checkBaseUrl(options.baseUrl, 'baseUrl');
  const runtime = createRuntime({ package: { name, version }, baseUrl, options, service: SERVICE });
  const methods = runtime.methods(sftpgoTokenOperations, NAMES) as NamedMethods<
    SftpgoTokenOperationMethods,
    typeof NAMES
  >;
  // A logout whose first attempt revoked the token but lost its answer is done, not refused.
  const settled = (error: unknown) => {
    if (revokedByEarlierAttempt(error)) return { message: 'Your token is no longer valid' };
    throw error;
  };
  const client: SftpgoTokenClient = {
    ...methods,
    logout: (params, requestOptions) => methods.logout(params, requestOptions).catch(settled),
    clientLogout: (params, requestOptions) => methods.clientLogout(params, requestOptions).catch(settled),
    baseUrl,
  };
  return withTransport(
    withSafeView(client, 'SftpgoTokenClient', () => ({ baseUrl })),
    runtime.transport,
  );
}

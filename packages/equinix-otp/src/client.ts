// The Equinix Metal OTP client: the generated operations under friendly names, authenticated
// with the user's API key.
import {
  type ClientOptions,
  checkBaseUrl,
  createRuntime,
  type NamedMethods,
  type OperationNames,
  requireHeaderValue,
  requireObject,
  SecretValues,
  withSafeView,
  withTransport,
} from '@authspec/core';
import { name, version } from '../package.json';
import type { components } from './generated/equinix-metal-otp';
import {
  type EquinixOtpOperationMethods,
  equinixOtpApiKeyHeaders,
  equinixOtpOperations,
  equinixOtpSecrets,
} from './generated/equinix-metal-otp.operations';

/** The Equinix Metal API v1 server, the spec's server URL (the service was shut down on 2026-06-30). */
export const DEFAULT_BASE_URL = 'https://api.equinix.com/metal/v1';

/** The answer of the recovery-code operations. */
export type RecoveryCodeList = components['schemas']['RecoveryCodeList'];
/** A user's recovery codes, each usable once in place of a one-time password. */
export type RecoveryCodes = NonNullable<RecoveryCodeList['recovery_codes']>;

/** Options of `createEquinixOtpClient`: the API key, and the options every client takes. */
export type EquinixOtpClientOptions = ClientOptions & {
  /** A user API key, sent as the API key header; the OTP operations act on the user that owns it. */
  authToken: string;
};

/** Method name of each operation (read by the hardening sweep, which calls every one). */
export const NAMES = {
  FindEnsureOtp: 'verify',
  FindRecoveryCodes: 'getRecoveryCodes',
  RegenerateCodes: 'regenerateRecoveryCodes',
  ReceiveCodes: 'sendSmsCode',
} as const satisfies OperationNames<EquinixOtpOperationMethods>;

/** The recovery-code operations answer the list itself rather than the object around it. */
type Results = { FindRecoveryCodes: RecoveryCodes; RegenerateCodes: RecoveryCodes };
const recoveryCodes = (data: RecoveryCodeList | undefined): RecoveryCodes => data?.recovery_codes ?? [];

/** A client of the Equinix Metal OTP operations, one method per operation. */
export interface EquinixOtpClient extends NamedMethods<EquinixOtpOperationMethods<Results>, typeof NAMES> {}

/** Create a client of the Equinix Metal OTP operations for the user that owns `authToken`. */
export function createEquinixOtpClient(options: EquinixOtpClientOptions): EquinixOtpClient {
  requireObject(options, 'options');
  const authToken = requireHeaderValue(options.authToken, 'authToken');
  const baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL, 'baseUrl');
  const runtime = createRuntime({
    package: { name, version },
    baseUrl,
    options,
    service: { secrets: equinixOtpSecrets, describeError },
    headers: { [equinixOtpApiKeyHeaders.XAuthToken]: authToken },
    secrets: new SecretValues().add(authToken),
  });
  const client = runtime.methods(equinixOtpOperations, NAMES, {
    FindRecoveryCodes: recoveryCodes,
    RegenerateCodes: recoveryCodes,
  }) as EquinixOtpClient;
  return withTransport(
    withSafeView(client, 'EquinixOtpClient', () => ({ baseUrl })),
    runtime.transport,
  );
}

/** Equinix error bodies: `{ error }` or `{ errors: [...] }`. */
function describeError(body: unknown): { code?: string; detail?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const { error, errors } = body as { error?: unknown; errors?: unknown };
  const list = Array.isArray(errors)
    ? errors.filter((e): e is string => typeof e === 'string' && e !== '')
    : [];
  const code = typeof error === 'string' && error !== '' ? error : list[0];
  return { code, detail: list.length > 1 ? list.join('; ') : undefined };
}

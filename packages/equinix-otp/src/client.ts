import {
  type Client,
  type ClientOptions,
  checkBaseUrl,
  createRuntime,
  type RequestOptions,
  requireHeaderValue,
  requireObject,
  requirePathSegment,
  SecretValues,
  withSafeView,
} from '@authspec/core';
import { name, version } from '../package.json';
import type { components, paths } from './generated/equinix-metal-otp';

/** The Equinix Metal API v1 server, the spec's server URL. */
export const DEFAULT_BASE_URL = 'https://api.equinix.com/metal/v1';

export type RecoveryCodeList = components['schemas']['RecoveryCodeList'];
export type RecoveryCodes = NonNullable<RecoveryCodeList['recovery_codes']>;

export type EquinixOtpClientOptions = ClientOptions & {
  /** A user API key; the OTP operations act on the user that owns it. */
  authToken: string;
};

export type EquinixOtpClient = {
  /** FindEnsureOtp: check a one-time password (app, SMS or recovery code); resolves when it is right. */
  verify(otp: string, options?: RequestOptions): Promise<void>;
  /** FindRecoveryCodes: the user's current recovery codes. */
  getRecoveryCodes(options?: RequestOptions): Promise<RecoveryCodes>;
  /** RegenerateCodes: a new set of recovery codes; the old ones stop working. */
  regenerateRecoveryCodes(options?: RequestOptions): Promise<RecoveryCodes>;
  /** ReceiveCodes: have a one-time password sent to the user's phone by SMS. */
  sendSmsCode(options?: RequestOptions): Promise<void>;
  /** The typed openapi-fetch client underneath (authenticated; no retries or typed errors). */
  readonly api: Client<paths>;
};

export function createEquinixOtpClient(options: EquinixOtpClientOptions): EquinixOtpClient {
  requireObject(options, 'options');
  const authToken = requireHeaderValue(options.authToken, 'authToken');
  const baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL, 'baseUrl');
  const runtime = createRuntime<paths>({
    package: { name, version },
    baseUrl,
    options: { ...options, headers: { ...options.headers, 'X-Auth-Token': authToken } },
    secrets: new SecretValues().add(authToken),
  });
  const { client, call } = runtime;

  const recoveryCodes = (data: RecoveryCodeList | undefined): RecoveryCodes => data?.recovery_codes ?? [];

  const otpClient: EquinixOtpClient = {
    async verify(otp, requestOptions) {
      const code = requirePathSegment(otp, 'otp', 'FindEnsureOtp');
      await call(
        // The code is consumed by a successful check: never repeat one that reached the server.
        { operationId: 'FindEnsureOtp', method: 'POST', secrets: [code] },
        (attempt) => client.POST('/user/otp/verify/{otp}', { params: { path: { otp: code } }, ...attempt }),
        requestOptions,
      );
    },
    async getRecoveryCodes(requestOptions) {
      const { data } = await call(
        { operationId: 'FindRecoveryCodes', method: 'GET' },
        (attempt) => client.GET('/user/otp/recovery-codes', attempt),
        requestOptions,
      );
      return recoveryCodes(data);
    },
    async regenerateRecoveryCodes(requestOptions) {
      const { data } = await call(
        { operationId: 'RegenerateCodes', method: 'POST' },
        (attempt) => client.POST('/user/otp/recovery-codes', attempt),
        requestOptions,
      );
      return recoveryCodes(data);
    },
    async sendSmsCode(requestOptions) {
      await call(
        { operationId: 'ReceiveCodes', method: 'POST' },
        (attempt) => client.POST('/user/otp/sms/receive', attempt),
        requestOptions,
      );
    },
    api: client,
  };
  return withSafeView(otpClient, 'EquinixOtpClient', () => ({ baseUrl }));
}

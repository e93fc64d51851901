// An SFTPGo session that authenticates every request with an API key: nothing to log in with,
// renew or revoke, so it is the runtime with one fixed, secret header.
import {
  AuthspecError,
  checkBaseUrl,
  createRuntime,
  optionalString,
  requireOneOf,
  requireString,
  SecretValues,
  ValidationError,
  withSafeView,
} from '@authspec/core';
import { name, version } from '../package.json';
import { sftpgoTokenApiKeyHeaders, sftpgoTokenOperations } from './generated/sftpgo-token.operations';
import { SERVICE } from './service';
import type { SftpgoApiKeyAuth, SftpgoSession, SftpgoSessionOptions } from './session';
import { sessionFetch } from './session-fetch';

/** What a header value may hold: visible ASCII, no spaces (SFTPGo keys are `<id>.<secret>`). */
const HEADER_TOKEN = /^[\x21-\x7e]+$/;

/** `createSftpgoSession` with `apiKey`. */
export function createApiKeySession(options: SftpgoSessionOptions & SftpgoApiKeyAuth): SftpgoSession {
  const role = requireOneOf(options.role, ['admin', 'user'] as const, 'role');
  const baseUrl = checkBaseUrl(options.baseUrl, 'baseUrl');
  const key = requireString(options.apiKey, 'apiKey');
  // The key itself is never echoed: it is a secret.
  if (!HEADER_TOKEN.test(key)) throw new ValidationError('apiKey', 'must be printable ASCII without spaces');
  for (const field of ['password', 'otp', 'totpSecret'] as const) {
    if (options[field] !== undefined)
      throw new ValidationError(field, 'cannot be combined with apiKey: the key replaces the password login');
  }
  const username = optionalString(options.username, 'username');
  if (username !== undefined && !HEADER_TOKEN.test(username))
    throw new ValidationError('username', 'must be printable ASCII without spaces to go with an API key');
  const value = username === undefined ? key : `${key}.${username}`;
  const runtime = createRuntime({
    package: { name, version },
    baseUrl,
    options,
    service: SERVICE,
    secrets: new SecretValues().add(key).add(value),
    // The header name comes from the spec's security scheme.
    authenticate: () => ({ [sftpgoTokenApiKeyHeaders.APIKeyAuth]: value }),
  });
  const login = role === 'admin' ? sftpgoTokenOperations.GetToken : sftpgoTokenOperations.GetUserToken;

  const session: SftpgoSession = {
    role,
    username,
    async getAccessToken() {
      throw new AuthspecError(
        `an API-key session has no access token: its requests carry the key in ${sftpgoTokenApiKeyHeaders.APIKeyAuth}`,
        { operationId: login.id },
      );
    },
    fetch: sessionFetch(runtime, baseUrl),
    async logout() {},
  };
  return withSafeView(session, 'SftpgoSession', () => ({ baseUrl, username, role, apiKey: true }));
}

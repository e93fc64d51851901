// The `sandbox.addSftpgo*` methods: accounts and API keys, secrets stored only as digests.
import { hashPasswordSync } from '../../core/crypto/password.js';
import { randomSecret, randomTotpSecret } from '../../core/crypto/random.js';
import { assertTotpSecret } from '../../core/crypto/totp.js';
import type { SftpgoConfig } from './config.js';
import {
  checkSftpgoAccountInput,
  checkSftpgoApiKeyInput,
  type SftpgoAccountCredentials,
  type SftpgoAccountInput,
  type SftpgoApiKeyCredentials,
  type SftpgoApiKeyInput,
  USER_ONLY_MEMBERS,
} from './entities.js';
import { convertName } from './naming-rules.js';
import { accounts, type SftpgoRole, type SftpgoState } from './state.js';

export function addAccount(
  state: SftpgoState,
  config: SftpgoConfig,
  role: SftpgoRole,
  input: SftpgoAccountInput,
): SftpgoAccountCredentials {
  const method = role === 'admin' ? 'addSftpgoAdmin' : 'addSftpgoUser';
  checkSftpgoAccountInput(input, method);
  if (role === 'admin' && input.expiresAt !== undefined)
    throw new TypeError(`${method}: expiresAt is for users only (SFTPGo admins do not expire)`);
  if (input.totpConfigName !== undefined && input.totpSecret === undefined)
    throw new TypeError(`${method}: totpConfigName needs totpSecret`);
  if (role === 'admin' && input.totpProtocols !== undefined)
    throw new TypeError(`${method}: totpProtocols is for users only (an admin's 2FA covers everything)`);
  for (const member of USER_ONLY_MEMBERS)
    if (role === 'admin' && input[member] !== undefined)
      throw new TypeError(`${method}: ${member} is for users only`);
  if (role === 'user' && input.allowList !== undefined)
    throw new TypeError(`${method}: allowList is for admins only (users have allowedIp and deniedIp)`);
  const map = accounts(state, role);
  // SFTPGo saves the username as its naming rules convert it.
  const username = convertName(input.username, config.sftpgoNamingRules);
  if (username === '') throw new TypeError(`${method}: username is empty once trimmed`);
  if (map.has(username)) throw new Error(`An SFTPGo ${role} named ${username} already exists`);
  const password = input.password ?? randomSecret(20);
  const totpSecret = input.totpSecret === true ? randomTotpSecret() : input.totpSecret;
  if (totpSecret !== undefined) assertTotpSecret(totpSecret);
  const totpConfigName = totpSecret === undefined ? undefined : totpConfigOf(config, method, input);
  // A user whose 2FA leaves out HTTP signs in to the REST API with the password alone.
  const coversHttp = input.totpProtocols?.includes('HTTP') ?? true;
  map.set(username, {
    username,
    passwordDigest: hashPasswordSync(password),
    role,
    totpSecret: coversHttp ? totpSecret : undefined,
    totpConfigName,
    subject: randomSecret(32),
    disabled: input.disabled ?? false,
    expiresAt: input.expiresAt === undefined ? undefined : Date.parse(input.expiresAt),
    allowApiKeyAuth: input.allowApiKeyAuth ?? false,
    email: input.email,
    description: input.description,
    allowList: input.allowList ?? [],
    allowedIp: input.allowedIp ?? [],
    deniedIp: input.deniedIp ?? [],
    deniedProtocols: input.deniedProtocols ?? [],
    deniedLoginMethods: input.deniedLoginMethods ?? [],
    maxSessions: input.maxSessions ?? 0,
    activeSessions: input.activeSessions ?? 0,
  });
  return { username, password, role, ...(totpSecret ? { totpSecret, totpConfigName } : {}) };
}

/** SFTPGo saves a 2FA only with a TOTP configuration it has; without a name, the first one. */
function totpConfigOf(config: SftpgoConfig, method: string, input: SftpgoAccountInput): string {
  const names = config.sftpgoTotpConfigs.map((c) => c.name);
  const name = input.totpConfigName ?? names[0];
  if (name === undefined || !names.includes(name))
    throw new TypeError(
      `${method}: totpConfigName ${JSON.stringify(name ?? '')} is not among sftpgoTotpConfigs (${names.join(', ') || 'none'})`,
    );
  return name;
}

export function addApiKey(state: SftpgoState, input: SftpgoApiKeyInput): SftpgoApiKeyCredentials {
  checkSftpgoApiKeyInput(input, 'addSftpgoApiKey');
  const { role, username } = input;
  if (username !== undefined && !accounts(state, role).has(username))
    throw new Error(`addSftpgoApiKey: no SFTPGo ${role} named ${username}`);
  // SFTPGo's IDs and secrets are 22 and 32 characters of letters and digits.
  const key = input.key ?? `${randomSecret(22)}.${randomSecret(32)}`;
  const [id = '', secret = ''] = key.split('.');
  if (state.apiKeys.has(id)) throw new Error(`addSftpgoApiKey: an API key with ID ${id} already exists`);
  state.apiKeys.set(id, { id, secretDigest: hashPasswordSync(secret), role, username });
  return { id, key, role, ...(username === undefined ? {} : { username }) };
}

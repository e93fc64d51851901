// The `sandbox.*` methods of the Logto module: set up apps, users and connectors without HTTP.

import type { Check } from '../../core/check.js';
import type { Clock } from '../../core/clock.js';
import { hashPasswordSync } from '../../core/crypto/password.js';
import { randomHex, randomId, randomSecret, randomTotpSecret } from '../../core/crypto/random.js';
import { assertTotpSecret } from '../../core/crypto/totp.js';
import {
  type AppCredentials,
  type AppInput,
  type ConnectorInfo,
  checkAppInput,
  checkM2mAppInput,
  checkSocialConnectorInput,
  checkSsoConnectorInput,
  checkUserInput,
  type LogtoUserCredentials,
  type LogtoUserInput,
  type LogtoUserSnapshot,
  type M2mAppCredentials,
  type M2mAppInput,
  type OneTimeTokenInput,
  type SocialConnectorInput,
  type SsoConnectorInput,
} from './entities.js';
import type { OneTimeToken } from './spec.js';
import type { AuthorizationCode, Connector, LogtoState, OidcApp } from './state.js';
import { type StoredUser, userMfaFactors } from './users.js';

/** The Logto methods of a sandbox. */
export interface LogtoHelpers {
  /** Creates a Logto machine-to-machine app (for `/oidc/token`); missing values are generated. */
  addM2mApp(input?: M2mAppInput): M2mAppCredentials;
  /** Registers an application that signs users in (authorization-code flow). */
  addApp(input: AppInput): AppCredentials;
  /** Creates a Logto user; answers it with the secrets it was created with. */
  addUser(input?: LogtoUserInput): LogtoUserCredentials;
  /** A Logto user by ID, username, email or phone. */
  findUser(query: {
    id?: string;
    username?: string;
    email?: string;
    phone?: string;
  }): LogtoUserSnapshot | undefined;
  /** Creates a fake social identity provider (see the README: "Fake social and SSO providers"). */
  addSocialConnector(input?: SocialConnectorInput): ConnectorInfo;
  /** Creates a fake enterprise SSO provider for the given email domains. */
  addSsoConnector(input: SsoConnectorInput): ConnectorInfo;
  /** Issues a one-time token directly (as `POST /api/one-time-tokens` would). */
  createOneTimeToken(input: OneTimeTokenInput): OneTimeToken;
  /** Who an OIDC authorization code (from the final redirect) was issued to. */
  authorizationCode(code: string): Readonly<AuthorizationCode> | undefined;
}

function snapshot(user: StoredUser): LogtoUserSnapshot {
  return {
    id: user.id,
    ...(user.username !== undefined ? { username: user.username } : {}),
    ...(user.primaryEmail !== undefined ? { email: user.primaryEmail } : {}),
    ...(user.primaryPhone !== undefined ? { phone: user.primaryPhone } : {}),
    ...(user.name !== undefined ? { name: user.name } : {}),
    hasPassword: user.passwordDigest !== undefined,
    suspended: user.suspended,
    mfaFactors: userMfaFactors(user),
    unusedBackupCodes: user.backupCodes?.filter((c) => !c.used).length ?? 0,
    webAuthnCredentials: user.webauthn.map((c) => ({ id: c.id, counter: c.counter })),
    socialIdentities: structuredClone(user.identities),
    ssoIdentities: structuredClone(user.ssoIdentities),
    mfaSkipped: user.mfaSkipped,
    mfaEnabled: user.mfaEnabled === true,
    passkeySkipped: user.passkeySkipped === true,
    ...(user.extraProfile !== undefined ? { extraProfile: structuredClone(user.extraProfile) } : {}),
    createdAt: user.createdAt,
  };
}

const connectorInfo = (c: Connector): ConnectorInfo => ({
  connectorId: c.id,
  kind: c.kind,
  identity: { ...c.identity },
  domains: [...c.domains],
});

export function logtoHelpers(
  state: LogtoState,
  clock: Clock,
  checkOneTimeToken: Check<OneTimeTokenInput>,
): LogtoHelpers {
  const addConnector = (kind: Connector['kind'], input: SocialConnectorInput & { domains?: string[] }) => {
    const id = input.connectorId ?? `${kind}-${randomId(8)}`;
    if (state.connectors.has(id)) throw new Error(`A connector with ID ${id} already exists`);
    const connector: Connector = {
      id,
      kind,
      identity: { ...input.identity, id: input.identity?.id ?? randomId(16) },
      domains: [...(input.domains ?? [])],
    };
    state.connectors.set(id, connector);
    return connectorInfo(connector);
  };

  return {
    addM2mApp: (input = {}) => {
      checkM2mAppInput(input, 'addM2mApp');
      const app = {
        clientId: input.clientId ?? randomId(),
        clientSecret: input.clientSecret ?? randomSecret(32),
        scopes: [...(input.scopes ?? ['all'])],
      };
      if (state.apps.has(app.clientId))
        throw new Error(`An app with client ID ${app.clientId} already exists`);
      state.apps.set(app.clientId, app);
      return { ...app, scopes: [...app.scopes] };
    },
    addApp: (input) => {
      checkAppInput(input, 'addApp');
      const type = input.type ?? 'SPA';
      const app: OidcApp = {
        clientId: input.clientId ?? randomId(),
        ...(type === 'Traditional' ? { clientSecret: input.clientSecret ?? randomSecret(32) } : {}),
        type,
        name: input.name ?? `${type} app`,
        redirectUris: [...input.redirectUris],
        isThirdParty: input.isThirdParty ?? false,
      };
      // One client ID space, as in Logto: an M2M app and a sign-in app cannot share one.
      if (state.clients.has(app.clientId) || state.apps.has(app.clientId))
        throw new Error(`An app with client ID ${app.clientId} already exists`);
      state.clients.set(app.clientId, app);
      return { ...app, redirectUris: [...app.redirectUris] };
    },
    addUser: (input = {}) => {
      checkUserInput(input, 'addUser');
      const password = input.password === undefined ? randomSecret(20) : (input.password ?? undefined);
      const totpSecret = input.totpSecret === true ? randomTotpSecret() : input.totpSecret;
      if (totpSecret !== undefined) assertTotpSecret(totpSecret);
      const backupCodes =
        input.backupCodes === true ? Array.from({ length: 10 }, () => randomHex(10)) : input.backupCodes;
      const user = state.users.insert({
        ...(input.id !== undefined ? { id: input.id } : {}),
        username: input.username,
        primaryEmail: input.email,
        primaryPhone: input.phone,
        name: input.name,
        passwordDigest: password === undefined ? undefined : hashPasswordSync(password),
        suspended: input.suspended ?? false,
        totp: totpSecret === undefined ? undefined : { secret: totpSecret },
        backupCodes: backupCodes?.map((code) => ({ code, used: false })),
        createdAt: clock.now(),
      });
      return {
        id: user.id,
        ...(input.username !== undefined ? { username: input.username } : {}),
        ...(input.email !== undefined ? { email: input.email } : {}),
        ...(input.phone !== undefined ? { phone: input.phone } : {}),
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(password !== undefined ? { password } : {}),
        ...(totpSecret !== undefined ? { totpSecret } : {}),
        ...(backupCodes !== undefined ? { backupCodes: [...backupCodes] } : {}),
        suspended: user.suspended,
      };
    },
    findUser: (query) => {
      const { users } = state;
      const user =
        (query.id !== undefined ? users.byId(query.id) : undefined) ??
        (query.username !== undefined ? users.byUsername(query.username) : undefined) ??
        (query.email !== undefined ? users.byEmail(query.email) : undefined) ??
        (query.phone !== undefined ? users.byPhone(query.phone) : undefined);
      return user && snapshot(user);
    },
    addSocialConnector: (input = {}) =>
      addConnector('social', checkSocialConnectorInput(input, 'addSocialConnector')),
    addSsoConnector: (input) => addConnector('sso', checkSsoConnectorInput(input, 'addSsoConnector')),
    createOneTimeToken: (input) => state.tokens.create(checkOneTimeToken(input, 'createOneTimeToken')),
    authorizationCode: (code) => {
      const found = state.authorizationCodes.get(code);
      return found && { ...found };
    },
  };
}

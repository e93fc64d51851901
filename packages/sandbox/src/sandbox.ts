import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, createClock, isClock } from './clock.js';
import { applyConfig, defaultConfig, type SandboxConfig, type SandboxConfigUpdate } from './config.js';
import { hashPasswordSync } from './crypto/password.js';
import { randomHex, randomId, randomSecret, randomTotpSecret } from './crypto/random.js';
import { assertTotpSecret, totpCode } from './crypto/totp.js';
import {
  type AppCredentials,
  type AppInput,
  type ConnectorInfo,
  type EquinixUserCredentials,
  type EquinixUserInput,
  equinixCredentials,
  type LogtoUserCredentials,
  type LogtoUserInput,
  type LogtoUserSnapshot,
  type M2mAppCredentials,
  type M2mAppInput,
  type OneTimeTokenInput,
  type SftpgoAccountCredentials,
  type SftpgoAccountInput,
  type SocialConnectorInput,
  type SsoConnectorInput,
} from './entities.js';
import { createEquinixState, newRecoveryCodes } from './equinix.js';
import { consoleLogger, type Logger } from './log.js';
import type { OneTimeToken } from './logto/one-time-tokens.js';
import { type AuthorizationCode, type Connector, createLogtoState } from './logto/state.js';
import { type StoredUser, userMfaFactors } from './logto/users.js';
import { MemoryOutbox, type Outbox } from './outbox.js';
import { applySeed, loadSeed, type SandboxSeed, type SeededEntities } from './seed.js';
import { bindApis, createRequestListener, type ResponseViolation } from './server.js';
import { createSftpgoState, type SftpgoRole } from './sftpgo.js';
import type { SandboxState } from './state.js';

export interface SandboxOptions {
  /** Port to listen on; default 0 (the OS picks a free one). */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** A clock, or a start time (epoch ms / Date) for a clock that then runs with real time. */
  clock?: Clock | number | Date;
  /** Entities to create at start: a seed object or the path of a JSON seed file. */
  seed?: SandboxSeed | string;
  /** Check every response against the spec and record mismatches in `responseViolations`. */
  validateResponses?: boolean;
  /** Initial settings (see `configure`). */
  config?: SandboxConfigUpdate;
  /** Largest request body accepted, bytes; default 1 MiB (larger: 413). */
  maxBodyBytes?: number;
  /** Log sink; default stderr; `false` silences the sandbox. Lines never contain secrets. */
  logger?: Logger | false;
  /** Log one line per request (operation, status, duration); default false. */
  logRequests?: boolean;
  /**
   * Host name to put in the URLs the sandbox hands out (`url`, `redirectTo`, links), e.g.
   * `localhost`: browsers accept a WebAuthn relying party on `localhost` but not on an IP
   * address. The sandbox still listens on `host`.
   */
  publicHost?: string;
  /** A folder with a built sign-in page to serve at `/sign-in/`, same-origin with the APIs. */
  signInPage?: string;
}

export interface SandboxUrls {
  /** Logto tenant origin (`/oidc/*`, `/api/one-time-tokens`, `/api/experience`). */
  logto: string;
  /** Equinix Metal API base URL (`${url}/metal/v1`). */
  equinix: string;
  /** SFTPGo REST API base URL (`${url}/api/v2`). */
  sftpgo: string;
}

export interface Sandbox {
  /** The origin the sandbox listens on, e.g. `http://127.0.0.1:43123`. */
  readonly url: string;
  readonly urls: SandboxUrls;
  readonly clock: Clock;
  /** Codes the sandbox "sent" by email or SMS. */
  readonly outbox: Outbox;
  /** Responses that did not match the spec (only recorded with `validateResponses`). */
  readonly responseViolations: readonly ResponseViolation[];
  /** What the start-up seed created, secrets included. */
  readonly seeded: SeededEntities;
  /** The current settings (a copy). */
  readonly config: SandboxConfig;
  configure(update: SandboxConfigUpdate): void;
  /** The current TOTP code of a Base32 secret, at the sandbox clock (or at `at`, epoch ms). */
  totp(secret: string, at?: number): string;
  addM2mApp(input?: M2mAppInput): M2mAppCredentials;
  /** Registers an application that signs users in (authorization-code flow). */
  addApp(input: AppInput): AppCredentials;
  addUser(input?: LogtoUserInput): LogtoUserCredentials;
  /** A Logto user by ID, username, email or phone. */
  findUser(query: {
    id?: string;
    username?: string;
    email?: string;
    phone?: string;
  }): LogtoUserSnapshot | undefined;
  addSocialConnector(input?: SocialConnectorInput): ConnectorInfo;
  addSsoConnector(input: SsoConnectorInput): ConnectorInfo;
  /** Issues a one-time token directly (as `POST /api/one-time-tokens` would). */
  createOneTimeToken(input: OneTimeTokenInput): OneTimeToken;
  /** Who an OIDC authorization code (from the final redirect) was issued to. */
  authorizationCode(code: string): Readonly<AuthorizationCode> | undefined;
  addEquinixUser(input?: EquinixUserInput): EquinixUserCredentials;
  addSftpgoAdmin(input: SftpgoAccountInput): SftpgoAccountCredentials;
  addSftpgoUser(input: SftpgoAccountInput): SftpgoAccountCredentials;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

const resolveClock = (clock: SandboxOptions['clock']): Clock =>
  isClock(clock) ? clock : createClock(clock === undefined ? {} : { start: clock });

const originOf = (address: AddressInfo) => {
  const host =
    address.address === '0.0.0.0'
      ? '127.0.0.1'
      : address.address === '::'
        ? '[::1]'
        : address.family === 'IPv6'
          ? `[${address.address}]`
          : address.address;
  return `http://${host}:${address.port}`;
};

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
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
    createdAt: user.createdAt,
  };
}

const connectorInfo = (c: Connector): ConnectorInfo => ({
  connectorId: c.id,
  kind: c.kind,
  identity: { ...c.identity },
  domains: [...c.domains],
});

/** Starts a sandbox serving Logto, Equinix Metal OTP and SFTPGo token APIs on one origin. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = resolveClock(options.clock);
  const config = defaultConfig();
  applyConfig(config, options.config ?? {});
  const state: SandboxState = {
    clock,
    config,
    outbox: new MemoryOutbox(clock),
    origin: '',
    logto: await createLogtoState(clock, config),
    equinix: createEquinixState(),
    sftpgo: createSftpgoState(),
  };
  const seed = options.seed === undefined ? undefined : await loadSeed(options.seed);
  const apis = await bindApis();
  const violations: ResponseViolation[] = [];
  const logger = options.logger === false ? undefined : (options.logger ?? consoleLogger);
  const server = createServer(
    createRequestListener(
      state,
      apis,
      {
        maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
        validateResponses: () => options.validateResponses === true,
        logger,
        logRequests: options.logRequests === true,
        signInPage: options.signInPage,
      },
      violations,
    ),
  );
  const address = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  state.origin = options.publicHost ? `http://${options.publicHost}:${address.port}` : originOf(address);

  const addSftpgoAccount = (role: SftpgoRole, input: SftpgoAccountInput): SftpgoAccountCredentials => {
    const map = role === 'admin' ? state.sftpgo.admins : state.sftpgo.users;
    if (!input.username) throw new TypeError('An SFTPGo account needs a username');
    if (map.has(input.username)) throw new Error(`An SFTPGo ${role} named ${input.username} already exists`);
    const password = input.password ?? randomSecret(20);
    const totpSecret = input.totpSecret === true ? randomTotpSecret() : input.totpSecret;
    if (totpSecret !== undefined) assertTotpSecret(totpSecret);
    map.set(input.username, {
      username: input.username,
      passwordDigest: hashPasswordSync(password),
      role,
      totpSecret,
    });
    return { username: input.username, password, role, ...(totpSecret ? { totpSecret } : {}) };
  };

  const addConnector = (kind: Connector['kind'], input: SocialConnectorInput & { domains?: string[] }) => {
    const id = input.connectorId ?? `${kind}-${randomId(8)}`;
    if (state.logto.connectors.has(id)) throw new Error(`A connector with ID ${id} already exists`);
    const connector: Connector = {
      id,
      kind,
      identity: { ...input.identity, id: input.identity?.id ?? randomId(16) },
      domains: input.domains ?? [],
    };
    state.logto.connectors.set(id, connector);
    return connectorInfo(connector);
  };

  let closed: Promise<void> | undefined;
  const sandbox: Sandbox = {
    url: state.origin,
    urls: { logto: state.origin, equinix: `${state.origin}/metal/v1`, sftpgo: `${state.origin}/api/v2` },
    clock,
    outbox: state.outbox,
    responseViolations: violations,
    seeded: {
      m2mApps: [],
      apps: [],
      users: [],
      connectors: [],
      oneTimeTokens: [],
      equinixUsers: [],
      sftpgoAdmins: [],
      sftpgoUsers: [],
    },
    get config() {
      return structuredClone(config);
    },
    configure: (update) => applyConfig(config, update),
    totp: (secret, at) => totpCode(secret, at ?? clock.now()),
    addM2mApp: (input = {}) => {
      const app = {
        clientId: input.clientId ?? randomId(),
        clientSecret: input.clientSecret ?? randomSecret(32),
        scopes: [...(input.scopes ?? ['all'])],
      };
      if (state.logto.apps.has(app.clientId))
        throw new Error(`An app with client ID ${app.clientId} already exists`);
      state.logto.apps.set(app.clientId, app);
      return { ...app, scopes: [...app.scopes] };
    },
    addApp: (input) => {
      const type = input?.type ?? 'SPA';
      if (!['SPA', 'Native', 'Traditional'].includes(type))
        throw new TypeError('addApp: type must be SPA, Native or Traditional');
      const redirectUris = input?.redirectUris;
      if (!Array.isArray(redirectUris) || redirectUris.length === 0)
        throw new TypeError('addApp: redirectUris must list at least one redirect URI');
      for (const uri of redirectUris) {
        const absolute = typeof uri === 'string' && (uri.startsWith('/') || URL.canParse(uri));
        if (!absolute || (URL.canParse(uri) && new URL(uri).hash))
          throw new TypeError(
            `addApp: redirect URI ${JSON.stringify(uri)} must be an absolute URL or a path, without a fragment`,
          );
      }
      if (type !== 'Traditional' && input.clientSecret !== undefined)
        throw new TypeError(`addApp: a ${type} app is a public client and has no secret`);
      const app = {
        clientId: input.clientId ?? randomId(),
        ...(type === 'Traditional' ? { clientSecret: input.clientSecret ?? randomSecret(32) } : {}),
        type,
        name: input.name ?? `${type} app`,
        redirectUris: [...redirectUris],
        isThirdParty: input.isThirdParty ?? false,
      };
      if (state.logto.clients.has(app.clientId) || state.logto.apps.has(app.clientId))
        throw new Error(`An app with client ID ${app.clientId} already exists`);
      state.logto.clients.set(app.clientId, app);
      return { ...app, redirectUris: [...app.redirectUris] };
    },
    addUser: (input = {}) => {
      const password = input.password === undefined ? randomSecret(20) : (input.password ?? undefined);
      const totpSecret = input.totpSecret === true ? randomTotpSecret() : input.totpSecret;
      if (totpSecret !== undefined) assertTotpSecret(totpSecret);
      const backupCodes =
        input.backupCodes === true ? Array.from({ length: 10 }, () => randomHex(10)) : input.backupCodes;
      const user = state.logto.users.insert({
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
      const { users } = state.logto;
      const user =
        (query.id !== undefined ? users.byId(query.id) : undefined) ??
        (query.username !== undefined ? users.byUsername(query.username) : undefined) ??
        (query.email !== undefined ? users.byEmail(query.email) : undefined) ??
        (query.phone !== undefined ? users.byPhone(query.phone) : undefined);
      return user && snapshot(user);
    },
    addSocialConnector: (input = {}) => addConnector('social', input),
    addSsoConnector: (input) => addConnector('sso', input),
    createOneTimeToken: (input) => state.logto.tokens.create(input),
    authorizationCode: (code) => {
      const found = state.logto.authorizationCodes.get(code);
      return found && { ...found };
    },
    addEquinixUser: (input = {}) => {
      const authToken = input.authToken ?? randomSecret(40);
      if (state.equinix.users.has(authToken))
        throw new Error('An Equinix user with this API key already exists');
      const secret = input.totpSecret === null ? undefined : (input.totpSecret ?? randomTotpSecret());
      if (secret !== undefined) assertTotpSecret(secret);
      const user = {
        id: randomId(),
        authToken,
        totp: secret === undefined ? undefined : { secret },
        recoveryCodes: [...(input.recoveryCodes ?? (secret === undefined ? [] : newRecoveryCodes()))],
        phone: input.phone,
        smsCodes: [],
      };
      state.equinix.users.set(authToken, user);
      return equinixCredentials(user);
    },
    addSftpgoAdmin: (input) => addSftpgoAccount('admin', input),
    addSftpgoUser: (input) => addSftpgoAccount('user', input),
    close: () => {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
        // Requests still in flight get a moment to finish, then their connections go too.
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      });
      return closed;
    },
  };
  if (seed) {
    try {
      Object.assign(sandbox, { seeded: applySeed(sandbox, seed) });
    } catch (error) {
      await sandbox.close();
      throw error;
    }
  }
  return sandbox;
}

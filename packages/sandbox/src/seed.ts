import { readFile } from 'node:fs/promises';
import type { SandboxConfigUpdate } from './config.js';
import type {
  AppCredentials,
  AppInput,
  ConnectorInfo,
  EquinixUserCredentials,
  EquinixUserInput,
  LogtoUserCredentials,
  LogtoUserInput,
  M2mAppCredentials,
  M2mAppInput,
  OneTimeTokenInput,
  SftpgoAccountCredentials,
  SftpgoAccountInput,
  SocialConnectorInput,
  SsoConnectorInput,
} from './entities.js';
import type { OneTimeToken } from './logto/one-time-tokens.js';

/** Entities (and settings) to create when a sandbox starts; the JSON seed file has this shape. */
export interface SandboxSeed {
  config?: SandboxConfigUpdate;
  logto?: {
    m2mApps?: M2mAppInput[];
    apps?: AppInput[];
    users?: LogtoUserInput[];
    socialConnectors?: SocialConnectorInput[];
    ssoConnectors?: SsoConnectorInput[];
    oneTimeTokens?: OneTimeTokenInput[];
  };
  equinix?: { users?: EquinixUserInput[] };
  sftpgo?: { admins?: SftpgoAccountInput[]; users?: SftpgoAccountInput[] };
}

/** What a seed created, with every secret (generated ones included). */
export interface SeededEntities {
  m2mApps: M2mAppCredentials[];
  apps: AppCredentials[];
  users: LogtoUserCredentials[];
  connectors: ConnectorInfo[];
  oneTimeTokens: OneTimeToken[];
  equinixUsers: EquinixUserCredentials[];
  sftpgoAdmins: SftpgoAccountCredentials[];
  sftpgoUsers: SftpgoAccountCredentials[];
}

export interface SeedTarget {
  configure(update: SandboxConfigUpdate): void;
  addM2mApp(input?: M2mAppInput): M2mAppCredentials;
  addApp(input: AppInput): AppCredentials;
  addUser(input?: LogtoUserInput): LogtoUserCredentials;
  addSocialConnector(input?: SocialConnectorInput): ConnectorInfo;
  addSsoConnector(input: SsoConnectorInput): ConnectorInfo;
  createOneTimeToken(input: OneTimeTokenInput): OneTimeToken;
  addEquinixUser(input?: EquinixUserInput): EquinixUserCredentials;
  addSftpgoAdmin(input: SftpgoAccountInput): SftpgoAccountCredentials;
  addSftpgoUser(input: SftpgoAccountInput): SftpgoAccountCredentials;
}

const SHAPE: Record<string, Record<string, true> | true> = {
  config: true,
  logto: {
    m2mApps: true,
    apps: true,
    users: true,
    socialConnectors: true,
    ssoConnectors: true,
    oneTimeTokens: true,
  },
  equinix: { users: true },
  sftpgo: { admins: true, users: true },
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Rejects seeds with unknown sections or lists that are not arrays, naming the place. */
export function assertSeed(seed: unknown, source = 'seed'): asserts seed is SandboxSeed {
  if (!isObject(seed)) throw new TypeError(`${source}: the seed must be a JSON object`);
  for (const [section, value] of Object.entries(seed)) {
    const shape = SHAPE[section];
    if (!shape)
      throw new TypeError(
        `${source}: unknown section "${section}" (known: ${Object.keys(SHAPE).join(', ')})`,
      );
    if (!isObject(value)) throw new TypeError(`${source}: "${section}" must be an object`);
    if (shape === true) continue;
    for (const [list, items] of Object.entries(value)) {
      if (!shape[list]) throw new TypeError(`${source}: unknown list "${section}.${list}"`);
      if (!Array.isArray(items) || !items.every(isObject)) {
        throw new TypeError(`${source}: "${section}.${list}" must be an array of objects`);
      }
    }
  }
}

/** A seed object as is, or the JSON file at a path. */
export async function loadSeed(seed: SandboxSeed | string): Promise<SandboxSeed> {
  if (typeof seed !== 'string') {
    assertSeed(seed);
    return seed;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(seed, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the seed file ${seed}: ${(error as Error).message}`);
  }
  assertSeed(parsed, seed);
  return parsed;
}

export function applySeed(target: SeedTarget, seed: SandboxSeed): SeededEntities {
  if (seed.config) target.configure(seed.config);
  const { logto = {}, equinix = {}, sftpgo = {} } = seed;
  return {
    m2mApps: (logto.m2mApps ?? []).map((app) => target.addM2mApp(app)),
    apps: (logto.apps ?? []).map((app) => target.addApp(app)),
    users: (logto.users ?? []).map((user) => target.addUser(user)),
    connectors: [
      ...(logto.socialConnectors ?? []).map((c) => target.addSocialConnector(c)),
      ...(logto.ssoConnectors ?? []).map((c) => target.addSsoConnector(c)),
    ],
    oneTimeTokens: (logto.oneTimeTokens ?? []).map((t) => target.createOneTimeToken(t)),
    equinixUsers: (equinix.users ?? []).map((u) => target.addEquinixUser(u)),
    sftpgoAdmins: (sftpgo.admins ?? []).map((a) => target.addSftpgoAdmin(a)),
    sftpgoUsers: (sftpgo.users ?? []).map((u) => target.addSftpgoUser(u)),
  };
}

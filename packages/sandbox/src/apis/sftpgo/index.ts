// SFTPGo REST API v2: the token operations of admins and users.
import { hashPasswordSync } from '../../core/crypto/password.js';
import { randomSecret, randomTotpSecret } from '../../core/crypto/random.js';
import { assertTotpSecret } from '../../core/crypto/totp.js';
import { protocolRoutes } from '../../http/protocol-routes.js';
import { json } from '../../http/reply.js';
import type { RoutedRequest, SandboxModule } from '../../module.js';
import { specRoutes } from '../../spec/binding.js';
import { profileRoutes, sftpgoApi } from './api.js';
import { type SftpgoConfig, sftpgoConfig } from './config.js';
import {
  checkSftpgoAccountInput,
  type SftpgoAccountCredentials,
  type SftpgoAccountInput,
} from './entities.js';
import { accounts, createSftpgoState, type SftpgoCall, type SftpgoRole } from './state.js';

/** The SFTPGo methods of a sandbox. */
export interface SftpgoHelpers {
  /** Creates an SFTPGo admin (for `GET /api/v2/token`). */
  addSftpgoAdmin(input: SftpgoAccountInput): SftpgoAccountCredentials;
  /** Creates an SFTPGo user (for `GET /api/v2/user/token`). */
  addSftpgoUser(input: SftpgoAccountInput): SftpgoAccountCredentials;
}

/** The `sftpgo` member of a seed. */
export interface SftpgoSeedFile {
  /** SFTPGo admins and users. */
  sftpgo?: SftpgoSeed;
}

/** The `sftpgo` section of a seed. */
export interface SftpgoSeed {
  /** Admins (`addSftpgoAdmin` input). */
  admins?: SftpgoAccountInput[];
  /** Users (`addSftpgoUser` input). */
  users?: SftpgoAccountInput[];
}

/** The SFTPGo accounts a seed created. */
export interface SftpgoSeeded {
  /** Seeded SFTPGo admins, passwords included. */
  sftpgoAdmins: SftpgoAccountCredentials[];
  /** Seeded SFTPGo users, passwords included. */
  sftpgoUsers: SftpgoAccountCredentials[];
}

/** Where SFTPGo is served. */
export interface SftpgoUrls {
  /** SFTPGo REST API base URL (`${url}/api/v2`). */
  sftpgo: string;
}

export const sftpgo: SandboxModule<
  'sftpgo',
  SftpgoConfig,
  SftpgoSeedFile,
  SftpgoSeeded,
  SftpgoHelpers,
  SftpgoUrls
> = {
  name: 'sftpgo',
  mounts: [
    {
      prefix: '/api/v2',
      errors: {
        notFound: () => json(404, { message: 'Not Found', error: 'Not Found' }),
        methodNotAllowed: () => json(405, { message: 'Method Not Allowed', error: 'method not allowed' }),
        badRequest: (message) => json(400, { message, error: message }),
        payloadTooLarge: (limit) => {
          const message = `Request body exceeds ${limit} bytes`;
          return json(413, { message, error: message });
        },
        internalError: () => json(500, { message: '', error: 'Internal Server Error' }),
      },
    },
  ],
  urls: { sftpgo: '/api/v2' },
  config: sftpgoConfig,
  async start(context, config) {
    const state = createSftpgoState();
    const callOf = (request: RoutedRequest): SftpgoCall => ({
      state,
      config,
      sandbox: context,
      headers: request.headers,
    });
    const addAccount = (role: SftpgoRole, input: SftpgoAccountInput): SftpgoAccountCredentials => {
      checkSftpgoAccountInput(input, role === 'admin' ? 'addSftpgoAdmin' : 'addSftpgoUser');
      const map = accounts(state, role);
      if (map.has(input.username))
        throw new Error(`An SFTPGo ${role} named ${input.username} already exists`);
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
    return {
      routes: [...(await specRoutes(sftpgoApi, context, callOf)), ...protocolRoutes(profileRoutes, callOf)],
      helpers: {
        addSftpgoAdmin: (input) => addAccount('admin', input),
        addSftpgoUser: (input) => addAccount('user', input),
      },
    };
  },
  seed: {
    checks: async () => ({ admins: checkSftpgoAccountInput, users: checkSftpgoAccountInput }),
    apply: (helpers, seed) => ({
      sftpgoAdmins: (seed.admins ?? []).map((a) => helpers.addSftpgoAdmin(a)),
      sftpgoUsers: (seed.users ?? []).map((u) => helpers.addSftpgoUser(u)),
    }),
    empty: () => ({ sftpgoAdmins: [], sftpgoUsers: [] }),
  },
  cli: {
    banner: [{ title: 'SFTPGo', url: '/api/v2' }],
    describe: (seeded) =>
      [...seeded.sftpgoAdmins, ...seeded.sftpgoUsers].map((account) => {
        const totp = account.totpSecret ? ` totp_secret=${account.totpSecret}` : '';
        return `SFTPGo ${account.role.padEnd(12)}username=${account.username} password=${account.password}${totp}`;
      }),
  },
};

// Equinix Metal API v1: the user's OTP operations (a service retired on 2026-06-30).
import { randomId, randomSecret, randomTotpSecret } from '../../core/crypto/random.js';
import { assertTotpSecret } from '../../core/crypto/totp.js';
import { json } from '../../http/reply.js';
import type { RoutedRequest, SandboxModule } from '../../module.js';
import { specRoutes } from '../../spec/binding.js';
import { equinixApi } from './api.js';
import { type EquinixConfig, equinixConfig } from './config.js';
import {
  checkEquinixUserInput,
  type EquinixUserCredentials,
  type EquinixUserInput,
  equinixCredentials,
} from './entities.js';
import { createEquinixState, type EquinixCall, newRecoveryCodes } from './state.js';

/** The Equinix Metal methods of a sandbox. */
export interface EquinixHelpers {
  /** Creates an Equinix Metal user (2FA on with a fresh secret unless `totpSecret: null`). */
  addEquinixUser(input?: EquinixUserInput): EquinixUserCredentials;
}

/** The `equinix` member of a seed. */
export interface EquinixSeedFile {
  /** Equinix Metal users. */
  equinix?: EquinixSeed;
}

/** The `equinix` section of a seed. */
export interface EquinixSeed {
  /** Users (`addEquinixUser` input). */
  users?: EquinixUserInput[];
}

/** The Equinix Metal entities a seed created. */
export interface EquinixSeeded {
  /** Seeded Equinix Metal users, secrets included. */
  equinixUsers: EquinixUserCredentials[];
}

/** Where Equinix Metal is served. */
export interface EquinixUrls {
  /** Equinix Metal API base URL (`${url}/metal/v1`). */
  equinix: string;
}

export const equinix: SandboxModule<
  'equinix',
  EquinixConfig,
  EquinixSeedFile,
  EquinixSeeded,
  EquinixHelpers,
  EquinixUrls
> = {
  name: 'equinix',
  mounts: [
    {
      prefix: '/metal/v1',
      errors: {
        notFound: () => json(404, { error: 'Not found' }),
        methodNotAllowed: () => json(405, { error: 'Method not allowed' }),
        badRequest: (message) => json(400, { errors: [message] }),
        payloadTooLarge: (limit) => json(413, { errors: [`Request body exceeds ${limit} bytes`] }),
        internalError: () => json(500, { error: 'Internal server error' }),
      },
    },
  ],
  urls: { equinix: '/metal/v1' },
  config: equinixConfig,
  async start(context, config) {
    const state = createEquinixState();
    const callOf = (request: RoutedRequest): EquinixCall => ({
      state,
      config,
      sandbox: context,
      headers: request.headers,
    });
    return {
      routes: await specRoutes(equinixApi, context, callOf),
      helpers: {
        addEquinixUser: (input = {}) => {
          checkEquinixUserInput(input, 'addEquinixUser');
          const authToken = input.authToken ?? randomSecret(40);
          if (state.users.has(authToken)) throw new Error('An Equinix user with this API key already exists');
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
          state.users.set(authToken, user);
          return equinixCredentials(user);
        },
      },
    };
  },
  seed: {
    checks: async () => ({ users: checkEquinixUserInput }),
    apply: (helpers, seed) => ({ equinixUsers: (seed.users ?? []).map((u) => helpers.addEquinixUser(u)) }),
    empty: () => ({ equinixUsers: [] }),
  },
  cli: {
    banner: [{ title: 'Equinix Metal', url: '/metal/v1' }],
    describe: (seeded) =>
      seeded.equinixUsers.map((user) => {
        const totp = user.totpSecret ? ` totp_secret=${user.totpSecret}` : '';
        return `Equinix user       X-Auth-Token=${user.authToken}${totp} recovery_codes=${user.recoveryCodes.join(',')}`;
      }),
  },
};

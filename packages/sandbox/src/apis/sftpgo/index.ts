// SFTPGo REST API v2: the token operations of admins and users, their profiles, API keys.
import { protocolRoutes } from '../../http/protocol-routes.js';
import { json } from '../../http/reply.js';
import type { RoutedRequest, SandboxModule } from '../../module.js';
import { specRoutes } from '../../spec/binding.js';
import { profileRoutes, sftpgoApi } from './api.js';
import { clientIpOf, remoteAddrOf } from './client-ip.js';
import { type SftpgoConfig, sftpgoConfig } from './config.js';
import { guardedRoutes } from './connection-guard.js';
import {
  checkSftpgoAccountInput,
  checkSftpgoApiKeyInput,
  type SftpgoAccountCredentials,
  type SftpgoAccountInput,
  type SftpgoApiKeyCredentials,
  type SftpgoApiKeyInput,
} from './entities.js';
import { addAccount, addApiKey } from './helpers.js';
import { createSftpgoState, type SftpgoCall } from './state.js';

/** The SFTPGo methods of a sandbox. */
export interface SftpgoHelpers {
  /** Creates an SFTPGo admin (for `GET /api/v2/token`). */
  addSftpgoAdmin(input: SftpgoAccountInput): SftpgoAccountCredentials;
  /** Creates an SFTPGo user (for `GET /api/v2/user/token`). */
  addSftpgoUser(input: SftpgoAccountInput): SftpgoAccountCredentials;
  /**
   * Creates an API key for admin or user routes (`X-SFTPGO-API-KEY`), bound to an account or
   * not; it authenticates only accounts with `allowApiKeyAuth`.
   */
  addSftpgoApiKey(input: SftpgoApiKeyInput): SftpgoApiKeyCredentials;
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
  /** API keys (`addSftpgoApiKey` input), created after the accounts. */
  apiKeys?: SftpgoApiKeyInput[];
}

/** The SFTPGo accounts a seed created. */
export interface SftpgoSeeded {
  /** Seeded SFTPGo admins, passwords included. */
  sftpgoAdmins: SftpgoAccountCredentials[];
  /** Seeded SFTPGo users, passwords included. */
  sftpgoUsers: SftpgoAccountCredentials[];
  /** Seeded SFTPGo API keys, keys included. */
  sftpgoApiKeys: SftpgoApiKeyCredentials[];
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
      // render.JSON (go-chi/render) writes no charset.
      jsonContentType: 'application/json',
      // internal/httpd/server.go routes behind middleware.StripSlashes.
      trailingSlashes: 'one',
      errors: {
        notFound: () => json(404, { message: 'Not Found' }),
        // SFTPGo's router answers other methods with an empty body.
        methodNotAllowed: () => ({ status: 405 }),
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
      clientIp: clientIpOf(request.remoteAddress, request.headers, config.sftpgoProxy),
      remoteAddr: remoteAddrOf(
        request.remoteAddress,
        request.remotePort,
        request.headers,
        config.sftpgoProxy,
      ),
    });
    const routes = [
      ...(await specRoutes(sftpgoApi, context, callOf)),
      ...protocolRoutes(profileRoutes, callOf),
    ];
    return {
      routes: guardedRoutes(routes, callOf),
      helpers: {
        addSftpgoAdmin: (input) => addAccount(state, config, 'admin', input),
        addSftpgoUser: (input) => addAccount(state, config, 'user', input),
        addSftpgoApiKey: (input) => addApiKey(state, input),
      },
    };
  },
  seed: {
    checks: async () => ({
      admins: checkSftpgoAccountInput,
      users: checkSftpgoAccountInput,
      apiKeys: checkSftpgoApiKeyInput,
    }),
    apply: (helpers, seed) => ({
      sftpgoAdmins: (seed.admins ?? []).map((a) => helpers.addSftpgoAdmin(a)),
      sftpgoUsers: (seed.users ?? []).map((u) => helpers.addSftpgoUser(u)),
      // After the accounts: a bound key names one.
      sftpgoApiKeys: (seed.apiKeys ?? []).map((k) => helpers.addSftpgoApiKey(k)),
    }),
    empty: () => ({ sftpgoAdmins: [], sftpgoUsers: [], sftpgoApiKeys: [] }),
  },
  cli: {
    banner: [{ title: 'SFTPGo', url: '/api/v2' }],
    describe: (seeded) => [
      ...[...seeded.sftpgoAdmins, ...seeded.sftpgoUsers].map((account) => {
        const totp = account.totpSecret ? ` totp_secret=${account.totpSecret}` : '';
        return `SFTPGo ${account.role.padEnd(12)}username=${account.username} password=${account.password}${totp}`;
      }),
      ...seeded.sftpgoApiKeys.map((apiKey) => {
        const bound = apiKey.username ? `username=${apiKey.username}` : 'unbound (send <key>.<username>)';
        return `SFTPGo ${`${apiKey.role} key`.padEnd(12)}${bound} key=${apiKey.key}`;
      }),
    ],
  },
};

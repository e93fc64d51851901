// Logto: the Management API's one-time tokens and its token endpoint, the OIDC
// authorization-code flow that starts and ends an interaction, the Experience API, plus the fake
// identity providers and the sign-in page that a tenant's users meet on the way.
import { randomUUID } from 'node:crypto';
import { protocolRoutes } from '../../http/protocol-routes.js';
import { sandboxErrors } from '../../http/sandbox-errors.js';
import type { ModuleContext, RoutedRequest, SandboxModule } from '../../module.js';
import { specRoutes } from '../../spec/binding.js';
import { compileDocument, specBodyCheck } from '../../spec/compile.js';
import { assetRoutes } from './assets.js';
import { type LogtoConfig, logtoConfig } from './config.js';
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
  type M2mAppCredentials,
  type M2mAppInput,
  type OneTimeTokenInput,
  type SocialConnectorInput,
  type SsoConnectorInput,
} from './entities.js';
import { logtoMountErrors } from './errors.js';
import { experienceApi } from './experience/api.js';
import { fakeIdpRoutes } from './fake-idp.js';
import { type LogtoHelpers, logtoHelpers } from './helpers.js';
import { managementApi } from './management/api.js';
import { oidcRoutes } from './oidc/routes.js';
import { signInPageRoutes } from './sign-in-page.js';
import type { OneTimeToken } from './spec.js';
import { createLogtoState, type LogtoCall } from './state.js';

/** The `logto` member of a seed. */
export interface LogtoSeedFile {
  /** Logto apps, users, connectors and one-time tokens. */
  logto?: LogtoSeed;
}

/** The `logto` section of a seed. */
export interface LogtoSeed {
  /** Machine-to-machine apps (`addM2mApp` input). */
  m2mApps?: M2mAppInput[];
  /** Applications that sign users in (`addApp` input). */
  apps?: AppInput[];
  /** Users (`addUser` input). */
  users?: LogtoUserInput[];
  /** Fake social identity providers (`addSocialConnector` input). */
  socialConnectors?: SocialConnectorInput[];
  /** Fake enterprise SSO providers (`addSsoConnector` input). */
  ssoConnectors?: SsoConnectorInput[];
  /** One-time tokens (`createOneTimeToken` input). */
  oneTimeTokens?: OneTimeTokenInput[];
}

/** The Logto entities a seed created, secrets included. */
export interface LogtoSeeded {
  /** Seeded machine-to-machine apps. */
  m2mApps: M2mAppCredentials[];
  /** Seeded applications that sign users in. */
  apps: AppCredentials[];
  /** Seeded users. */
  users: LogtoUserCredentials[];
  /** Seeded social and SSO connectors. */
  connectors: ConnectorInfo[];
  /** Seeded one-time tokens. */
  oneTimeTokens: OneTimeToken[];
}

/** Where the Logto APIs are served. */
export interface LogtoUrls {
  /** Logto tenant origin (`/oidc/*`, `/api/one-time-tokens`, `/api/experience`). */
  logto: string;
}

// Logto answers every request with the id to report in this header.
const requestId = () => ({ 'Logto-Core-Request-Id': randomUUID() });

export const logto: SandboxModule<'logto', LogtoConfig, LogtoSeedFile, LogtoSeeded, LogtoHelpers, LogtoUrls> =
  {
    name: 'logto',
    mounts: [
      { prefix: '/api', errors: logtoMountErrors, headers: requestId },
      { prefix: '/oidc', errors: logtoMountErrors, headers: requestId },
      // Logto's consent hop between submit and the redirect to the application.
      { prefix: '/consent', errors: logtoMountErrors, headers: requestId },
      { prefix: '/fake-idp', errors: sandboxErrors },
      { prefix: '/sign-in', errors: sandboxErrors },
      // The sandbox's storage provider: uploaded avatars.
      { prefix: '/user-assets', errors: sandboxErrors },
    ],
    urls: { logto: '' },
    config: logtoConfig,
    async start(context: ModuleContext, config: LogtoConfig) {
      const state = await createLogtoState(context.clock, config);
      const callOf = (request: RoutedRequest): LogtoCall => ({
        state,
        config,
        sandbox: context,
        headers: request.headers,
      });
      const management = await compileDocument('logto-one-time-tokens');
      return {
        routes: [
          ...(await specRoutes(managementApi, context, callOf)),
          ...(await specRoutes(experienceApi, context, callOf)),
          ...protocolRoutes([...oidcRoutes, ...fakeIdpRoutes, ...signInPageRoutes, ...assetRoutes], callOf),
        ],
        helpers: logtoHelpers(
          state,
          context.clock,
          specBodyCheck<OneTimeTokenInput>(management, 'AddOneTimeTokens'),
        ),
      };
    },
    seed: {
      checks: async () => ({
        m2mApps: checkM2mAppInput,
        apps: checkAppInput,
        users: checkUserInput,
        socialConnectors: checkSocialConnectorInput,
        ssoConnectors: checkSsoConnectorInput,
        oneTimeTokens: specBodyCheck(await compileDocument('logto-one-time-tokens'), 'AddOneTimeTokens'),
      }),
      apply: (helpers, seed) => ({
        m2mApps: (seed.m2mApps ?? []).map((app) => helpers.addM2mApp(app)),
        apps: (seed.apps ?? []).map((app) => helpers.addApp(app)),
        users: (seed.users ?? []).map((user) => helpers.addUser(user)),
        connectors: [
          ...(seed.socialConnectors ?? []).map((c) => helpers.addSocialConnector(c)),
          ...(seed.ssoConnectors ?? []).map((c) => helpers.addSsoConnector(c)),
        ],
        oneTimeTokens: (seed.oneTimeTokens ?? []).map((t) => helpers.createOneTimeToken(t)),
      }),
      empty: () => ({ m2mApps: [], apps: [], users: [], connectors: [], oneTimeTokens: [] }),
    },
    cli: {
      banner: [
        {
          title: 'Logto',
          url: '',
          note: '(/oidc/token, /oidc/auth, /oidc/.well-known/openid-configuration, /api/one-time-tokens, /api/experience)',
        },
      ],
      describe: (seeded) => [
        ...seeded.m2mApps.map(
          (app) =>
            `Logto M2M app      client_id=${app.clientId} client_secret=${app.clientSecret} scopes=${app.scopes.join(' ')}`,
        ),
        ...seeded.apps.map((app) => {
          const secret = app.clientSecret ? ` client_secret=${app.clientSecret}` : '';
          return `Logto ${app.type} app  client_id=${app.clientId}${secret} redirect_uris=${app.redirectUris.join(',')}`;
        }),
        ...seeded.users.map((user) => {
          const parts = [`id=${user.id}`];
          if (user.username) parts.push(`username=${user.username}`);
          if (user.email) parts.push(`email=${user.email}`);
          if (user.password) parts.push(`password=${user.password}`);
          if (user.totpSecret) parts.push(`totp_secret=${user.totpSecret}`);
          if (user.backupCodes) parts.push(`backup_codes=${user.backupCodes.join(',')}`);
          return `Logto user         ${parts.join(' ')}`;
        }),
        ...seeded.connectors.map((connector) => {
          const domains = connector.domains.length > 0 ? ` domains=${connector.domains.join(',')}` : '';
          return `Logto ${connector.kind === 'sso' ? 'SSO' : 'social'} connector ${connector.connectorId}${domains}`;
        }),
      ],
    },
  };

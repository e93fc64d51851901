import { type CryptoKey, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Clock } from '../clock.js';
import type { SandboxConfig } from '../config.js';
import { randomId } from '../crypto/random.js';
import type { InteractionEvent } from '../outbox.js';
import type { Interaction } from './experience/interaction.js';
import { OneTimeTokenStore } from './one-time-tokens.js';
import { type SocialIdentity, UserStore } from './users.js';

export interface M2mApp {
  clientId: string;
  clientSecret: string;
  /** Management API scopes the app may request (`all` grants everything). */
  scopes: string[];
}

/** An application that signs users in (OIDC authorization-code flow). */
export interface OidcApp {
  clientId: string;
  /** Only confidential (`Traditional`) applications have one. */
  clientSecret?: string;
  /** `SPA` and `Native` are public clients (PKCE required); `Traditional` is confidential. */
  type: 'SPA' | 'Native' | 'Traditional';
  name: string;
  /** Registered redirect URIs; one written as a path is under the sandbox's origin. */
  redirectUris: string[];
  /** A third-party application's users must consent on a page (no headless consent). */
  isThirdParty: boolean;
}

/** A fake social or enterprise SSO connector (see README: "Fake social and SSO providers"). */
export interface Connector {
  id: string;
  kind: 'social' | 'sso';
  /** The identity the fake provider vouches for, unless the authorization URL overrides it. */
  identity: SocialIdentity;
  /** Email domains that select this SSO connector (SSO only). */
  domains: string[];
}

/** An authorization code issued by a fake provider's authorize route. */
export interface ProviderCode {
  code: string;
  connectorId: string;
  kind: 'social' | 'sso';
  state?: string;
  redirectUri: string;
  identity: SocialIdentity;
  issuedAt: number;
  used: boolean;
}

/** An OIDC authorization code, issued when a finished interaction returns to the client. */
export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  userId: string;
  interactionEvent: InteractionEvent;
  scope?: string;
  /** The PKCE S256 challenge of the authorization request. */
  codeChallenge?: string | undefined;
  nonce?: string | undefined;
  resource?: string | undefined;
  issuedAt: number;
  /** Codes are single-use. */
  used: boolean;
}

export interface SigningKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
  kid: string;
}

export interface LogtoState {
  users: UserStore;
  apps: Map<string, M2mApp>;
  /** Applications that sign users in, by client ID. */
  clients: Map<string, OidcApp>;
  tokens: OneTimeTokenStore;
  interactions: Map<string, Interaction>;
  connectors: Map<string, Connector>;
  providerCodes: Map<string, ProviderCode>;
  authorizationCodes: Map<string, AuthorizationCode>;
  keys: SigningKeys;
}

export async function createLogtoState(clock: Clock, config: SandboxConfig): Promise<LogtoState> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomId(16);
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return {
    users: new UserStore(),
    apps: new Map(),
    clients: new Map(),
    tokens: new OneTimeTokenStore(clock, config),
    interactions: new Map(),
    connectors: new Map(),
    providerCodes: new Map(),
    authorizationCodes: new Map(),
    keys: { privateKey, publicKey, publicJwk, kid },
  };
}

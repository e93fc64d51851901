import type { IncomingHttpHeaders } from 'node:http';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Clock } from '../../core/clock.js';
import { randomId } from '../../core/crypto/random.js';
import type { ModuleContext } from '../../module.js';
import type { LogtoConfig } from './config.js';
import type { AppType, SocialIdentity } from './entities.js';
import { MessageRateGuard } from './experience/message-rate-guard.js';
import type { Interaction } from './experience/records.js';
import { IdentifierSentinel } from './experience/sentinel.js';
import { OneTimeTokenStore } from './one-time-tokens.js';
import type { InteractionEvent } from './spec.js';
import { UserStore } from './users.js';
import { type AccessTokenClaims, VerifiedTokens } from './verified-tokens.js';

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
  type: AppType;
  /** Display name (the consent page shows it). */
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
  /** The code of the final redirect. */
  code: string;
  /** The client of the authorization request. */
  clientId: string;
  /** Where the browser was sent with the code. */
  redirectUri: string;
  /** The user who signed in (or registered). */
  userId: string;
  /** The kind of the interaction that ended with this code. */
  interactionEvent: InteractionEvent;
  /** The scope of the authorization request. */
  scope?: string;
  /** The PKCE S256 challenge of the authorization request. */
  codeChallenge?: string | undefined;
  /** The `nonce` of the authorization request, echoed in the ID token. */
  nonce?: string | undefined;
  /** The API the access token is for (`resource`); without one, the token is opaque. */
  resource?: string | undefined;
  /** When the code was issued, sandbox clock (epoch ms). */
  issuedAt: number;
  /** Codes are single-use. */
  used: boolean;
}

/** An uploaded image, as the sandbox's storage provider keeps it (served by assets.ts). */
export interface StoredAsset {
  contentType: string;
  data: Uint8Array;
}

export interface SigningKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
  kid: string;
}

export interface LogtoState {
  users: UserStore;
  /** Machine-to-machine apps, by client ID. */
  apps: Map<string, M2mApp>;
  /** Applications that sign users in, by client ID. */
  clients: Map<string, OidcApp>;
  tokens: OneTimeTokenStore;
  interactions: Map<string, Interaction>;
  connectors: Map<string, Connector>;
  providerCodes: Map<string, ProviderCode>;
  authorizationCodes: Map<string, AuthorizationCode>;
  keys: SigningKeys;
  /** Access tokens already verified, so that each request does not check a signature again. */
  verifiedTokens: VerifiedTokens<AccessTokenClaims>;
  /** Failed verifications and lockouts, per identifier (tenant-wide, like Logto's). */
  sentinel: IdentifierSentinel;
  /** Recent verification-code sends, per recipient. */
  messageRate: MessageRateGuard;
  /** Uploaded avatars by asset ID (the file name of their URL). */
  assets: Map<string, StoredAsset>;
}

/** What every Logto handler receives: the tenant's state and settings, and the sandbox's. */
export interface LogtoCall {
  state: LogtoState;
  config: LogtoConfig;
  sandbox: ModuleContext;
  /** The raw request headers (lower-case names). */
  headers: IncomingHttpHeaders;
}

export async function createLogtoState(clock: Clock, config: LogtoConfig): Promise<LogtoState> {
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
    verifiedTokens: new VerifiedTokens(),
    sentinel: new IdentifierSentinel(clock),
    messageRate: new MessageRateGuard(clock),
    assets: new Map(),
  };
}

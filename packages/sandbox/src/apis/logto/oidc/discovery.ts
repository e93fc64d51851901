import { json, type Reply } from '../../../http/reply.js';
import { oidcIssuer } from '../access-tokens.js';
import type { LogtoCall } from '../state.js';

/** `GET /oidc/.well-known/openid-configuration`: what the emulated provider supports. */
export function discovery(call: LogtoCall): Reply {
  const issuer = oidcIssuer(call);
  return json(200, {
    issuer,
    authorization_endpoint: `${issuer}/auth`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'client_credentials'],
    subject_types_supported: ['public'],
    // The sandbox signs with ES256; a real Logto's key is its own (ES384 by default).
    id_token_signing_alg_values_supported: ['ES256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: ['openid', 'offline_access', 'profile', 'email', 'phone'],
    claims_supported: [
      'sub',
      'name',
      'username',
      'picture',
      'created_at',
      'updated_at',
      'email',
      'email_verified',
      'phone_number',
      'phone_number_verified',
    ],
    authorization_response_iss_parameter_supported: true,
    claims_parameter_supported: false,
    request_parameter_supported: false,
  });
}

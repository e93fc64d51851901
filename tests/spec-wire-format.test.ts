// Field-level wire facts of the real services that the spec must state exactly: servers,
// security schemes, pagination, headers, enums, oneOf variants and the error bodies.
import { describe, expect, it } from 'vitest';
import { APIS } from '../scripts/lib/apis.mjs';
import { deref, loadBundled, operationsOf } from './helpers/spec';

const schemaOf = (api: string, name: string) => loadBundled(api).components?.schemas?.[name];
const op = (api: string, path: string, method: string) => loadBundled(api).paths[path]?.[method];

describe('every document', () => {
  it.each(APIS.map((a) => a.name))('%s is OpenAPI 3.1 with a license and servers', (api) => {
    const doc = loadBundled(api);
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.license).toBeDefined();
    expect(doc.servers?.length).toBeGreaterThan(0);
  });
});

describe('Logto one-time tokens', () => {
  const api = 'logto-one-time-tokens';

  it('is served from https://{tenant}.logto.app', () => {
    const [server] = loadBundled(api).servers ?? [];
    expect(server?.url).toBe('https://{tenant}.logto.app');
    expect(server?.variables?.tenant?.default).toBeTruthy();
  });

  it('is secured by OAuth2 client credentials at /oidc/token with scope all', () => {
    const doc = loadBundled(api);
    const [requirement] = doc.security ?? [];
    const [name] = Object.keys(requirement ?? {});
    const scheme = doc.components?.securitySchemes?.[name as string];
    expect(scheme.type).toBe('oauth2');
    expect(scheme.flows.clientCredentials.tokenUrl).toBe('/oidc/token');
    expect(Object.keys(scheme.flows.clientCredentials.scopes)).toEqual(['all']);
    expect(requirement?.[name as string]).toEqual(['all']);
  });

  it('paginates with page >= 1 and 1 <= page_size <= 100 (default 20)', () => {
    const list = op(api, '/api/one-time-tokens', 'get');
    const param = (name: string) => list.parameters.find((p: any) => p.name === name);
    expect(param('page').schema).toMatchObject({ type: 'integer', minimum: 1, default: 1 });
    expect(param('page_size').schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: 20,
    });
    expect(param('email').schema.pattern).toBe('^\\S+@\\S+\\.\\S+$');
    const status = deref(loadBundled(api), param('status').schema);
    expect(status.enum).toEqual(['active', 'consumed', 'revoked', 'expired']);
  });

  it('answers Total-Number and Link headers on the list', () => {
    const headers = op(api, '/api/one-time-tokens', 'get').responses['200'].headers;
    expect(headers['Total-Number'].schema.type).toBe('integer');
    expect(headers.Link.schema.type).toBe('string');
  });

  it('defines OneTimeToken with the real required fields and types', () => {
    const token = schemaOf(api, 'OneTimeToken');
    expect([...token.required].sort()).toEqual(
      ['tenantId', 'id', 'email', 'token', 'context', 'status', 'createdAt', 'expiresAt'].sort(),
    );
    expect(token.properties.createdAt.type).toBe('number');
    expect(token.properties.expiresAt.type).toBe('number');
    expect(token.properties.token).toMatchObject({ type: 'string', minLength: 1, maxLength: 256 });
    expect(token.properties.id).toMatchObject({ type: 'string', minLength: 1, maxLength: 21 });
    expect(token.properties.email).toMatchObject({ type: 'string', minLength: 1, maxLength: 128 });
    const context = schemaOf(api, 'OneTimeTokenContext');
    expect(context.properties.jitOrganizationIds).toMatchObject({ type: 'array', items: { type: 'string' } });
  });

  it('creates with {email, context?, expiresIn?} and answers 201', () => {
    const create = op(api, '/api/one-time-tokens', 'post');
    const body = deref(loadBundled(api), create.requestBody.content['application/json'].schema);
    expect(body.required).toEqual(['email']);
    expect(body.properties.expiresIn.type).toBe('number');
    expect(Object.keys(create.responses)).toContain('201');
  });
});

describe('Logto Experience', () => {
  const api = 'logto-experience';
  const doc = loadBundled(api);

  it('is authenticated only by the _interaction session cookie', () => {
    const [requirement] = doc.security ?? [];
    const scheme = doc.components?.securitySchemes?.[Object.keys(requirement ?? {})[0] as string];
    expect(scheme).toMatchObject({ type: 'apiKey', in: 'cookie', name: '_interaction' });
    for (const o of operationsOf(api)) expect(o.operation.security).toBeUndefined();
  });

  it('names the interaction events SignIn, Register and ForgotPassword', () => {
    expect(schemaOf(api, 'InteractionEvent').enum).toEqual(['SignIn', 'Register', 'ForgotPassword']);
  });

  it('models identifiers as oneOf variants, each with the identifier types the server accepts', () => {
    const kinds = (name: string) =>
      schemaOf(api, name).oneOf.map((variant: any) => deref(doc, variant).properties.type.const);
    expect(kinds('VerificationIdentifier')).toEqual(['username', 'email', 'phone']);
    expect(kinds('VerificationCodeIdentifier')).toEqual(['email', 'phone']);
    expect(schemaOf(api, 'NewUsernameIdentifier').properties).toMatchObject({
      type: { const: 'username' },
      value: { pattern: '^[A-Z_a-z]\\w*$' },
    });
    expect(schemaOf(api, 'OneTimeTokenIdentifier').properties).toMatchObject({
      type: { const: 'email' },
      value: { pattern: '^\\S+@\\S+\\.\\S+$' },
    });
  });

  it('accepts the five profile payloads as oneOf', () => {
    const variants = schemaOf(api, 'UserProfileUpdate').oneOf.map((v: any) => [
      v.properties.type.const,
      [...v.required].sort(),
    ]);
    expect(variants).toEqual([
      ['username', ['type', 'value']],
      ['password', ['type', 'value']],
      ['email', ['type', 'verificationId']],
      ['phone', ['type', 'verificationId']],
      ['social', ['type', 'verificationId']],
    ]);
  });

  it('expects WebAuthn payloads typed "WebAuthn" with the credential fields', () => {
    const reg = schemaOf(api, 'WebAuthnRegistrationPayload');
    const auth = schemaOf(api, 'WebAuthnAuthenticationPayload');
    expect(reg.properties.type.const).toBe('WebAuthn');
    expect(auth.properties.type.const).toBe('WebAuthn');
    expect([...reg.required].sort()).toEqual(['clientExtensionResults', 'id', 'rawId', 'response', 'type']);
    expect(reg.properties.response.required).toEqual(['clientDataJSON', 'attestationObject']);
    expect(auth.properties.response.required).toEqual(['clientDataJSON', 'authenticatorData', 'signature']);
    expect(schemaOf(api, 'AuthenticatorTransport').enum).toEqual([
      'usb',
      'nfc',
      'ble',
      'internal',
      'cable',
      'hybrid',
      'smart-card',
    ]);
  });

  it('binds MFA factors Totp, WebAuthn and BackupCode', () => {
    expect(schemaOf(api, 'MfaFactor').enum).toEqual(['Totp', 'WebAuthn', 'BackupCode']);
  });

  it('answers { redirectTo } from submit', () => {
    expect(schemaOf(api, 'SubmitInteractionResult')).toMatchObject({
      required: ['redirectTo'],
      properties: { redirectTo: { type: 'string' } },
    });
  });

  it('lets browsers send the optional Logto-App-Id header on every operation', () => {
    for (const o of operationsOf(api)) {
      const names = (o.operation.parameters ?? []).map((p: any) => deref(doc, p).name);
      expect(names, o.operation.operationId).toContain('Logto-App-Id');
    }
  });
});

describe('error bodies', () => {
  it('Logto errors are { code, message, data?, details? } in both documents', () => {
    for (const api of ['logto-one-time-tokens', 'logto-experience']) {
      const error = schemaOf(api, 'LogtoError');
      expect(error.required).toEqual(['code', 'message']);
      expect(Object.keys(error.properties)).toEqual(['code', 'message', 'data', 'details']);
    }
  });

  it('Equinix errors are { error?, errors? }', () => {
    const error = schemaOf('equinix-metal-otp', 'Error');
    expect(error.required).toBeUndefined();
    expect(error.properties.error.type).toBe('string');
    expect(error.properties.errors).toMatchObject({ type: 'array', items: { type: 'string' } });
  });

  it('SFTPGo errors are { message, error }', () => {
    const error = schemaOf('sftpgo-token', 'ApiResponse');
    expect(Object.keys(error.properties)).toEqual(['message', 'error']);
  });

  it('SFTPGo Basic-auth 401 answers carry WWW-Authenticate', () => {
    const doc = loadBundled('sftpgo-token');
    for (const path of ['/token', '/user/token']) {
      const response = deref(doc, doc.paths[path]?.get.responses['401']);
      const header = deref(doc, response.headers['WWW-Authenticate']);
      expect(header.required).toBe(true);
      expect(header.example).toBe('Basic realm="SFTPGo"');
    }
  });
});

describe('Equinix Metal OTPs', () => {
  const doc = loadBundled('equinix-metal-otp');

  it('is served from https://api.equinix.com/metal/v1 with an X-Auth-Token key', () => {
    expect(doc.servers?.[0]?.url).toBe('https://api.equinix.com/metal/v1');
    expect(doc.components?.securitySchemes?.XAuthToken).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-Auth-Token',
    });
  });

  it('answers recovery codes as { recovery_codes: string[] }', () => {
    expect(schemaOf('equinix-metal-otp', 'RecoveryCodeList').properties.recovery_codes).toMatchObject({
      type: 'array',
      items: { type: 'string' },
    });
  });
});

describe('SFTPGo token', () => {
  const doc = loadBundled('sftpgo-token');

  it('is served from {scheme}://{host}/api/v2', () => {
    const [server] = doc.servers ?? [];
    expect(server?.url).toBe('{scheme}://{host}/api/v2');
    expect(Object.keys(server?.variables ?? {}).sort()).toEqual(['host', 'scheme']);
  });

  it('uses HTTP Basic for the token endpoints and a Bearer JWT for the logouts', () => {
    expect(doc.components?.securitySchemes?.BasicAuth).toMatchObject({ type: 'http', scheme: 'basic' });
    expect(doc.components?.securitySchemes?.BearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });

  it('answers Token { access_token, expires_at (date-time) }', () => {
    expect(schemaOf('sftpgo-token', 'Token').properties).toMatchObject({
      access_token: { type: 'string' },
      expires_at: { type: 'string', format: 'date-time' },
    });
  });
});

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

  it('answers Total-Number and Link headers on the list, only when paginating and as the server really fills them', () => {
    const headers = op(api, '/api/one-time-tokens', 'get').responses['200'].headers;
    expect(headers['Total-Number'].schema.type).toBe('integer');
    expect(headers.Link.schema.type).toBe('string');
    for (const header of [headers['Total-Number'], headers.Link]) {
      expect(header.required).toBe(false);
      expect(header.description).toMatch(/only when `page` or `page_size`/);
    }
    expect(headers['Total-Number'].description).toMatch(/ignores the `email` and `status` filters/);
    expect(headers.Link.description).toMatch(/without the `\/api` prefix/);
    expect(headers.Link.example).not.toMatch(/\/api\//);
  });

  it('refuses page_size above 100 with guard.invalid_pagination', () => {
    const list = op(api, '/api/one-time-tokens', 'get');
    const examples = Object.values<any>(list.responses['400'].content['application/json'].examples);
    expect(examples.map((e) => e.value.code)).toContain('guard.invalid_pagination');
  });

  it('describes the token endpoint as ClientCredentialsToken: form body, no bearer, both error vocabularies', () => {
    const doc = loadBundled(api);
    const token = op(api, '/oidc/token', 'post');
    expect(token.operationId).toBe('ClientCredentialsToken');
    expect(token.security).toEqual([]);
    const body = deref(doc, token.requestBody.content['application/x-www-form-urlencoded'].schema);
    expect(Object.keys(body.properties).sort()).toEqual(
      ['client_id', 'client_secret', 'grant_type', 'resource', 'scope'].sort(),
    );
    expect(body.properties.grant_type.const).toBe('client_credentials');
    expect(body.properties.client_secret['x-authspec-secret']).toBe(true);
    const ok = deref(doc, token.responses['200'].content['application/json'].schema);
    expect([...ok.required].sort()).toEqual(['access_token', 'expires_in', 'token_type']);
    expect(ok.properties.access_token['x-authspec-secret']).toBe(true);
    for (const status of ['400', '401']) {
      const error = deref(doc, token.responses[status].content['application/json'].schema);
      expect([...error.required].sort()).toEqual(['code', 'error', 'error_description', 'message']);
    }
  });

  it('names both resource indicators of the Management API in the security scheme', () => {
    const scheme = loadBundled(api).components?.securitySchemes?.ManagementApiToken;
    expect(scheme.description).toContain('https://{tenant}.logto.app/api');
    expect(scheme.description).toContain('https://default.logto.app/api');
  });

  it('types the data of auth.unauthorized and auth.authorization_token_type_not_supported', () => {
    const unauthorized = schemaOf(api, 'UnauthorizedError');
    const variants = unauthorized.anyOf.map((v: any) => deref(loadBundled(api), v));
    expect(variants.map((v: any) => v.properties.code.const)).toEqual([
      'auth.unauthorized',
      'auth.authorization_token_type_not_supported',
      undefined,
    ]);
    expect(schemaOf(api, 'AuthorizationTypeNotSupportedErrorData').properties.supportedTypes.type).toBe(
      'array',
    );
    expect(schemaOf(api, 'AuthUnauthorizedErrorData').properties).toHaveProperty('code');
  });

  it('answers a second delete with entity.not_found', () => {
    const response = deref(loadBundled(api), op(api, '/api/one-time-tokens/{id}', 'delete').responses['404']);
    const codes = Object.values<any>(response.content['application/json'].examples).map((e) => e.value.code);
    expect(codes).toContain('entity.not_found');
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
    // The server drops any other member of `context`: a token never carries one.
    expect(Object.keys(context.properties).sort()).toEqual(['interactionEvent', 'jitOrganizationIds']);
    expect(context.additionalProperties).toBe(false);
    // It drops them without refusing them (Logto 1.42 answered 201 to `context: {foo: 1}`,
    // tests/fixtures/observed/): the create request's context has the same members, open.
    const sent = schemaOf(api, 'CreateOneTimeTokenContext');
    expect(Object.keys(sent.properties).sort()).toEqual(['interactionEvent', 'jitOrganizationIds']);
    expect(sent.additionalProperties).toBeUndefined();
  });

  it('creates with {email, context?, expiresIn?} and answers 201', () => {
    const create = op(api, '/api/one-time-tokens', 'post');
    const body = deref(loadBundled(api), create.requestBody.content['application/json'].schema);
    expect(body.required).toEqual(['email']);
    expect(body.properties.expiresIn).toMatchObject({ type: 'number', minimum: 1 });
    expect(Object.keys(create.responses)).toContain('201');
  });
});

describe('Logto Experience', () => {
  const api = 'logto-experience';
  const doc = loadBundled(api);

  const isExperience = (path: string) => path.startsWith('/api/experience');

  it('is authenticated only by the _interaction session cookie; the sign-in settings are public', () => {
    const [requirement] = doc.security ?? [];
    const scheme = doc.components?.securitySchemes?.[Object.keys(requirement ?? {})[0] as string];
    expect(scheme).toMatchObject({ type: 'apiKey', in: 'cookie', name: '_interaction' });
    for (const o of operationsOf(api)) {
      if (isExperience(o.path)) expect(o.operation.security, o.path).toBeUndefined();
      else
        expect([o.path, o.operation.security]).toEqual([expect.stringMatching(/^\/api\/\.well-known\//), []]);
    }
  });

  it('answers 400 session.not_found (and oidc.invalid_request) on every Experience operation', () => {
    for (const o of operationsOf(api).filter((x) => isExperience(x.path))) {
      const response = deref(doc, o.operation.responses['400']);
      const schema = deref(doc, response?.content?.['application/json']?.schema);
      const variants = (schema?.anyOf ?? []).map((v: any) => deref(doc, v));
      expect(variants, o.operation.operationId).toContainEqual(schemaOf(api, 'OidcError'));
    }
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

  it('accepts the six profile payloads as oneOf', () => {
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
      ['extraProfile', ['type', 'values']],
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

  it('binds MFA factors Totp, WebAuthn, BackupCode and email or SMS codes', () => {
    expect(schemaOf(api, 'MfaFactor').enum).toEqual([
      'Totp',
      'WebAuthn',
      'BackupCode',
      'EmailVerificationCode',
      'PhoneVerificationCode',
    ]);
  });

  it('answers { redirectTo } from submit, and 204 without a body after a password reset', () => {
    expect(schemaOf(api, 'SubmitInteractionResult')).toMatchObject({
      required: ['redirectTo'],
      properties: { redirectTo: { type: 'string' } },
    });
    const submit = op(api, '/api/experience/submit', 'post');
    expect(submit.responses['204']).toBeDefined();
    expect(submit.responses['204'].content).toBeUndefined();
  });

  it('answers a registration identify with 201 and the text/plain body Created', () => {
    const created = op(api, '/api/experience/identification', 'post').responses['201'];
    expect(Object.keys(created.content)).toEqual(['text/plain']);
    expect(created.content['text/plain']).toMatchObject({ schema: { type: 'string' }, example: 'Created' });
  });

  it('types the MFA-required, missing-profile and user-not-found error data', () => {
    expect(schemaOf(api, 'MfaRequiredError').properties.code.const).toBe(
      'session.mfa.require_mfa_verification',
    );
    expect(Object.keys(schemaOf(api, 'MfaRequiredErrorData').properties)).toEqual([
      'availableFactors',
      'maskedIdentifiers',
    ]);
    expect(schemaOf(api, 'MissingProfileErrorData').properties.missingProfile.items).toEqual({
      $ref: '#/components/schemas/MissingProfileField',
    });
    expect(schemaOf(api, 'MissingProfileField').enum).toContain('password');
    expect(schemaOf(api, 'UserNotExistErrorData').required).toEqual(['identifier']);
    const submit403 = deref(doc, op(api, '/api/experience/submit', 'post').responses['403']);
    expect(submit403.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/MfaRequiredOrForbiddenError',
    });
  });

  it('answers 429 request.message_rate_limited on code sends, without Retry-After', () => {
    for (const path of [
      '/api/experience/verification/verification-code',
      '/api/experience/verification/mfa-verification-code',
    ]) {
      const response = deref(doc, op(api, path, 'post').responses['429']);
      expect(Object.keys(response.headers ?? {})).not.toContain('Retry-After');
      const codes = Object.values<any>(response.content['application/json'].examples).map(
        (e) => e.value.code,
      );
      expect(codes).toEqual(['request.message_rate_limited']);
    }
  });

  it('gives a custom sign-in page the settings it renders itself from', () => {
    const settings = schemaOf(api, 'SignInExperience');
    for (const member of [
      'signIn',
      'signUp',
      'passwordPolicy',
      'mfa',
      'captchaPolicy',
      'socialConnectors',
      'ssoConnectors',
      'forgotPassword',
      'customProfileFields',
    ]) {
      expect(settings.required).toContain(member);
    }
    expect(schemaOf(api, 'SignInMethod').required).toEqual([
      'identifier',
      'password',
      'verificationCode',
      'isPasswordPrimary',
    ]);
    expect(schemaOf(api, 'MfaSettings').properties.factors.items).toEqual({
      $ref: '#/components/schemas/MfaFactor',
    });
    for (const path of ['/api/.well-known/sign-in-exp', '/api/.well-known/experience']) {
      const response = deref(doc, op(api, path, 'get').responses['200']);
      expect(response.content['application/json'].schema).toEqual({
        $ref: '#/components/schemas/SignInExperience',
      });
    }
  });

  it('lets browsers send the optional Logto-App-Id header on every Experience operation', () => {
    for (const o of operationsOf(api)) {
      const names = (o.operation.parameters ?? []).map((p: any) => deref(doc, p).name);
      if (isExperience(o.path)) expect(names, o.operation.operationId).toContain('Logto-App-Id');
      else expect(names, o.operation.operationId).not.toContain('Logto-App-Id');
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

  it('every Logto answer carries the Logto-Core-Request-Id header', () => {
    for (const api of ['logto-one-time-tokens', 'logto-experience']) {
      const doc = loadBundled(api);
      expect(doc.components?.headers?.LogtoCoreRequestId).toMatchObject({
        required: true,
        schema: { type: 'string' },
      });
      for (const o of operationsOf(api)) {
        for (const [status, value] of Object.entries<any>(o.operation.responses)) {
          const header = deref(doc, value).headers?.['Logto-Core-Request-Id'];
          expect(header, `${o.operation.operationId} ${status}`).toEqual({
            $ref: '#/components/headers/LogtoCoreRequestId',
          });
        }
      }
    }
  });

  it("OIDC errors carry Logto's { code, message } and OAuth's { error, error_description }", () => {
    for (const api of ['logto-one-time-tokens', 'logto-experience']) {
      expect(schemaOf(api, 'OidcError').required).toEqual(['code', 'message', 'error', 'error_description']);
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

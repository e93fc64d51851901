// The Experience client against a real HTTP server: all 40 methods on the wire, the cookie jar
// that carries the interaction session in Node, and the failure paths.
import { inspect } from 'node:util';
import { sendEmpty, sendJson, useTestServer } from '@authspec/test-utils';
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  createExperienceClient,
  type ExperienceClient,
  InternalServerError,
  OidcAuthorizationError,
  PermissionDeniedError,
} from '../src';

const server = useTestServer();

const client = (options: object = {}) => createExperienceClient({ endpoint: server.url, ...options });
const verification = { verificationId: 'ver_1' };
const payload = {
  type: 'WebAuthn' as const,
  id: 'cred',
  rawId: 'cred',
  response: { clientDataJSON: 'cd', attestationObject: 'ao' },
  clientExtensionResults: {},
};
const assertion = {
  type: 'WebAuthn' as const,
  id: 'cred',
  rawId: 'cred',
  response: { clientDataJSON: 'cd', authenticatorData: 'ad', signature: 'sig' },
  clientExtensionResults: {},
};

type Case = {
  method: string;
  path: string;
  call: (c: ExperienceClient) => Promise<unknown>;
  body?: unknown;
  answer: [number, unknown?];
  result?: unknown;
};

const email = { type: 'email' as const, value: 'ada@example.com' };
const CASES: Record<string, Case> = {
  initInteraction: {
    method: 'PUT',
    path: '/api/experience',
    call: (c) => c.initInteraction({ interactionEvent: 'SignIn' }),
    body: { interactionEvent: 'SignIn' },
    answer: [204],
  },
  updateInteractionEvent: {
    method: 'PUT',
    path: '/api/experience/interaction-event',
    call: (c) => c.updateInteractionEvent({ interactionEvent: 'Register' }),
    body: { interactionEvent: 'Register' },
    answer: [204],
  },
  identifyUser: {
    method: 'POST',
    path: '/api/experience/identification',
    call: (c) => c.identifyUser({ verificationId: 'ver_1' }),
    body: { verificationId: 'ver_1' },
    answer: [204],
    result: { status: 204, data: undefined },
  },
  submit: {
    method: 'POST',
    path: '/api/experience/submit',
    call: (c) => c.submit(),
    answer: [200, { redirectTo: 'https://x/oidc/auth/1' }],
    result: { status: 200, data: { redirectTo: 'https://x/oidc/auth/1' } },
  },
  getInteraction: {
    method: 'GET',
    path: '/api/experience/interaction',
    call: (c) => c.getInteraction(),
    answer: [200, { interactionEvent: 'SignIn', profile: {}, verificationRecords: [] }],
    result: { interactionEvent: 'SignIn', profile: {}, verificationRecords: [] },
  },
  createAndSendMfaVerificationCode: {
    method: 'POST',
    path: '/api/experience/verification/mfa-verification-code',
    call: (c) => c.createAndSendMfaVerificationCode({ identifierType: 'email' }),
    body: { identifierType: 'email' },
    answer: [200, verification],
    result: verification,
  },
  verifyMfaVerificationCode: {
    method: 'POST',
    path: '/api/experience/verification/mfa-verification-code/verify',
    call: (c) =>
      c.verifyMfaVerificationCode({ verificationId: 'ver_1', code: '123456', identifierType: 'email' }),
    body: { verificationId: 'ver_1', code: '123456', identifierType: 'email' },
    answer: [200, verification],
    result: verification,
  },
  createSignInPasskeyAuthentication: {
    method: 'POST',
    path: '/api/experience/preflight/sign-in-passkey/authentication',
    call: (c) => c.createSignInPasskeyAuthentication(),
    answer: [200, { verificationId: 'ver_1', authenticationOptions: { challenge: 'ch' } }],
    result: { verificationId: 'ver_1', authenticationOptions: { challenge: 'ch' } },
  },
  createSignInPasskeyAuthenticationWithIdentifier: {
    method: 'POST',
    path: '/api/experience/verification/sign-in-passkey/authentication',
    call: (c) => c.createSignInPasskeyAuthenticationWithIdentifier({ identifier: email }),
    body: { identifier: email },
    answer: [200, { verificationId: 'ver_1', authenticationOptions: { challenge: 'ch' } }],
    result: { verificationId: 'ver_1', authenticationOptions: { challenge: 'ch' } },
  },
  verifySignInPasskeyAuthentication: {
    method: 'POST',
    path: '/api/experience/verification/sign-in-passkey/authentication/verify',
    call: (c) => c.verifySignInPasskeyAuthentication({ verificationId: 'ver_1', payload: assertion }),
    body: { verificationId: 'ver_1', payload: assertion },
    answer: [200, verification],
    result: verification,
  },
  markMfaEnabled: {
    method: 'POST',
    path: '/api/experience/profile/mfa/mfa-enabled',
    call: (c) => c.markMfaEnabled(),
    answer: [204],
  },
  skipMfaSuggestion: {
    method: 'POST',
    path: '/api/experience/profile/mfa/mfa-suggestion-skipped',
    call: (c) => c.skipMfaSuggestion(),
    answer: [204],
  },
  skipPasskeyBinding: {
    method: 'POST',
    path: '/api/experience/profile/mfa/passkey-skipped',
    call: (c) => c.skipPasskeyBinding(),
    answer: [204],
  },
  bindPasskey: {
    method: 'POST',
    path: '/api/experience/profile/mfa/passkey',
    call: (c) => c.bindPasskey({ verificationId: 'ver_1' }),
    body: { verificationId: 'ver_1' },
    answer: [204],
  },
  getSignInExperience: {
    method: 'GET',
    path: '/api/.well-known/sign-in-exp',
    call: (c) => c.getSignInExperience(),
    answer: [200, { signInMode: 'SignInAndRegister' }],
    result: { signInMode: 'SignInAndRegister' },
  },
  getWellKnownExperience: {
    method: 'GET',
    path: '/api/.well-known/experience?organizationId=org_1',
    call: (c) => c.getWellKnownExperience({ organizationId: 'org_1' }),
    answer: [200, { signInMode: 'SignInAndRegister' }],
    result: { signInMode: 'SignInAndRegister' },
  },
  getSignInExperiencePhrases: {
    method: 'GET',
    path: '/api/.well-known/phrases?lng=fr',
    call: (c) => c.getSignInExperiencePhrases({ lng: 'fr' }),
    answer: [200, { input: { email: 'E-mail' } }],
    result: { input: { email: 'E-mail' } },
  },
  createPasswordVerification: {
    method: 'POST',
    path: '/api/experience/verification/password',
    call: (c) =>
      c.createPasswordVerification({ identifier: { type: 'username', value: 'ada' }, password: 'pw-1234' }),
    body: { identifier: { type: 'username', value: 'ada' }, password: 'pw-1234' },
    answer: [200, verification],
    result: verification,
  },
  createAndSendVerificationCode: {
    method: 'POST',
    path: '/api/experience/verification/verification-code',
    call: (c) => c.createAndSendVerificationCode({ identifier: email, interactionEvent: 'SignIn' }),
    body: { identifier: email, interactionEvent: 'SignIn' },
    answer: [200, verification],
    result: verification,
  },
  verifyCode: {
    method: 'POST',
    path: '/api/experience/verification/verification-code/verify',
    call: (c) => c.verifyCode({ identifier: email, verificationId: 'ver_1', code: '482915' }),
    body: { identifier: email, verificationId: 'ver_1', code: '482915' },
    answer: [200, verification],
    result: verification,
  },
  createSocialVerification: {
    method: 'POST',
    path: '/api/experience/verification/social/github/authorization-uri',
    call: (c) => c.createSocialVerification('github', { state: 's', redirectUri: 'https://app/cb' }),
    body: { state: 's', redirectUri: 'https://app/cb' },
    answer: [200, { authorizationUri: 'https://idp/authorize', verificationId: 'ver_1' }],
    result: { authorizationUri: 'https://idp/authorize', verificationId: 'ver_1' },
  },
  verifySocial: {
    method: 'POST',
    path: '/api/experience/verification/social/github/verify',
    call: (c) => c.verifySocial('github', { verificationId: 'ver_1', connectorData: { code: 'c' } }),
    body: { verificationId: 'ver_1', connectorData: { code: 'c' } },
    answer: [200, verification],
    result: verification,
  },
  createEnterpriseSsoVerification: {
    method: 'POST',
    path: '/api/experience/verification/sso/okta/authorization-uri',
    call: (c) => c.createEnterpriseSsoVerification('okta', { state: 's', redirectUri: 'https://app/cb' }),
    body: { state: 's', redirectUri: 'https://app/cb' },
    answer: [200, { authorizationUri: 'https://idp/sso', verificationId: 'ver_2' }],
    result: { authorizationUri: 'https://idp/sso', verificationId: 'ver_2' },
  },
  verifyEnterpriseSso: {
    method: 'POST',
    path: '/api/experience/verification/sso/okta/verify',
    call: (c) => c.verifyEnterpriseSso('okta', { verificationId: 'ver_2', connectorData: { code: 'c' } }),
    body: { verificationId: 'ver_2', connectorData: { code: 'c' } },
    answer: [200, verification],
    result: verification,
  },
  createTotpSecret: {
    method: 'POST',
    path: '/api/experience/verification/totp/secret',
    call: (c) => c.createTotpSecret(),
    answer: [
      200,
      { verificationId: 'v', secret: 'JBSWY3DPEHPK3PXP', secretQrCode: 'data:image/png;base64,' },
    ],
    result: { verificationId: 'v', secret: 'JBSWY3DPEHPK3PXP', secretQrCode: 'data:image/png;base64,' },
  },
  verifyTotp: {
    method: 'POST',
    path: '/api/experience/verification/totp/verify',
    call: (c) => c.verifyTotp({ code: '123456' }),
    body: { code: '123456' },
    answer: [200, verification],
    result: verification,
  },
  createWebAuthnRegistration: {
    method: 'POST',
    path: '/api/experience/verification/web-authn/registration',
    call: (c) => c.createWebAuthnRegistration(),
    answer: [200, { verificationId: 'v', registrationOptions: { challenge: 'c' } }],
    result: { verificationId: 'v', registrationOptions: { challenge: 'c' } },
  },
  verifyWebAuthnRegistration: {
    method: 'POST',
    path: '/api/experience/verification/web-authn/registration/verify',
    call: (c) => c.verifyWebAuthnRegistration({ verificationId: 'v', payload }),
    body: { verificationId: 'v', payload },
    answer: [200, verification],
    result: verification,
  },
  createWebAuthnAuthenticationVerification: {
    method: 'POST',
    path: '/api/experience/verification/web-authn/authentication',
    call: (c) => c.createWebAuthnAuthenticationVerification(),
    answer: [200, { verificationId: 'v', authenticationOptions: { challenge: 'c' } }],
    result: { verificationId: 'v', authenticationOptions: { challenge: 'c' } },
  },
  verifyWebAuthnAuthentication: {
    method: 'POST',
    path: '/api/experience/verification/web-authn/authentication/verify',
    call: (c) => c.verifyWebAuthnAuthentication({ verificationId: 'v', payload: assertion }),
    body: { verificationId: 'v', payload: assertion },
    answer: [200, verification],
    result: verification,
  },
  generateBackupCodes: {
    method: 'POST',
    path: '/api/experience/verification/backup-code/generate',
    call: (c) => c.generateBackupCodes(),
    answer: [200, { verificationId: 'v', codes: ['a', 'b'] }],
    result: { verificationId: 'v', codes: ['a', 'b'] },
  },
  verifyBackupCode: {
    method: 'POST',
    path: '/api/experience/verification/backup-code/verify',
    call: (c) => c.verifyBackupCode({ code: 'a1b2c3d4e5' }),
    body: { code: 'a1b2c3d4e5' },
    answer: [200, verification],
    result: verification,
  },
  verifyOneTimeToken: {
    method: 'POST',
    path: '/api/experience/verification/one-time-token/verify',
    call: (c) => c.verifyOneTimeToken({ identifier: email, token: 'magic-link-token' }),
    body: { identifier: email, token: 'magic-link-token' },
    answer: [200, verification],
    result: verification,
  },
  createNewPasswordIdentityVerification: {
    method: 'POST',
    path: '/api/experience/verification/new-password-identity',
    call: (c) =>
      c.createNewPasswordIdentityVerification({
        identifier: { type: 'username', value: 'grace' },
        password: 'pw-98765',
      }),
    body: { identifier: { type: 'username', value: 'grace' }, password: 'pw-98765' },
    answer: [200, verification],
    result: verification,
  },
  addUserProfile: {
    method: 'POST',
    path: '/api/experience/profile',
    call: (c) => c.addUserProfile({ type: 'email', verificationId: 'ver_1' }),
    body: { type: 'email', verificationId: 'ver_1' },
    answer: [204],
  },
  resetPassword: {
    method: 'PUT',
    path: '/api/experience/profile/password',
    call: (c) => c.resetPassword({ password: 'new-pass-1' }),
    body: { password: 'new-pass-1' },
    answer: [204],
  },
  bindMfaVerification: {
    method: 'POST',
    path: '/api/experience/profile/mfa',
    call: (c) => c.bindMfaVerification({ type: 'Totp', verificationId: 'v' }),
    body: { type: 'Totp', verificationId: 'v' },
    answer: [204],
  },
  skipMfaBindingFlow: {
    method: 'POST',
    path: '/api/experience/profile/mfa/mfa-skipped',
    call: (c) => c.skipMfaBindingFlow(),
    answer: [204],
  },
  getEnabledSsoConnectors: {
    method: 'GET',
    path: '/api/experience/sso-connectors?email=ada%40example.com',
    call: (c) => c.getEnabledSsoConnectors({ email: 'ada@example.com' }),
    answer: [200, { connectorIds: ['okta'] }],
    result: { connectorIds: ['okta'] },
  },
};

describe('every Experience operation', () => {
  it('has a method on the client for each of the 40 operations', () => {
    const methods = Object.keys(client()).filter(
      (k) => typeof (client() as unknown as Record<string, unknown>)[k] === 'function',
    );
    const special = ['startOidcAuthorization', 'uploadExperienceAvatar'];
    expect(methods.filter((m) => !special.includes(m)).sort()).toEqual(Object.keys(CASES).sort());
    expect(Object.keys(CASES)).toHaveLength(39);
  });

  it.each(Object.entries(CASES))('%s sends the spec request and returns the answer', async (_name, c) => {
    server.handle((_req, res) => {
      const [status, body] = c.answer;
      if (body === undefined) sendEmpty(res, status);
      else sendJson(res, status, body);
    });
    const result = await c.call(client());
    expect(result).toEqual(c.result);
    const [req] = server.requests;
    expect(req?.method).toBe(c.method);
    expect(req?.url).toBe(c.path);
    expect(req?.json).toEqual(c.body);
    if (c.body !== undefined) expect(req?.headers['content-type']).toBe('application/json');
  });
});

describe('avatar upload', () => {
  it('sends the file as multipart/form-data and answers the stored URL', async () => {
    server.handle((_req, res) => sendJson(res, 200, { url: 'https://cdn.example.com/a.png' }));
    const file = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'me.png', { type: 'image/png' });
    await expect(client().uploadExperienceAvatar({ file })).resolves.toEqual({
      url: 'https://cdn.example.com/a.png',
    });
    const [req] = server.requests;
    expect(req?.url).toBe('/api/experience/user-assets/avatar');
    expect(req?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(req?.body).toContain('filename="me.png"');
    expect(req?.body).toContain('Content-Type: image/png');
  });

  it('refuses a file that is not a Blob before sending', async () => {
    await expect(client().uploadExperienceAvatar({ file: 'me.png' as never })).rejects.toMatchObject({
      name: 'ValidationError',
      argument: 'body.file',
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe('session cookie', () => {
  it('keeps the interaction cookie from /oidc/auth in a per-client jar', async () => {
    server.handle((req, res) => {
      if (req.url.startsWith('/oidc/auth')) {
        return sendEmpty(res, 303, {
          location: '/sign-in',
          'set-cookie': `_interaction=${req.url.includes('app-a') ? 'uid-a' : 'uid-b'}; Path=/; HttpOnly; SameSite=Lax`,
        });
      }
      sendEmpty(res, 204);
    });
    const a = client();
    const b = client();
    await expect(
      a.startOidcAuthorization({ clientId: 'app-a', redirectUri: 'https://app/cb', state: 'xyz' }),
    ).resolves.toEqual({
      status: 303,
      location: '/sign-in',
    });
    await b.startOidcAuthorization({ clientId: 'app-b', redirectUri: 'https://app/cb' });
    await a.initInteraction({ interactionEvent: 'SignIn' });
    await b.initInteraction({ interactionEvent: 'SignIn' });
    const auth = new URL(server.requests[0]?.url ?? '', 'http://x').searchParams;
    expect(Object.fromEntries(auth)).toEqual({
      client_id: 'app-a',
      redirect_uri: 'https://app/cb',
      response_type: 'code',
      scope: 'openid profile',
      state: 'xyz',
    });
    expect(server.requests.slice(2).map((r) => r.headers.cookie)).toEqual([
      '_interaction=uid-a',
      '_interaction=uid-b',
    ]);
  });

  it('takes updated cookies from any answer and sends the app id header', async () => {
    server.handle((req, res) =>
      req.url === '/api/experience'
        ? sendEmpty(res, 204, { 'set-cookie': '_interaction=rotated; Path=/' })
        : sendJson(res, 200, { redirectTo: '/done' }),
    );
    const c = client({ appId: 'app_web_01' });
    await c.initInteraction({ interactionEvent: 'SignIn' });
    await c.submit();
    expect(server.requests[1]?.headers.cookie).toBe('_interaction=rotated');
    expect(server.requests.map((r) => r.headers['logto-app-id'])).toEqual(['app_web_01', 'app_web_01']);
  });
});

describe('the OIDC authorization request', () => {
  it('refuses a client id other than the appId the client sends, before sending', async () => {
    await expect(
      client({ appId: 'app-a' }).startOidcAuthorization({ clientId: 'app-b', redirectUri: 'https://app/cb' }),
    ).rejects.toMatchObject({ name: 'ValidationError', argument: 'clientId' });
    expect(server.requests).toHaveLength(0);
  });

  it('turns a request sent back to the redirect URI with an OAuth error into OidcAuthorizationError', async () => {
    server.handle((_req, res) =>
      sendEmpty(res, 303, {
        location: 'https://app/cb?error=invalid_request&error_description=PKCE%20is%20required&state=s',
      }),
    );
    const error = await client()
      .startOidcAuthorization({ clientId: 'spa', redirectUri: 'https://app/cb', state: 's' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OidcAuthorizationError);
    expect(error).toMatchObject({ code: 'invalid_request', status: 303, operationId: 'OidcAuthorization' });
    expect((error as Error).message).toContain('PKCE is required');
  });

  it("turns a refusal answered in place into an ApiError with Logto's code", async () => {
    server.handle((_req, res) =>
      sendJson(res, 400, {
        code: 'oidc.invalid_redirect_uri',
        message: "redirect_uri did not match any of the client's registered redirect_uris",
        error: 'invalid_redirect_uri',
      }),
    );
    const error = await client()
      .startOidcAuthorization({ clientId: 'app', redirectUri: 'https://elsewhere/cb' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ code: 'oidc.invalid_redirect_uri', status: 400 });
  });
});

describe('failures', () => {
  it('a submit that needs MFA is a PermissionDeniedError carrying the available factors', async () => {
    const body = {
      code: 'session.mfa.require_mfa_verification',
      message: 'MFA verification is required.',
      data: { availableFactors: ['Totp'] },
    };
    server.handle((_req, res) => sendJson(res, 403, body));
    const error = (await client()
      .submit()
      .catch((e: unknown) => e)) as PermissionDeniedError;
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.code).toBe('session.mfa.require_mfa_verification');
    expect(error.body).toEqual(body);
  });

  it('never repeats a verification after a 503', async () => {
    server.handle((_req, res) => sendJson(res, 503, { code: 'x', message: '' }));
    await expect(client().verifyBackupCode({ code: 'a1b2c3d4e5' })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    await expect(client().submit()).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(2);
  });

  it('keeps passwords and codes out of errors', async () => {
    server.handle((_req, res) =>
      sendJson(res, 422, { code: 'session.invalid_credentials', message: 'Wrong password hunter-2222' }),
    );
    const error = await client()
      .createPasswordVerification({ identifier: email, password: 'hunter-2222' })
      .catch((e: unknown) => e);
    expect(
      `${(error as Error).message}${JSON.stringify(error)}${inspect(error, { depth: 10 })}`,
    ).not.toContain('hunter-2222');
  });

  it('checks bodies before sending anything', async () => {
    const c = client();
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => c.initInteraction({ interactionEvent: 'LogIn' } as any), 'body.interactionEvent'],
      [() => c.createPasswordVerification({ identifier: email } as any), 'body.password'],
      [
        () =>
          c.verifyWebAuthnRegistration({
            verificationId: 'v',
            payload: { ...payload, type: 'public-key' },
          } as any),
        'body.payload.type',
      ],
      [() => c.verifySocial('..', { connectorData: {} }), 'connectorId'],
      [() => c.bindMfaVerification({ type: 'Sms', verificationId: 'v' } as any), 'body.type'],
      [() => c.getEnabledSsoConnectors({ email: 42 } as any), 'params.email'],
    ];
    for (const [call, argument] of cases)
      await expect(call()).rejects.toMatchObject({ name: 'ValidationError', argument });
    expect(server.requests).toHaveLength(0);
  });
});

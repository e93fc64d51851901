// Contract: every method runs against Prism serving the project's own bundled specs with request
// validation on, so a request the spec does not allow fails the test. Clients keep their retries:
// on a loaded machine Prism now and then refuses a connection, which is not what these test.
// Each request takes a new connection (`PrismServer.fetch`), for the reason given there.
import { bundledSpec, type PrismServer, startPrism } from '@authspec/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExperienceClient, createManagementClient, type ExperienceClient } from '../src';
import { experienceApi } from '../src/api';

let management: PrismServer;
let experience: PrismServer;
beforeAll(async () => {
  [management, experience] = await Promise.all([
    startPrism(bundledSpec('logto-one-time-tokens')),
    startPrism(bundledSpec('logto-experience')),
  ]);
}, 120_000);
afterAll(() => Promise.all([management?.close(), experience?.close()]));

const tokenShape = expect.objectContaining({
  id: expect.any(String),
  token: expect.any(String),
  status: expect.any(String),
});

describe('Management client against the spec', () => {
  const client = () =>
    createManagementClient({
      endpoint: management.url,
      accessToken: 'contract-token',
      maxRetries: 2,
      fetch: management.fetch,
    });

  it('list, with and without pagination', async () => {
    await expect(client().oneTimeTokens.list()).resolves.toMatchObject({ tokens: [tokenShape] });
    const page = await client().oneTimeTokens.list({
      email: 'ada@example.com',
      status: 'active',
      page: 1,
      pageSize: 100,
    });
    expect(page.tokens).toEqual([tokenShape]);
  });
  it('listAll', async () => {
    const seen = [];
    for await (const t of client().oneTimeTokens.listAll({ pageSize: 50 })) seen.push(t);
    expect(seen).toEqual([tokenShape]);
  });
  it('create', async () => {
    await expect(
      client().oneTimeTokens.create({
        email: 'ada@example.com',
        expiresIn: 600,
        context: { jitOrganizationIds: ['o'] },
      }),
    ).resolves.toEqual(tokenShape);
  });
  it('get', async () => {
    await expect(client().oneTimeTokens.get('ott_5f3kq9z1m2')).resolves.toEqual(tokenShape);
  });
  it('delete', async () => {
    await expect(client().oneTimeTokens.delete('ott_5f3kq9z1m2')).resolves.toBeUndefined();
  });
  it('verify', async () => {
    await expect(
      client().oneTimeTokens.verify({ token: '7QxJ3wVd2kz8LmHcP1s9aRfT', email: 'ada@example.com' }),
    ).resolves.toEqual(tokenShape);
  });
  it('updateStatus', async () => {
    await expect(
      client().oneTimeTokens.updateStatus('ott_5f3kq9z1m2', { status: 'revoked' }),
    ).resolves.toEqual(tokenShape);
  });
});

describe('Experience client against the spec', () => {
  // The session cookie Prism's security check requires; in real use /oidc/auth sets it.
  const client = () =>
    createExperienceClient({
      endpoint: experience.url,
      appId: 'app_web_01',
      headers: { cookie: '_interaction=contract' },
      maxRetries: 2,
      fetch: experience.fetch,
    });
  const ver = { verificationId: expect.any(String) };
  const email = { type: 'email' as const, value: 'ada@example.com' };
  const payload = {
    type: 'WebAuthn' as const,
    id: 'Y3JlZA',
    rawId: 'Y3JlZA',
    response: { clientDataJSON: 'e30', attestationObject: 'o2Nm', transports: ['internal' as const] },
    authenticatorAttachment: 'platform' as const,
    clientExtensionResults: {},
  };
  const calls: Array<[string, (c: ExperienceClient) => Promise<unknown>, unknown]> = [
    [
      'initInteraction',
      (c) => c.initInteraction({ interactionEvent: 'SignIn', captchaToken: 't' }),
      undefined,
    ],
    ['updateInteractionEvent', (c) => c.updateInteractionEvent({ interactionEvent: 'Register' }), undefined],
    [
      'identifyUser',
      (c) => c.identifyUser({ verificationId: 'ver_1', linkSocialIdentity: false }),
      { status: expect.any(Number), data: expect.anything() },
    ],
    ['submit', (c) => c.submit(), { status: 200, data: { redirectTo: expect.any(String) } }],
    [
      'getInteraction',
      (c) => c.getInteraction(),
      expect.objectContaining({ interactionEvent: expect.any(String) }),
    ],
    [
      'createAndSendMfaVerificationCode',
      (c) => c.createAndSendMfaVerificationCode({ identifierType: 'email' }),
      ver,
    ],
    [
      'verifyMfaVerificationCode',
      (c) => c.verifyMfaVerificationCode({ verificationId: 'v', code: '123456', identifierType: 'email' }),
      ver,
    ],
    [
      'createSignInPasskeyAuthentication',
      (c) => c.createSignInPasskeyAuthentication(),
      { authenticationOptions: expect.any(Object) },
    ],
    [
      'createSignInPasskeyAuthenticationWithIdentifier',
      (c) => c.createSignInPasskeyAuthenticationWithIdentifier({ identifier: email }),
      { ...ver, authenticationOptions: expect.any(Object) },
    ],
    ['markMfaEnabled', (c) => c.markMfaEnabled(), undefined],
    ['skipMfaSuggestion', (c) => c.skipMfaSuggestion(), undefined],
    ['skipPasskeyBinding', (c) => c.skipPasskeyBinding(), undefined],
    ['bindPasskey', (c) => c.bindPasskey({ verificationId: 'v' }), undefined],
    [
      'uploadExperienceAvatar',
      (c) =>
        c.uploadExperienceAvatar({
          file: new File([new Uint8Array([1, 2, 3])], 'a.png', { type: 'image/png' }),
        }),
      { url: expect.any(String) },
    ],
    [
      'getSignInExperience',
      (c) => c.getSignInExperience(),
      expect.objectContaining({ signInMode: expect.any(String) }),
    ],
    [
      'getWellKnownExperience',
      (c) => c.getWellKnownExperience(),
      expect.objectContaining({ signInMode: expect.any(String) }),
    ],
    ['getSignInExperiencePhrases', (c) => c.getSignInExperiencePhrases({ lng: 'en' }), expect.any(Object)],
    [
      'createPasswordVerification',
      (c) =>
        c.createPasswordVerification({ identifier: { type: 'phone', value: '+15550100' }, password: 'pw' }),
      ver,
    ],
    [
      'createAndSendVerificationCode',
      (c) => c.createAndSendVerificationCode({ identifier: email, interactionEvent: 'SignIn' }),
      ver,
    ],
    ['verifyCode', (c) => c.verifyCode({ identifier: email, verificationId: 'v', code: '123456' }), ver],
    [
      'createSocialVerification',
      (c) => c.createSocialVerification('github', { state: 's', redirectUri: 'https://a/cb' }),
      { ...ver, authorizationUri: expect.any(String) },
    ],
    ['verifySocial', (c) => c.verifySocial('github', { connectorData: { code: 'c' } }), ver],
    [
      'createEnterpriseSsoVerification',
      (c) => c.createEnterpriseSsoVerification('okta', { state: 's', redirectUri: 'https://a/cb' }),
      { ...ver, authorizationUri: expect.any(String) },
    ],
    [
      'verifyEnterpriseSso',
      (c) => c.verifyEnterpriseSso('okta', { verificationId: 'v', connectorData: { code: 'c' } }),
      ver,
    ],
    [
      'createTotpSecret',
      (c) => c.createTotpSecret(),
      { ...ver, secret: expect.any(String), secretQrCode: expect.any(String) },
    ],
    ['verifyTotp', (c) => c.verifyTotp({ code: '123456', verificationId: 'v' }), ver],
    [
      'createWebAuthnRegistration',
      (c) => c.createWebAuthnRegistration(),
      { ...ver, registrationOptions: expect.any(Object) },
    ],
    [
      'verifyWebAuthnRegistration',
      (c) => c.verifyWebAuthnRegistration({ verificationId: 'v', payload }),
      ver,
    ],
    [
      'createWebAuthnAuthenticationVerification',
      (c) => c.createWebAuthnAuthenticationVerification(),
      { ...ver, authenticationOptions: expect.any(Object) },
    ],
    [
      'verifyWebAuthnAuthentication',
      (c) =>
        c.verifyWebAuthnAuthentication({
          verificationId: 'v',
          payload: {
            ...payload,
            response: { clientDataJSON: 'e30', authenticatorData: 'YQ', signature: 'cw', userHandle: 'dQ' },
          },
        }),
      ver,
    ],
    ['generateBackupCodes', (c) => c.generateBackupCodes(), { ...ver, codes: expect.any(Array) }],
    ['verifyBackupCode', (c) => c.verifyBackupCode({ code: 'a1b2c3d4e5' }), ver],
    ['verifyOneTimeToken', (c) => c.verifyOneTimeToken({ identifier: email, token: 'tok' }), ver],
    [
      'createNewPasswordIdentityVerification',
      (c) =>
        c.createNewPasswordIdentityVerification({
          identifier: { type: 'username', value: 'grace_h' },
          password: 'pw',
        }),
      ver,
    ],
    ['addUserProfile (username)', (c) => c.addUserProfile({ type: 'username', value: 'ada' }), undefined],
    ['addUserProfile (social)', (c) => c.addUserProfile({ type: 'social', verificationId: 'v' }), undefined],
    ['resetPassword', (c) => c.resetPassword({ password: 'new-password' }), undefined],
    [
      'bindMfaVerification',
      (c) => c.bindMfaVerification({ type: 'BackupCode', verificationId: 'v' }),
      undefined,
    ],
    ['skipMfaBindingFlow', (c) => c.skipMfaBindingFlow(), undefined],
    [
      'getEnabledSsoConnectors',
      (c) => c.getEnabledSsoConnectors({ email: 'ada@example.com' }),
      { connectorIds: expect.any(Array) },
    ],
  ];

  it.each(calls)('%s', async (_name, call, expected) => {
    const result = await call(client());
    if (expected === undefined) expect(result).toBeUndefined();
    else expect(result).toEqual(expected);
  });

  it('is refused by the spec when a body breaks it', async () => {
    const { response } = await experienceApi(client()).POST(
      '/api/experience/verification/new-password-identity',
      {
        body: { identifier: { type: 'username', value: '1-not-a-username' }, password: 'pw' },
      },
    );
    expect(response.ok).toBe(false);
    expect(response.headers.get('sl-violations')).toContain('pattern');
  });
});

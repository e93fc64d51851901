import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { type Browser, newInteraction, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  sandbox.addUser({ username: 'ada', email: 'ada@example.com', password: 'ada-password' });
  sandbox.addSocialConnector({
    connectorId: 'github',
    identity: { id: 'gh-1', email: 'linus@example.com', name: 'Linus' },
  });
  sandbox.addSsoConnector({
    connectorId: 'okta',
    domains: ['corp.example'],
    identity: { id: 'okta-1', email: 'ada@example.com' },
  });
});
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => sandbox.close());

/** Starts a provider verification and follows the fake provider's redirect, like a browser. */
async function authorize(browser: Browser, kind: 'social' | 'sso', connectorId: string, overrides = '') {
  const started = await browser.json(
    'POST',
    `/api/experience/verification/${kind}/${connectorId}/authorization-uri`,
    {
      state: `state-${kind}`,
      redirectUri: 'https://app.example.com/callback/provider',
    },
  );
  expect(started.status).toBe(200);
  const authorizationUri = new URL(started.body.authorizationUri);
  expect(authorizationUri.origin).toBe(sandbox.url);
  const redirected = await browser.fetch(`${started.body.authorizationUri}${overrides}`);
  expect(redirected.status).toBe(303);
  const callback = new URL(redirected.headers.get('location') ?? '');
  expect(callback.origin + callback.pathname).toBe('https://app.example.com/callback/provider');
  expect(callback.searchParams.get('state')).toBe(`state-${kind}`);
  return {
    verificationId: started.body.verificationId as string,
    connectorData: Object.fromEntries(callback.searchParams),
  };
}

const verify = (
  browser: Browser,
  kind: 'social' | 'sso',
  connectorId: string,
  body: Record<string, unknown>,
) => browser.json('POST', `/api/experience/verification/${kind}/${connectorId}/verify`, body);

describe('social sign-in through the fake provider', () => {
  it('registers an unknown social identity, then signs it in directly', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    const authorized = await authorize(browser, 'social', 'github');
    expect((await verify(browser, 'social', 'github', authorized)).status).toBe(200);
    const unknown = await browser.json('POST', '/api/experience/identification', {
      verificationId: authorized.verificationId,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('user.identity_not_exist');
    await browser.json('PUT', '/api/experience/interaction-event', { interactionEvent: 'Register' });
    expect(
      (
        await browser.json('POST', '/api/experience/identification', {
          verificationId: authorized.verificationId,
        })
      ).status,
    ).toBe(201);
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);
    const user = sandbox.findUser({ email: 'linus@example.com' });
    expect(user?.socialIdentities.github?.id).toBe('gh-1');
    expect(user?.name).toBe('Linus');

    const again = await newInteraction(sandbox, 'SignIn');
    const second = await authorize(again, 'social', 'github');
    await verify(again, 'social', 'github', second);
    expect(
      (await again.json('POST', '/api/experience/identification', { verificationId: second.verificationId }))
        .status,
    ).toBe(204);
    const submitted = await again.json('POST', '/api/experience/submit');
    const { code } = await again.finish(submitted.body.redirectTo);
    expect(sandbox.authorizationCode(code ?? '')?.userId).toBe(user?.id);
  });

  it('links a social identity to the account with the same email when asked', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    const authorized = await authorize(browser, 'social', 'github', '&sub=gh-2&email=ada%40example.com');
    await verify(browser, 'social', 'github', authorized);
    const linked = await browser.json('POST', '/api/experience/identification', {
      verificationId: authorized.verificationId,
      linkSocialIdentity: true,
    });
    expect(linked.status).toBe(204);
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);
    expect(sandbox.findUser({ username: 'ada' })?.socialIdentities.github?.id).toBe('gh-2');
  });

  it('rejects forged, reused and mismatched provider codes', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    const authorized = await authorize(browser, 'social', 'github');
    const forged = await verify(browser, 'social', 'github', {
      ...authorized,
      connectorData: { code: 'forged', state: 'state-social' },
    });
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('session.verification_failed');
    const wrongState = await verify(browser, 'social', 'github', {
      ...authorized,
      connectorData: { ...authorized.connectorData, state: 'other' },
    });
    expect(wrongState.status).toBe(400);
    expect((await verify(browser, 'social', 'github', authorized)).status).toBe(200);
    const reused = await verify(browser, 'social', 'github', authorized);
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe('session.verification_failed');
  });

  it('answers 404 for unknown connectors', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    const response = await browser.json(
      'POST',
      '/api/experience/verification/social/gitlab/authorization-uri',
      {
        state: 's',
        redirectUri: 'https://app.example.com/cb',
      },
    );
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('entity.not_found');
    const sso = await verify(browser, 'sso', 'github', { verificationId: 'x', connectorData: {} });
    expect(sso.status).toBe(404);
  });
});

describe('enterprise SSO through the fake provider', () => {
  it('signs in the account with the IdP-verified email and links the SSO identity', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    const connectors = await browser.json('GET', '/api/experience/sso-connectors?email=ada%40corp.example');
    expect(connectors.body.connectorIds).toEqual(['okta']);
    const authorized = await authorize(browser, 'sso', 'okta');
    expect((await verify(browser, 'sso', 'okta', authorized)).status).toBe(200);
    expect(
      (
        await browser.json('POST', '/api/experience/identification', {
          verificationId: authorized.verificationId,
        })
      ).status,
    ).toBe(204);
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);
    expect(sandbox.findUser({ username: 'ada' })?.ssoIdentities.okta?.id).toBe('okta-1');
  });

  it('answers user.identity_not_exist for an SSO identity without account', async () => {
    const browser = await newInteraction(sandbox, 'SignIn');
    const authorized = await authorize(browser, 'sso', 'okta', '&sub=okta-9&email=nobody%40corp.example');
    await verify(browser, 'sso', 'okta', authorized);
    const response = await browser.json('POST', '/api/experience/identification', {
      verificationId: authorized.verificationId,
    });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('user.identity_not_exist');
  });
});

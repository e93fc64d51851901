import { SoftwareAuthenticator } from '@authspec/test-utils';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { type Browser, newInteraction, startTestSandbox } from './helpers.js';

let sandbox: Sandbox;
let authenticator: SoftwareAuthenticator;

beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
  sandbox.addUser({ username: 'passkey_user', password: 'passkey-password' });
  authenticator = new SoftwareAuthenticator(sandbox.url);
});
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => sandbox.close());

async function signIn() {
  const browser = await newInteraction(sandbox, 'SignIn');
  const verified = await browser.json('POST', '/api/experience/verification/password', {
    identifier: { type: 'username', value: 'passkey_user' },
    password: 'passkey-password',
  });
  await browser.json('POST', '/api/experience/identification', {
    verificationId: verified.body.verificationId,
  });
  return browser;
}

const startAuthentication = async (browser: Browser) => {
  const started = await browser.json('POST', '/api/experience/verification/web-authn/authentication');
  expect(started.status).toBe(200);
  return started.body as {
    verificationId: string;
    authenticationOptions: { challenge: string; rpId: string };
  };
};

describe('WebAuthn', () => {
  it('answers 400 when a user without passkey asks for an authentication challenge', async () => {
    const browser = await signIn();
    const response = await browser.json('POST', '/api/experience/verification/web-authn/authentication');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('session.mfa.webauthn_verification_not_found');
  });

  it('registers a passkey (attestation "none") and binds it on submit', async () => {
    const browser = await signIn();
    const started = await browser.json('POST', '/api/experience/verification/web-authn/registration');
    expect(started.status).toBe(200);
    const options = started.body.registrationOptions;
    expect(options.rp).toEqual({ name: 'Logto Sandbox', id: '127.0.0.1' });
    expect(options.attestation).toBe('none');

    const tampered = authenticator.register(options);
    tampered.response.clientDataJSON = Buffer.from(
      JSON.stringify({ type: 'webauthn.create', challenge: 'wrong', origin: sandbox.url }),
    ).toString('base64url');
    const wrongChallenge = await browser.json(
      'POST',
      '/api/experience/verification/web-authn/registration/verify',
      {
        verificationId: started.body.verificationId,
        payload: tampered,
      },
    );
    expect(wrongChallenge.status).toBe(400);
    expect(wrongChallenge.body.code).toBe('session.mfa.webauthn_verification_failed');

    // The challenge was spent by the failed answer; a new registration starts over.
    const retry = await browser.json('POST', '/api/experience/verification/web-authn/registration');
    const verified = await browser.json(
      'POST',
      '/api/experience/verification/web-authn/registration/verify',
      {
        verificationId: retry.body.verificationId,
        payload: authenticator.register(retry.body.registrationOptions),
      },
    );
    expect(verified.status).toBe(200);
    const bound = await browser.json('POST', '/api/experience/profile/mfa', {
      type: 'WebAuthn',
      verificationId: retry.body.verificationId,
    });
    expect(bound.status).toBe(204);
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);
    expect(sandbox.findUser({ username: 'passkey_user' })?.webAuthnCredentials).toEqual([
      { id: authenticator.id, counter: 0 },
    ]);
  });

  it('requires the passkey at the next sign-in and verifies a signed assertion', async () => {
    const browser = await signIn();
    const blocked = await browser.json('POST', '/api/experience/submit');
    expect(blocked.status).toBe(403);
    expect(blocked.body.data.availableFactors).toEqual(['WebAuthn']);
    const { verificationId, authenticationOptions } = await startAuthentication(browser);
    expect(authenticationOptions.rpId).toBe('127.0.0.1');
    const verified = await browser.json(
      'POST',
      '/api/experience/verification/web-authn/authentication/verify',
      {
        verificationId,
        payload: authenticator.authenticate(authenticationOptions),
      },
    );
    expect(verified.status).toBe(200);
    expect((await browser.json('POST', '/api/experience/submit')).status).toBe(200);
    expect(sandbox.findUser({ username: 'passkey_user' })?.webAuthnCredentials[0]?.counter).toBe(
      authenticator.counter,
    );
  });

  it('rejects a bad signature, a replayed assertion and a reused challenge', async () => {
    const browser = await signIn();
    const first = await startAuthentication(browser);
    const assertion = authenticator.authenticate(first.authenticationOptions);
    const forged = structuredClone(assertion);
    const signature = Buffer.from(forged.response.signature, 'base64url');
    signature[signature.length - 1] = (signature.at(-1) ?? 0) ^ 0xff;
    forged.response.signature = signature.toString('base64url');
    const bad = await browser.json('POST', '/api/experience/verification/web-authn/authentication/verify', {
      verificationId: first.verificationId,
      payload: forged,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('session.mfa.webauthn_verification_failed');
    const reused = await browser.json(
      'POST',
      '/api/experience/verification/web-authn/authentication/verify',
      {
        verificationId: first.verificationId,
        payload: assertion,
      },
    );
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe('session.mfa.pending_info_not_found');

    // An authenticator whose signature counter does not move forward is a clone: refused.
    const second = await startAuthentication(browser);
    const stored = sandbox.findUser({ username: 'passkey_user' })?.webAuthnCredentials[0]?.counter ?? 0;
    const ahead = authenticator.counter;
    authenticator.counter = stored - 1;
    const stale = authenticator.authenticate(second.authenticationOptions);
    authenticator.counter = ahead;
    const replay = await browser.json(
      'POST',
      '/api/experience/verification/web-authn/authentication/verify',
      {
        verificationId: second.verificationId,
        payload: stale,
      },
    );
    expect(replay.status).toBe(400);
    expect(replay.body.code).toBe('session.mfa.webauthn_verification_failed');

    const third = await startAuthentication(browser);
    const fresh = await browser.json('POST', '/api/experience/verification/web-authn/authentication/verify', {
      verificationId: third.verificationId,
      payload: authenticator.authenticate(third.authenticationOptions),
    });
    expect(fresh.status).toBe(200);
  });

  it('rejects the payload type of the browser API ("public-key") through the spec', async () => {
    const browser = await signIn();
    const started = await startAuthentication(browser);
    const payload = { ...authenticator.authenticate(started.authenticationOptions), type: 'public-key' };
    const response = await browser.json(
      'POST',
      '/api/experience/verification/web-authn/authentication/verify',
      {
        verificationId: started.verificationId,
        payload,
      },
    );
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('guard.invalid_input');
    expect(response.body.details).toContain('Error in key path "payload.type"');
  });
});

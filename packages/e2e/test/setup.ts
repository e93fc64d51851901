// Each test file starts its own sandbox, with every response checked against the spec.
import { createExperienceClient, createManagementClient, type ExperienceClient } from '@authspec/logto';
import { createHeadlessSignIn, type HeadlessSignInFlow } from '@authspec/logto/headless';
import { type Sandbox, startSandbox } from '@authspec/sandbox';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export const REDIRECT_URI = 'https://app.example.com/callback';
const E2E_APP = 'e2e-app';
const E2E_SECRET = 'e2e-app-secret';

export function useSandbox(): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ validateResponses: true, logger: false });
    // A confidential application (no PKCE needed) for the interactions the tests open.
    sandbox.addApp({
      clientId: E2E_APP,
      type: 'Traditional',
      clientSecret: E2E_SECRET,
      redirectUris: [REDIRECT_URI],
    });
  });
  afterEach(() => expect(sandbox?.responseViolations).toEqual([]));
  afterAll(() => sandbox?.close());
  return () => {
    if (!sandbox) throw new Error('the sandbox is not started');
    return sandbox;
  };
}

/** A Management client of a fresh M2M app. */
export function managementClient(sandbox: Sandbox) {
  const app = sandbox.addM2mApp();
  return createManagementClient({
    endpoint: sandbox.urls.logto,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
  });
}

/** An Experience client whose interaction has been opened through /oidc/auth. */
export async function experienceClient(sandbox: Sandbox): Promise<ExperienceClient> {
  const experience = createExperienceClient({ endpoint: sandbox.urls.logto, appId: E2E_APP });
  await experience.startOidcAuthorization({ clientId: E2E_APP, redirectUri: REDIRECT_URI, state: 'e2e' });
  return experience;
}

/** A headless sign-in of the e2e application: its Experience client, then `complete()` for the tokens. */
export async function startSignIn(sandbox: Sandbox): Promise<HeadlessSignInFlow> {
  return createHeadlessSignIn({
    endpoint: sandbox.urls.logto,
    clientId: E2E_APP,
    clientSecret: E2E_SECRET,
    redirectUri: REDIRECT_URI,
  }).start();
}

/** Finish a sign-in from submit's redirectTo and answer whom the ID token is for. */
export async function signedInUser(flow: HeadlessSignInFlow, redirectTo: string): Promise<string> {
  const { claims } = await flow.complete({ redirectTo });
  return claims.sub;
}

/** Settle many calls at once and count how they ended. */
export async function race<T>(calls: Array<() => Promise<T>>) {
  const results = await Promise.allSettled(calls.map((call) => call()));
  const failures = results.flatMap((r) =>
    r.status === 'rejected' ? [r.reason as { name: string; code?: string }] : [],
  );
  return { succeeded: results.length - failures.length, failures };
}

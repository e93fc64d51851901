// Each test file starts its own sandbox, with every response checked against the spec.
import { createExperienceClient, createManagementClient, type ExperienceClient } from '@authspec/logto';
import { type Sandbox, startSandbox } from '@authspec/sandbox';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export function useSandbox(): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ validateResponses: true, logger: false });
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

export const REDIRECT_URI = 'https://app.example.com/callback';

/** An Experience client whose interaction has been opened through /oidc/auth. */
export async function experienceClient(sandbox: Sandbox): Promise<ExperienceClient> {
  const experience = createExperienceClient({ endpoint: sandbox.urls.logto, appId: 'e2e-app' });
  await experience.startOidcAuthorization({ clientId: 'e2e-app', redirectUri: REDIRECT_URI, state: 'e2e' });
  return experience;
}

/** Follow submit's redirectTo and answer the id of the user the authorization code is for. */
export async function signedInUser(sandbox: Sandbox, redirectTo: string): Promise<string | undefined> {
  const res = await fetch(redirectTo, { redirect: 'manual' });
  const location = res.headers.get('location') ?? '';
  expect(location.startsWith(REDIRECT_URI)).toBe(true);
  return sandbox.authorizationCode(new URL(location).searchParams.get('code') ?? '')?.userId;
}

/** Settle many calls at once and count how they ended. */
export async function race<T>(calls: Array<() => Promise<T>>) {
  const results = await Promise.allSettled(calls.map((call) => call()));
  const failures = results.flatMap((r) =>
    r.status === 'rejected' ? [r.reason as { name: string; code?: string }] : [],
  );
  return { succeeded: results.length - failures.length, failures };
}

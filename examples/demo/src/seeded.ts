import { createManagementClient, type ManagementClient } from '@authspec/logto';
import type { Sandbox } from '@authspec/sandbox';
import { expect } from './report.js';

/** A Management client of the demo seed's machine-to-machine app. */
export function seededManagementClient(sandbox: Sandbox): { logto: ManagementClient; clientId: string } {
  const app = sandbox.seeded.m2mApps[0];
  expect(app, 'the demo seed has an M2M app');
  return {
    logto: createManagementClient({
      endpoint: sandbox.urls.logto,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
    }),
    clientId: app.clientId,
  };
}

// The built files, as consumers load them: require() of the CJS build and import of the ESM build.
import { createRequire } from 'node:module';
import { sendJson, startServer } from '@authspec/test-utils';
import { describe, expect, it } from 'vitest';
import type * as Api from '../src';

const require = createRequire(import.meta.url);
const builds = {
  cjs: require('../dist/index.cjs') as typeof Api,
  esm: (await import('../dist/index.mjs')) as typeof Api,
};

describe('@authspec/equinix-otp build', () => {
  it.each(Object.entries(builds))('the %s build creates a working client', async (_kind, build) => {
    const server = await startServer((_req, res) => sendJson(res, 200, { recovery_codes: ['x1'] }));
    try {
      const client = build.createEquinixOtpClient({ authToken: 'k-1234', baseUrl: server.url });
      await expect(client.getRecoveryCodes()).resolves.toEqual(['x1']);
    } finally {
      await server.close();
    }
  });
});

// The built files, as consumers load them: require() of the CJS build and import of the ESM build.
import { createRequire } from 'node:module';
import { sendJson, startServer } from '@authspec/test-utils';
import { describe, expect, it } from 'vitest';
import type * as Api from '../src';
import type * as SessionApi from '../src/session-entry';

const require = createRequire(import.meta.url);
const builds = {
  cjs: { ...require('../dist/index.cjs'), ...require('../dist/session.cjs') } as typeof Api &
    typeof SessionApi,
  esm: { ...(await import('../dist/index.mjs')), ...(await import('../dist/session.mjs')) } as typeof Api &
    typeof SessionApi,
};

describe('@authspec/sftpgo-token build', () => {
  it.each(Object.entries(builds))('the %s build creates working clients', async (_kind, build) => {
    const token = { access_token: 'jwt', expires_at: new Date(Date.now() + 1_200_000).toISOString() };
    const server = await startServer((_req, res) => sendJson(res, 200, token));
    try {
      await expect(
        build.createSftpgoTokenClient({ baseUrl: server.url }).getToken({ username: 'a', password: 'b' }),
      ).resolves.toEqual(token);
      const session = build.createSftpgoSession({
        baseUrl: server.url,
        username: 'a',
        password: 'b',
        role: 'user',
      });
      await expect(session.getAccessToken()).resolves.toBe('jwt');
    } finally {
      await server.close();
    }
  });
});

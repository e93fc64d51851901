// The built files, as consumers load them: require() of the CJS build and import of the ESM
// builds both work, errors stay `instanceof` across them, and the browser entry pulls in
// nothing Node-only.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { sendJson, startServer } from '@authspec/test-utils';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type * as Api from '../src';

const require = createRequire(import.meta.url);
const cjs = require('../dist/index.cjs') as typeof Api;
const esm = (await import('../dist/index.mjs')) as typeof Api;

describe('@authspec/logto build', () => {
  it('creates working clients from both the CJS and the ESM build', async () => {
    const server = await startServer((_req, res) =>
      sendJson(res, 404, { code: 'entity.not_exists_with_id', message: '' }),
    );
    try {
      for (const build of [cjs, esm]) {
        const client = build.createManagementClient({ endpoint: server.url, accessToken: 'tok-1234' });
        const error = await client.oneTimeTokens.get('missing').catch((e: unknown) => e);
        // An application may load both builds; their errors must still match either class.
        expect(error).toBeInstanceOf(cjs.NotFoundError);
        expect(error).toBeInstanceOf(esm.NotFoundError);
        expect(typeof build.createExperienceClient({ endpoint: server.url }).initInteraction).toBe(
          'function',
        );
      }
    } finally {
      await server.close();
    }
  });

  it('refuses client credentials in the browser entry, where a secret would be public', async () => {
    // Typed as the Node entry: the browser entry's own types already refuse client credentials,
    // and this checks that plain JavaScript gets the same refusal at run time.
    const browser = (await import('../dist/browser/index.mjs')) as unknown as typeof Api;
    expect(() =>
      browser.createManagementClient({
        endpoint: 'https://x.logto.app',
        clientId: 'app',
        clientSecret: 'secret-value',
      }),
    ).toThrow(/clientSecret cannot be used in a browser/);
    expect(
      browser.createManagementClient({ endpoint: 'https://x.logto.app', accessToken: 't' }).oneTimeTokens,
    ).toBeDefined();
  });

  it.each(['index', 'management', 'experience'])(
    'bundles the browser entry %s for browsers with no node: import and no Node-only dependency',
    async (name) => {
      const entry = fileURLToPath(new URL(`../dist/browser/${name}.mjs`, import.meta.url));
      // platform: 'browser' resolves the `browser` conditions and fails on any node: import.
      const result = await build({
        entryPoints: [entry],
        bundle: true,
        platform: 'browser',
        format: 'esm',
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      const inputs = Object.keys(result.metafile.inputs);
      expect(
        inputs.filter((i) => i.startsWith('node:') || /node_modules\/.pnpm\/(tough-cookie|tldts)/.test(i)),
      ).toEqual([]);
      expect(inputs.some((i) => i.includes('openapi-fetch'))).toBe(true);
      const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
      const subpath = name === 'index' ? '.' : `./${name}`;
      expect(pkg.exports[subpath].browser.default).toBe(`./dist/browser/${name}.mjs`);
    },
  );

  it('the Node entry, bundled for browsers, would fail: the check above can fail', async () => {
    const entry = fileURLToPath(new URL('../dist/index.mjs', import.meta.url));
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    expect(Object.keys(result.metafile.inputs).some((i) => /tough-cookie/.test(i))).toBe(true);
  });
});

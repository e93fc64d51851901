// `pnpm run docs` builds one Redoc page per API plus the package READMEs into build/docs/. This
// suite builds them once, serves build/docs on 127.0.0.1 and opens every page in headless
// Chromium without network access: a console error, an uncaught page error, a failed or
// non-2xx request, or any request that leaves the local server fails the page. Each API page
// must then show every operation of the bundled spec (its operationId in the link to it, its
// summary as the heading of the rendered operation), and the index must link to every page.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { launchChromium } from '@authspec/test-utils';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIS, ROOT } from '../scripts/lib/apis.mjs';
import { operationsOf } from './helpers/spec';

const DOCS = join(ROOT, 'build', 'docs');
const REQUIRED_PACKAGES = ['core', 'logto', 'equinix-otp', 'sftpgo-token', 'redis-token-store'];
// Every package with a README gets a page; sandbox only once its README exists.
const README_PACKAGES = [
  ...REQUIRED_PACKAGES,
  ...(existsSync(join(ROOT, 'packages', 'sandbox', 'README.md')) ? ['sandbox'] : []),
];

let server: Server;
let base: string;
let browser: Browser;
let buildOutput = '';

beforeAll(async () => {
  const res = spawnSync(process.execPath, ['scripts/docs.mjs'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  buildOutput = `${res.stdout}${res.stderr}`;
  if (res.status !== 0) throw new Error(`node scripts/docs.mjs failed (exit ${res.status}):\n${buildOutput}`);
  server = await serveStatic(DOCS);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe('pnpm run docs', () => {
  it('is the root "docs" script and prints a summary of what it wrote', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.docs).toBe('node scripts/docs.mjs');
    for (const api of APIS) expect(buildOutput).toContain(`${api.name}.html`);
    expect(buildOutput).toContain('index.html');
  });

  it('writes one page per API, one per package README and the index', () => {
    const files = readdirSync(DOCS).sort();
    expect(files).toEqual(expect.arrayContaining([...APIS.map((a) => `${a.name}.html`), 'index.html']));
    expect(readdirSync(join(DOCS, 'packages')).sort()).toEqual(
      expect.arrayContaining(README_PACKAGES.map((p) => `${p}.html`)),
    );
  });
});

describe.each(APIS.map((api) => [api.name, api] as const))('API reference %s', (name, api) => {
  it('loads with no console error, page error, failed or outside request', async () => {
    await withPage(`/${name}.html`, async (page) => {
      await expect(page.title()).resolves.toBe(api.title);
    });
  });

  it('shows every operation of the spec', async () => {
    const operations = operationsOf(name);
    expect(operations.length).toBeGreaterThan(0);
    await withPage(`/${name}.html`, async (page) => {
      const links = await collectOperationLinks(page);
      const missing: string[] = [];
      for (const { method, path, operation } of operations) {
        const id = String(operation.operationId);
        const summary = String(operation.summary);
        const link = links.find((href) => href.split('/').pop() === id.toLowerCase());
        if (!link) {
          missing.push(`${id} (${method.toUpperCase()} ${path}): no link to it in the page`);
          continue;
        }
        await page.evaluate((hash) => {
          window.location.hash = hash;
        }, link);
        const shown = await page
          .waitForFunction(
            (text) =>
              [...document.querySelectorAll('h1, h2, h3')].some((h) => h.textContent?.trim() === text),
            summary,
            { timeout: 10_000 },
          )
          .then(
            () => true,
            () => false,
          );
        if (!shown)
          missing.push(`${id} (${method.toUpperCase()} ${path}): heading "${summary}" not rendered`);
      }
      expect(missing, `operations of ${name} missing from ${name}.html`).toEqual([]);
    });
  });
});

describe('index.html', () => {
  it('links to every API reference and every package README, and each link resolves', async () => {
    await withPage('/index.html', async (page) => {
      const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') as string));
      const expected = [
        ...APIS.map((a) => `${a.name}.html`),
        ...README_PACKAGES.map((p) => `packages/${p}.html`),
      ];
      expect(hrefs).toEqual(expect.arrayContaining(expected));
      for (const href of hrefs.filter((h) => !/^[a-z]+:/i.test(h))) {
        const res = await fetch(new URL(href, `${base}/index.html`));
        expect(res.status, `index.html links to ${href}`).toBe(200);
        await res.arrayBuffer();
      }
    });
  });
});

describe.each(README_PACKAGES)('README page of packages/%s', (pkg) => {
  it('renders the README with no console error, page error, failed or outside request', async () => {
    const { name } = JSON.parse(readFileSync(join(ROOT, 'packages', pkg, 'package.json'), 'utf8'));
    await withPage(`/packages/${pkg}.html`, async (page) => {
      expect((await page.locator('h1').first().textContent())?.trim()).toBe(name);
      // Relative links inside the README resolve too (the link back to the index included).
      const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') as string));
      for (const href of hrefs.filter((h) => !/^([a-z][a-z0-9+.-]*:|#|\/\/)/i.test(h))) {
        const res = await fetch(new URL(href, `${base}/packages/${pkg}.html`));
        expect(res.status, `packages/${pkg}.html links to ${href}`).toBe(200);
        await res.arrayBuffer();
      }
    });
  });
});

/**
 * Open a page of the local server in a fresh browser context, run `check`, and fail when the
 * page logged a console error, threw, had a request fail (or answer 4xx/5xx), or tried to reach
 * anything but the local server (such requests are aborted, and recorded).
 */
async function withPage(path: string, check: (page: Page) => Promise<void>) {
  const context = await browser.newContext();
  const problems: string[] = [];
  try {
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${base}/`)) return route.continue();
      problems.push(`outside request: ${url}`);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('requestfailed', (req) => {
      problems.push(`request failed: ${req.url()} (${req.failure()?.errorText ?? 'unknown'})`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
    });
    await page.goto(`${base}${path}`, { waitUntil: 'load' });
    await check(page);
    // Let late work (hydration, lazy images, workers) finish before judging the page.
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(250);
    expect(problems, `problems on ${path}`).toEqual([]);
  } finally {
    await context.close();
  }
}

/**
 * The operation links of a Redoc page: the sidebar shows a tag's operations once the tag is
 * opened, so open every tag group in turn and collect the `#/<tag>/<operation>` links.
 */
async function collectOperationLinks(page: Page): Promise<string[]> {
  await page.waitForSelector('[data-component-name="Menu/MenuItem"]');
  const links = new Set<string>();
  const collect = async () => {
    for (const href of await page.$$eval('a[href^="#/"]', (as) => as.map((a) => a.getAttribute('href')))) {
      if (href) links.add(href.split('#').slice(0, 2).join('#'));
    }
  };
  await collect();
  const groups = page.locator('[data-component-name="Menu/MenuItem"].menu-item-type-group > a');
  const count = await groups.count();
  for (let i = 0; i < count; i++) {
    await groups.nth(i).click();
    await page.waitForTimeout(100);
    await collect();
  }
  return [...links];
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** A static file server for `root` on 127.0.0.1 and a port the OS picks. */
function serveStatic(root: string): Promise<Server> {
  const srv = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname));
    if (!file.startsWith(root + sep) || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    try {
      const body = readFileSync(file);
      res
        .writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' })
        .end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => resolve(srv));
  });
}

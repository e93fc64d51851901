// Serving a built sign-in page from the sandbox's own origin, so that the page and the
// Experience API share the interaction cookie (as a real Logto sign-in page does).
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { ProtocolRoute } from '../../http/protocol-routes.js';
import { json, type Reply } from '../../http/reply.js';
import type { LogtoCall } from './state.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The file at `relative` (percent-decoded) inside `dir` if it exists there, otherwise the page's
 * `index.html` (client-side routes).
 */
export async function serveStatic(dir: string, relative: string): Promise<Reply> {
  const root = resolve(dir);
  let file = resolve(join(root, relative.replace(/^\/+/, '') || 'index.html'));
  // Never serve anything outside the page's folder.
  if (file !== root && !file.startsWith(root + sep)) file = join(root, 'index.html');
  if (!(await isFile(file))) file = join(root, 'index.html');
  if (!(await isFile(file))) return { status: 404, text: 'No sign-in page was built.' };
  return {
    status: 200,
    bytes: await readFile(file),
    headers: {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
    },
  };
}

const PLACEHOLDER = {
  message:
    'Sandbox sign-in page. A real sign-in page would now drive the Experience API (/api/experience) with the _interaction cookie.',
};

/** `/sign-in`: the page given as `signInPage`, same-origin with the APIs, or a placeholder. */
export const signInPageRoutes: ProtocolRoute<LogtoCall>[] = ['GET', 'HEAD'].map((method) => ({
  method,
  path: '/sign-in/*',
  label: 'sign-in page',
  handle: (request, call) => {
    const page = call.sandbox.signInPage;
    if (!page) return json(200, PLACEHOLDER);
    // The page's relative links need the trailing slash.
    if (request.path === '/sign-in') {
      return { status: 308, headers: { Location: `/sign-in/${request.search}` } };
    }
    return serveStatic(page, request.params['*'] ?? '');
  },
}));

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

// Serving a built sign-in page from the sandbox's own origin, so that the page and the
// Experience API share the interaction cookie (as a real Logto sign-in page does).
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

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
 * Answer `GET <mount>/<file>` from `dir`: the file if it exists inside `dir`, otherwise the
 * page's `index.html` (client-side routes). Answers the status it sent.
 */
export async function serveStatic(
  dir: string,
  mount: string,
  pathname: string,
  res: ServerResponse,
): Promise<number> {
  const root = resolve(dir);
  const relative = decodeURIComponent(pathname.slice(mount.length)).replace(/^\/+/, '');
  let file = resolve(join(root, relative || 'index.html'));
  // Never serve anything outside the page's folder.
  if (file !== root && !file.startsWith(root + sep)) file = join(root, 'index.html');
  if (!(await isFile(file))) file = join(root, 'index.html');
  if (!(await isFile(file))) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('No sign-in page was built.');
    return 404;
  }
  const data = await readFile(file);
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': String(data.length),
    'Cache-Control': 'no-store',
  });
  res.end(data);
  return 200;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

// A throwaway copy of the working tree, as tests/helpers/repo-copy.ts makes one: the tracked and
// unignored files (so no dist/, build/ or .turbo/), with every workspace's node_modules
// symlinked to the installed one. Unlike the test helper it links the node_modules of every
// workspace package (examples/* and bench too), because a full `pnpm build` builds them all.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function copyRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'authspec-bench-'));
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  const files = listed.stdout.split('\0').filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(ROOT, file))) continue; // deleted but not yet staged
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file));
  }
  const workspaces = files.filter((f) => f.endsWith('package.json')).map((f) => dirname(f));
  for (const ws of workspaces) {
    const modules = join(ws, 'node_modules');
    if (existsSync(join(ROOT, modules))) symlinkSync(join(ROOT, modules), join(dir, modules), 'dir');
  }
  return {
    dir,
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    write(path, content) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    },
    remove: (path) => rmSync(join(dir, path), { recursive: true, force: true }),
    /** Run a command in the copy (or `options.cwd` inside it); stdout and stderr together. */
    run(command, args, options = {}) {
      const res = spawnSync(command, args, {
        cwd: options.cwd ? join(dir, options.cwd) : dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          TURBO_TELEMETRY_DISABLED: '1',
          TURBO_NO_UPDATE_NOTIFIER: '1',
          FORCE_COLOR: '0',
          NO_COLOR: '1',
          ...options.env,
        },
        maxBuffer: 256 * 1024 * 1024,
      });
      return { status: res.status ?? -1, output: `${res.stdout}${res.stderr}` };
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

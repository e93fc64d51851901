// A throwaway copy of the working tree for tests and benchmarks that edit the spec or run turbo
// for real: the tracked and unignored files (so no dist/, build/ or .turbo/), with every
// workspace's node_modules symlinked to the installed one.
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
import { ROOT } from './apis.mjs';

/**
 * @param {{ git?: boolean, prefix?: string }} [options] `git`: make the copy a repository with
 *   one commit (for tools that read git state, such as changesets).
 */
export function copyRepo({ git = false, prefix = 'authspec-repo-' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
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
  for (const workspace of files.filter((f) => f.endsWith('package.json')).map((f) => dirname(f))) {
    const modules = join(workspace, 'node_modules');
    if (existsSync(join(ROOT, modules))) symlinkSync(join(ROOT, modules), join(dir, modules), 'dir');
  }

  const copy = {
    dir,
    /** @param {string} path */
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    /** @param {string} path @param {string} content */
    write(path, content) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    },
    /** Replace the first occurrence of `from` in a file (fails loudly when it is absent). */
    edit(/** @type {string} */ path, /** @type {string} */ from, /** @type {string} */ to) {
      const text = copy.read(path);
      if (!text.includes(from)) throw new Error(`${path} does not contain ${JSON.stringify(from)}`);
      copy.write(path, text.replace(from, to));
    },
    /** Delete a file or folder of the copy. */
    delete: (/** @type {string} */ path) => rmSync(join(dir, path), { recursive: true, force: true }),
    /**
     * Run a command in the copy (or `options.cwd` inside it); stdout and stderr together.
     * @param {string} command @param {string[]} args
     * @param {{ cwd?: string, env?: Record<string, string> }} [options]
     */
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
    /** Delete the whole copy. */
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
  if (git) {
    copy.run('git', ['init', '-q', '-b', 'main']);
    copy.run('git', ['add', '-A']);
    copy.run('git', ['-c', 'user.name=test', '-c', 'user.email=test@invalid', 'commit', '-qm', 'snapshot']);
  }
  return copy;
}

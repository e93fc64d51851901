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
import { ROOT } from '../../scripts/lib/apis.mjs';

export type RepoCopy = {
  dir: string;
  read(path: string): string;
  write(path: string, content: string): void;
  /** Replace the first occurrence of `from` in a file (fails loudly when it is absent). */
  edit(path: string, from: string, to: string): void;
  run(command: string, args: string[]): { status: number; output: string };
  remove(): void;
};

/**
 * A throwaway copy of the working tree (tracked and unignored files), sharing the installed
 * node_modules through symlinks, for tests that edit the spec or run turbo for real.
 */
export function copyRepo(options: { git?: boolean } = {}): RepoCopy {
  const dir = mkdtempSync(join(tmpdir(), 'authspec-repo-'));
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(join(ROOT, file))) continue; // deleted but not yet staged
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file));
  }
  for (const modules of ['node_modules', ...packageDirs().map((p) => `${p}/node_modules`)]) {
    if (existsSync(join(ROOT, modules))) symlinkSync(join(ROOT, modules), join(dir, modules), 'dir');
  }
  const copy: RepoCopy = {
    dir,
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    write: (path, content) => writeFileSync(join(dir, path), content),
    edit(path, from, to) {
      const text = copy.read(path);
      if (!text.includes(from)) throw new Error(`${path} does not contain ${JSON.stringify(from)}`);
      copy.write(path, text.replace(from, to));
    },
    run(command, args) {
      const res = spawnSync(command, args, {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          TURBO_TELEMETRY_DISABLED: '1',
          TURBO_NO_UPDATE_NOTIFIER: '1',
          FORCE_COLOR: '0',
        },
        maxBuffer: 64 * 1024 * 1024,
      });
      return { status: res.status ?? -1, output: `${res.stdout}${res.stderr}` };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  if (options.git) {
    const git = (...args: string[]) => copy.run('git', args);
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('-c', 'user.name=test', '-c', 'user.email=test@invalid', 'commit', '-qm', 'snapshot');
  }
  return copy;
}

function packageDirs(): string[] {
  const res = spawnSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', 'packages/*/package.json'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  return res.stdout
    .split('\n')
    .filter(Boolean)
    .map((p) => dirname(p));
}

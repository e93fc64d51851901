// The release flow, end to end short of publishing. On a throwaway copy of the repository:
// `changeset version` (what `pnpm version-packages` runs) with one extra patch changeset, then
// `pnpm pack` of every publishable package, exactly what `changeset publish` uploads. The
// tarballs must share one version, carry real versions instead of `workspace:` ranges, contain
// nothing but package.json, README.md, LICENSE and dist/, and install from the tarballs alone
// into a fresh npm project where each package loads under both ESM and CommonJS.
//
// Publishable: every packages/* whose package.json is not "private". core, logto, equinix-otp,
// sftpgo-token and redis-token-store are always included (built first when their dist/ is missing); any other
// (packages/sandbox) only when it has a dist/ folder already, since this test never builds it.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../scripts/lib/apis.mjs';
import { documentationReport } from './helpers/doc-coverage';
import { copyRepo, type RepoCopy } from './helpers/repo-copy';

const REQUIRED = ['core', 'logto', 'equinix-otp', 'sftpgo-token', 'redis-token-store'];
/** One export each package must have, whichever way it is loaded. */
const KNOWN_EXPORTS: Record<string, string> = {
  '@authspec/core': 'createRuntime',
  '@authspec/logto': 'createManagementClient',
  '@authspec/equinix-otp': 'createEquinixOtpClient',
  '@authspec/sftpgo-token': 'createSftpgoTokenClient',
  '@authspec/sandbox': 'startSandbox',
  '@authspec/redis-token-store': 'createRedisTokenStore',
};
const ALLOWED_FILE = /^package\/(package\.json|README\.md|LICENSE|dist\/.+)$/;
const LONG = 300_000;

type Manifest = Record<string, any> & { name: string; version: string };
type Pkg = { slug: string; dir: string; manifest: Manifest };

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

const allPackages: Pkg[] = readdirSync(join(ROOT, 'packages'))
  .filter((slug) => existsSync(join(ROOT, 'packages', slug, 'package.json')))
  .sort()
  .map((slug) => ({
    slug,
    dir: join(ROOT, 'packages', slug),
    manifest: readJson(join(ROOT, 'packages', slug, 'package.json')),
  }));
const publishable = allPackages.filter((p) => !p.manifest.private);
const included = publishable.filter((p) => REQUIRED.includes(p.slug) || existsSync(join(p.dir, 'dist')));
const skipped = publishable.filter((p) => !included.includes(p));
if (skipped.length > 0) {
  console.info(`release test: not packing ${skipped.map((p) => p.manifest.name).join(', ')} (no dist/ yet)`);
}

/** A child process environment without what pnpm sets for scripts (it would confuse npm). */
const cleanEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_/i.test(key)),
  ) as NodeJS.ProcessEnv;

function run(command: string, args: string[], cwd: string, timeout = LONG) {
  const res = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...cleanEnv(), FORCE_COLOR: '0', TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
    maxBuffer: 64 * 1024 * 1024,
    timeout,
  });
  const output = `${res.stdout ?? ''}${res.stderr ?? ''}`;
  if (res.error) throw new Error(`${command} ${args.join(' ')} (in ${cwd}): ${res.error.message}\n${output}`);
  return { status: res.status ?? -1, output };
}

function mustRun(command: string, args: string[], cwd: string, timeout = LONG) {
  const res = run(command, args, cwd, timeout);
  if (res.status !== 0)
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${res.status}:\n${res.output}`);
  return res.output;
}

/** The files a package's manifest points at (main, module, types, bin, exports). */
function entryFiles(manifest: Manifest): string[] {
  const files = new Set<string>();
  const visit = (value: unknown) => {
    if (typeof value === 'string') {
      if (value.startsWith('./') && value !== './package.json') files.add(value);
    } else if (value && typeof value === 'object') {
      for (const child of Object.values(value)) visit(child);
    }
  };
  for (const key of ['main', 'module', 'types']) {
    if (typeof manifest[key] === 'string') files.add(`./${manifest[key].replace(/^\.\//, '')}`);
  }
  visit(manifest.bin);
  visit(manifest.exports);
  return [...files];
}

/**
 * pnpm pack replaces a `workspace:` range with the version of the package linked in the
 * package's node_modules. The copy shares the repository's node_modules (symlinked), whose
 * links point at the unversioned originals; link the copy's own packages instead.
 */
function linkWorkspaceDependencies(repo: string, packageDir: string) {
  const manifest = readJson(join(packageDir, 'package.json'));
  const modules = join(packageDir, 'node_modules');
  if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) unlinkSync(modules);
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, range] of Object.entries<string>(manifest[field] ?? {})) {
      if (!range.startsWith('workspace:')) continue;
      const source = allPackages.find((p) => p.manifest.name === dep);
      if (!source) throw new Error(`${manifest.name}: ${dep} (${range}) is not a package of this repository`);
      const link = join(modules, ...dep.split('/'));
      mkdirSync(dirname(link), { recursive: true });
      if (!existsSync(link)) symlinkSync(join(repo, 'packages', source.slug), link, 'dir');
    }
  }
}

let copy: RepoCopy | undefined;
let work: string;
let releaseVersion: string;
const versionsBefore = new Map(allPackages.map((p) => [p.manifest.name, p.manifest.version]));
const versionsAfter = new Map<string, string>();
const tarballs = new Map<string, string>();

beforeAll(() => {
  // 1. Build the required packages (turbo, so unchanged ones are cache hits) when any of their
  //    entry files is missing; otherwise pack dist/ as it is (CI builds before it tests).
  const missing = included
    .filter((p) => REQUIRED.includes(p.slug))
    .filter((p) => entryFiles(p.manifest).some((file) => !existsSync(join(p.dir, file))));
  if (missing.length > 0) {
    mustRun(
      join(ROOT, 'node_modules', '.bin', 'turbo'),
      ['run', 'build', ...REQUIRED.map((slug) => `--filter=./packages/${slug}`), '--output-logs=errors-only'],
      ROOT,
    );
  }
  for (const p of included) {
    const absent = entryFiles(p.manifest).filter((file) => !existsSync(join(p.dir, file)));
    if (absent.length > 0) throw new Error(`${p.manifest.name} is not built: ${absent.join(', ')} missing`);
  }

  // 2. Version a copy of the repository as `pnpm version-packages` would, with one more
  //    changeset so that there is always something to release.
  copy = copyRepo({ git: true });
  work = mkdtempSync(join(tmpdir(), 'authspec-release-'));
  copy.write('.changeset/release-test.md', '---\n"@authspec/core": patch\n---\n\nRelease test.\n');
  mustRun(join(copy.dir, 'node_modules', '.bin', 'changeset'), ['version'], copy.dir);
  for (const p of allPackages) {
    versionsAfter.set(p.manifest.name, readJson(join(copy.dir, 'packages', p.slug, 'package.json')).version);
  }
  releaseVersion = versionsAfter.get('@authspec/core') as string;

  // 3. Bring the build output (git-ignored, so not in the copy) over, and pack each package.
  for (const p of included) {
    const target = join(copy.dir, 'packages', p.slug);
    linkWorkspaceDependencies(copy.dir, target);
    for (const entry of p.manifest.files ?? []) {
      const from = join(p.dir, entry);
      if (existsSync(from) && !existsSync(join(target, entry)))
        cpSync(from, join(target, entry), { recursive: true });
    }
    const dest = join(work, 'packs', p.slug);
    mkdirSync(dest, { recursive: true });
    mustRun('pnpm', ['pack', '--pack-destination', dest], target);
    const [tgz] = readdirSync(dest).filter((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`pnpm pack wrote no tarball for ${p.manifest.name}`);
    tarballs.set(p.manifest.name, join(dest, tgz));
  }
}, LONG);

afterAll(() => {
  copy?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('pnpm version-packages (changeset version)', () => {
  it('gives every public @authspec package one new version, and leaves private ones alone', () => {
    for (const p of publishable) {
      expect(versionsAfter.get(p.manifest.name), p.manifest.name).toBe(releaseVersion);
    }
    expect(releaseVersion).not.toBe(versionsBefore.get('@authspec/core'));
    for (const p of allPackages.filter((q) => q.manifest.private)) {
      expect(versionsAfter.get(p.manifest.name), p.manifest.name).toBe(versionsBefore.get(p.manifest.name));
    }
  });

  it('writes a CHANGELOG.md for every public package', () => {
    for (const p of publishable) {
      const changelog = copy?.read(`packages/${p.slug}/CHANGELOG.md`) ?? '';
      expect(changelog, p.manifest.name).toContain(`## ${releaseVersion}`);
    }
  });
});

describe.each(included.map((p) => [p.manifest.name, p] as const))('tarball of %s', (name) => {
  const manifest = () =>
    JSON.parse(mustRun('tar', ['-xzOf', tarballs.get(name) as string, 'package/package.json'], work));

  it('has the release version, with real versions in place of workspace: ranges', () => {
    const m = manifest();
    expect(m.version).toBe(releaseVersion);
    expect(JSON.stringify(m)).not.toContain('workspace:');
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const [dep, range] of Object.entries<string>(m[field] ?? {})) {
        if (dep.startsWith('@authspec/')) expect(range, `${field}.${dep}`).toBe(releaseVersion);
      }
    }
  });

  it('contains only package.json, README.md, LICENSE and dist/', () => {
    const files = mustRun('tar', ['-tzf', tarballs.get(name) as string], work)
      .split('\n')
      .filter(Boolean);
    expect(files.filter((f) => !ALLOWED_FILE.test(f))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining(['package/package.json', 'package/README.md', 'package/LICENSE']),
    );
    expect(files.some((f) => f.startsWith('package/dist/'))).toBe(true);
  });
});

describe('installed from the tarballs into a fresh npm project', () => {
  let project: string;

  beforeAll(() => {
    project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(join(project, '.npmrc'), 'fund=false\naudit=false\nupdate-notifier=false\n');
    mustRun('npm', ['init', '-y'], project);
    mustRun('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs.values()], project);
  }, LONG);

  it('installed every package at the release version', () => {
    for (const name of tarballs.keys()) {
      const installed = readJson(join(project, 'node_modules', ...name.split('/'), 'package.json'));
      expect(installed.version, name).toBe(releaseVersion);
    }
  });

  it('documents every public export and member where editors show it, with names a consumer can import', () => {
    // Every entry point (`.` and each subpath) of every installed client package and of core, as
    // a consumer imports it.
    const clients = included.filter((p) => REQUIRED.includes(p.slug)).map((p) => p.manifest.name);
    const modules = clients.flatMap((name) => {
      const manifest = readJson(join(project, 'node_modules', ...name.split('/'), 'package.json'));
      return Object.keys(manifest.exports ?? { '.': '' })
        .filter((subpath) => subpath !== './package.json')
        .map((subpath) => (subpath === '.' ? name : `${name}/${subpath.slice(2)}`));
    });
    const report = documentationReport(project, modules);
    expect(report.checked.length).toBeGreaterThan(300);
    expect(report.undocumented).toEqual([]);
    expect(report.unnamed).toEqual([]);
  });

  it.each([...included.map((p) => p.manifest.name)])('%s loads with import (ESM)', (name) => {
    const known = KNOWN_EXPORTS[name];
    const code =
      `import * as m from '${name}'; if (!Object.keys(m).length) process.exit(1);` +
      (known ? ` if (typeof m.${known} !== 'function') process.exit(2);` : '');
    const res = run(process.execPath, ['--input-type=module', '-e', code], project, 60_000);
    expect(res.status, `${name} under ESM:\n${res.output}`).toBe(0);
  });

  it.each([...included.map((p) => p.manifest.name)])('%s loads with require (CommonJS)', (name) => {
    const known = KNOWN_EXPORTS[name];
    const code =
      `const m = require('${name}'); if (!Object.keys(m).length) process.exit(1);` +
      (known ? ` if (typeof m.${known} !== 'function') process.exit(2);` : '');
    const res = run(process.execPath, ['-e', code], project, 60_000);
    expect(res.status, `${name} under CommonJS:\n${res.output}`).toBe(0);
  });
});

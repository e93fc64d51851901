// Another version of the spec, read from git without touching the working tree: the files of
// spec/ and redocly.yaml at a commit are written to a scratch folder, where the Redocly CLI
// bundles them exactly as it bundles the repository's own (same binary, that commit's config).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

/** What a version of the spec consists of: the documents, what they $ref, and their config. */
const SPEC_PATHS = ['spec', 'redocly.yaml'];

function git(root, args) {
  const res = spawnSync('git', args, { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  if (res.error) throw res.error;
  return res;
}

/**
 * The commit a ref names, or an error that says how to make it available.
 * @param {string} root the repository
 * @param {string} ref a branch, tag, `origin/main`, a commit…
 */
export function resolveCommit(root, ref) {
  // A ref that starts with a dash would be read as an option by git.
  const res = ref.startsWith('-') ? null : git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (res?.status !== 0) {
    throw new Error(
      `"${ref}" names no commit in this repository. Fetch it first (in CI: actions/checkout with fetch-depth: 0).`,
    );
  }
  return res.stdout.toString().trim();
}

/**
 * Write the spec files of `commit` (spec/** and redocly.yaml, read with `git show`) into `dir`.
 * @param {string} root the repository
 * @param {string} commit
 * @param {string} dir an empty folder
 */
export function materialiseSpec(root, commit, dir) {
  const listed = git(root, ['ls-tree', '-r', '-z', '--name-only', commit, '--', ...SPEC_PATHS]);
  if (listed.status !== 0) throw new Error(`git ls-tree ${commit} failed: ${listed.stderr}`);
  for (const path of listed.stdout.toString().split('\0').filter(Boolean)) {
    const shown = git(root, ['show', `${commit}:${path}`]);
    if (shown.status !== 0) throw new Error(`git show ${commit}:${path} failed: ${shown.stderr}`);
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), shown.stdout);
  }
}

/**
 * The API documents a version of the spec declares: the `apis` of its redocly.yaml (the names
 * `redocly bundle` takes), none when it has no redocly.yaml.
 * @param {string} dir
 * @returns {Map<string, string>} name → root document, relative to `dir`
 */
export function documentsIn(dir) {
  const file = join(dir, 'redocly.yaml');
  if (!existsSync(file)) return new Map();
  const apis = parse(readFileSync(file, 'utf8'))?.apis ?? {};
  return new Map(Object.entries(apis).map(([name, api]) => [name, String(api?.root)]));
}

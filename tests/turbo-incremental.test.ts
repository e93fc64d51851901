// Turbo's task inputs follow API ownership: editing one API's YAML changes the hash (so misses
// the cache) of only the owning package's spec tasks, generation, build and tests; every other
// task stays a cache hit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIS } from '../scripts/lib/apis.mjs';
import { copyRepo, type RepoCopy } from './helpers/repo-copy';

const TASKS = ['lint:spec', 'bundle:spec', 'generate', 'build'];
// The client packages, each owning some APIs (@authspec/core comes along as their dependency).
// The sandbox emulates all four APIs, so every spec edit rebuilds it by design; it is left out.
const FILTER = [...new Set(APIS.map((a) => a.packageDir))].map((dir) => `--filter=./${dir}`);
type DryTask = {
  taskId: string;
  package: string;
  task: string;
  hash: string;
  cache: { status: 'HIT' | 'MISS' };
};

let repo: RepoCopy;
const turbo = (...args: string[]) => repo.run('node_modules/.bin/turbo', ['run', ...args, ...FILTER]);
const dryRun = () => {
  const res = turbo(...TASKS, 'test', '--dry=json');
  expect(res.status, res.output).toBe(0);
  // Packages without a script for a task (core has no spec) list it as <NONEXISTENT>.
  return (JSON.parse(res.output.slice(res.output.indexOf('{'))).tasks as DryTask[]).filter(
    (t) => t.package !== '//' && t.command !== '<NONEXISTENT>',
  );
};
const misses = (tasks: DryTask[]) =>
  tasks
    .filter((t) => t.cache.status === 'MISS')
    .map((t) => t.taskId)
    .sort();
const changed = (before: DryTask[], after: DryTask[]) =>
  after
    .filter((t) => before.find((b) => b.taskId === t.taskId)?.hash !== t.hash)
    .map((t) => t.taskId)
    .sort();

// A cold build of the client packages on a copy: minutes on a small, busy machine.
beforeAll(() => {
  repo = copyRepo({ git: true });
  const warm = turbo(...TASKS, '--output-logs=errors-only');
  expect(warm.status, warm.output).toBe(0);
}, 600_000);
afterAll(() => repo?.dispose());

describe('turbo cache with per-API inputs', () => {
  it('is all cache hits when no spec changed', () => {
    const tasks = dryRun().filter((t) => TASKS.includes(t.task));
    expect(tasks.length).toBeGreaterThanOrEqual(TASKS.length * 3);
    expect(misses(tasks)).toEqual([]);
  });

  it.each(APIS.map((a) => [a.name, a] as const))('editing %s reruns only its package', (_name, api) => {
    const before = dryRun();
    const original = repo.read(api.spec);
    repo.write(api.spec, original.replace(/^(\s+summary: .+)$/m, '$1 (edited)'));
    try {
      const pkg = JSON.parse(repo.read(`${api.packageDir}/package.json`)).name as string;
      const after = dryRun();
      const owned = after.filter((t) => t.package === pkg).map((t) => t.taskId);
      expect(owned).toEqual(expect.arrayContaining([...TASKS, 'test'].map((t) => `${pkg}#${t}`)));
      expect(changed(before, after)).toEqual(owned.sort());
      const others = after.filter((t) => t.package !== pkg && TASKS.includes(t.task));
      expect(misses(others)).toEqual([]);
    } finally {
      repo.write(api.spec, original);
    }
  });

  it('regenerates only the edited API for real, restoring the rest from cache', () => {
    const sftpgo = APIS.find((a) => a.name === 'sftpgo-token');
    if (!sftpgo) throw new Error('sftpgo-token is not registered');
    repo.edit(sftpgo.spec, 'summary: Get an admin access token', 'summary: Obtain an admin access token');
    const res = turbo('generate', 'build', '--output-logs=hash-only', '--summarize');
    expect(res.status, res.output).toBe(0);
    // Only the edited API's generate and build ran; everything else came from the cache.
    const [, cached, total] = /Cached:\s+(\d+) cached, (\d+) total/.exec(res.output) ?? [];
    expect(Number(total) - Number(cached)).toBe(2);
    expect(repo.read(sftpgo.output)).toContain('Obtain an admin access token');
  });
});

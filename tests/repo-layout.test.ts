// The places that name the APIs agree: the registry in scripts/lib/apis.mjs, redocly.yaml,
// each package's spec scripts, and each package's turbo inputs (which decide what a spec edit
// rebuilds). Versioning keeps every @authspec package in one fixed changesets group.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { APIS, ROOT } from '../scripts/lib/apis.mjs';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const packageDirs = [...new Set(APIS.map((a) => a.packageDir))];

describe('API registry', () => {
  it('matches the APIs redocly.yaml declares', () => {
    const config = parse(read('redocly.yaml'));
    expect(Object.keys(config.apis).sort()).toEqual(APIS.map((a) => a.name).sort());
    for (const api of APIS) expect(config.apis[api.name].root).toBe(api.spec);
  });

  it.each(packageDirs)('%s runs its spec tasks for exactly the APIs it owns', (dir) => {
    const owned = APIS.filter((a) => a.packageDir === dir);
    const scripts = JSON.parse(read(`${dir}/package.json`)).scripts;
    for (const task of ['lint:spec', 'bundle:spec', 'generate']) {
      const named = scripts[task].split(/\s+/).filter((w: string) => APIS.some((a) => a.name === w));
      expect(named.sort(), task).toEqual(owned.map((a) => a.name).sort());
    }
  });

  it.each(packageDirs)('%s declares its own spec files as turbo inputs, and no other', (dir) => {
    const owned = APIS.filter((a) => a.packageDir === dir);
    const tasks = JSON.parse(read(`${dir}/turbo.json`)).tasks;
    for (const task of ['lint:spec', 'bundle:spec', 'generate']) {
      const specInputs = (tasks[task].inputs as string[])
        .filter((i) => i.startsWith('$TURBO_ROOT$/spec/') && !i.includes('/shared/'))
        .map((i) => i.replace('$TURBO_ROOT$/', ''));
      expect(specInputs.sort(), task).toEqual(owned.map((a) => a.spec).sort());
    }
  });
});

describe('versioning', () => {
  const config = JSON.parse(read('.changeset/config.json'));
  const names = [...packageDirs, 'packages/core']
    .filter((dir) => {
      try {
        return Boolean(read(`${dir}/package.json`));
      } catch {
        return false;
      }
    })
    .map((dir) => JSON.parse(read(`${dir}/package.json`)).name);

  it('versions every @authspec package together in one fixed group, published publicly', () => {
    expect(config.access).toBe('public');
    expect(config.fixed).toEqual([['@authspec/*']]);
    expect(names.every((n: string) => n.startsWith('@authspec/'))).toBe(true);
  });
});

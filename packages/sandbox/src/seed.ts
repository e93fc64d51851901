// The seed file: `config` (settings) and one member per module, whose lists hold what the
// module's `add*` helpers take. Every entry is checked before anything is created.
import { readFile } from 'node:fs/promises';
import type { ApiSeedFiles, SandboxConfigUpdate } from './api-types.js';
import { apis } from './apis/index.js';
import { isPlainObject } from './core/check.js';
import { Settings } from './settings.js';

/** Entities (and settings) to create when a sandbox starts; the JSON seed file has this shape. */
export type SandboxSeed = {
  /** Settings to apply first (see `configure`). */
  config?: SandboxConfigUpdate;
} & ApiSeedFiles;

/** Rejects seeds with unknown sections, lists or members, or entries of the wrong shape, naming the place. */
export async function assertSeed(seed: unknown, source = 'seed'): Promise<void> {
  if (!isPlainObject(seed)) throw new TypeError(`${source}: the seed must be a JSON object`);
  const known = ['config', ...apis.map((api) => api.name)];
  for (const [section, value] of Object.entries(seed)) {
    if (!known.includes(section)) {
      throw new TypeError(`${source}: unknown section "${section}" (known: ${known.join(', ')})`);
    }
    if (!isPlainObject(value)) throw new TypeError(`${source}: "${section}" must be an object`);
    if (section === 'config') {
      prefixed(source, () => new Settings(apis).check(value, 'config'));
      continue;
    }
    const api = apis.find((a) => a.name === section);
    const checks = (await api?.seed.checks()) as Record<string, (value: unknown, path: string) => unknown>;
    for (const [list, items] of Object.entries(value)) {
      const check = checks[list];
      if (!check) {
        throw new TypeError(
          `${source}: unknown list "${section}.${list}" (known: ${Object.keys(checks).join(', ')})`,
        );
      }
      if (!Array.isArray(items) || !items.every(isPlainObject)) {
        throw new TypeError(`${source}: "${section}.${list}" must be an array of objects`);
      }
      items.forEach((item, i) => {
        prefixed(source, () => check(item, `${section}.${list}[${i}]`));
      });
    }
  }
}

function prefixed(source: string, check: () => void) {
  try {
    check();
  } catch (error) {
    if (error instanceof Error) error.message = `${source}: ${error.message}`;
    throw error;
  }
}

/** A seed object as is, or the JSON file at a path; checked either way. */
export async function loadSeed(seed: SandboxSeed | string): Promise<SandboxSeed> {
  if (typeof seed !== 'string') {
    await assertSeed(seed);
    return seed;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(seed, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the seed file ${seed}: ${(error as Error).message}`);
  }
  await assertSeed(parsed, seed);
  return parsed as SandboxSeed;
}

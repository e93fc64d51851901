// `pnpm spec:diff <base-ref>`: every change of each API document between a commit and the
// working tree, rated breaking or not, and whether a pending changeset declares the major
// release that a breaking change needs.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { majorChangesets } from './major-changesets.mjs';
import { bundleApisIn, diffDocuments } from './redocly.mjs';
import { documentsIn, materialiseSpec, resolveCommit } from './spec-at-ref.mjs';
import { apiAdded, apiRemoved, changesFromReport, isBreaking } from './spec-changes.mjs';

/**
 * @typedef {import('./spec-changes.mjs').SpecChange} SpecChange
 * @typedef {{ name: string, spec: string, breaking: SpecChange[], nonBreaking: SpecChange[] }} ApiDiff
 * @typedef {object} SpecDiff
 * @property {{ ref: string, commit: string }} base
 * @property {ApiDiff[]} apis              the working tree's APIs in redocly.yaml's order, then those it removed
 * @property {number} breaking             breaking changes over all APIs
 * @property {{ file: string, packages: string[] }[]} majorChangesets  read only when something breaks
 * @property {0 | 1} exitCode              1 when something breaks and no changeset declares a major release
 */

/**
 * @param {string} root the repository
 * @param {string} ref what to compare the working tree with
 * @returns {Promise<SpecDiff>}
 */
export async function specDiff(root, ref) {
  const commit = resolveCommit(root, ref);
  const apis = (await compareDocuments(root, commit)).map(({ name, spec, changes }) => ({
    name,
    spec,
    breaking: changes.filter(isBreaking),
    nonBreaking: changes.filter((c) => !isBreaking(c)),
  }));
  const breaking = apis.reduce((n, api) => n + api.breaking.length, 0);
  // Changesets matter only to let a break through; a pending one that cannot be read should not
  // fail a spec change that breaks nothing.
  const majors = breaking > 0 ? await majorChangesets(root) : [];
  return {
    base: { ref, commit },
    apis,
    breaking,
    majorChangesets: majors,
    exitCode: breaking > 0 && majors.length === 0 ? 1 : 0,
  };
}

/**
 * Bundle both versions, then diff each document that differs.
 * @returns {Promise<{ name: string, spec: string, changes: SpecChange[] }[]>}
 */
async function compareDocuments(root, commit) {
  const scratch = mkdtempSync(join(tmpdir(), 'authspec-spec-diff-'));
  try {
    const baseTree = join(scratch, 'base-tree');
    const bundles = { base: join(scratch, 'base'), revision: join(scratch, 'revision') };
    for (const dir of [baseTree, bundles.base, bundles.revision]) mkdirSync(dir, { recursive: true });
    materialiseSpec(root, commit, baseTree);
    const before = documentsIn(baseTree);
    const after = documentsIn(root);
    // Say which version failed: a broken base is not the author's to fix in this change.
    const bundle = (names, outDir, dir, version) =>
      bundleApisIn(names, outDir, dir).catch((error) => {
        throw new Error(`the spec of ${version} does not bundle: ${error.message}`);
      });
    await Promise.all([
      bundle([...before.keys()], bundles.base, baseTree, `the base (${commit.slice(0, 12)})`),
      bundle([...after.keys()], bundles.revision, root, 'the working tree'),
    ]);

    const names = [...after.keys(), ...[...before.keys()].filter((name) => !after.has(name))];
    return await Promise.all(
      names.map(async (name) => {
        const spec = after.get(name) ?? before.get(name) ?? '';
        if (!after.has(name)) return { name, spec, changes: [apiRemoved(spec)] };
        if (!before.has(name)) return { name, spec, changes: [apiAdded(spec)] };
        const base = join(bundles.base, `${name}.json`);
        const revision = join(bundles.revision, `${name}.json`);
        // Most changes touch one API: the others bundle to the same bytes, and need no diff.
        if (readFileSync(base, 'utf8') === readFileSync(revision, 'utf8')) return { name, spec, changes: [] };
        return { name, spec, changes: changesFromReport(await diffDocuments(base, revision, scratch)) };
      }),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

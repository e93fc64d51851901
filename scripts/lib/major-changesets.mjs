// Which pending changesets make the next release of the @authspec/* packages a major one.
// Read with changesets' own release planner (the code `changeset version` runs), so the answer
// follows .changeset/config.json as a release would: the fixed group, private packages that are
// never versioned, and an error for a changeset that names no package of the workspace.
import getReleasePlan from '@changesets/get-release-plan';

const SCOPE = '@authspec/';

/**
 * @param {string} root the repository (its .changeset/ folder and workspace)
 * @returns {Promise<{ file: string, packages: string[] }[]>} each changeset that declares a
 *   major bump of an @authspec/* package that the release will version
 */
export async function majorChangesets(root) {
  const plan = await getReleasePlan(root);
  const versioned = new Set(plan.releases.filter((r) => r.type !== 'none').map((r) => r.name));
  return plan.changesets.flatMap((changeset) => {
    const packages = changeset.releases
      .filter((r) => r.type === 'major' && r.name.startsWith(SCOPE) && versioned.has(r.name))
      .map((r) => r.name);
    return packages.length > 0 ? [{ file: `.changeset/${changeset.id}.md`, packages }] : [];
  });
}

// The report of `pnpm spec:diff` for people: per API, the breaking changes then the others,
// each with where it is and what the rules said, and a last line that says what to do.

/**
 * @param {import('./spec-diff.mjs').SpecDiff} diff
 * @returns {string}
 */
export function formatSpecDiff(diff) {
  const lines = [
    `Spec changes from ${diff.base.ref} (${diff.base.commit.slice(0, 12)}) to the working tree`,
    '',
  ];
  for (const api of diff.apis) {
    const total = api.breaking.length + api.nonBreaking.length;
    if (total === 0) {
      lines.push(`${api.name} (${api.spec}): no changes`);
      continue;
    }
    lines.push(
      `${api.name} (${api.spec}): ${api.breaking.length} breaking, ${api.nonBreaking.length} non-breaking`,
    );
    for (const [title, changes] of [
      ['breaking', api.breaking],
      ['non-breaking', api.nonBreaking],
    ]) {
      if (changes.length === 0) continue;
      lines.push(`  ${title}:`);
      for (const change of changes) lines.push(...formatChange(change));
    }
  }
  lines.push('', verdict(diff));
  return `${lines.join('\n')}\n`;
}

/** @param {import('./spec-changes.mjs').SpecChange} change */
function formatChange(change) {
  const where = [change.operation, change.location].filter(Boolean).join(' › ') || 'the API';
  const property = change.property ? ` (${change.property})` : '';
  const rules = change.verdicts.length > 0 ? ` [${change.verdicts.map((v) => v.rule).join(', ')}]` : '';
  // Where a shared schema or parameter is written, which the operation's location does not show.
  const shared = change.definedAt?.startsWith('#/components/') && change.definedAt !== change.path;
  const defined = shared ? ` at ${change.definedAt}` : '';
  return [`    ${where}${property}`, `      ${change.message}${rules}${defined}`];
}

function verdict(diff) {
  const n = diff.breaking;
  const changes = `${n} breaking ${n === 1 ? 'change' : 'changes'}`;
  if (n === 0) return 'No breaking change.';
  if (diff.majorChangesets.length > 0) {
    const declared = diff.majorChangesets.map((c) => `${c.file} (${c.packages.join(', ')})`).join(', ');
    return `${changes}, declared by the major changeset ${declared}.`;
  }
  return [
    `${changes}, and no changeset declares a major release.`,
    'If the break is intended, run `pnpm changeset`, choose major for the packages it affects and commit the file;',
    'otherwise make the change compatible (see "Breaking changes to the spec" in CONTRIBUTING.md).',
  ].join('\n');
}

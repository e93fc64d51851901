#!/usr/bin/env node
// After `pnpm generate` in the Regenerate workflow (.github/workflows/regenerate.yml): if any
// generated file now differs from the committed one, the committed code was stale. Write a
// changeset (a patch for each package whose types changed; the fixed group versions them all
// together) and tell the workflow, through $GITHUB_OUTPUT, to open a pull request.
//
//   node scripts/changeset-regenerated.mjs
//
// Outputs: stale=true|false, packages=<comma-separated package names>, changeset=<path>.
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APIS, ROOT } from './lib/apis.mjs';

// Set by GitHub Actions (the script never runs as a turbo task).
const { GITHUB_OUTPUT, GITHUB_SHA } = process.env;

const outputs = APIS.map((a) => a.output);
const res = spawnSync('git', ['status', '--porcelain', '--untracked-files=all', '--', ...outputs], {
  cwd: ROOT,
  encoding: 'utf8',
});
if (res.status !== 0) {
  console.error(`git status failed:\n${res.stderr}`);
  process.exit(1);
}
const changed = new Set(
  res.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(3).trim()),
);
const stale = APIS.filter((a) => changed.has(a.output));

if (stale.length === 0) {
  console.log('The committed generated code matches the spec; nothing to do.');
  output({ stale: 'false', packages: '', changeset: '' });
  process.exit(0);
}

const packages = [...new Set(stale.map((a) => a.packageDir))].map(
  (dir) => JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')).name,
);
const specs = stale.map((a) => `\`${a.spec}\``).join(', ');
const id = (GITHUB_SHA ?? new Date().toISOString().replace(/\D/g, '')).slice(0, 12);
const changeset = `.changeset/regenerate-${id}.md`;
writeFileSync(
  join(ROOT, changeset),
  `---
${packages.map((name) => `"${name}": patch`).join('\n')}
---

Regenerate the types from the spec (${specs}).
`,
);

console.log('The committed generated code was stale; regenerated:');
for (const a of stale) console.log(`  ${a.output}  (from ${a.spec})`);
console.log(`Wrote ${changeset} for ${packages.join(', ')}.`);
output({ stale: 'true', packages: packages.join(', '), changeset });

function output(values) {
  if (!GITHUB_OUTPUT) return;
  appendFileSync(
    GITHUB_OUTPUT,
    Object.entries(values)
      .map(([key, value]) => `${key}=${value}\n`)
      .join(''),
  );
}

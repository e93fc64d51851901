#!/usr/bin/env node
// Lint API documents with redocly.yaml's rules. Unlike the bare CLI, any warning fails the run:
// the spec is kept at zero errors and zero warnings.
//   node scripts/lint-spec.mjs [api…]   (no names: every API)
import { selectApis } from './lib/apis.mjs';
import { formatProblem, lintApis } from './lib/redocly.mjs';

const apis = selectApis(process.argv.slice(2));
const problems = lintApis(apis.map((a) => a.name));
if (problems.length > 0) {
  for (const p of problems) console.error(formatProblem(p));
  console.error(`\n${problems.length} problem(s); the spec must lint with zero errors and zero warnings.`);
  process.exit(1);
}
for (const api of apis) console.log(`${api.spec}: no errors, no warnings`);

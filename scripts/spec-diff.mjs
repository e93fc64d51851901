#!/usr/bin/env node
// Compare each API document of the working tree with its version at a git ref, and fail on a
// breaking change that no pending changeset declares as a major release.
//   node scripts/spec-diff.mjs <base-ref> [--json]
// Exit status: 0 nothing breaks (or a major changeset declares it), 1 a breaking change is
// undeclared, 2 the comparison could not run (unknown ref, a document that does not bundle…).
import { parseArgs } from 'node:util';
import { ROOT } from './lib/apis.mjs';
import { specDiff } from './lib/spec-diff.mjs';
import { formatSpecDiff } from './lib/spec-diff-report.mjs';

const USAGE = 'Usage: pnpm spec:diff <base-ref> [--json]   (for example: pnpm spec:diff origin/main)';

let args;
try {
  args = parseArgs({
    options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
} catch (error) {
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}
if (args.values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (args.positionals.length !== 1) {
  console.error(USAGE);
  process.exit(2);
}

try {
  const diff = await specDiff(ROOT, args.positionals[0]);
  process.stdout.write(args.values.json ? `${JSON.stringify(diff, null, 2)}\n` : formatSpecDiff(diff));
  process.exitCode = diff.exitCode;
} catch (error) {
  console.error(`spec:diff: ${error.message}`);
  process.exitCode = 2;
}

#!/usr/bin/env node
// Bundle API documents (every $ref resolved) into one JSON file per API: the form that the
// tests, the contract suites, the sandbox and the docs consume.
//   node scripts/bundle-spec.mjs [--out DIR] [api…]   (no names: every API)
// DIR defaults to build/spec at the repository root; a relative DIR is taken from the
// current directory, so a package can bundle into its own folder.
import { join, resolve } from 'node:path';
import { ROOT, selectApis } from './lib/apis.mjs';
import { bundleApis } from './lib/redocly.mjs';

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outDir = outIndex === -1 ? join(ROOT, 'build', 'spec') : resolve(args[outIndex + 1] ?? '.');
const names = outIndex === -1 ? args : args.filter((_, i) => i !== outIndex && i !== outIndex + 1);

const apis = selectApis(names);
bundleApis(
  apis.map((a) => a.name),
  outDir,
);
for (const api of apis) console.log(`bundled ${api.spec} -> ${join(outDir, `${api.name}.json`)}`);

#!/usr/bin/env node
// The main job: lint, bundle, generate and build through turbo (each step cached per API),
// then print what came out of it.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { APIS, bundlePath, ROOT } from './lib/apis.mjs';

const started = performance.now();
const res = spawnSync(
  join(ROOT, 'node_modules', '.bin', 'turbo'),
  ['run', 'lint:spec', 'bundle:spec', 'generate', 'build', '--output-logs=errors-only'],
  { cwd: ROOT, stdio: 'inherit' },
);
if (res.status !== 0) process.exit(res.status ?? 1);

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);
const rows = APIS.map((api) => {
  const doc = JSON.parse(readFileSync(join(ROOT, bundlePath(api.name)), 'utf8'));
  const operations = Object.values(doc.paths).flatMap((item) =>
    Object.keys(item).filter((k) => METHODS.has(k)),
  );
  return { api, operations: operations.length, size: statSync(join(ROOT, api.output)).size };
});

console.log('\nauthspec pipeline: lint -> bundle -> generate -> build\n');
console.log('API                      operations  generated types');
for (const { api, operations, size } of rows) {
  console.log(`${api.name.padEnd(24)} ${String(operations).padStart(10)}  ${api.output} (${kb(size)})`);
}
const total = rows.reduce((n, r) => n + r.operations, 0);
console.log(`${'total'.padEnd(24)} ${String(total).padStart(10)}  ${rows.length} files\n`);
for (const dir of [...new Set(APIS.map((a) => a.packageDir))]) {
  const name = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')).name;
  const files = readdirSync(join(ROOT, dir, 'dist'));
  console.log(`built ${name.padEnd(24)} ${dir}/dist: ${files.join(', ')}`);
}
console.log(
  `\nSpec lint: no errors, no warnings. Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
);

#!/usr/bin/env node
// The benchmark suite: `pnpm bench [name…] [--quick]`.
//
//   pnpm bench                     every benchmark (a few minutes)
//   pnpm bench overhead emulator   only these
//   pnpm bench --quick             fewer rounds, for iteration; results go to bench/results/quick/
//
// Benchmarks: overhead, own-work, size, typecheck, build, emulator. Each prints its tables and writes
// bench/results/<name>.json; the charts (bench/charts/<name>.svg) are drawn from those files by
// bench/chart.mjs. Budgets are checked and listed at the end; timings on a shared machine are
// too noisy to gate on, so a missed budget sets the exit code only with `--strict` (byte sizes
// are gated in CI by size-limit). `pnpm bench` builds what the benchmarks import first (turbo).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drawCharts } from './chart.mjs';
import { load, machine } from './lib/machine.mjs';
import { formatTable, num } from './lib/table.mjs';

const BENCH = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(BENCH, '..');
const BENCHMARKS = {
  overhead: { title: '1. Per-call overhead', module: './overhead/run.mjs' },
  'own-work': { title: "1b. A client's own work per call", module: './own-work/run.mjs' },
  size: { title: '2. Bundle size', module: './size/run.mjs' },
  typecheck: { title: '3. Consumer type-check cost', module: './typecheck/run.mjs' },
  build: { title: '4. Codegen and build', module: './codegen-build/run.mjs' },
  emulator: { title: '5. Emulator', module: './emulator/run.mjs' },
};
const NEEDS_BUILD = [
  'packages/core/dist/index.mjs',
  'packages/logto/dist/browser/index.mjs',
  'packages/logto/dist/index.d.mts',
  'packages/equinix-otp/dist/index.mjs',
  'packages/sftpgo-token/dist/index.mjs',
  'packages/sandbox/dist/index.mjs',
  // Not imported by the benchmarks, but measured by size-limit in the size benchmark.
  'packages/redis-token-store/dist/index.mjs',
];

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const names = args.filter((a) => !a.startsWith('--'));
const unknownFlags = [...flags].filter((f) => !['--quick', '--strict', '--help'].includes(f));
const unknown = names.filter((n) => !(n in BENCHMARKS));
if (flags.has('--help') || unknown.length > 0 || unknownFlags.length > 0) {
  if (unknown.length || unknownFlags.length)
    console.error(`Unknown: ${[...unknown, ...unknownFlags].join(', ')}`);
  console.error(`Usage: pnpm bench [${Object.keys(BENCHMARKS).join('|')}]… [--quick] [--strict]`);
  process.exit(flags.has('--help') ? 0 : 2);
}
const quick = flags.has('--quick');
const selected = names.length > 0 ? names : Object.keys(BENCHMARKS);
const missing = NEEDS_BUILD.filter((f) => !existsSync(join(ROOT, f)));
if (missing.length > 0) {
  console.error(
    `Not built: ${missing.join(', ')}\nRun \`pnpm bench\` from the repository root (it builds first).`,
  );
  process.exit(2);
}
if (typeof globalThis.gc !== 'function') {
  console.error(
    'Run with node --expose-gc (as `pnpm bench` does), so that runs start from a collected heap.',
  );
  process.exit(2);
}

const outDir = join(BENCH, 'results', quick ? 'quick' : '');
mkdirSync(outDir, { recursive: true });
const host = machine();
console.log(
  `authspec benchmarks${quick ? ' (quick)' : ''}: ${host.cpu}, ${host.cores} cores, ${host.memoryGiB} GiB, ${host.os}, Node ${host.node}, commit ${host.commit}`,
);

const budgets = [];
const written = [];
for (const name of selected) {
  const { title, module } = BENCHMARKS[name];
  console.log(`\n${title} (${name})`);
  const { run, report } = await import(module);
  const loadBefore = load();
  const started = Date.now();
  const result = await run({ quick });
  const record = {
    benchmark: name,
    title,
    quick,
    date: new Date().toISOString(),
    machine: host,
    loadAverage: { before: loadBefore, after: load() },
    wallSeconds: Math.round((Date.now() - started) / 100) / 10,
    ...result,
  };
  const file = join(outDir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  written.push(file);
  for (const table of report(record))
    console.log(`\n${table.title}\n${formatTable(table.headers, table.rows)}`);
  for (const b of record.budgets ?? []) budgets.push({ benchmark: name, ...b });
  console.log(`\n(${record.wallSeconds} s; load average ${loadBefore} → ${record.loadAverage.after})`);
}

// Results are committed, so keep them in Biome's format (best effort: Biome is a root tool).
const biome = join(ROOT, 'node_modules', '.bin', 'biome');
if (existsSync(biome)) spawnSync(biome, ['format', '--write', ...written], { cwd: ROOT, stdio: 'ignore' });
const charts = drawCharts({ resultsDir: outDir, outDir: join(BENCH, 'charts', quick ? 'quick' : '') });
console.log(`\nWrote ${written.map((f) => relative(ROOT, f)).join(', ')}`);
console.log(`Charts: ${charts.map((f) => relative(ROOT, f)).join(', ')}`);

console.log('\nBudgets and checks');
const rows = budgets.map((b) => [
  b.pass ? 'pass' : 'MISS',
  b.benchmark,
  b.budget,
  typeof b.value === 'number' ? num(b.value, Number.isInteger(b.value) ? 0 : 3) : b.value,
  b.spread ? `${num(b.spread[0], 3)}–${num(b.spread[1], 3)}` : '',
]);
console.log(formatTable(['', 'benchmark', 'budget', 'value', 'IQR'], rows));
const missed = budgets.filter((b) => !b.pass);
if (missed.length > 0) {
  console.log(`\n${missed.length} of ${budgets.length} missed; BENCHMARKS.md explains each.`);
  if (flags.has('--strict')) process.exitCode = 1;
}

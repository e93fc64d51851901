// 2. Bundle size: each package's ESM entry bundled with all its runtime dependencies by esbuild
// (minified, browser platform, every export kept: `import * as all`), raw, gzip and brotli, plus
// @logto/api/management for comparison. Sizes are deterministic: one run, no spread. The CI
// budgets live in .size-limit.json; this benchmark also runs size-limit and reports its headroom.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { num } from '../lib/table.mjs';

const BENCH = fileURLToPath(new URL('..', import.meta.url));
const ROOT = join(BENCH, '..');
export const TARGET_BYTES = 10_000; // 10 kB brotli, every @authspec browser entry

const ENTRIES = [
  {
    name: '@authspec/logto',
    entry: 'browser export condition (dist/browser.mjs)',
    expectFile: 'packages/logto/dist/browser.mjs',
    // Node-only pieces that must stay out of the browser entry.
    forbidden: ['tough-cookie', 'cookie-jar', 'token-provider'],
    budget: true,
  },
  {
    name: '@authspec/equinix-otp',
    entry: 'ESM entry (dist/index.mjs)',
    expectFile: 'packages/equinix-otp/dist/index.mjs',
    budget: true,
  },
  {
    name: '@authspec/sftpgo-token',
    entry: 'ESM entry (dist/index.mjs)',
    expectFile: 'packages/sftpgo-token/dist/index.mjs',
    budget: true,
  },
  {
    name: '@authspec/core',
    entry: 'ESM entry (dist/index.mjs)',
    expectFile: 'packages/core/dist/index.mjs',
    budget: true,
  },
  { name: '@logto/api/management', entry: 'ESM entry (lib/management.js)', comparison: true },
];

/** Which package an esbuild input path belongs to (`node_modules/.pnpm/…` or a workspace dir). */
function packageOf(path) {
  const modules = path.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const rest = path.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const match = /(?:^|\/)packages\/([^/]+)\//.exec(path);
  return match ? `@authspec/${match[1]}` : path;
}

async function measure(spec) {
  const result = await build({
    stdin: {
      contents: `import * as all from ${JSON.stringify(spec.name)};\nconsole.log(all);\n`,
      resolveDir: BENCH,
      loader: 'js',
    },
    absWorkingDir: BENCH, // metafile paths are relative to it
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const code = Buffer.from(result.outputFiles[0].contents);
  const inputs = Object.keys(result.metafile.inputs);
  const output = Object.values(result.metafile.outputs)[0];
  const byPackage = {};
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const pkg = packageOf(path);
    byPackage[pkg] = (byPackage[pkg] ?? 0) + bytesInOutput;
  }
  const packages = Object.fromEntries(Object.entries(byPackage).sort((a, b) => b[1] - a[1]));
  const out = {
    name: spec.name,
    entry: spec.entry,
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    packages,
    comparison: spec.comparison === true,
  };
  if (spec.expectFile) {
    // The entry esbuild resolved must be the one named (e.g. the `browser` condition for logto).
    const resolved = inputs.map((p) => relative(ROOT, join(BENCH, p)));
    if (!resolved.includes(spec.expectFile)) {
      throw new Error(`${spec.name} did not resolve to ${spec.expectFile}: ${resolved.join(', ')}`);
    }
  }
  if (spec.forbidden) {
    out.nodeOnlyPiecesFound = inputs.filter((p) => spec.forbidden.some((f) => p.includes(f)));
  }
  if (spec.budget) out.underTarget = out.brotli < TARGET_BYTES;
  return out;
}

/** size-limit as CI runs it (root `.size-limit.json`), with its own measure and limits. */
function sizeLimit() {
  const bin = join(ROOT, 'node_modules', '.bin', 'size-limit');
  const res = spawnSync(bin, ['--json'], { cwd: ROOT, encoding: 'utf8' });
  const config = JSON.parse(readFileSync(join(ROOT, '.size-limit.json'), 'utf8'));
  let checks;
  try {
    checks = JSON.parse(res.stdout.slice(res.stdout.indexOf('[')));
  } catch {
    throw new Error(`size-limit failed:\n${res.stdout}${res.stderr}`);
  }
  return checks.map((check) => {
    const configured = config.find((c) => c.name === check.name);
    const limitBytes = parseLimit(configured?.limit);
    return {
      name: check.name,
      path: configured?.path,
      sizeBrotli: check.size,
      limit: configured?.limit,
      limitBytes,
      headroomBytes: limitBytes - check.size,
      pass: check.passed !== false,
    };
  });
}

function parseLimit(text) {
  const match = /^([\d.]+)\s*(B|kB|KB|KiB)$/.exec(text ?? '');
  if (!match) throw new Error(`cannot read size limit ${text}`);
  const factor = { B: 1, kB: 1000, KB: 1000, KiB: 1024 }[match[2]];
  return Math.round(Number(match[1]) * factor);
}

export async function run({ log = console.log } = {}) {
  const entries = [];
  for (const spec of ENTRIES) {
    const m = await measure(spec);
    entries.push(m);
    log(`  ${m.name}: ${m.raw} B raw, ${m.gzip} B gzip, ${m.brotli} B brotli`);
  }
  const checks = sizeLimit();
  const official = entries.find((e) => e.comparison);
  const budgets = [];
  for (const e of entries.filter((x) => !x.comparison)) {
    budgets.push({
      budget: `${e.name} ${e.entry}: < ${TARGET_BYTES / 1000} kB brotli`,
      value: e.brotli,
      pass: e.underTarget && (e.nodeOnlyPiecesFound?.length ?? 0) === 0,
      note: e.nodeOnlyPiecesFound?.length
        ? `Node-only inputs: ${e.nodeOnlyPiecesFound.join(', ')}`
        : undefined,
    });
  }
  for (const c of checks) {
    budgets.push({
      budget: `size-limit: ${c.name} ≤ ${c.limit}`,
      value: c.sizeBrotli,
      pass: c.pass && c.limitBytes <= TARGET_BYTES,
    });
  }
  return {
    settings: {
      bundler: 'esbuild (bench devDependency)',
      options: 'bundle, minify, platform browser, format esm, target es2022, `import * as all` entry',
      gzip: 'node:zlib gzip level 9',
      brotli: 'node:zlib brotli quality 11',
      units: 'bytes; 1 kB = 1000 B (as size-limit)',
    },
    entries,
    ratioToOfficial: Object.fromEntries(
      entries
        .filter((e) => !e.comparison)
        .map((e) => [
          e.name,
          { raw: e.raw / official.raw, gzip: e.gzip / official.gzip, brotli: e.brotli / official.brotli },
        ]),
    ),
    notMeasured: [
      {
        name: '@authspec/sandbox',
        reason:
          'Node-only (node:http, node:crypto, openapi-backend); it has no browser entry, so it is not measured as one.',
      },
    ],
    sizeLimit: checks,
    budgets,
  };
}

export function report(result) {
  return [
    {
      title: 'Bundle size (esbuild, minified, browser platform, all runtime dependencies)',
      headers: [
        'entry',
        'raw B',
        'gzip B',
        'brotli B',
        '× @logto/api brotli',
        'biggest parts (raw B in output)',
      ],
      rows: result.entries.map((e) => [
        `${e.name} ${e.entry}`,
        num(e.raw),
        num(e.gzip),
        num(e.brotli),
        e.comparison ? '1.00' : num(result.ratioToOfficial[e.name].brotli, 2),
        Object.entries(e.packages)
          .filter(([p]) => p !== '<stdin>')
          .slice(0, 3)
          .map(([p, b]) => `${p} ${b}`)
          .join(', '),
      ]),
    },
    {
      title: 'size-limit (.size-limit.json, as CI runs it)',
      headers: ['check', 'brotli B', 'limit', 'headroom B'],
      rows: result.sizeLimit.map((c) => [c.name, num(c.sizeBrotli), c.limit, num(c.headroomBytes)]),
    },
  ];
}

// 2. Bundle size: every entry point of every package, bundled as a bundler resolves it (the
// `browser` export condition where one exists) with all its runtime dependencies by esbuild
// (minified, browser platform, every export kept: `import * as all`): raw, gzip and brotli, and
// what takes the bytes, per package and per module of the runtime. The Node-side builds beside a
// browser build (the Experience client with its cookie jar) are reported, not budgeted. Sizes are
// deterministic: one run, no spread. The CI budgets live in .size-limit.json; this benchmark
// also runs size-limit and reports its headroom.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { num } from '../lib/table.mjs';

const BENCH = fileURLToPath(new URL('..', import.meta.url));
const ROOT = join(BENCH, '..');
export const TARGET_BYTES = 5_000; // 5 kB brotli, every @authspec entry as a browser bundler resolves it

const entry = (name, expectFile, extra = {}) => ({ name, entry: name, expectFile, budget: true, ...extra });
const ENTRIES = [
  entry('@authspec/logto', 'packages/logto/dist/browser/index.mjs', {
    forbidden: ['tough-cookie', 'cookie-jar'],
  }),
  entry('@authspec/logto/management', 'packages/logto/dist/browser/management.mjs', {
    forbidden: ['tough-cookie', 'cookie-jar', 'client-credentials'],
  }),
  entry('@authspec/logto/experience', 'packages/logto/dist/browser/experience.mjs', {
    forbidden: ['tough-cookie', 'cookie-jar'],
  }),
  entry('@authspec/logto/api', 'packages/logto/dist/api.mjs'),
  entry('@authspec/equinix-otp', 'packages/equinix-otp/dist/index.mjs'),
  entry('@authspec/equinix-otp/api', 'packages/equinix-otp/dist/api.mjs'),
  entry('@authspec/sftpgo-token', 'packages/sftpgo-token/dist/index.mjs'),
  entry('@authspec/sftpgo-token/session', 'packages/sftpgo-token/dist/session.mjs'),
  entry('@authspec/sftpgo-token/api', 'packages/sftpgo-token/dist/api.mjs'),
  entry('@authspec/core', 'packages/core/dist/index.mjs'),
  entry('@authspec/core/public', 'packages/core/dist/public.mjs'),
  entry('@authspec/core/api', 'packages/core/dist/api.mjs'),
  // The Node-side build of the Experience entry (cookie jar): reported, not budgeted.
  {
    name: '@authspec/logto/experience',
    entry: 'Node build (cookie jar)',
    file: 'packages/logto/dist/experience.mjs',
    nodeSide: true,
  },
  // The headless sign-in runs on servers only (cookie jar, oauth4webapi): reported, not budgeted.
  {
    name: '@authspec/logto/headless',
    entry: 'Node build (cookie jar, oauth4webapi)',
    file: 'packages/logto/dist/headless.mjs',
    nodeSide: true,
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
  const from = spec.file ? `./${relative(BENCH, join(ROOT, spec.file))}` : spec.name;
  const result = await build({
    stdin: {
      contents: `import * as all from ${JSON.stringify(from)};\nconsole.log(all);\n`,
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
  const files = Object.fromEntries(
    Object.entries(output.inputs)
      .map(([path, { bytesInOutput }]) => [
        relative(ROOT, join(BENCH, path)).replace(/^.*node_modules\//, ''),
        bytesInOutput,
      ])
      .filter(([, bytes]) => bytes > 0)
      .sort((a, b) => b[1] - a[1]),
  );
  const out = {
    name: spec.name,
    entry: spec.entry,
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    packages,
    files,
    comparison: spec.comparison === true,
    nodeSide: spec.nodeSide === true,
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
  if (spec.budget) out.underTarget = out.brotli <= TARGET_BYTES;
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

/**
 * What each module of the shared runtime weighs on its own (minified and brotli, from source),
 * so that the bytes of an entry can be traced to the features that need them.
 */
async function runtimeModules() {
  const dir = join(ROOT, 'packages/core/src');
  const out = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    const result = await build({
      entryPoints: [join(dir, file)],
      bundle: false,
      minify: true,
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    const code = Buffer.from(result.outputFiles[0].contents);
    if (code.length === 0) continue;
    out.push({
      module: `core/src/${file}`,
      minified: code.length,
      brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  return out.sort((a, b) => b.minified - a.minified);
}

export async function run({ log = console.log } = {}) {
  const entries = [];
  for (const spec of ENTRIES) {
    const m = await measure(spec);
    entries.push(m);
    log(`  ${m.name} (${m.entry}): ${m.raw} B raw, ${m.gzip} B gzip, ${m.brotli} B brotli`);
  }
  const modules = await runtimeModules();
  const checks = sizeLimit();
  const official = entries.find((e) => e.comparison);
  for (const e of entries) e.ratioToOfficialBrotli = e.brotli / official.brotli;
  const budgets = [];
  for (const e of entries.filter((x) => !x.comparison && !x.nodeSide)) {
    budgets.push({
      budget: `${e.name}: ≤ ${TARGET_BYTES} B brotli`,
      value: e.brotli,
      pass: e.underTarget && (e.nodeOnlyPiecesFound?.length ?? 0) === 0,
      note: e.nodeOnlyPiecesFound?.length
        ? `Node-only inputs: ${e.nodeOnlyPiecesFound.join(', ')}`
        : undefined,
    });
  }
  for (const c of checks) {
    budgets.push({ budget: `size-limit: ${c.name} ≤ ${c.limit}`, value: c.sizeBrotli, pass: c.pass });
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
    runtimeModules: modules,
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
        e.name === e.entry ? e.name : `${e.name} (${e.entry})`,
        num(e.raw),
        num(e.gzip),
        num(e.brotli),
        num(e.ratioToOfficialBrotli, 2),
        Object.entries(e.packages)
          .filter(([p]) => p !== '<stdin>')
          .slice(0, 3)
          .map(([p, b]) => `${p} ${b}`)
          .join(', '),
      ]),
    },
    {
      title: 'What the shared runtime weighs, module by module (minified from source, alone)',
      headers: ['module', 'minified B', 'brotli B'],
      rows: result.runtimeModules.map((m) => [m.module, num(m.minified), num(m.brotli)]),
    },
    {
      title: 'size-limit (.size-limit.json, as CI runs it)',
      headers: ['check', 'brotli B', 'limit', 'headroom B'],
      rows: result.sizeLimit.map((c) => [c.name, num(c.sizeBrotli), c.limit, num(c.headroomBytes)]),
    },
  ];
}

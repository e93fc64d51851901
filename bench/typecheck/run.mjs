// 3. Consumer type-check cost: one consumer file calling all six one-time-token operations,
// type-checked with `tsc --noEmit --extendedDiagnostics` against @authspec/logto (its built
// .d.ts, resolved through node_modules as a consumer would) and against @logto/api, plus an
// empty program (TypeScript's own lib files) as the floor both share. Runs are interleaved and
// each measure is a median; ratios are taken within a round.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { shuffled, summarize } from '../lib/stats.mjs';
import { num } from '../lib/table.mjs';

const require = createRequire(import.meta.url);
const TSC = require.resolve('typescript/lib/tsc.js');
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const CONTENDERS = { empty: 'empty program', authspec: '@authspec/logto', 'logto-api': '@logto/api' };
const MEASURES = {
  checkTime: /^Check time:\s+([\d.]+)s$/m,
  totalTime: /^Total time:\s+([\d.]+)s$/m,
  types: /^Types:\s+(\d+)$/m,
  instantiations: /^Instantiations:\s+(\d+)$/m,
  memoryKB: /^Memory used:\s+(\d+)K$/m,
  files: /^Files:\s+(\d+)$/m,
};

function tsc(fixture, skipLibCheck) {
  const res = spawnSync(
    process.execPath,
    [
      TSC,
      '--noEmit',
      '--extendedDiagnostics',
      '--skipLibCheck',
      String(skipLibCheck),
      '-p',
      `${FIXTURES}${fixture}/tsconfig.json`,
    ],
    { encoding: 'utf8' },
  );
  if (res.status !== 0) throw new Error(`tsc failed on ${fixture}:\n${res.stdout}${res.stderr}`);
  const out = {};
  for (const [key, pattern] of Object.entries(MEASURES)) {
    const match = pattern.exec(res.stdout);
    if (!match) throw new Error(`tsc printed no ${key} for ${fixture}:\n${res.stdout}`);
    out[key] = Number(match[1]);
  }
  return out;
}

export async function run({ quick = false, log = console.log } = {}) {
  const settings = [
    {
      skipLibCheck: true,
      rounds: quick ? 2 : 5,
      note: 'the usual consumer setting (tsc --init, Vite and Next.js templates)',
    },
    {
      skipLibCheck: false,
      rounds: quick ? 1 : 3,
      note: 'every .d.ts checked too, the libraries’ own declarations included',
    },
  ];
  const out = [];
  for (const { skipLibCheck, rounds, note } of settings) {
    const names = Object.keys(CONTENDERS);
    tsc('authspec', skipLibCheck); // warm the file cache, not recorded
    const samples = Object.fromEntries(names.map((n) => [n, []]));
    for (let round = 0; round < rounds; round++) {
      for (const name of shuffled(names, round + 11)) samples[name].push(tsc(name, skipLibCheck));
    }
    const contenders = names.map((name) => ({
      name: CONTENDERS[name],
      fixture: `bench/typecheck/fixtures/${name}/consumer.ts`,
      ...Object.fromEntries(
        Object.keys(MEASURES).map((key) => [key, summarize(samples[name].map((s) => s[key]))]),
      ),
    }));
    // How many times more @logto/api costs than @authspec/logto, per round, absolute and above
    // the empty program.
    const ratio = (key, minus) =>
      summarize(
        samples.authspec.map((a, i) => {
          const o = samples['logto-api'][i][key] - (minus ? samples.empty[i][key] : 0);
          const s = a[key] - (minus ? samples.empty[i][key] : 0);
          return o / Math.max(s, key.endsWith('Time') ? 0.01 : 1);
        }),
      );
    const measures = ['checkTime', 'totalTime', 'types', 'instantiations', 'memoryKB'];
    const officialOverAuthspec = Object.fromEntries(measures.map((k) => [k, ratio(k, false)]));
    const officialOverAuthspecAboveEmpty = Object.fromEntries(measures.map((k) => [k, ratio(k, true)]));
    log(
      `  skipLibCheck ${skipLibCheck}: @logto/api ÷ @authspec/logto = ${measures
        .map((k) => `${k} ${officialOverAuthspec[k].median.toFixed(2)}×`)
        .join(', ')}`,
    );
    out.push({
      skipLibCheck,
      note,
      rounds,
      contenders,
      officialOverAuthspec,
      officialOverAuthspecAboveEmpty,
    });
  }
  // The budget: at least 3× fewer instantiations than @logto/api, with skipLibCheck true and
  // false. Check time, types and memory are reported beside it; times are noisy on a shared
  // machine and memory is dominated by TypeScript's own lib files (see BENCHMARKS.md).
  const budgets = out.map((setting) => {
    const r = setting.officialOverAuthspec.instantiations;
    return {
      budget: `type-check, skipLibCheck ${setting.skipLibCheck}: @logto/api ÷ @authspec/logto ≥ 3 on instantiations`,
      value: r.median,
      spread: [r.p25, r.p75],
      pass: r.median >= 3,
    };
  });
  return {
    typescript: require('typescript/package.json').version,
    tsconfig: 'strict, module/moduleResolution nodenext, lib es2022 + dom, types [] (no @types/*)',
    settings: out,
    budgets,
  };
}

export function report(result) {
  return result.settings.map((s) => ({
    title: `Consumer type-check, skipLibCheck ${s.skipLibCheck} (median of ${s.rounds})`,
    headers: ['program', 'check s', 'total s', 'types', 'instantiations', 'memory MB'],
    rows: [
      ...s.contenders.map((c) => [
        c.name,
        num(c.checkTime.median, 2),
        num(c.totalTime.median, 2),
        num(c.types.median),
        num(c.instantiations.median),
        num(c.memoryKB.median / 1000, 1),
      ]),
      [
        '@logto/api ÷ @authspec/logto',
        `${num(s.officialOverAuthspec.checkTime.median, 1)}×`,
        `${num(s.officialOverAuthspec.totalTime.median, 1)}×`,
        `${num(s.officialOverAuthspec.types.median, 1)}×`,
        `${num(s.officialOverAuthspec.instantiations.median, 1)}×`,
        `${num(s.officialOverAuthspec.memoryKB.median, 1)}×`,
      ],
      [
        '  the same, above the empty program',
        `${num(s.officialOverAuthspecAboveEmpty.checkTime.median, 1)}×`,
        `${num(s.officialOverAuthspecAboveEmpty.totalTime.median, 1)}×`,
        `${num(s.officialOverAuthspecAboveEmpty.types.median, 1)}×`,
        `${num(s.officialOverAuthspecAboveEmpty.instantiations.median, 1)}×`,
        `${num(s.officialOverAuthspecAboveEmpty.memoryKB.median, 1)}×`,
      ],
    ],
  }));
}

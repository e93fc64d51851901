// 4. Codegen and build, in a throwaway copy of the repository (the working tree and its .turbo
// are never touched): `pnpm generate` cold, a full `pnpm build` cold, the same with a warm turbo
// cache (every task a hit), and after a one-line edit of one API's YAML. Rounds are repeated and
// each figure is a median; ratios are taken within a round:
//   - generate cold ÷ openapi-typescript's own CLI producing the same four files from the bundled
//     specs in one invocation (the least a spec-to-types step can cost with that generator);
//   - build warm and build after one edit ÷ build cold of the same round.
import { performance } from 'node:perf_hooks';
import { copyRepo } from '../../scripts/lib/repo-copy.mjs';
import { summarize } from '../lib/stats.mjs';
import { spread } from '../lib/table.mjs';

const EDITED_API = { name: 'sftpgo-token', spec: 'spec/sftpgo-token.yaml' };
const OTS_CONFIG = `# openapi-typescript's multi-schema mode: the four bundled specs in one CLI run.
apis:
${['logto-one-time-tokens', 'logto-experience', 'equinix-metal-otp', 'sftpgo-token']
  .map(
    (api) => `  ${api}:\n    root: ../build/spec/${api}.json\n    x-openapi-ts:\n      output: ./${api}.ts\n`,
  )
  .join('')}`;
// Task outputs a cold build starts without (dist of every package, the sandbox's bundled specs).
const OUTPUTS = [
  'packages/core/dist',
  'packages/logto/dist',
  'packages/equinix-otp/dist',
  'packages/sftpgo-token/dist',
  'packages/sandbox/dist',
  'packages/sandbox/spec',
  'examples/demo/dist',
  'examples/sign-in/dist',
];

function timed(repo, command, args, what, options) {
  const t0 = performance.now();
  const res = repo.run(command, args, options);
  const seconds = (performance.now() - t0) / 1000;
  if (res.status !== 0) throw new Error(`${what} failed (exit ${res.status}):\n${res.output.slice(-4000)}`);
  return { seconds, output: res.output };
}

/** Turbo's per-task cache status and its summary line. */
function turboSummary(output) {
  const executed = [...output.matchAll(/^(\S+:\S+): cache miss, executing/gm)].map((m) => m[1]).sort();
  const match = /Cached:\s+(\d+) cached, (\d+) total/.exec(output);
  return { executed, cached: Number(match?.[1]), total: Number(match?.[2]) };
}

export async function run({ quick = false, log = console.log } = {}) {
  const rounds = quick ? 1 : 3;
  const repo = copyRepo({ prefix: 'authspec-bench-' });
  log(`  copy of the repository: ${repo.dir}`);
  try {
    // Setup, not timed: the bundled specs the CLI baseline reads, and the CLI's config.
    timed(repo, process.execPath, ['scripts/bundle-spec.mjs'], 'bundle-spec');
    repo.write('.bench-ots/redocly.yaml', OTS_CONFIG);
    const original = repo.read(EDITED_API.spec);
    const samples = [];
    for (let round = 0; round < rounds; round++) {
      const s = {};
      s.cli = timed(repo, '../node_modules/.bin/openapi-typescript', [], 'openapi-typescript CLI', {
        cwd: '.bench-ots',
      }).seconds;
      repo.delete('.turbo');
      const generate = timed(repo, 'pnpm', ['run', 'generate'], 'pnpm generate');
      s.generateCold = generate.seconds;
      s.generateTasks = turboSummary(generate.output);

      repo.delete('.turbo');
      for (const dir of OUTPUTS) repo.delete(dir);
      const cold = timed(repo, 'pnpm', ['run', 'build'], 'pnpm build (cold)');
      s.buildCold = cold.seconds;
      s.coldTasks = turboSummary(cold.output);

      // The first build after a cold one is not all hits (see BENCHMARKS.md: turbo hashes every
      // task's inputs before running, so generated inputs are hashed before they are written).
      // It is recorded, then a build that is all hits is timed as the warm build.
      const rewarm = timed(repo, 'pnpm', ['run', 'build'], 'pnpm build (second)');
      s.secondBuild = rewarm.seconds;
      s.secondTasks = turboSummary(rewarm.output);
      const warm = timed(repo, 'pnpm', ['run', 'build'], 'pnpm build (warm)');
      s.buildWarm = warm.seconds;
      s.warmTasks = turboSummary(warm.output);
      if (s.warmTasks.cached !== s.warmTasks.total) {
        throw new Error(`warm build was not all cache hits: ${s.warmTasks.executed.join(', ')}`);
      }

      // One line of one API's YAML: a summary, different in every round.
      repo.write(EDITED_API.spec, original.replace(/^(\s+summary: .+)$/m, `$1 (bench edit ${round + 1})`));
      const edited = timed(repo, 'pnpm', ['run', 'build'], 'pnpm build (one edit)');
      s.buildOneEdit = edited.seconds;
      s.editTasks = turboSummary(edited.output);
      samples.push(s);
      log(
        `  round ${round + 1}: CLI ${s.cli.toFixed(1)} s, generate cold ${s.generateCold.toFixed(1)} s, build cold ${s.buildCold.toFixed(1)} s, warm ${s.buildWarm.toFixed(1)} s, one edit ${s.buildOneEdit.toFixed(1)} s`,
      );
    }
    const seconds = (key) => summarize(samples.map((s) => s[key]));
    const ratio = (key, base) => summarize(samples.map((s) => s[key] / s[base]));
    const last = samples[samples.length - 1];
    const otherClients = ['@authspec/core', '@authspec/logto', '@authspec/equinix-otp'];
    const strays = last.editTasks.executed.filter((t) => otherClients.some((p) => t.startsWith(`${p}:`)));
    const budgets = [
      {
        kind: 'check',
        budget: 'warm pnpm build: every task a cache hit',
        value: `${last.warmTasks.cached}/${last.warmTasks.total}`,
        pass: samples.every((s) => s.warmTasks.cached === s.warmTasks.total),
      },
      {
        kind: 'check',
        budget: 'first pnpm build after a cold one: every task a cache hit',
        value: `${last.secondTasks.cached}/${last.secondTasks.total}`,
        pass: samples.every((s) => s.secondTasks.cached === s.secondTasks.total),
        note: `reran: ${last.secondTasks.executed.join(', ') || 'nothing'}`,
      },
      {
        kind: 'check',
        budget: `one-line edit of ${EDITED_API.spec}: no other client package (core, logto, equinix-otp) rebuilt`,
        value: `${last.editTasks.total - last.editTasks.cached} tasks ran`,
        pass: strays.length === 0,
        note: `ran: ${last.editTasks.executed.join(', ')}`,
      },
    ];
    return {
      rounds,
      editedApi: EDITED_API,
      baselines: {
        cli: 'openapi-typescript 7.13 CLI, one invocation, the four bundled specs (build/spec/*.json) to four files',
        buildCold: 'pnpm build with no turbo cache and no dist/ (generate included, as build depends on it)',
      },
      seconds: {
        cli: seconds('cli'),
        generateCold: seconds('generateCold'),
        buildCold: seconds('buildCold'),
        secondBuild: seconds('secondBuild'),
        buildWarm: seconds('buildWarm'),
        buildOneEdit: seconds('buildOneEdit'),
      },
      ratios: {
        generateColdToCli: ratio('generateCold', 'cli'),
        buildWarmToCold: ratio('buildWarm', 'buildCold'),
        buildOneEditToCold: ratio('buildOneEdit', 'buildCold'),
        secondBuildToCold: ratio('secondBuild', 'buildCold'),
        generateColdToBuildCold: ratio('generateCold', 'buildCold'),
      },
      tasks: {
        generateCold: last.generateTasks,
        buildCold: last.coldTasks,
        secondBuild: last.secondTasks,
        buildWarm: last.warmTasks,
        buildOneEdit: last.editTasks,
      },
      samples: samples.map(
        ({ generateTasks, coldTasks, secondTasks, warmTasks, editTasks, ...rest }) => rest,
      ),
      budgets,
    };
  } finally {
    repo.dispose();
  }
}

export function report(result) {
  const s = result.seconds;
  const r = result.ratios;
  const row = (what, seconds, ratio, base, tasks) => [
    what,
    spread(seconds, 2),
    ratio ? spread(ratio, 3) : '1',
    base,
    tasks ? `${tasks.total - tasks.cached} of ${tasks.total} ran` : '',
  ];
  return [
    {
      title: `Codegen and build in a copy of the repository (median of ${result.rounds})`,
      headers: ['step', 'seconds [IQR]', 'ratio [IQR]', 'baseline', 'turbo tasks'],
      rows: [
        row('openapi-typescript CLI, 4 bundled specs', s.cli, null, '(baseline)'),
        row('pnpm generate, cold', s.generateCold, r.generateColdToCli, '× CLI', result.tasks.generateCold),
        row('pnpm build, cold', s.buildCold, null, '(baseline)', result.tasks.buildCold),
        row(
          'pnpm build, next run',
          s.secondBuild,
          r.secondBuildToCold,
          '× cold build',
          result.tasks.secondBuild,
        ),
        row(
          'pnpm build, warm (all hits)',
          s.buildWarm,
          r.buildWarmToCold,
          '× cold build',
          result.tasks.buildWarm,
        ),
        row(
          `pnpm build after one line of ${result.editedApi.spec}`,
          s.buildOneEdit,
          r.buildOneEditToCold,
          '× cold build',
          result.tasks.buildOneEdit,
        ),
      ],
    },
  ];
}

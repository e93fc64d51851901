#!/usr/bin/env node
// Draw one SVG chart per benchmark from bench/results/*.json, without dependencies:
//   node bench/chart.mjs [resultsDir] [outDir]   (defaults: bench/results, bench/charts)
// `pnpm bench` calls drawCharts() after writing the results.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = fileURLToPath(new URL('.', import.meta.url));
const COLORS = {
  baseline: '#8c8c8c',
  authspec: '#2f6fdf',
  official: '#e8893a',
  other: '#59a14f',
  reference: '#b07aa1',
};
const WIDTH = 860;
const LABEL = 320;
const ROW = 20;
const GAP = 12;

const esc = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Tick and value text: whole numbers from 10 up, else up to two decimals. */
const fmt = (v) =>
  Math.abs(v) >= 10 ? Math.round(v).toLocaleString('en-US') : Number(v.toFixed(2)).toString();

function colorOf(label) {
  if (/^raw fetch|^plain node|baseline|CLI|cold build|empty/i.test(label)) return COLORS.baseline;
  if (/^ref:/.test(label)) return COLORS.reference;
  if (/@authspec|sandbox/.test(label)) return COLORS.authspec;
  if (/@logto\/api/.test(label)) return COLORS.official;
  return COLORS.other;
}

/**
 * A horizontal bar chart. `groups`: [{ title, bars: [{ label, value, min?, max?, text?, color? }] }];
 * `scale`: 'linear' | 'log'; `lines`: reference lines [{ value, label }].
 */
export function barChart({
  title,
  subtitle,
  axis,
  groups,
  scale = 'linear',
  lines = [],
  note,
  valueWidth = 170,
}) {
  const values = groups.flatMap((g) => g.bars.flatMap((b) => [b.value, b.max ?? b.value]));
  const positives = groups
    .flatMap((g) => g.bars.flatMap((b) => [b.value, b.min ?? b.value]))
    .filter((v) => v > 0);
  const lineValues = lines.map((l) => l.value);
  const plotLeft = LABEL + 10;
  const plotRight = WIDTH - valueWidth;
  let x;
  let ticks;
  if (scale === 'log') {
    const lo = 10 ** Math.floor(Math.log10(Math.min(...positives, ...lineValues) * 0.9));
    const hi = 10 ** Math.ceil(Math.log10(Math.max(...values, ...lineValues)));
    x = (v) =>
      plotLeft +
      ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / Math.log10(hi / lo)) * (plotRight - plotLeft);
    ticks = [];
    for (let t = lo; t <= hi * 1.0001; t *= 10) ticks.push(t);
  } else {
    const step = niceStep(Math.max(...values, ...lineValues) / 5);
    const hi = Math.ceil((Math.max(...values, ...lineValues) * 1.05) / step) * step;
    x = (v) => plotLeft + (v / hi) * (plotRight - plotLeft);
    ticks = Array.from({ length: Math.round(hi / step) + 1 }, (_, i) => i * step);
  }
  const out = [];
  let y = 56 + (subtitle ? 16 : 0);
  const top = y;
  for (const group of groups) {
    if (group.title) {
      out.push(`<text x="12" y="${y + 13}" class="group">${esc(group.title)}</text>`);
      y += ROW;
    }
    for (const bar of group.bars) {
      const color = bar.color ?? colorOf(bar.label);
      const x0 = scale === 'log' ? plotLeft : x(0);
      const w = Math.max(1, x(bar.value) - x0);
      out.push(`<text x="${LABEL}" y="${y + 13}" class="label" text-anchor="end">${esc(bar.label)}</text>`);
      out.push(
        `<rect x="${x0}" y="${y + 3}" width="${w.toFixed(1)}" height="${ROW - 6}" fill="${color}" rx="2"/>`,
      );
      if (bar.min !== undefined && bar.max !== undefined && bar.max > bar.min) {
        const cy = y + ROW / 2;
        out.push(
          `<path d="M${x(bar.min).toFixed(1)} ${cy}H${x(bar.max).toFixed(1)}M${x(bar.min).toFixed(1)} ${cy - 4}V${cy + 4}M${x(bar.max).toFixed(1)} ${cy - 4}V${cy + 4}" class="range"/>`,
        );
      }
      const end = Math.max(x(bar.value), bar.max !== undefined ? x(bar.max) : 0);
      out.push(
        `<text x="${(end + 5).toFixed(1)}" y="${y + 14}" class="value">${esc(bar.text ?? fmt(bar.value))}</text>`,
      );
      y += ROW;
    }
    y += GAP;
  }
  const bottom = y - GAP;
  const grid = ticks
    .map(
      (t) =>
        `<line x1="${x(t).toFixed(1)}" y1="${top}" x2="${x(t).toFixed(1)}" y2="${bottom}" class="grid"/><text x="${x(t).toFixed(1)}" y="${bottom + 14}" class="tick" text-anchor="middle">${esc(fmt(t))}</text>`,
    )
    .join('');
  const refs = lines
    .map(
      (l) =>
        `<line x1="${x(l.value).toFixed(1)}" y1="${top - 6}" x2="${x(l.value).toFixed(1)}" y2="${bottom}" class="ref"/><text x="${x(l.value).toFixed(1)}" y="${top - 9}" class="reflabel" text-anchor="middle">${esc(l.label)}</text>`,
    )
    .join('');
  const height = bottom + 40 + (note ? 16 : 0);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="title desc" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif">
<title id="title">${esc(title)}</title>
<desc id="desc">${esc(subtitle ?? axis)}</desc>
<style>
.title{font-size:15px;font-weight:600;fill:#1f2328}.subtitle{font-size:11.5px;fill:#57606a}.group{font-size:12px;font-weight:600;fill:#1f2328}
.label{font-size:11.5px;fill:#1f2328}.value{font-size:11px;fill:#1f2328}.tick{font-size:10px;fill:#57606a}.axis{font-size:11px;fill:#57606a}
.grid{stroke:#d0d7de;stroke-width:1}.ref{stroke:#cf222e;stroke-width:1.5;stroke-dasharray:4 3}.reflabel{font-size:10.5px;fill:#cf222e}
.range{stroke:#1f2328;stroke-width:1.2;fill:none}
</style>
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="12" y="24" class="title">${esc(title)}</text>
${subtitle ? `<text x="12" y="42" class="subtitle">${esc(subtitle)}</text>` : ''}
${grid}
${out.join('\n')}
${refs}
<text x="${((plotLeft + plotRight) / 2).toFixed(1)}" y="${bottom + 30}" class="axis" text-anchor="middle">${esc(axis)}${scale === 'log' ? ' (log scale)' : ''}</text>
${note ? `<text x="12" y="${bottom + 48}" class="subtitle">${esc(note)}</text>` : ''}
</svg>
`;
}

/** A round tick step (1, 2, 2.5 or 5 × a power of ten) at least `v`. */
function niceStep(v) {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** A bar for a summary: the median, with its interquartile range as the whisker. */
const range = (s) => ({ value: s.median, min: s.p25 ?? s.min, max: s.p75 ?? s.max });
const when = (r) => `${r.machine.cores}× ${r.machine.cpu}, Node ${r.machine.node}, ${r.date.slice(0, 10)}`;

const CHARTS = {
  overhead: (r) =>
    barChart({
      title: 'Per-call overhead: throughput ÷ raw fetch (median of blocks; whisker: interquartile range)',
      subtitle: `Same GET against one keep-alive server in a child process; ${when(r)}`,
      axis: 'ops/s ÷ raw fetch ops/s in the same block',
      valueWidth: 190,
      // The budget for `timeoutMs: 0`; with defaults the floor is 0.97× raw fetch + signal.
      lines: [{ value: 0.97, label: 'budget 0.97×' }],
      groups: r.suites.flatMap((s) =>
        s.modes.map((m) => ({
          title: `${s.name}, ${m.mode === 'sequential' ? 'sequential' : `${m.inFlight} in flight`}`,
          bars: m.contenders.map((c) => ({
            label: c.name,
            ...range(c.ratioToRawFetch),
            text: `${c.ratioToRawFetch.median.toFixed(2)}× (${Math.round(c.opsPerSec.median)} ops/s)`,
          })),
        })),
      ),
    }),
  size: (r) =>
    barChart({
      title: 'Bundle size, brotli (esbuild, minified, browser, all runtime dependencies)',
      subtitle: `raw / gzip / brotli bytes in the labels; ${when(r)}`,
      axis: 'bytes, brotli quality 11',
      valueWidth: 250,
      // bench/size/run.mjs TARGET_BYTES (not imported: this script has no dependencies).
      lines: [{ value: 5_000, label: 'budget 5 kB' }],
      groups: [
        {
          bars: r.entries.map((e) => ({
            label: e.name,
            value: e.brotli,
            text: `${e.brotli.toLocaleString('en-US')} B (gzip ${e.gzip.toLocaleString('en-US')}, raw ${e.raw.toLocaleString('en-US')})`,
          })),
        },
      ],
    }),
  typecheck: (r) =>
    barChart({
      title: 'Consumer type-check: @authspec/logto as a fraction of @logto/api (lower is cheaper)',
      subtitle: `tsc ${r.typescript} --noEmit --extendedDiagnostics, six one-time-token calls; ${when(r)}`,
      axis: '@authspec/logto ÷ @logto/api (median of rounds)',
      valueWidth: 220,
      lines: [{ value: 1 / 3, label: 'budget ⅓' }],
      groups: r.settings.map((s) => ({
        title: `skipLibCheck ${s.skipLibCheck}`,
        bars: [
          ['checkTime', 'check time'],
          ['types', 'types'],
          ['instantiations', 'instantiations'],
          ['memoryKB', 'memory'],
          ['memoryKB', 'memory above the empty program', true],
          ['totalTime', 'total time'],
        ].map(([k, label, aboveEmpty]) => {
          const ratio = (aboveEmpty ? s.officialOverAuthspecAboveEmpty : s.officialOverAuthspec)[k];
          return {
            label,
            value: 1 / ratio.median,
            min: 1 / (ratio.p75 ?? ratio.max),
            max: 1 / (ratio.p25 ?? ratio.min),
            color: 1 / ratio.median <= 1 / 3 ? COLORS.authspec : COLORS.official,
            text: `${(1 / ratio.median).toFixed(3)} (@logto/api costs ${ratio.median.toFixed(1)}×)`,
          };
        }),
      })),
    }),
  build: (r) =>
    barChart({
      title: 'Codegen and build in a copy of the repository (median of rounds; whisker: interquartile range)',
      subtitle: `Each step as a multiple of its baseline in the same round; ${when(r)}`,
      axis: 'seconds ÷ baseline seconds',
      scale: 'log',
      lines: [{ value: 1, label: 'baseline' }],
      groups: [
        {
          title: 'generate: ÷ openapi-typescript CLI on the four bundled specs',
          bars: [
            { label: 'openapi-typescript CLI', value: 1, text: `1 (${r.seconds.cli.median.toFixed(1)} s)` },
            {
              label: 'pnpm generate, cold',
              color: COLORS.authspec,
              ...range(r.ratios.generateColdToCli),
              text: `${r.ratios.generateColdToCli.median.toFixed(2)}× (${r.seconds.generateCold.median.toFixed(1)} s)`,
            },
          ],
        },
        {
          title: 'build: ÷ pnpm build, cold',
          bars: [
            { label: 'pnpm build, cold', value: 1, text: `1 (${r.seconds.buildCold.median.toFixed(1)} s)` },
            {
              label: 'next build (not all hits)',
              color: COLORS.authspec,
              ...range(r.ratios.secondBuildToCold),
              text: `${r.ratios.secondBuildToCold.median.toFixed(3)}× (${r.seconds.secondBuild.median.toFixed(1)} s)`,
            },
            {
              label: 'warm (every task a hit)',
              color: COLORS.authspec,
              ...range(r.ratios.buildWarmToCold),
              text: `${r.ratios.buildWarmToCold.median.toFixed(3)}× (${r.seconds.buildWarm.median.toFixed(1)} s)`,
            },
            {
              label: `one line of ${r.editedApi.name}.yaml`,
              color: COLORS.authspec,
              ...range(r.ratios.buildOneEditToCold),
              text: `${r.ratios.buildOneEditToCold.median.toFixed(3)}× (${r.seconds.buildOneEdit.median.toFixed(1)} s)`,
            },
          ],
        },
      ],
    }),
  emulator: (r) =>
    barChart({
      title: 'Emulator throughput under autocannon (median of rounds; whisker: interquartile range)',
      subtitle: `@authspec/sandbox vs a plain node:http server with a fixed JSON body; ${when(r)}`,
      axis: 'requests per second',
      valueWidth: 200,
      scale: 'log',
      groups: r.byConnections.map((c) => ({
        title: `${c.connections} connection${c.connections === 1 ? '' : 's'}`,
        bars: c.results.map((x) => ({
          label: x.name,
          ...range(x.rps),
          text: `${Math.round(x.rps.median)} req/s, p99 ${x.p99Ms.median.toFixed(1)} ms`,
        })),
      })),
    }),
};

/** Draw every chart whose results file exists; returns the files written. */
export function drawCharts({ resultsDir = join(BENCH, 'results'), outDir = join(BENCH, 'charts') } = {}) {
  mkdirSync(outDir, { recursive: true });
  const written = [];
  for (const [name, draw] of Object.entries(CHARTS)) {
    const file = join(resultsDir, `${name}.json`);
    if (!existsSync(file)) continue;
    const svg = draw(JSON.parse(readFileSync(file, 'utf8')));
    const target = join(outDir, `${name}.svg`);
    writeFileSync(target, svg);
    written.push(target);
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [resultsDir, outDir] = process.argv.slice(2);
  for (const file of drawCharts({ resultsDir, outDir })) console.log(file);
}

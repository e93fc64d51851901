// Pools the rounds of several runs of the overhead benchmark, to read a ratio more finely than
// one run allows: on this machine a run's medians are good to 1-4 % (its control), and a budget
// of 0.97 asks for better. Per suite and mode, every round's ratio (a contender's ops/s over the
// other's, in the same round) from every run is pooled; the median comes with a 95 % bootstrap
// interval (seeded, so the same files give the same interval).
//
//   node bench/overhead/pool.mjs bench/results/overhead.json bench/results/overhead-runs/*.json

import { readFileSync } from 'node:fs';
import { median, quantile, seededRandom } from '../lib/stats.mjs';
import { formatTable } from '../lib/table.mjs';
import { RAW, RAW_AS_CLIENT, RAW_CONTROL, RAW_SIGNAL, withDefaults, withoutTimeout } from './contenders.mjs';

const files = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: node bench/overhead/pool.mjs <overhead result JSON>...');

/** The ratios read, as [label, contender, baseline]; a client's names come from its suite. */
const pairs = (client) => [
  ['control ÷ raw fetch', RAW_CONTROL, RAW],
  ['as a client sends ÷ raw fetch', RAW_AS_CLIENT, RAW],
  ['timeoutMs: 0 ÷ raw fetch', withoutTimeout(client), RAW],
  ['timeoutMs: 0 ÷ as a client sends', withoutTimeout(client), RAW_AS_CLIENT],
  ['defaults ÷ raw fetch + signal', withDefaults(client), RAW_SIGNAL],
];

const BOOTSTRAP_SAMPLES = 2000;

/** The median of `values` and its 95 % bootstrap interval. */
function medianWithInterval(values, random) {
  const medians = [];
  for (let b = 0; b < BOOTSTRAP_SAMPLES; b++) {
    const sample = Array.from({ length: values.length }, () => values[Math.floor(random() * values.length)]);
    medians.push(median(sample));
  }
  return { median: median(values), low: quantile(medians, 0.025), high: quantile(medians, 0.975) };
}

/** label → suite and mode → { rounds, runs } */
const pooled = new Map();
for (const file of files) {
  const run = JSON.parse(readFileSync(file, 'utf8'));
  if (run.benchmark !== 'overhead' || run.quick) throw new Error(`${file} is not a full overhead run`);
  for (const suite of run.suites) {
    for (const mode of suite.modes) {
      const find = (name) => mode.contenders.find((c) => c.name === name);
      for (const [label, name, baseline] of pairs(suite.client)) {
        const a = find(name);
        const b = find(baseline);
        // A run from before a contender existed has no rounds of it.
        if (!a || !b) continue;
        const key = `${suite.name} ${mode.mode}`;
        const byKey = pooled.get(label) ?? new Map();
        pooled.set(label, byKey);
        const entry = byKey.get(key) ?? { rounds: [], runs: 0 };
        byKey.set(key, entry);
        entry.rounds.push(...a.blocks.map((block, i) => block.opsPerSec / b.blocks[i].opsPerSec));
        entry.runs++;
      }
    }
  }
}

const random = seededRandom(0x5eed);
const rows = [];
for (const [label, byKey] of pooled) {
  for (const [key, { rounds, runs }] of byKey) {
    const { median: m, low, high } = medianWithInterval(rounds, random);
    rows.push([
      label,
      key,
      String(runs),
      String(rounds.length),
      m.toFixed(3),
      `${low.toFixed(3)}–${high.toFixed(3)}`,
    ]);
  }
}
console.log(`${files.length} runs pooled\n`);
console.log(formatTable(['ratio', 'suite, mode', 'runs', 'rounds', 'median', '95 % interval'], rows));

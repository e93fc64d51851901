// 1b. A client's own work per call: each suite's operation made raw and through its client, all
// given the same ready answer instead of a network (contenders.mjs), so that only what a
// caller's process does above `fetch` is left. The loopback benchmark (../overhead) cannot see a
// microsecond under its run's own error of about 1 %; this one can, and it counts bytes too.
// Every contender runs in a process of its own, in rounds of a shuffled order, its main thread
// pinned to one CPU where it can be; the time it adds is taken within each round, against raw
// fetch of the same round, and the median over rounds is reported.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pin } from '../lib/cpu.mjs';
import { median, shuffled, summarize } from '../lib/stats.mjs';
import { num } from '../lib/table.mjs';
import { RAW, suites } from './contenders.mjs';

const MEASURE = fileURLToPath(new URL('./measure.mjs', import.meta.url));
const CPU = 1;

/** One contender in a process of its own: its JSON answer (measure.mjs). */
function measure(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', MEASURE, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    pin(child.pid, CPU, { mainThread: true });
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(text))
        : reject(new Error(`measure.mjs ${args.join(' ')}: exit ${code}`)),
    );
  });
}

export async function run({ quick = false } = {}) {
  const processes = quick ? 2 : 6;
  const reps = quick ? 5 : 15;
  const perRep = quick ? 5_000 : 20_000;
  const out = [];
  for (const [name, suite] of Object.entries(suites())) {
    const names = Object.keys(suite.contenders);
    const ns = Object.fromEntries(names.map((n) => [n, []]));
    const bytes = Object.fromEntries(names.map((n) => [n, []]));
    for (let p = 0; p < processes; p++) {
      for (const contender of shuffled(names, 7_000 + p)) {
        const result = await measure([name, contender, String(reps), String(perRep)]);
        ns[contender].push(median(result.nsPerCall));
        bytes[contender].push(result.bytesPerCall);
      }
    }
    const rawBytes = median(bytes[RAW]);
    const contenders = names.map((n) => {
      const allocated = median(bytes[n]);
      return {
        name: n,
        nsPerCall: summarize(ns[n]),
        // Per round, against raw fetch of the same round.
        addedNsPerCall: summarize(ns[n].map((v, i) => v - ns[RAW][i])),
        bytesPerCall: allocated,
        addedBytesPerCall: allocated - rawBytes,
      };
    });
    out.push({ name, client: suite.client, contenders });
  }
  return {
    method:
      `each contender in ${processes} processes of its own, one per round in a shuffled order, main thread pinned; ` +
      `added ns = per round, contender minus raw fetch, median over rounds; per process the median of ` +
      `${reps} repetitions of ${perRep} sequential calls (after ${3 * perRep} to warm up) and the median ` +
      'young-generation growth over 100 calls; every call answered at once by the same ready answer',
    suites: out,
  };
}

export function report(result) {
  return [
    {
      title: "A client's own work per call (no network: every call gets the same ready answer)",
      headers: ['suite', 'contender', 'ns/call', '+ ns over raw [IQR]', 'bytes/call', '+ bytes over raw'],
      rows: result.suites.flatMap((s) =>
        s.contenders.map((c) => [
          s.name,
          c.name,
          num(c.nsPerCall.median),
          c.name === RAW
            ? ''
            : `${num(c.addedNsPerCall.median)} [${num(c.addedNsPerCall.p25)}–${num(c.addedNsPerCall.p75)}]`,
          num(c.bytesPerCall),
          c.name === RAW ? '' : num(c.addedBytesPerCall),
        ]),
      ),
    },
  ];
}

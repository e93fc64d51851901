// 1. Per-call overhead: the same GET through raw fetch, plain openapi-fetch, the @authspec
// clients and @logto/api, against one keep-alive server in a child process. Every contender runs
// in a client process of its own (client.mjs; a fresh set of them per generation, see
// GENERATIONS); the coordinator here interleaves them block by
// block in a shuffled order per round, so that load from elsewhere hits all of them alike. Every
// ratio is taken within a round, against raw fetch of that round, and the median over rounds is
// reported with its interquartile range.
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild } from '../lib/child.mjs';
import { pin } from '../lib/cpu.mjs';
import { quantile, shuffled, summarize } from '../lib/stats.mjs';
import { num, spread } from '../lib/table.mjs';
import {
  LOGTO_API,
  OPENAPI_FETCH,
  RAW,
  RAW_CONTROL,
  RAW_SIGNAL,
  suites,
  withDefaults,
  withoutTimeout,
} from './contenders.mjs';

const SERVER = new URL('./server.mjs', import.meta.url);
const CLIENT = new URL('./client.mjs', import.meta.url);
export const CONCURRENCY = 64;
/** Where the server (with the coordinator) and the client processes run, where they can be pinned. */
const SERVER_CPU = 0;
const CLIENT_CPU = 1;

/**
 * Generations of client processes per run: each contender's rounds are shared by this many
 * processes, one after the other. A process keeps a speed of its own for its whole life (in one
 * run with a single process per contender, every other contender ran at 0.65-0.83x raw fetch's
 * fast process, and every ratio moved with it); fresh processes average that out. One generation at a time,
 * because a process left idle for several seconds is collected in full and starts cold again.
 */
export const GENERATIONS = 8;

/** Per contender: every block, and every call's latency. */
const collected = (names) => ({
  blocks: Object.fromEntries(names.map((n) => [n, []])),
  latencies: Object.fromEntries(names.map((n) => [n, []])),
});

/**
 * Run `count` rounds; in each, every client runs one block (`message`) in a shuffled order, one
 * client at a time, added to `into` (`collected`).
 */
async function rounds(clients, count, message, seed, into = collected(Object.keys(clients))) {
  for (let round = 0; round < count; round++) {
    for (const name of shuffled(Object.keys(clients), seed + round)) {
      const { latencies: lat, ...block } = await clients[name].request(message);
      for (const ms of lat) into.latencies[name].push(ms);
      into.blocks[name].push(block);
    }
  }
}

/** Per contender, its blocks and its latency percentiles. */
const samplesOf = ({ blocks, latencies }) =>
  Object.keys(blocks).map((name) => ({
    name,
    blocks: blocks[name],
    p50: quantile(latencies[name], 0.5),
    p99: quantile(latencies[name], 0.99),
  }));

export async function run({ quick = false, log = console.log, ...overrides } = {}) {
  // Long blocks and many rounds: a 3 % budget on 2 shared cores needs blocks that outlast a
  // scheduling hiccup (150-call blocks, 75 ms each, gave interquartile ranges 8-26 % wide; 100-call
  // blocks in 300 rounds, 0.3-0.5 wide; 500-call blocks of about 100 ms, 0.2 wide). Without a
  // full collection before each block calls run twice as fast, so blocks have twice the calls.
  const blocks = overrides.blocks ?? (quick ? 6 : 40);
  const perBlock = overrides.perBlock ?? (quick ? 100 : 1000);
  const perBurst = overrides.perBurst ?? CONCURRENCY * (quick ? 8 : 32);
  const warmup = quick ? 300 : 1000;
  const generations = overrides.generations ?? (quick ? 2 : GENERATIONS);
  const perGeneration = Math.ceil(blocks / generations);
  const server = await startChild(SERVER);
  const url = server.info.url;
  // The server and this coordinator on one CPU, every client's main thread on the other: a client
  // never shares its core with the server it measures, nor migrates mid-block (../lib/cpu.mjs).
  // This process is unpinned again at the end: the benchmarks that follow, and their children,
  // get every CPU back.
  const unpin = pin(server.pid, SERVER_CPU) && pin(process.pid, SERVER_CPU);
  const pinned = Boolean(unpin);
  try {
    const out = [];
    for (const suite of suites(url)) {
      const names = Object.keys(suite.contenders);
      const sequential = collected(names);
      const concurrent = collected(names);
      const burst = { type: 'burst', calls: perBurst, inFlight: CONCURRENCY };
      for (let generation = 0; generation < generations; generation++) {
        const clients = {};
        try {
          // Started and warmed up in an order of their own per generation, so that no contender is
          // always the first process started or the last one warmed.
          for (const name of shuffled(names, 5_000 + generation)) {
            clients[name] = await startChild(CLIENT, {
              args: [url, suite.name, name],
              execArgv: ['--expose-gc'],
            });
            // The main thread only: a client's garbage-collection and compiler threads stay free
            // to run beside it, as on any multi-core host, instead of queueing on its one core.
            if (pinned) pin(clients[name].pid, CLIENT_CPU, { mainThread: true });
          }
          // Warm-up: JIT, the connection pool (64 sockets) and every code path; not recorded.
          await rounds(clients, 1, { type: 'sequential', calls: warmup }, 10_000 + 2 * generation);
          await rounds(clients, 2, burst, 10_000 + 2 * generation);
          const first = generation * perGeneration;
          const count = Math.min(perGeneration, blocks - first);
          await rounds(clients, count, { type: 'sequential', calls: perBlock }, 1 + first, sequential);
          await rounds(clients, count, burst, 1_000 + first, concurrent);
        } finally {
          await Promise.all(Object.values(clients).map((c) => c.stop()));
        }
      }
      const sequentialSamples = samplesOf(sequential);
      const concurrentSamples = samplesOf(concurrent);
      const modes = [
        { mode: 'sequential', inFlight: 1, samples: sequentialSamples },
        { mode: 'concurrent', inFlight: CONCURRENCY, samples: concurrentSamples },
      ].map(({ mode, inFlight, samples }) => {
        const baseline = samples.find((s) => s.name === RAW).blocks;
        const plain = samples.find((s) => s.name === OPENAPI_FETCH).blocks;
        const contenders = samples.map((s) => {
          const ratio = s.blocks.map((b, i) => b.opsPerSec / baseline[i].opsPerSec);
          const result = {
            name: s.name,
            opsPerSec: summarize(s.blocks.map((b) => b.opsPerSec)),
            p50Ms: s.p50,
            p99Ms: s.p99,
            ratioToRawFetch: summarize(ratio),
            ratioToOpenapiFetch: summarize(s.blocks.map((b, i) => b.opsPerSec / plain[i].opsPerSec)),
            blocks: s.blocks,
          };
          if (s.blocks[0].cpuUsPerCall !== undefined) {
            result.cpuUsPerCall = summarize(s.blocks.map((b) => b.cpuUsPerCall));
            result.cpuRatioToRawFetch = summarize(
              s.blocks.map((b, i) => b.cpuUsPerCall / baseline[i].cpuUsPerCall),
            );
          }
          return result;
        });
        const calls = mode === 'sequential' ? blocks * perBlock : blocks * perBurst;
        log(
          `  ${suite.name} ${mode}: ${contenders.map((c) => `${c.name} ${c.ratioToRawFetch.median.toFixed(3)}×`).join(', ')}`,
        );
        return { mode, inFlight, callsPerContender: calls, samples: blocks, contenders };
      });
      out.push({ name: suite.name, title: suite.title, client: suite.client, modes });
    }
    return {
      method:
        `one client process per contender at a time, ${generations} generations of them in turn; ` +
        (pinned ? "clients' main threads pinned to one CPU, the server and coordinator to another; " : '') +
        'sequential: blocks of calls back to back, ops/s = calls ÷ summed latency; ' +
        `concurrent: bursts of ${perBurst} calls with ${CONCURRENCY} in flight, ops/s = calls ÷ wall time; ` +
        'one block per contender per round, shuffled order; ratio = ops/s ÷ raw fetch ops/s of the same round; ' +
        'median over rounds, IQR as spread',
      blocks,
      generations,
      pinned: pinned ? { server: SERVER_CPU, coordinator: SERVER_CPU, clientMainThreads: CLIENT_CPU } : false,
      callsPerBlockSequential: perBlock,
      callsPerBurstConcurrent: perBurst,
      versions: versions(),
      suites: out,
      budgets: budgets(out),
    };
  } finally {
    await server.stop();
    if (unpin) unpin();
  }
}

/** The versions of what is compared (@logto/api brings its own openapi-fetch). */
function versions() {
  const read = (path) => JSON.parse(readFileSync(path, 'utf8')).version;
  const modules = fileURLToPath(new URL('../node_modules/', import.meta.url));
  const logtoApi = realpathSync(join(modules, '@logto/api'));
  return {
    node: process.version,
    undici: process.versions.undici,
    'openapi-fetch': read(join(modules, 'openapi-fetch/package.json')),
    '@logto/api': read(join(logtoApi, 'package.json')),
    '@logto/api openapi-fetch': read(join(logtoApi, '../../openapi-fetch/package.json')),
  };
}

/**
 * Budgets, per suite and mode (medians of per-round ratios): each client with its defaults
 * ≥ 0.97× raw fetch with the same per-call signal and timer; with `timeoutMs: 0` ≥ 0.97× raw
 * fetch; and, like for like (no timeout), at least as fast as plain openapi-fetch and @logto/api.
 */
function budgets(out) {
  const results = [];
  const ratio = (a, b) => summarize(a.blocks.map((block, i) => block.opsPerSec / b.blocks[i].opsPerSec));
  for (const suite of out) {
    for (const m of suite.modes) {
      const find = (name) => m.contenders.find((c) => c.name === name);
      const defaults = find(withDefaults(suite.client));
      const noTimeout = find(withoutTimeout(suite.client));
      const checks = [
        [defaults, find(RAW_SIGNAL), 0.97],
        [noTimeout, find(RAW), 0.97],
        [noTimeout, find(OPENAPI_FETCH), 1],
        [noTimeout, find(LOGTO_API), 1],
      ];
      // Not a budget but the run's own error: identical code in two processes. Where it strays
      // by more than 3 %, the run cannot tell a client at the 0.97 floor from one at 1.00.
      const control = find(RAW_CONTROL);
      if (control) {
        const r = ratio(control, find(RAW));
        results.push({
          budget: `check: ${RAW_CONTROL} ${m.mode} within 0.03 of 1.00× ${RAW} ops/s (the run's own error)`,
          value: r.median,
          spread: [r.p25, r.p75],
          pass: Math.abs(r.median - 1) <= 0.03,
        });
      }
      for (const [contender, baseline, floor] of checks) {
        if (!contender || !baseline) continue;
        const r = ratio(contender, baseline);
        results.push({
          budget: `${contender.name} ${m.mode}: ≥ ${floor.toFixed(2)}× ${baseline.name} ops/s`,
          value: r.median,
          spread: [r.p25, r.p75],
          pass: r.median >= floor,
        });
      }
    }
  }
  return results;
}

/** Terminal tables: one per suite, both modes. */
export function report(result) {
  return result.suites.map((suite) => ({
    title: suite.title,
    headers: [
      'mode',
      'client',
      'ops/s',
      'p50 ms',
      'p99 ms',
      '× raw fetch ops/s [IQR]',
      '× openapi-fetch',
      'CPU µs/call',
      '× raw CPU',
    ],
    rows: suite.modes.flatMap((m) =>
      m.contenders.map((c) => [
        m.mode === 'sequential' ? 'sequential' : `${m.inFlight} in flight`,
        c.name,
        num(c.opsPerSec.median),
        num(c.p50Ms, 3),
        num(c.p99Ms, 3),
        spread(c.ratioToRawFetch, 3),
        num(c.ratioToOpenapiFetch.median, 3),
        c.cpuUsPerCall ? num(c.cpuUsPerCall.median, 1) : '',
        c.cpuRatioToRawFetch ? num(c.cpuRatioToRawFetch.median, 2) : '',
      ]),
    ),
  }));
}

// A client process of the per-call overhead benchmark: it builds one contender and runs the
// blocks the coordinator (run.mjs) asks for. One process per contender keeps the JIT state of
// each apart: contenders that share code (openapi-fetch, undici) would otherwise slow each
// other down through shared, polymorphic inline caches, while @logto/api brings a private copy of
// openapi-fetch and would be the only one spared.
import { performance } from 'node:perf_hooks';
import { announceReady, serveRequests } from '../lib/child.mjs';
import { suites } from './contenders.mjs';

const [url, suiteName, contenderName] = process.argv.slice(2);
const suite = suites(url).find((s) => s.name === suiteName);
const call = suite?.contenders[contenderName]?.();
if (!call) throw new Error(`no contender ${contenderName} in suite ${suiteName}`);

/**
 * Before each block, a minor collection only: every block starts with an empty young
 * generation, while the code the JIT has optimised survives. A full collection here (as earlier
 * runs did; BENCHMARKS.md §1) clears the weak references that optimised code holds, so V8
 * deoptimises every function embedding a collected object (`--trace-deopt`: "reason: weak
 * objects"), undici's and the clients' alike, and each block began by compiling them again: a
 * function that inlines more of undici (the runtime's attempt loop, 65-190 ms of TurboFan per
 * block) paid more. That measured one forced full collection per block, not a call's cost.
 */
const collectYoung = () => globalThis.gc?.({ type: 'minor' });

/** `calls` calls back to back: ops/s over the summed latencies, and every latency. */
async function sequential(calls) {
  collectYoung();
  const latencies = [];
  let sum = 0;
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    await call();
    const ms = performance.now() - t0;
    latencies.push(ms);
    sum += ms;
  }
  return { opsPerSec: (calls * 1000) / sum, latencies };
}

/** One burst of `calls` with `inFlight` at a time: ops/s over wall time, CPU per call. */
async function burst(calls, inFlight) {
  collectYoung();
  const latencies = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < calls; i = next++) {
      const t0 = performance.now();
      await call();
      latencies.push(performance.now() - t0);
    }
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsed = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  return { opsPerSec: (calls * 1000) / elapsed, cpuUsPerCall: (user + system) / calls, latencies };
}

serveRequests(({ type, calls, inFlight }) =>
  type === 'sequential' ? sequential(calls) : burst(calls, inFlight),
);
announceReady({});

// Pinning processes to CPUs (Linux `taskset`), so that a benchmark's client and server never
// trade places between cores mid-run. On this project's 2-vCPU machine, A/A tests (the same raw
// `fetch` in several processes, interleaved; BENCHMARKS.md §1) gave per-round ratios of 512-call
// bursts an interquartile range of 0.42-0.60 unpinned and 0.11-0.30 pinned.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

let usable;

/** Whether processes can be pinned here: Linux with `taskset` and at least two CPUs. */
export function canPin() {
  if (usable === undefined) {
    usable = false;
    if (process.platform === 'linux' && availableParallelism() >= 2) {
      try {
        execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
        usable = true;
      } catch {}
    }
  }
  return usable;
}

/**
 * Pin a process to one CPU: every thread of it, or only its main thread (`mainThread`), whose
 * helper threads (V8's garbage-collection and compiler workers, started with the process) then
 * keep running where the scheduler puts them. Returns a function that puts back the CPUs the
 * process had, or false (and nothing done) where pinning cannot be.
 */
export function pin(pid, cpu, { mainThread = false } = {}) {
  if (!canPin()) return false;
  // "pid 123's current affinity list: 0,1"
  const before = execFileSync('taskset', ['-cp', String(pid)], { encoding: 'utf8' })
    .split(':')
    .pop()
    .trim();
  const set = (cpus) =>
    execFileSync('taskset', [mainThread ? '-cp' : '-acp', cpus, String(pid)], { stdio: 'ignore' });
  set(String(cpu));
  return () => set(before);
}

// One contender of the own-work benchmark in a process of its own (so that no other contender's
// code shares its inline caches): prints `{ nsPerCall: [...], bytesPerCall }` as JSON.
import { getHeapSpaceStatistics } from 'node:v8';
import { suites } from './contenders.mjs';

const [suiteName, contenderName, reps, perRep] = process.argv.slice(2);
const call = suites()[suiteName]?.contenders[contenderName]?.();
if (!call) throw new Error(`no contender ${contenderName} in suite ${suiteName}`);

for (let i = 0; i < 3 * Number(perRep); i++) await call();

const nsPerCall = [];
for (let r = 0; r < Number(reps); r++) {
  globalThis.gc({ type: 'minor' });
  const started = process.hrtime.bigint();
  for (let i = 0; i < Number(perRep); i++) await call();
  nsPerCall.push(Number(process.hrtime.bigint() - started) / Number(perRep));
}

// Bytes allocated per call: the young generation's growth over 100 calls after a minor
// collection, in samples where no collection ran in between (it shrinks when one does).
const young = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_used_size;
const bytes = [];
for (let r = 0; r < 40 && bytes.length < 20; r++) {
  globalThis.gc({ type: 'minor' });
  const before = young();
  for (let i = 0; i < 100; i++) await call();
  const after = young();
  if (after > before) bytes.push((after - before) / 100);
}
bytes.sort((a, b) => a - b);
process.stdout.write(JSON.stringify({ nsPerCall, bytesPerCall: bytes[bytes.length >> 1] }));

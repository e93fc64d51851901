// Small statistics helpers. Every timing in the suite is a median of repeated runs; the spread
// is reported as the range (min to max) of those runs.

/** The q-quantile (0..1) of numbers, by linear interpolation between closest ranks. */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export const median = (values) => quantile(values, 0.5);

/** Median with its spread: `{ median, p25, p75, min, max, runs }` (p25–p75: interquartile range). */
export function summarize(values) {
  return {
    median: median(values),
    p25: quantile(values, 0.25),
    p75: quantile(values, 0.75),
    min: Math.min(...values),
    max: Math.max(...values),
    runs: values.length,
  };
}

/** A ratio summary as text, e.g. `0.97× (0.95–0.99)`. */
export function formatRatio(summary, digits = 2) {
  const f = (v) => v.toFixed(digits);
  return `${f(summary.median)}× (${f(summary.min)}–${f(summary.max)})`;
}

/** A number with thousands separators and a fixed number of decimals. */
export function formatNumber(value, digits = 0) {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A seeded generator of numbers in [0, 1) (xorshift32), so that a result can be reproduced. */
export function seededRandom(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle with a seeded generator, so that a run's order can be reproduced. */
export function shuffled(items, seed) {
  const out = [...items];
  const next = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

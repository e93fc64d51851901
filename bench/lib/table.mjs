// Plain-text tables for the terminal.

/** Print `rows` (arrays of cells) under `headers`; cells that look numeric are right-aligned. */
export function formatTable(headers, rows) {
  const all = [headers, ...rows].map((row) => row.map((cell) => String(cell ?? '')));
  const widths = headers.map((_, i) => Math.max(...all.map((row) => [...(row[i] ?? '')].length)));
  const numeric = (text) => /^[\d.,×%+\-–()[\] kBMs/]+$/.test(text) && /\d/.test(text);
  const line = (row) =>
    row
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i] - [...cell].length);
        return numeric(cell) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(all[0]), rule, ...all.slice(1).map(line)].join('\n');
}

/** `1234.5` → `1,235`; `digits` decimals. */
export const num = (value, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '–';

/** A median with its interquartile range: `0.97 [0.95–0.99]`. */
export const spread = (s, digits = 2, unit = '') =>
  `${num(s.median, digits)}${unit} [${num(s.p25, digits)}–${num(s.p75, digits)}]`;

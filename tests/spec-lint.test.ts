// `pnpm lint:spec` standard: every document passes the recommended-strict ruleset and the
// stricter rules of redocly.yaml with zero errors and zero warnings.
import { describe, expect, it } from 'vitest';
import { APIS } from '../scripts/lib/apis.mjs';
import { formatProblem, lintApis } from '../scripts/lib/redocly.mjs';

describe('redocly lint', () => {
  it('reports no error and no warning for any API', () => {
    const problems = lintApis(APIS.map((a) => a.name));
    expect(problems.map(formatProblem)).toEqual([]);
  });
});

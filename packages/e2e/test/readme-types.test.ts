// Every TypeScript example of every README type-checks against the built packages under the
// strictest settings a user is likely to have (strict, exactOptionalPropertyTypes,
// noUncheckedIndexedAccess), so that pasting one into a project never starts with a type error.
//
// An example that continues an earlier one, or uses a value the reader brings (a password, the
// code from a link), says so in an HTML comment right before its fence, invisible on GitHub and
// npm: `<!-- ts-prelude ... -->` holds the declarations it is checked with.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { typeErrors } from './type-errors';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const READMES = [
  'README.md',
  ...['packages', 'examples'].flatMap((dir) =>
    readdirSync(join(ROOT, dir), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${dir}/${entry.name}/README.md`),
  ),
].filter((file) => {
  try {
    readFileSync(join(ROOT, file));
    return true;
  } catch {
    return false;
  }
});

type Example = { readme: string; line: number; prelude: string; code: string };

function examples(readme: string): Example[] {
  const text = readFileSync(join(ROOT, readme), 'utf8');
  const found: Example[] = [];
  for (const match of text.matchAll(/(?:<!-- ts-prelude\n([\s\S]*?)-->\n)?```ts\n([\s\S]*?)```/g)) {
    const line = text.slice(0, match.index).split('\n').length;
    found.push({ readme, line, prelude: match[1] ?? '', code: match[2] ?? '' });
  }
  return found;
}

const all = READMES.flatMap(examples);
/** Type errors of every example, checked in one program (each example is its own module). */
function diagnostics() {
  // `export {}` makes each file a module, where top-level await is allowed.
  return typeErrors(all.map((example) => `${example.prelude}\n${example.code}\nexport {};\n`));
}

describe('README TypeScript examples', () => {
  it('are found in the READMEs that have them', () => {
    const readmes = new Set(all.map((example) => example.readme));
    for (const readme of ['README.md', 'packages/logto/README.md', 'packages/equinix-otp/README.md']) {
      expect(readmes).toContain(readme);
    }
  });

  // Type-checking against the built packages takes seconds.
  it('type-check under strict, exactOptionalPropertyTypes and noUncheckedIndexedAccess', {
    timeout: 120_000,
  }, () => {
    const errors = diagnostics();
    const report = all.flatMap((example, i) =>
      (errors[i] ?? []).map((message) => `${example.readme}:${example.line}: ${message}`),
    );
    expect(report).toEqual([]);
  });
});

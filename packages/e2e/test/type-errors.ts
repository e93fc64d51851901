// Type-checks snippets as a user's project would, against the built packages, under the strictest
// settings a user is likely to have (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: ['node'],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
};

/**
 * The type errors of each snippet (one module each, checked in one program), as
 * `line N: message` lines; a problem outside the snippets fails the whole check.
 */
export function typeErrors(snippets: readonly string[]): string[][] {
  // Written next to this package so that the @authspec/* imports resolve to the workspace packages.
  const dir = mkdtempSync(join(fileURLToPath(new URL('.', import.meta.url)), '.type-errors-'));
  try {
    const files = snippets.map((code, i) => {
      const file = join(dir, `snippet-${i}.ts`);
      writeFileSync(file, code);
      return file;
    });
    const errors = snippets.map((): string[] => []);
    for (const d of ts.getPreEmitDiagnostics(ts.createProgram(files, OPTIONS))) {
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      const index = d.file ? files.indexOf(d.file.fileName) : -1;
      if (index < 0 || !d.file || d.start === undefined)
        throw new Error(`type error outside the snippets: ${message}`);
      errors[index]?.push(`line ${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ${message}`);
    }
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The generated code type-checks under strict settings, and its types say what the spec says
// (tests/fixtures/generated-usage.ts holds the type-level assertions).
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { APIS, ROOT } from '../scripts/lib/apis.mjs';

const options: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  skipLibCheck: false,
  types: [],
};

function diagnostics(files: string[], virtual: Record<string, string> = {}) {
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  const exists = host.fileExists.bind(host);
  host.readFile = (f) => virtual[f] ?? read(f);
  host.fileExists = (f) => f in virtual || exists(f);
  const program = ts.createProgram([...files, ...Object.keys(virtual)], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return text;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName.replace(ROOT, '')}:${line + 1} ${text}`;
  });
}

const usage = join(ROOT, 'tests/fixtures/generated-usage.ts');

describe('generated code', () => {
  it('compiles under strict settings, with the type assertions on every API', () => {
    const files = [...APIS.map((a) => join(ROOT, a.output)), usage];
    expect(diagnostics(files)).toEqual([]);
  });

  it('rejects a consumer that uses a type the spec does not allow', () => {
    const wrong = join(ROOT, 'tests/fixtures/__wrong-usage.ts');
    const errors = diagnostics([], {
      [wrong]: [
        "import type { components } from '../../packages/logto/src/generated/one-time-tokens';",
        "export const status: components['schemas']['OneTimeTokenStatus'] = 'pending';",
      ].join('\n'),
    });
    expect(errors.join('\n')).toMatch(/"pending"/);
  });
});

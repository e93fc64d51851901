// The code generator: `--check` catches stale output and names the file; a broken spec stops
// generation with file:line and leaves every committed file untouched.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APIS } from '../scripts/lib/apis.mjs';
import { copyRepo, type RepoCopy } from './helpers/repo-copy';

const SFTPGO = APIS.find((a) => a.name === 'sftpgo-token');
if (!SFTPGO) throw new Error('sftpgo-token is not registered');

let repo: RepoCopy;
beforeEach(() => {
  repo = copyRepo();
});
afterEach(() => repo.dispose());

const generate = (...args: string[]) => repo.run('node', ['scripts/generate.mjs', ...args]);
const snapshot = () =>
  Object.fromEntries(
    APIS.map((a) => [
      a.output,
      { text: repo.read(a.output), mtime: statSync(join(repo.dir, a.output)).mtimeMs },
    ]),
  );

describe('pnpm generate --check', () => {
  it('passes when the committed output matches the spec', () => {
    const res = generate('--check');
    expect(res.output).toContain('up to date');
    expect(res.status).toBe(0);
  });

  it('fails and names exactly the stale file when a spec changed', () => {
    repo.edit(SFTPGO.spec, 'summary: Get an admin access token', 'summary: Obtain an admin access token');
    const res = generate('--check');
    expect(res.status).toBe(1);
    expect(res.output).toContain(SFTPGO.output);
    for (const other of APIS.filter((a) => a !== SFTPGO)) expect(res.output).not.toContain(other.output);
    expect(res.output).toContain('pnpm generate');
  });

  it('fails when a generated file was edited by hand', () => {
    repo.write(SFTPGO.output, `${repo.read(SFTPGO.output)}\nexport type Extra = 1;\n`);
    const res = generate('--check');
    expect(res.status).toBe(1);
    expect(res.output).toContain(SFTPGO.output);
  });
});

describe('pnpm generate', () => {
  it('rewrites only the output of the changed spec, leaving no temporary file', () => {
    const before = snapshot();
    repo.edit(SFTPGO.spec, 'summary: Get an admin access token', 'summary: Obtain an admin access token');
    const res = generate(...APIS.map((a) => a.name));
    expect(res.status, res.output).toBe(0);
    const after = snapshot();
    expect(after[SFTPGO.output]?.text).toContain('Obtain an admin access token');
    for (const other of APIS.filter((a) => a !== SFTPGO)) {
      expect(after[other.output]?.mtime, other.output).toBe(before[other.output]?.mtime);
    }
    const leftovers = readdirSync(join(repo.dir, 'packages/sftpgo-token/src/generated'));
    expect(leftovers.sort()).toEqual(['sftpgo-token.operations.ts', 'sftpgo-token.ts']);
  });

  const broken: Array<[string, (r: RepoCopy) => void, RegExp]> = [
    [
      'a YAML syntax error',
      (r) => r.edit(SFTPGO.spec, '  /logout:\n', '  /logout: [unclosed\n'),
      /spec\/sftpgo-token\.yaml:\d+:\d+/,
    ],
    [
      'a dangling $ref',
      (r) => r.edit(SFTPGO.spec, "$ref: '#/components/schemas/Token'", "$ref: '#/components/schemas/Tokn'"),
      /spec\/sftpgo-token\.yaml:\d+:\d+\s+error\s+no-unresolved-refs/,
    ],
    [
      'a lint error (an example that breaks its schema)',
      (r) => r.edit(SFTPGO.spec, "expires_at: '2026-11-23T10:20:00Z'", 'expires_at: 42'),
      /spec\/sftpgo-token\.yaml:\d+:\d+\s+error\s+no-invalid-media-type-examples/,
    ],
    [
      'a lint error (an operation without a summary)',
      (r) => r.edit(SFTPGO.spec, '      summary: Invalidate a user access token\n', ''),
      /spec\/sftpgo-token\.yaml:\d+:\d+\s+error\s+operation-summary/,
    ],
  ];

  it.each(broken)('stops on %s with file and line, writing nothing', (_name, breakIt, expected) => {
    const before = snapshot();
    breakIt(repo);
    // Change the description too, so a run that did not stop would have something to write.
    repo.edit(SFTPGO.spec, 'The token endpoints of SFTPGo', 'The token end points of SFTPGo');
    const res = generate(SFTPGO.name);
    expect(res.status).toBe(1);
    expect(res.output).toMatch(expected);
    expect(res.output).toContain('nothing was generated');
    expect(snapshot()).toEqual(before);
  });
});

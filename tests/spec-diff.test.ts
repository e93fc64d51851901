// `pnpm spec:diff <base-ref>`, the breaking-change gate on the spec. The command runs for real
// in a throwaway git repository: a copy of this one whose only commit (`main`) holds today's
// spec, edited in its working tree as a spec author would. Real git, the real Redocly CLI,
// changesets' own release planner; nothing here uses the network. Below it, the rules of our
// own and the changeset reader, each on its own.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { majorChangesets } from '../scripts/lib/major-changesets.mjs';
import { changesFromReport, ownVerdicts, splitPointer } from '../scripts/lib/spec-changes.mjs';
import { formatSpecDiff } from '../scripts/lib/spec-diff-report.mjs';
import { copyRepo, type RepoCopy } from './helpers/repo-copy';

/** One run bundles both versions and diffs what changed: a few seconds; never wait forever. */
const RUN_TIMEOUT = 60_000;
const TEST_TIMEOUT = 90_000;

let repo: RepoCopy;

function git(...args: string[]) {
  const res = spawnSync('git', args, { cwd: repo.dir, encoding: 'utf8', timeout: RUN_TIMEOUT });
  if (res.status !== 0) throw new Error(`git ${args.join(' ')}: ${res.stderr}`);
  return res.stdout;
}

function specDiff(...args: string[]) {
  const res = spawnSync(process.execPath, ['scripts/spec-diff.mjs', ...args], {
    cwd: repo.dir,
    encoding: 'utf8',
    timeout: RUN_TIMEOUT,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** The JSON report, with every change tagged by its API and whether it breaks. */
function specDiffJson(ref = 'main') {
  const res = specDiff(ref, '--json');
  expect(res.stderr).not.toMatch(/spec:diff:/);
  const report = JSON.parse(res.stdout);
  const changes = report.apis.flatMap((api: any) => [
    ...api.breaking.map((c: any) => ({ ...c, api: api.name, breaking: true })),
    ...api.nonBreaking.map((c: any) => ({ ...c, api: api.name, breaking: false })),
  ]);
  return { status: res.status, report, changes };
}

const rules = (change: any) => change.verdicts.map((v: any) => v.rule);

/** Edit a YAML document structurally, keeping its comments and layout. */
function editYaml(path: string, edit: (doc: ReturnType<typeof parseDocument>) => void) {
  const doc = parseDocument(repo.read(path));
  edit(doc);
  repo.write(path, doc.toString({ lineWidth: 0 }));
}

function writeChangeset(name: string, frontMatter: string) {
  repo.write(`.changeset/${name}.md`, `---\n${frontMatter}\n---\n\nWhat changed.\n`);
}

beforeAll(() => {
  repo = copyRepo({ prefix: 'authspec-spec-diff-test-' });
  // This repository's own pending changesets must not decide the outcome of a test.
  for (const file of readdirSync(join(repo.dir, '.changeset'))) {
    if (file.endsWith('.md') && file !== 'README.md') repo.delete(`.changeset/${file}`);
  }
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.name=test', '-c', 'user.email=test@invalid', 'commit', '-qm', 'base');
});
afterEach(() => {
  git('checkout', '-q', '--', '.');
  git('clean', '-fdq', '--', 'spec', '.changeset', 'redocly.yaml');
});
afterAll(() => repo?.dispose());

describe('pnpm spec:diff <base-ref>', () => {
  it(
    'reports no change and exits 0 when the spec is as at the base',
    () => {
      const res = specDiff('main');
      expect(res.status, res.stderr).toBe(0);
      for (const api of ['logto-one-time-tokens', 'logto-experience', 'equinix-metal-otp', 'sftpgo-token']) {
        expect(res.stdout).toContain(`${api} (spec/${api}.yaml): no changes`);
      }
      expect(res.stdout).toContain('No breaking change.');
    },
    TEST_TIMEOUT,
  );

  it(
    'a removed enum value (in a shared file) is breaking in every API that uses it: exit 1',
    () => {
      const head = git('rev-parse', 'HEAD');
      repo.edit(
        'spec/shared/logto-common.yaml',
        'enum: [SignIn, Register, ForgotPassword]',
        'enum: [SignIn, Register]',
      );
      const { status, report, changes } = specDiffJson();
      expect(status).toBe(1);
      expect(report.exitCode).toBe(1);
      const lost = changes.filter((c: any) => rules(c).includes('enum-values-removed'));
      expect(new Set(lost.map((c: any) => c.api))).toEqual(
        new Set(['logto-experience', 'logto-one-time-tokens']),
      );
      for (const change of lost) {
        expect(change.breaking).toBe(true);
        expect(change.message).toContain("'ForgotPassword'");
        expect(change.definedAt).toMatch(/^#\/components\/schemas\/InteractionEvent/);
      }
      expect(report.apis.find((a: any) => a.name === 'sftpgo-token')).toMatchObject({
        breaking: [],
        nonBreaking: [],
      });

      const text = formatSpecDiff(report);
      expect(text).toMatch(
        /logto-experience \(spec\/logto-experience\.yaml\): \d+ breaking, \d+ non-breaking\n {2}breaking:\n/,
      );
      expect(text).toContain('[enum-values-removed]');
      expect(text).toMatch(/\d+ breaking changes?, and no changeset declares a major release\./);

      // The base version was read from git: the working tree and HEAD are as they were.
      expect(git('rev-parse', 'HEAD')).toBe(head);
      expect(git('status', '--porcelain')).toBe(' M spec/shared/logto-common.yaml\n');
    },
    TEST_TIMEOUT,
  );

  it(
    'a new optional request member is reported as non-breaking: exit 0',
    () => {
      repo.edit(
        'spec/logto-one-time-tokens.yaml',
        '      required: [email]\n      properties:\n',
        '      required: [email]\n      properties:\n        note:\n          type: string\n          description: A note for the admin.\n',
      );
      const { status, report, changes } = specDiffJson();
      expect(status).toBe(0);
      expect(report.breaking).toBe(0);
      expect(changes).toEqual([
        expect.objectContaining({
          api: 'logto-one-time-tokens',
          breaking: false,
          operation: 'POST /api/one-time-tokens',
          location: 'requestBody/content/application/json/schema/properties/note',
          kind: 'added',
          impact: 'minor',
        }),
      ]);
    },
    TEST_TIMEOUT,
  );

  it(
    'a breaking change with a major changeset: still reported, exit 0',
    () => {
      repo.edit(
        'spec/logto-one-time-tokens.yaml',
        'enum: [active, consumed, revoked, expired]',
        'enum: [active, consumed, revoked]',
      );
      writeChangeset('drop-expired', '"@authspec/logto": major');
      const res = specDiff('main');
      expect(res.status, res.stderr).toBe(0);
      expect(res.stdout).toMatch(
        /logto-one-time-tokens \(spec\/logto-one-time-tokens\.yaml\): [1-9]\d* breaking/,
      );
      expect(res.stdout).toContain("lost values: 'expired'. [enum-values-removed]");
      expect(res.stdout).toContain(
        'declared by the major changeset .changeset/drop-expired.md (@authspec/logto).',
      );
    },
    TEST_TIMEOUT,
  );

  it(
    'a new required parameter is breaking: exit 1',
    () => {
      editYaml('spec/logto-one-time-tokens.yaml', (doc) => {
        const parameters: any = doc.getIn(['paths', '/api/one-time-tokens', 'get', 'parameters']);
        parameters.add(
          doc.createNode({
            name: 'tenant',
            in: 'query',
            required: true,
            description: 'The tenant.',
            schema: { type: 'string' },
          }),
        );
      });
      const { status, changes } = specDiffJson();
      expect(status).toBe(1);
      const added = changes.find((c: any) => rules(c).includes('parameter-became-required'));
      expect(added).toMatchObject({ breaking: true, operation: 'GET /api/one-time-tokens', kind: 'added' });
      expect(added.message).toContain('`tenant`');
    },
    TEST_TIMEOUT,
  );

  it(
    'a removed operation is breaking: exit 1',
    () => {
      editYaml('spec/logto-one-time-tokens.yaml', (doc) => {
        doc.deleteIn(['paths', '/api/one-time-tokens/{id}', 'delete']);
      });
      const { status, changes } = specDiffJson();
      expect(status).toBe(1);
      expect(changes.find((c: any) => rules(c).includes('operation-removed'))).toMatchObject({
        breaking: true,
        operation: 'DELETE /api/one-time-tokens/{id}',
        kind: 'removed',
      });
    },
    TEST_TIMEOUT,
  );

  it(
    'an enum narrowed in a response breaks the generated types (our rule): exit 1',
    () => {
      repo.edit(
        'spec/logto-experience.yaml',
        'enum: [Automatic, ManualRegistrationOnly, Manual]',
        'enum: [Automatic, Manual]',
      );
      const { status, changes } = specDiffJson();
      expect(status).toBe(1);
      const narrowed = changes.find((c: any) => rules(c).includes('authspec/enum-narrowed'));
      expect(narrowed).toMatchObject({
        api: 'logto-experience',
        breaking: true,
        operation: 'GET /api/.well-known/sign-in-exp',
      });
      // The tool alone rates it a patch: a reader only sees fewer values on the wire.
      expect(rules(narrowed)).toEqual(['authspec/enum-narrowed']);
      expect(narrowed.message).toContain('"ManualRegistrationOnly"');
    },
    TEST_TIMEOUT,
  );

  it(
    'a removed API is breaking (our rule): exit 1',
    () => {
      repo.edit('redocly.yaml', '  sftpgo-token:\n    root: spec/sftpgo-token.yaml\n', '');
      repo.delete('spec/sftpgo-token.yaml');
      const { status, report } = specDiffJson();
      expect(status).toBe(1);
      expect(report.apis.at(-1)).toMatchObject({
        name: 'sftpgo-token',
        spec: 'spec/sftpgo-token.yaml',
        breaking: [
          expect.objectContaining({
            kind: 'removed',
            verdicts: [expect.objectContaining({ rule: 'authspec/api-removed' })],
          }),
        ],
      });
    },
    TEST_TIMEOUT,
  );

  it(
    'stops with exit 2, naming the version, when a document does not bundle',
    () => {
      repo.write('spec/sftpgo-token.yaml', 'openapi: 3.1.0\ninfo: [unclosed\n');
      const res = specDiff('main');
      expect(res.status).toBe(2);
      expect(res.stderr).toContain('spec:diff: the spec of the working tree does not bundle');
      expect(res.stderr).toContain('spec/sftpgo-token.yaml');
    },
    TEST_TIMEOUT,
  );

  it('refuses a ref that names no commit (exit 2) and says how to fetch it', () => {
    const res = specDiff('no-such-branch');
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('"no-such-branch" names no commit');
    expect(res.stderr).toContain('fetch-depth: 0');
    expect(specDiff('--no-such-flag').status).toBe(2);
    expect(specDiff().status).toBe(2);
  });
});

describe('which changesets declare a major release (changesets’ own planner)', () => {
  const majors = () => majorChangesets(repo.dir);

  it('a major bump of a published @authspec package, whatever the quotes and blank lines', async () => {
    writeChangeset('double', '"@authspec/sftpgo-token": major\n"@authspec/core": patch');
    writeChangeset('single', "\n'@authspec/equinix-otp': major");
    expect(await majors()).toEqual([
      { file: '.changeset/double.md', packages: ['@authspec/sftpgo-token'] },
      { file: '.changeset/single.md', packages: ['@authspec/equinix-otp'] },
    ]);
  });

  it('not a minor or patch bump, nor a private package that is never released', async () => {
    writeChangeset('minor', '"@authspec/logto": minor');
    writeChangeset('private', '"@authspec/test-utils": major');
    expect(await majors()).toEqual([]);
  });

  it('a changeset that names no package of the workspace, or is not YAML, is an error, not a pass', async () => {
    writeChangeset('typo', '"@authspec/lgoto": major');
    await expect(majors()).rejects.toThrow(/@authspec\/lgoto/);
    writeChangeset('typo', '@authspec/logto: major');
    await expect(majors()).rejects.toThrow(/invalid YAML/);
  });
});

describe('our rules on the tool’s changes', () => {
  const enumChange = (base: unknown, revision: unknown, ruleIds: string[] = []) => ({
    kind: 'modified',
    property: 'enum',
    typeName: 'Schema',
    impact: 'patch',
    verdicts: ruleIds.map((ruleId) => ({ ruleId, impact: 'major', message: 'm' })),
    base: base === undefined ? undefined : { value: base },
    revision: revision === undefined ? undefined : { value: revision },
  });
  const parameterChange = (property: string, base?: string, revision?: string) => ({
    kind: 'modified',
    property,
    typeName: 'Parameter',
    impact: 'patch',
    verdicts: [],
    base: base === undefined ? undefined : { value: base },
    revision: revision === undefined ? undefined : { value: revision },
  });
  const ids = (change: any) => ownVerdicts(change).map((v: any) => v.rule);

  it('an enum that loses values or appears is narrowed; one that gains values or goes is not', () => {
    expect(ids(enumChange(['a', 'b'], ['a']))).toEqual(['authspec/enum-narrowed']);
    expect(ids(enumChange(undefined, ['a']))).toEqual(['authspec/enum-narrowed']);
    expect(ids(enumChange(['a'], ['a', 'b']))).toEqual([]);
    expect(ids(enumChange(['a'], undefined))).toEqual([]);
    expect(ids(enumChange([1, null], [null, 1]))).toEqual([]);
    // Where the tool already found the lost values (a request), ours adds nothing.
    expect(ids(enumChange(['a', 'b'], ['a'], ['enum-values-removed']))).toEqual([]);
  });

  it('x-authspec-name and x-authspec-client-option change the generated method input', () => {
    expect(ids(parameterChange('x-authspec-name', 'pageSize', 'size'))).toEqual([
      'authspec/method-input-changed',
    ]);
    expect(ownVerdicts(parameterChange('x-authspec-name', 'pageSize'))[0]?.message).toContain(
      'as its own name instead of `pageSize`',
    );
    expect(
      ownVerdicts(parameterChange('x-authspec-client-option', undefined, 'appId'))[0]?.message,
    ).toContain('no longer takes it');
    expect(ownVerdicts(parameterChange('x-authspec-client-option', 'appId'))[0]?.message).toContain(
      'each call passes it',
    );
    expect(ids(parameterChange('x-authspec-secret', undefined, 'true'))).toEqual([]);
    expect(ids(parameterChange('description', 'a', 'b'))).toEqual([]);
  });

  it('our verdict makes a patch change major, next to what the tool said', () => {
    const [change] = changesFromReport({
      reportVersion: '1',
      changes: [
        {
          path: '#/paths/~1items/get/responses/200/content/application~1json/schema/properties/state',
          ...enumChange(['on', 'off'], ['on']),
          revision: { value: ['on'], pointer: '#/components/schemas/State/enum' },
        },
      ],
    });
    expect(change).toMatchObject({
      operation: 'GET /items',
      location: 'responses/200/content/application/json/schema/properties/state',
      impact: 'major',
      definedAt: '#/components/schemas/State/enum',
    });
    expect(change?.message).toContain('"off"');
  });

  it('reads report version 1 only', () => {
    expect(() => changesFromReport({ reportVersion: '2', changes: [] })).toThrow(/version 2/);
  });

  it('splits the tool’s pointers into the operation and where inside it', () => {
    expect(splitPointer('#/paths/~1api~1one-time-tokens~1{id}/delete')).toEqual({
      operation: 'DELETE /api/one-time-tokens/{id}',
      location: '',
    });
    expect(splitPointer('#/paths/~1items')).toEqual({ operation: '/items', location: '' });
    expect(splitPointer('#/paths/~1items/parameters/0')).toEqual({
      operation: '/items',
      location: 'parameters/0',
    });
    expect(splitPointer('#/info')).toEqual({ operation: null, location: 'info' });
    expect(splitPointer('#/components/schemas/A~0B')).toEqual({
      operation: null,
      location: 'components/schemas/A~B',
    });
  });
});

// The GitHub workflows under .github/workflows: each one is valid against SchemaStore's
// workflow schema (@action-validator/core), and every command they run exists in the
// repository (root scripts, turbo tasks, installed binaries, files, or an allow-listed shell
// utility; see tests/helpers/workflow-commands.ts). Plus the properties each workflow is for,
// and the changeset script the Regenerate workflow runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../scripts/lib/apis.mjs';
import { copyRepo } from './helpers/repo-copy';
import { checkCommand, readRepoFacts, splitCommands, workflowCommands } from './helpers/workflow-commands';

const DIR = join(ROOT, '.github', 'workflows');
const FILES = existsSync(DIR) ? readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)) : [];
const facts = readRepoFacts(ROOT);
const read = (file: string) => readFileSync(join(DIR, file), 'utf8');
const load = (file: string) => parse(read(file)) as any;

/**
 * The validator warns that it cannot check `paths` globs (the test below checks their folders
 * exist instead); keep that out of the test output.
 */
function validate(text: string) {
  const { log, warn } = console;
  console.log = () => {};
  console.warn = () => {};
  try {
    return validateWorkflow(text);
  } finally {
    console.log = log;
    console.warn = warn;
  }
}

describe('.github/workflows', () => {
  it('has the CI, Regenerate and Release workflows', () => {
    expect(FILES).toEqual(expect.arrayContaining(['ci.yml', 'regenerate.yml', 'release.yml']));
  });

  it.each(FILES)('%s is a valid workflow (SchemaStore schema, zero errors)', (file) => {
    const state = validate(read(file));
    expect(state.errors, `${file}: ${JSON.stringify(state.errors, null, 2)}`).toEqual([]);
  });

  it.each(FILES)('%s only runs commands that exist in the repository', (file) => {
    const commands = workflowCommands(file, read(file));
    expect(commands.length).toBeGreaterThan(0);
    const problems = commands.flatMap((c) => checkCommand(c, facts));
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it.each(FILES)('%s pins every action to a major version, pnpm to packageManager', (file) => {
    const pnpmVersion = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).packageManager.replace(
      /^pnpm@/,
      '',
    );
    for (const [job, def] of Object.entries<any>(load(file).jobs)) {
      for (const step of def.steps ?? []) {
        if (!step.uses) continue;
        expect(step.uses, `${file} › ${job}: ${step.uses}`).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/);
        // pnpm/action-setup aborts when its version differs from package.json's packageManager.
        if (step.uses.startsWith('pnpm/action-setup@')) expect(String(step.with?.version)).toBe(pnpmVersion);
      }
    }
  });

  it.each(FILES)('%s: the folders its path filters name exist', (file) => {
    const on = load(file).on ?? {};
    for (const event of ['push', 'pull_request']) {
      for (const glob of on[event]?.paths ?? []) {
        const prefix = String(glob).split(/[*?[{]/)[0];
        expect(existsSync(join(ROOT, prefix)), `${file}: on.${event}.paths ${glob}`).toBe(true);
      }
    }
  });
});

describe('ci.yml', () => {
  const ci = FILES.includes('ci.yml') ? load('ci.yml') : {};
  const jobs = Object.values<any>(ci.jobs ?? {});
  const runs = jobs.flatMap((j) => (j.steps ?? []).map((s: any) => s.run).filter(Boolean)).join('\n');

  it('runs on push and pull_request, the tests on Node 20, 22 and 24', () => {
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) expect(job['runs-on']).toBe('ubuntu-latest');
    expect(ci.jobs.test.strategy.matrix.node).toEqual([20, 22, 24]);
  });

  it('compares the spec of a pull request with its target branch, with the history fetched', () => {
    const job = jobs.find((j) => (j.steps ?? []).some((s: any) => s.run?.includes('pnpm spec:diff')));
    expect(job?.if).toBe("github.event_name == 'pull_request'");
    const checkout = job.steps.find((s: any) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout.with['fetch-depth']).toBe(0);
    const diff = job.steps.find((s: any) => s.run?.includes('pnpm spec:diff'));
    // The branch name reaches the shell through the environment, never pasted into the script.
    expect(diff.env.BASE_REF).toMatch(/^\$\{\{ *github\.base_ref *\}\}$/);
    expect(diff.run).toBe('pnpm spec:diff "origin/$BASE_REF"');
    expect(job.steps.findIndex((s: any) => s.run === 'pnpm install --frozen-lockfile')).toBeLessThan(
      job.steps.indexOf(diff),
    );
  });

  it('has a step for each check, in order', () => {
    const order = [
      'pnpm install --frozen-lockfile',
      'apt-get install -y chromium',
      'pnpm lint:spec',
      'pnpm generate --check',
      'pnpm build',
      'pnpm test',
      'pnpm exec turbo run check:package',
      'pnpm size',
    ];
    const positions = order.map((command) => runs.indexOf(command));
    expect(
      positions.filter((p) => p === -1).length,
      `missing: ${order.filter((_, i) => positions[i] === -1)}`,
    ).toBe(0);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('names the one command that fixes stale generated code', () => {
    const step = jobs.flatMap((j) => j.steps).find((s: any) => s.run?.includes('pnpm generate --check'));
    expect(step.run).toContain('pnpm generate` and commit the result');
  });
});

describe('regenerate.yml', () => {
  const wf = FILES.includes('regenerate.yml') ? load('regenerate.yml') : {};
  const steps = Object.values<any>(wf.jobs ?? {}).flatMap((j) => j.steps ?? []);

  it('runs when spec/** changes on main, regenerates, and opens a pull request only when stale', () => {
    expect(wf.on.push.branches).toEqual(['main']);
    expect(wf.on.push.paths).toContain('spec/**');
    expect(steps.some((s) => s.run === 'pnpm generate')).toBe(true);
    const changeset = steps.find((s) => s.run?.startsWith('node scripts/changeset-regenerated.mjs'));
    expect(changeset?.id).toBeTruthy();
    const pr = steps.find((s) => s.uses?.startsWith('peter-evans/create-pull-request@'));
    expect(pr.if).toContain(`steps.${changeset.id}.outputs.stale == 'true'`);
    expect(wf.permissions).toMatchObject({ contents: 'write', 'pull-requests': 'write' });
  });
});

describe('release.yml', () => {
  const wf = FILES.includes('release.yml') ? load('release.yml') : {};
  const steps = Object.values<any>(wf.jobs ?? {}).flatMap((j) => j.steps ?? []);

  it('versions and publishes with changesets/action and npm provenance', () => {
    expect(wf.on.push.branches).toEqual(['main']);
    expect(wf.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', 'id-token': 'write' });
    const node = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(node.with['node-version']).toBe(20);
    expect(steps.some((s) => s.run === 'pnpm install --frozen-lockfile')).toBe(true);
    const action = steps.find((s) => s.uses?.startsWith('changesets/action@'));
    expect(action.with).toMatchObject({ version: 'pnpm version-packages', publish: 'pnpm release' });
    expect(action.env.NPM_CONFIG_PROVENANCE).toBe(true);
    expect(action.env.NPM_TOKEN).toContain('secrets.NPM_TOKEN');
    expect(action.env.NODE_AUTH_TOKEN).toContain('secrets.');
  });

  it('relies on the root scripts the release flow documents', () => {
    expect(facts.scripts['version-packages']).toBe('changeset version');
    expect(facts.scripts.release).toMatch(/build && changeset publish$/);
  });
});

describe('the command checker', () => {
  const check = (script: string) =>
    checkCommand({ workflow: 'synthetic.yml', job: 'test', step: 'Synthetic', script }, facts);

  it('reports a pnpm script that does not exist, naming workflow, job, step and script', () => {
    const yaml = `name: Synthetic
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - name: Run a missing script
        run: pnpm no-such-script
`;
    expect(validate(yaml).errors).toEqual([]);
    const problems = workflowCommands('synthetic.yml', yaml).flatMap((c) => checkCommand(c, facts));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('synthetic.yml');
    expect(problems[0]).toContain('job "test"');
    expect(problems[0]).toContain('step "Run a missing script"');
    expect(problems[0]).toContain('no script "no-such-script" in the root package.json');
  });

  it('reports missing files, binaries, turbo tasks, unknown programs and shadowed scripts', () => {
    expect(check('pnpm run no-such-script')).toHaveLength(1);
    expect(check('node scripts/no-such-file.mjs')[0]).toContain('scripts/no-such-file.mjs does not exist');
    expect(check('bash .ci/missing')[0]).toContain('does not exist');
    expect(check('./.ci/missing')[0]).toContain('does not exist');
    expect(check('pnpm exec no-such-bin')[0]).toContain('not installed');
    expect(check('pnpm exec turbo run no-such-task')[0]).toContain('no task "no-such-task" in turbo.json');
    expect(check('curl -fsSL https://example.invalid/x.sh | sh')[0]).toContain('"curl"');
    expect(check('sudo rm -rf /')[0]).toContain('sudo');
    expect(check('pnpm docs')[0]).toContain('pnpm run docs');
    expect(check('echo "$(pnpm no-such-script)"')[0]).toContain('command substitution');
  });

  it('accepts what exists, across shell syntax', () => {
    const script = `if ! pnpm generate --check; then
  echo '::error::Run \`pnpm generate\` and commit the result.' >&2
  exit 1
fi
FOO=1 pnpm run build && pnpm exec turbo run build check:package --filter=./packages/core \\
  || node scripts/docs.mjs 2>/dev/null # comment: pnpm no-such-script
test -f package.json; bash .ci/run > out.log
sudo apt-get update && sudo apt-get install -y chromium
pnpm install --frozen-lockfile`;
    expect(check(script)).toEqual([]);
    expect(splitCommands('a "b c" \'d\'; e && f || g | h')).toEqual([
      ['a', 'b c', 'd'],
      ['e'],
      ['f'],
      ['g'],
      ['h'],
    ]);
  });
});

describe('scripts/changeset-regenerated.mjs (run by regenerate.yml)', () => {
  it('does nothing when the generated code is fresh, and writes a changeset when it was stale', () => {
    const copy = copyRepo({ git: true });
    const out = mkdtempSync(join(tmpdir(), 'authspec-gh-output-'));
    try {
      const run = (sha: string) => {
        const outputFile = join(out, `${sha}.txt`);
        const res = spawnSync(process.execPath, ['scripts/changeset-regenerated.mjs'], {
          cwd: copy.dir,
          encoding: 'utf8',
          env: { ...process.env, GITHUB_OUTPUT: outputFile, GITHUB_SHA: sha },
        });
        expect(res.status, res.stderr).toBe(0);
        return { log: res.stdout, output: readFileSync(outputFile, 'utf8') };
      };

      const fresh = run('1111111111111111');
      expect(fresh.output).toContain('stale=false');
      expect(existsSync(join(copy.dir, '.changeset', 'regenerate-111111111111.md'))).toBe(false);

      const generated = 'packages/equinix-otp/src/generated/equinix-metal-otp.ts';
      copy.write(generated, `${copy.read(generated)}\n// regenerated\n`);
      const stale = run('2222222222222222');
      expect(stale.output).toContain('stale=true');
      expect(stale.output).toContain('packages=@authspec/equinix-otp');
      expect(stale.log).toContain(generated);
      const changeset = copy.read('.changeset/regenerate-222222222222.md');
      expect(changeset).toMatch(/^---\n"@authspec\/equinix-otp": patch\n---\n/);
      expect(changeset).toContain('spec/equinix-metal-otp.yaml');
    } finally {
      copy.dispose();
      rmSync(out, { recursive: true, force: true });
    }
  });
});

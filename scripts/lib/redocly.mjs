// Thin wrappers around the Redocly CLI (the same binary `pnpm lint:spec` uses, so the
// generator and the linter can never disagree about what a valid spec is).
import { execFile, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './apis.mjs';

const BIN = join(ROOT, 'node_modules', '.bin', 'redocly');

/**
 * The CLI runs offline: no usage telemetry, no look-up of its latest version on the npm
 * registry, no announcements. It still prints a Node 20 end-of-life banner; that is harmless.
 * @param {string} cwd where the CLI looks for redocly.yaml
 */
function options(cwd) {
  return {
    cwd,
    encoding: /** @type {const} */ ('utf8'),
    env: {
      ...process.env,
      REDOCLY_TELEMETRY: 'off',
      REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
      REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
    },
    maxBuffer: 64 * 1024 * 1024,
  };
}

function run(args) {
  const res = spawnSync(BIN, args, options(ROOT));
  if (res.error) throw res.error;
  return res;
}

/**
 * The same, without blocking, so that several runs share the machine's cores.
 * @param {string[]} args
 * @param {string} cwd
 * @returns {Promise<{ status: number, stdout: string, stderr: string }>}
 */
function runAsync(args, cwd) {
  return new Promise((resolve, reject) => {
    execFile(BIN, args, options(cwd), (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ status: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** Drop the CLI's decorative banner so that only real messages reach the user. */
function cleanStderr(text) {
  return text
    .split('\n')
    .filter((line) => !/[║╔╚]/.test(line))
    .join('\n')
    .trim();
}

/**
 * @typedef {{ file: string, line?: number, col?: number, severity: string, rule: string, message: string }} Problem
 */

/**
 * Lint the named APIs with redocly.yaml's rules.
 * @param {string[]} names
 * @returns {Problem[]} every error and warning, each with the file and line it points at
 */
export function lintApis(names) {
  const res = run(['lint', ...names, '--format=json']);
  const start = res.stdout.indexOf('{');
  if (start === -1) {
    // No report means the CLI could not even load a document: a YAML syntax error or an
    // unreadable file. Its message has the form `... in "<path>" (<line>:<col>)`.
    const text = cleanStderr(res.stderr);
    const problems = [];
    for (const m of text.matchAll(/-\s+(.+?) in "(.+?)" \((\d+):(\d+)\)/g)) {
      problems.push({
        file: relative(m[2]),
        line: Number(m[3]),
        col: Number(m[4]),
        severity: 'error',
        rule: 'yaml-syntax',
        message: m[1],
      });
    }
    if (problems.length === 0) {
      problems.push({
        file: 'redocly.yaml',
        severity: 'error',
        rule: 'redocly',
        message: text || `redocly lint exited with ${res.status}`,
      });
    }
    return problems;
  }
  const problems = [];
  // Problems in redocly.yaml itself only reach stderr.
  const config = /Your config has (\d+) (warning|error)/.exec(res.stderr);
  if (config) {
    problems.push({
      file: 'redocly.yaml',
      severity: config[2],
      rule: 'config',
      message: cleanStderr(res.stderr),
    });
  }
  // One JSON report per API, printed back to back.
  const reports = JSON.parse(
    `[${res.stdout
      .slice(start)
      .trim()
      .replace(/\}\s*\{/g, '},{')}]`,
  );
  for (const p of reports.flatMap((report) => report.problems)) {
    const loc = p.location?.[0];
    problems.push({
      file: relative(loc?.source?.ref ?? 'unknown'),
      line: loc?.start?.line,
      col: loc?.start?.col,
      severity: p.severity,
      rule: p.ruleId,
      message: p.message,
    });
  }
  return problems;
}

/**
 * Bundle the named APIs (all $refs resolved into one document each) as JSON into `outDir`.
 * @param {string[]} names
 * @param {string} outDir absolute directory; files are named `<api>.json`
 */
export function bundleApis(names, outDir) {
  checkBundle(run(bundleArgs(names, outDir)));
}

/**
 * Bundle the named APIs of the redocly.yaml in `dir`, as {@link bundleApis} does for the
 * repository: `pnpm spec:diff` bundles another version of the spec this way.
 * @param {string[]} names
 * @param {string} outDir absolute directory; files are named `<api>.json`
 * @param {string} dir a folder with a redocly.yaml and the documents it names
 */
export async function bundleApisIn(names, outDir, dir) {
  if (names.length > 0) checkBundle(await runAsync(bundleArgs(names, outDir), dir));
}

function bundleArgs(names, outDir) {
  // With one API the CLI treats --output as a file name, with several as a folder.
  const output = names.length === 1 ? join(outDir, `${names[0]}.json`) : outDir;
  return ['bundle', ...names, '--ext', 'json', '--output', output];
}

function checkBundle(res) {
  if (res.status !== 0) {
    throw new Error(`redocly bundle failed:\n${cleanStderr(res.stderr)}`);
  }
}

/**
 * What `redocly diff` checks: every diff rule the CLI has, each rating the change it finds a
 * major one (the `diff-recommended` set). Without a diff rule the command rates nothing major.
 */
const DIFF_CONFIG = 'extends:\n  - diff-recommended\ntelemetry: off\n';

/**
 * Compare two bundled documents with `redocly diff` (experimental in the CLI): every change,
 * each with the semver bump it requires and, for a major one, the rules that found it.
 * @param {string} base absolute path of the older document
 * @param {string} revision absolute path of the newer document
 * @param {string} workDir a scratch folder for the diff's configuration
 * @returns {Promise<any>} the CLI's JSON report (`reportVersion` 1)
 */
export async function diffDocuments(base, revision, workDir) {
  const config = join(workDir, 'diff.redocly.yaml');
  writeFileSync(config, DIFF_CONFIG);
  const res = await runAsync(
    ['diff', base, revision, '--config', config, '--format', 'json', '--fail-on', 'none'],
    workDir,
  );
  const start = res.stdout.indexOf('{');
  if (res.status !== 0 || start === -1) {
    throw new Error(`redocly diff failed (exit ${res.status}):\n${cleanStderr(res.stderr)}`);
  }
  return JSON.parse(res.stdout.slice(start));
}

/**
 * Render one API's reference page as a single self-contained HTML file (Redoc's scripts inlined,
 * nothing loaded from a CDN).
 * @param {string} name
 * @param {string} title
 * @param {string} outFile absolute path
 */
export function buildDocs(name, title, outFile) {
  const res = run(['build-docs', name, '--inlineBundle', '--title', title, '--output', outFile]);
  if (res.status !== 0) {
    throw new Error(`redocly build-docs ${name} failed (exit ${res.status}):\n${cleanStderr(res.stderr)}`);
  }
}

/** @param {Problem} p */
export function formatProblem(p) {
  const where = p.line ? `${p.file}:${p.line}:${p.col ?? 1}` : p.file;
  return `${where}  ${p.severity}  ${p.rule}  ${p.message}`;
}

function relative(path) {
  return path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
}

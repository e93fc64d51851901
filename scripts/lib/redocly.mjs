// Thin wrappers around the Redocly CLI (the same binary `pnpm lint:spec` uses, so the
// generator and the linter can never disagree about what a valid spec is).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './apis.mjs';

const BIN = join(ROOT, 'node_modules', '.bin', 'redocly');

function run(args) {
  const res = spawnSync(BIN, args, {
    cwd: ROOT,
    encoding: 'utf8',
    // The CLI prints a Node 20 end-of-life banner and update notices; neither is a problem.
    env: { ...process.env, REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_TELEMETRY: 'off' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.error) throw res.error;
  return res;
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
  // With one API the CLI treats --output as a file name, with several as a folder.
  const output = names.length === 1 ? join(outDir, `${names[0]}.json`) : outDir;
  const res = run(['bundle', ...names, '--ext', 'json', '--output', output]);
  if (res.status !== 0) {
    throw new Error(`redocly bundle failed:\n${cleanStderr(res.stderr)}`);
  }
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

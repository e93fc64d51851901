// Check that the shell commands of GitHub workflow steps only invoke things that exist in the
// repository: root package.json scripts, turbo tasks, installed binaries, files, and a short,
// explicit allow-list of shell utilities. Used by tests/workflows.test.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export type WorkflowCommand = { workflow: string; job: string; step: string; script: string };
export type RepoFacts = {
  root: string;
  scripts: Record<string, string>;
  turboTasks: Set<string>;
  bins: Set<string>;
};

/** Plain shell utilities the workflows may use, and what each is for. */
export const ALLOWED_UTILITIES: Record<string, string> = {
  echo: 'print messages and ::error:: annotations',
  exit: 'fail a step explicitly',
  command: '`command -v` checks whether a program is installed',
  test: 'file and string tests',
  git: 'inspect the checkout',
  cat: 'print files',
};
/** Programs allowed after `sudo` (and only there). */
export const ALLOWED_SUDO = new Set(['apt-get']);
/** Shell keywords that may precede a command on the same line. */
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}']);
/** pnpm commands that are pnpm's own, whatever package.json says. */
const PNPM_BUILTINS = new Set(['install', 'i']);
/**
 * pnpm passes these to npm instead of running a same-named script: `pnpm docs` opens the npm
 * page of the package, it never runs the "docs" script. Scripts with these names need `pnpm run`.
 */
const PNPM_NPM_PASSTHROUGH = new Set([
  'access',
  'adduser',
  'bugs',
  'deprecate',
  'dist-tag',
  'docs',
  'edit',
  'info',
  'login',
  'logout',
  'owner',
  'ping',
  'prefix',
  'profile',
  'pkg',
  'repo',
  's',
  'se',
  'search',
  'set-script',
  'show',
  'star',
  'stars',
  'team',
  'token',
  'unpublish',
  'unstar',
  'v',
  'version',
  'view',
  'whoami',
  'xmas',
]);

/** What the checks compare against, read from the repository at `root`. */
export function readRepoFacts(root: string): RepoFacts {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const turbo = JSON.parse(readFileSync(join(root, 'turbo.json'), 'utf8'));
  const turboTasks = new Set<string>();
  for (const name of Object.keys(turbo.tasks ?? {})) {
    turboTasks.add(name.replace(/^\/\/#/, '').replace(/^.*#/, ''));
  }
  const binDir = join(root, 'node_modules', '.bin');
  const bins = new Set(existsSync(binDir) ? readdirSync(binDir) : []);
  return { root, scripts: pkg.scripts ?? {}, turboTasks, bins };
}

/**
 * Every shell script a workflow runs: each step's `run:`, and the `version:` / `publish:`
 * commands handed to changesets/action (which runs them as commands too).
 */
export function workflowCommands(workflow: string, text: string): WorkflowCommand[] {
  const doc = parse(text) as { jobs?: Record<string, { steps?: any[] }> };
  const found: WorkflowCommand[] = [];
  for (const [job, def] of Object.entries(doc?.jobs ?? {})) {
    (def?.steps ?? []).forEach((step: any, index: number) => {
      const name = String(step?.name ?? step?.uses ?? `step ${index + 1}`);
      if (typeof step?.run === 'string') found.push({ workflow, job, step: name, script: step.run });
      if (typeof step?.uses === 'string' && step.uses.startsWith('changesets/action@')) {
        for (const key of ['version', 'publish']) {
          if (typeof step.with?.[key] === 'string') {
            found.push({ workflow, job, step: `${name} (with.${key})`, script: step.with[key] });
          }
        }
      }
    });
  }
  return found;
}

/** Problems with one command, each naming the workflow, job and step. */
export function checkCommand(cmd: WorkflowCommand, facts: RepoFacts): string[] {
  const where = `${cmd.workflow} › job "${cmd.job}" › step "${cmd.step}"`;
  let commands: string[][];
  try {
    commands = splitCommands(cmd.script);
  } catch (err) {
    return [`${where}: ${(err as Error).message}`];
  }
  return commands.flatMap((words) => checkWords(words, facts).map((problem) => `${where}: ${problem}`));
}

function checkWords(input: string[], facts: RepoFacts): string[] {
  let words = [...input];
  while (words.length > 0 && (KEYWORDS.has(words[0]) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]))) {
    words = words.slice(1);
  }
  if (words.length === 0) return [];
  const [command, ...args] = words;
  const shown = words.join(' ');

  if (command === 'sudo') {
    if (!ALLOWED_SUDO.has(args[0] ?? ''))
      return [`\`${shown}\`: only ${[...ALLOWED_SUDO]} may run under sudo`];
    return [];
  }
  if (command in ALLOWED_UTILITIES) return [];
  if (command === 'pnpm') return checkPnpm(args, facts, shown);
  if (command === 'node' || command === 'bash' || command === 'sh') {
    if (command === 'node' && args.some((a) => a === '-e' || a === '--eval' || a === '-p')) return [];
    const file = args.find((a) => !a.startsWith('-'));
    if (!file) return [`\`${shown}\`: no script file given`];
    return existsSync(join(facts.root, file)) ? [] : [`\`${shown}\`: the file ${file} does not exist`];
  }
  if (command.includes('/')) {
    return existsSync(join(facts.root, command)) ? [] : [`\`${shown}\`: the file ${command} does not exist`];
  }
  return [
    `\`${shown}\`: "${command}" is neither a pnpm script, a repository file nor an allowed utility (${Object.keys(ALLOWED_UTILITIES).join(', ')}, sudo apt-get)`,
  ];
}

function checkPnpm(args: string[], facts: RepoFacts, shown: string): string[] {
  const positional = args.filter((a) => !a.startsWith('-'));
  const sub = positional[0];
  if (!sub) return []; // `pnpm --version` and the like
  if (PNPM_BUILTINS.has(sub)) return [];
  if (sub === 'run' || sub === 'run-script') {
    const script = positional[1];
    if (!script) return [`\`${shown}\`: no script named`];
    return script in facts.scripts ? [] : [`\`${shown}\`: no script "${script}" in the root package.json`];
  }
  if (sub === 'exec') {
    const bin = positional[1];
    if (!bin) return [`\`${shown}\`: no program named`];
    if (!facts.bins.has(bin)) return [`\`${shown}\`: "${bin}" is not installed in node_modules/.bin`];
    if (bin === 'turbo' && positional[2] === 'run') {
      const tasks = positional.slice(3);
      if (tasks.length === 0) return [`\`${shown}\`: no turbo task named`];
      return tasks
        .filter((task) => !facts.turboTasks.has(task.replace(/^.*#/, '')))
        .map((task) => `\`${shown}\`: no task "${task}" in turbo.json`);
    }
    return [];
  }
  if (PNPM_NPM_PASSTHROUGH.has(sub)) {
    return [
      `\`${shown}\`: pnpm hands "${sub}" to npm instead of running a script of that name; write \`pnpm run ${sub}\``,
    ];
  }
  return sub in facts.scripts ? [] : [`\`${shown}\`: no script "${sub}" in the root package.json`];
}

/**
 * Split a shell script into simple commands (lists of words, quotes removed) on newlines,
 * `;`, `&&`, `||`, `|` and `&`. Comments and redirections are dropped. Command substitution
 * (`$(…)` or backquotes outside single quotes) is refused: what it runs would go unchecked.
 */
export function splitCommands(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let skipNextWord = false;
  const endWord = () => {
    if (inWord) {
      if (skipNextWord) skipNextWord = false;
      else words.push(word);
    }
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    const next = script[i + 1];
    if (c === '\\' && next === '\n') {
      i++;
      continue;
    }
    if (c === '\\' && next !== undefined) {
      word += next;
      inWord = true;
      i++;
      continue;
    }
    if (c === "'") {
      const end = script.indexOf("'", i + 1);
      if (end === -1) throw new Error('unterminated single quote');
      word += script.slice(i + 1, end);
      inWord = true;
      i = end;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < script.length && script[j] !== '"') {
        if (script[j] === '\\' && j + 1 < script.length) {
          text += script[j + 1];
          j += 2;
          continue;
        }
        if (script[j] === '`' || (script[j] === '$' && script[j + 1] === '(')) {
          throw new Error(
            'command substitution is not checked; move the command into a script under scripts/',
          );
        }
        text += script[j];
        j++;
      }
      if (j >= script.length) throw new Error('unterminated double quote');
      word += text;
      inWord = true;
      i = j;
      continue;
    }
    if (c === '`' || (c === '$' && next === '(')) {
      throw new Error('command substitution is not checked; move the command into a script under scripts/');
    }
    if (c === '#' && !inWord) {
      while (i < script.length && script[i] !== '\n') i++;
      endCommand();
      continue;
    }
    if (c === '\n' || c === ';' || c === '|' || c === '&' || c === '(' || c === ')') {
      if (c === '&' && next === '>') {
        endWord();
        skipNextWord = true;
        i++;
        if (script[i + 1] === '>') i++;
        continue;
      }
      endCommand();
      if ((c === '&' || c === '|') && next === c) i++;
      continue;
    }
    if (c === '>' || c === '<') {
      // A redirection: drop a file-descriptor number written just before it, and its target.
      if (inWord && /^\d+$/.test(word)) {
        word = '';
        inWord = false;
      }
      endWord();
      if (script[i + 1] === c) i++;
      if (script[i + 1] === '&') {
        i++;
        while (/\d|-/.test(script[i + 1] ?? '')) i++;
        continue;
      }
      skipNextWord = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      continue;
    }
    word += c;
    inWord = true;
  }
  endCommand();
  return commands;
}

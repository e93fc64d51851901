// The "Try it" example of each client README runs as written, against the workspace packages.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const README = (pkg: string) => fileURLToPath(new URL(`../../${pkg}/README.md`, import.meta.url));

/** The first js block after `heading` in a package's README. */
function example(pkg: string, heading: string): string {
  const text = readFileSync(README(pkg), 'utf8');
  const at = text.indexOf(`\n${heading}\n`);
  const code = at < 0 ? undefined : /```js\n([\s\S]*?)```/.exec(text.slice(at))?.[1];
  if (!code) throw new Error(`${pkg}/README.md has no js block under "${heading}"`);
  return code;
}

describe.each([
  ['logto', '## Try it'],
  ['logto', '### One step per request'],
  ['equinix-otp', '## Try it'],
  ['sftpgo-token', '## Try it'],
  ['core', '## Hooks and OpenTelemetry'],
])('the %s README example under "%s"', (pkg, heading) => {
  // Each example spawns Node and starts a sandbox: slow on a busy machine.
  it('runs and exits 0', { timeout: 150_000 }, () => {
    // Written next to this package so that its dependencies resolve the @authspec/* imports.
    const file = fileURLToPath(new URL(`./.example-${pkg}-${heading.length}.mjs`, import.meta.url));
    writeFileSync(file, example(pkg, heading));
    try {
      const res = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 140_000 });
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
      expect(res.stdout.length).toBeGreaterThan(0);
      // Each example prints whether it signed in the user it meant to.
      expect(res.stdout).not.toMatch(/\bfalse\b/);
    } finally {
      rmSync(file, { force: true });
    }
  });
});

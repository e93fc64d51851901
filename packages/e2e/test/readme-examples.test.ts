// The "Try it" example of each client README runs as written, against the workspace packages.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const README = (pkg: string) => fileURLToPath(new URL(`../../${pkg}/README.md`, import.meta.url));

function tryItExample(pkg: string): string {
  const text = readFileSync(README(pkg), 'utf8');
  const section = text.slice(text.indexOf('## Try it'));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error(`${pkg}/README.md has no js block under "## Try it"`);
  return code;
}

describe.each(['logto', 'equinix-otp', 'sftpgo-token'])('the %s README example', (pkg) => {
  it('runs and exits 0', () => {
    // Written next to this package so that its dependencies resolve the @authspec/* imports.
    const file = fileURLToPath(new URL(`./.try-it-${pkg}.mjs`, import.meta.url));
    writeFileSync(file, tryItExample(pkg));
    try {
      const res = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 30_000 });
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
      expect(res.stdout.length).toBeGreaterThan(0);
    } finally {
      rmSync(file, { force: true });
    }
  });
});

// The main job (`pnpm demo`) runs every step against its own sandbox and says so.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const demo = fileURLToPath(new URL('../../../examples/demo/dist/main.mjs', import.meta.url));

// The demo spawns Node and a sandbox and hashes its seed's passwords: slow on a busy machine.
describe('pnpm demo', () => {
  it('passes every step, one line each, and exits 0', { timeout: 150_000 }, () => {
    const res = spawnSync(process.execPath, [demo], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 140_000,
    });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    const steps = res.stdout.split('\n').filter((line) => /^ {2}[✓✗] /.test(line));
    expect(steps.length).toBeGreaterThanOrEqual(30);
    expect(steps.filter((line) => line.startsWith('  ✗'))).toEqual([]);
    for (const section of [
      '1. Logto Management',
      '2. Magic-link',
      '3. Password + TOTP',
      '4. Equinix',
      '5. SFTPGo',
    ]) {
      expect(res.stdout).toContain(section);
    }
    expect(res.stdout).toMatch(new RegExp(`${steps.length} of ${steps.length} steps passed in [\\d.]+ s\\.`));
  });
});

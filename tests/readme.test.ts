// The root README states facts a test can hold it to: the Quickstart is exactly two commands,
// the first of which installs what the tests need (Chromium, redis-server) through root scripts,
// and the operations table lists every operation with its real operationId, method and path.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../scripts/lib/apis.mjs';
import { OPERATIONS } from './fixtures/operations';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('has a Quickstart of exactly two commands', () => {
    const section = readme.slice(readme.indexOf('## Quickstart'));
    const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const commands = block.split('\n').filter((line) => line.trim() && !line.startsWith('#'));
    expect(commands).toHaveLength(2);
    expect(commands[1]).toBe('pnpm test');
  });

  it('installs Chromium and redis-server in the first command, before the demo, by root scripts', () => {
    const section = readme.slice(readme.indexOf('## Quickstart'));
    const first = (/```sh\n([^\n]*)/.exec(section)?.[1] ?? '').split(' && ');
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;
    for (const [step, file] of [
      ['pnpm install:chromium', 'scripts/install-chromium.sh'],
      ['pnpm install:redis', 'scripts/install-redis.sh'],
    ] as const) {
      expect(first.indexOf(step), step).toBeGreaterThan(first.indexOf('pnpm install --frozen-lockfile'));
      expect(first.indexOf(step), step).toBeLessThan(first.indexOf('pnpm demo'));
      expect(scripts[step.replace('pnpm ', '')]).toBe(`bash ${file}`);
      expect(existsSync(join(ROOT, file)), file).toBe(true);
    }
  });

  it('maps every operation to its operationId, method and path', () => {
    const rows = [
      ...readme.matchAll(
        /^\|[^|\n]+\|\s*([^|\n]+?)\s*\|\s*`(\w+)`\s*\|\s*`(GET|POST|PUT|DELETE) ([^`]+)`\s*\|\s*`([^`]+)`\s*\|$/gm,
      ),
    ];
    const listed = rows.map((m) => `${m[2]} ${m[3]} ${m[4]}`).sort();
    const expected = OPERATIONS.map((o) => `${o.operationId} ${o.method.toUpperCase()} ${o.path}`).sort();
    expect(listed).toEqual(expected);
    for (const row of rows) {
      const op = OPERATIONS.find((o) => o.operationId === row[2] && o.path === row[4]);
      expect(row[1], row[2]).toBe(op?.seed ? op.operationId : '*flow*');
      // Experience methods are named as the camelCase of the operationId, except the sign-in
      // settings, which a page reads as `getSignInExperience()`.
      const name =
        row[2] === 'GetSignInExperienceConfig'
          ? 'getSignInExperience'
          : `${row[2]?.[0]?.toLowerCase()}${row[2]?.slice(1)}`;
      if (op?.api === 'logto-experience') expect(row[5]).toBe(`${name}()`);
    }
  });
});

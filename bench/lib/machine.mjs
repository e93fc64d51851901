// What the numbers were measured on; written into every results file.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { ROOT } from '../../scripts/lib/apis.mjs';

export function machine() {
  const cpu = cpus();
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  const agent = process.env.npm_config_user_agent ?? '';
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    pnpm: /pnpm\/(\S+)/.exec(agent)?.[1] ?? 'unknown',
    commit: git.status === 0 ? git.stdout.trim() : 'unknown',
  };
}

/** The 1-minute load average: how busy the machine was (2 = both cores of a 2-core machine). */
export const load = () => Math.round(loadavg()[0] * 100) / 100;

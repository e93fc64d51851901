// SFTPGo's defender, memory driver (internal/common/defender.go, defendermem.go): failed logins
// add a score per client IP; reaching the threshold within the observation time bans the IP for
// `banTime` minutes, and every request of a banned IP extends its ban by `banTimeIncrement`% of
// `banTime` (at least a minute). Events of a banned IP are ignored.
import type { SftpgoDefenderConfig } from './config.js';

/** What happened (SFTPGo's `HostEvent`), each scored by a setting. */
export type HostEvent = 'loginFailed' | 'userNotFound' | 'limitExceeded';

const MINUTE_MS = 60 * 1000;

const scoreOf = (event: HostEvent, config: SftpgoDefenderConfig) =>
  event === 'loginFailed'
    ? config.scoreValid
    : event === 'userNotFound'
      ? config.scoreInvalid
      : config.scoreLimitExceeded;

export class Defender {
  /** Scored events per IP, oldest first. */
  readonly #events = new Map<string, { at: number; score: number }[]>();
  /** End of the ban per IP (epoch ms). */
  readonly #banned = new Map<string, number>();

  /** Whether `ip` is banned at `now`; a banned IP's ban grows with each request, as in SFTPGo. */
  isBanned(ip: string, now: number, config: SftpgoDefenderConfig): boolean {
    if (!config.enabled) return false;
    const until = this.#banned.get(ip);
    if (until === undefined || until <= now) return false;
    const increment = Math.max(1, Math.floor((config.banTime * config.banTimeIncrement) / 100));
    this.#banned.set(ip, until + increment * MINUTE_MS);
    return true;
  }

  /** Scores an event of `ip`; the threshold reached bans it. */
  addEvent(ip: string, event: HostEvent, now: number, config: SftpgoDefenderConfig): void {
    if (!config.enabled) return;
    const until = this.#banned.get(ip);
    if (until !== undefined) {
      if (until > now) return;
      this.#banned.delete(ip);
    }
    const observed = now - config.observationTime * MINUTE_MS;
    const events = (this.#events.get(ip) ?? []).filter((e) => e.at > observed);
    events.push({ at: now, score: scoreOf(event, config) });
    if (events.reduce((total, e) => total + e.score, 0) >= config.threshold) {
      this.#banned.set(ip, now + config.banTime * MINUTE_MS);
      this.#events.delete(ip);
    } else {
      this.#events.set(ip, events);
    }
  }
}

/**
 * The sandbox's notion of "now". Every expiry (tokens, JWTs, codes, passcode reuse windows, TOTP
 * time steps) reads this clock, so tests can move time instead of sleeping.
 */
export interface Clock {
  /** Current time in milliseconds since the Unix epoch. */
  now(): number;
  /** Moves the clock forward (or back, with a negative value) by `ms` milliseconds. */
  advance(ms: number): void;
  /** Jumps the clock to `ms` (epoch milliseconds). */
  set(ms: number): void;
}

/** Options of `createClock`. */
export interface ClockOptions {
  /** Start time (epoch ms or Date); default: the real time. */
  start?: number | Date;
  /**
   * When true the clock stands still between `advance`/`set` calls. By default it keeps ticking
   * with real time from its (possibly shifted) start, so codes computed by an authenticator app
   * against the sandbox clock stay valid for their real 30-second step.
   */
  frozen?: boolean;
}

const toMs = (value: number | Date): number => (typeof value === 'number' ? value : value.getTime());

/** Creates a clock: real time plus an offset that `advance`/`set` move. */
export function createClock(options: ClockOptions = {}): Clock {
  if (options.frozen) {
    let current = options.start === undefined ? Date.now() : toMs(options.start);
    return {
      now: () => current,
      advance: (ms) => {
        current += ms;
      },
      set: (ms) => {
        current = ms;
      },
    };
  }
  let offset = options.start === undefined ? 0 : toMs(options.start) - Date.now();
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
    set: (ms) => {
      offset = ms - Date.now();
    },
  };
}

export function isClock(value: unknown): value is Clock {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Clock).now === 'function' &&
    typeof (value as Clock).advance === 'function' &&
    typeof (value as Clock).set === 'function'
  );
}

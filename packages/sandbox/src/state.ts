import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from './clock.js';
import type { SandboxConfig } from './config.js';
import type { EquinixState } from './equinix.js';
import type { CallBase } from './http/openapi.js';
import type { LogtoState } from './logto/state.js';
import type { MemoryOutbox } from './outbox.js';
import type { SftpgoState } from './sftpgo.js';

/** Everything a sandbox remembers; one object per running sandbox. */
export interface SandboxState {
  clock: Clock;
  config: SandboxConfig;
  outbox: MemoryOutbox;
  /** The sandbox's own origin, e.g. `http://127.0.0.1:43123` (known once it listens). */
  origin: string;
  logto: LogtoState;
  equinix: EquinixState;
  sftpgo: SftpgoState;
}

/** What every handler receives next to openapi-backend's context. */
export interface Call extends CallBase {
  state: SandboxState;
  /** The raw request headers (lower-case names). */
  headers: IncomingHttpHeaders;
}

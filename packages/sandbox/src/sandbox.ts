// `startSandbox`: starts every module of `src/apis/index.ts` behind one HTTP server (or, with
// `listen: false`, behind the in-process entry `sandbox.handle` only).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  ApiHelpers,
  SandboxConfig,
  SandboxConfigUpdate,
  SandboxUrls,
  SeededEntities,
} from './api-types.js';
import { apis } from './apis/index.js';
import {
  absoluteUrl,
  anyValue,
  arrayOf,
  boolean,
  type Check,
  either,
  integerIn,
  nonEmptyString,
  object,
  optional,
  type Shape,
  string,
} from './core/check.js';
import { type Clock, createClock, isClock } from './core/clock.js';
import { TOTP_ALGORITHMS, type TotpAlgorithm, totpCode } from './core/crypto/totp.js';
import { consoleLogger, describeError, type Logger } from './core/log.js';
import { MemoryOutbox, type Outbox } from './core/outbox.js';
import { createDispatcher, type ResponseViolation } from './http/dispatch.js';
import { fetchHandler } from './http/fetch.js';
import { createListener } from './http/listener.js';
import type { ModuleContext, Route, StartedModule } from './module.js';
import { loadSeed, type SandboxSeed } from './seed.js';
import { Settings } from './settings.js';

/** Options of `startSandbox`; an unknown option is an error that names it. */
/** `sandbox.totp` options. */
export interface TotpOptions {
  /** When (epoch ms); default: now on the sandbox clock. */
  at?: number | undefined;
  /** The HMAC hash; default SHA1. */
  algorithm?: TotpAlgorithm | undefined;
}

export interface SandboxOptions {
  /**
   * Whether to open an HTTP server; default true. With `false` the sandbox only answers in
   * process (`sandbox.handle`, the MSW handlers of `@authspec/sandbox/msw`), under `origin`.
   */
  listen?: boolean;
  /**
   * The origin of a sandbox that does not listen (`listen: false`): the `url` it hands out and
   * the one its requests are addressed to; default `http://sandbox.test`.
   */
  origin?: string;
  /** Port to listen on; default 0 (the OS picks a free one). */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** A clock, or a start time (epoch ms / Date) for a clock that then runs with real time. */
  clock?: Clock | number | Date;
  /** Entities to create at start: a seed object or the path of a JSON seed file. */
  seed?: SandboxSeed | string;
  /** Check every response against the spec and record mismatches in `responseViolations`. */
  validateResponses?: boolean;
  /** Initial settings (see `configure`). */
  config?: SandboxConfigUpdate;
  /** Largest request body accepted, bytes; default 1 MiB (larger: 413 and the connection closes). */
  maxBodyBytes?: number;
  /** Deepest nesting of objects and arrays a JSON body may have; default 64 (deeper: the API's 400). */
  maxJsonDepth?: number;
  /** Log sink; default stderr; `false` silences the sandbox. Lines never contain secrets. */
  logger?: Logger | false;
  /** Log one line per request (operation, status, duration); default false. */
  logRequests?: boolean;
  /**
   * Host name to put in the URLs the sandbox hands out (`url`, `redirectTo`, links), e.g.
   * `localhost`: browsers accept a WebAuthn relying party on `localhost` but not on an IP
   * address. The sandbox still listens on `host`.
   */
  publicHost?: string;
  /** A folder with a built sign-in page to serve at `/sign-in/`, same-origin with the APIs. */
  signInPage?: string;
  /**
   * Origins whose pages may call the sandbox from a browser (CORS with credentials), e.g.
   * `http://localhost:5173` for a Vite dev server; `'*'` allows any origin. Default: none.
   */
  corsOrigins?: string[];
}

/** What every sandbox has, whatever APIs it emulates. */
export interface SandboxBase {
  /** The origin the sandbox listens on, e.g. `http://127.0.0.1:43123`. */
  readonly url: string;
  /** Base URLs of the emulated APIs. */
  readonly urls: SandboxUrls;
  /** The sandbox's clock; every expiry reads it. */
  readonly clock: Clock;
  /** Codes the sandbox "sent" by email or SMS. */
  readonly outbox: Outbox;
  /** Responses that did not match the spec (only recorded with `validateResponses`). */
  readonly responseViolations: readonly ResponseViolation[];
  /** What the start-up seed created, secrets included. */
  readonly seeded: SeededEntities;
  /** The current settings (a copy). */
  readonly config: SandboxConfig;
  /** Changes settings; an unknown setting or a value the emulated service would refuse throws. */
  configure(update: SandboxConfigUpdate): void;
  /**
   * The current TOTP code of a Base32 secret, at the sandbox clock (or at `at`, epoch ms), with
   * SHA-1 or the given `algorithm` (an SFTPGo account whose TOTP configuration uses SHA-256 or
   * SHA-512 needs it).
   */
  totp(secret: string, at?: number | TotpOptions): string;
  /**
   * Answers a WHATWG `Request` in process, through the same routing, validation, handlers,
   * cookies, CORS and limits as the HTTP server; the request's URL should be under `url`.
   */
  handle(request: Request): Promise<Response>;
  /** Stops listening and closes open connections (nothing to do for a sandbox that does not listen). */
  close(): Promise<void>;
}

/** A running sandbox: the base members and the methods of every emulated API (`addUser()`…). */
export interface Sandbox extends SandboxBase, ApiHelpers {}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_MAX_JSON_DEPTH = 64;

const clockOption: Check<SandboxOptions['clock']> = (value, path) => {
  if (value === undefined || isClock(value) || value instanceof Date) return value as SandboxOptions['clock'];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new TypeError(`${path} must be a Clock, epoch milliseconds or a Date`);
};

const loggerOption: Check<SandboxOptions['logger']> = (value, path) => {
  if (value === undefined || value === false || typeof value === 'function')
    return value as SandboxOptions['logger'];
  throw new TypeError(`${path} must be a function or false`);
};

const originOption: Check<string> = (value, path) => (value === '*' ? value : absoluteUrl(value, path));

const checkOptions = object<SandboxOptions>({
  port: optional(integerIn(0, 65535)),
  host: optional(nonEmptyString),
  clock: clockOption,
  // Checked by loadSeed, which names the place in the seed.
  seed: optional(either(string, anyValue, 'a seed object or the path of a seed file')) as Check<
    SandboxOptions['seed']
  >,
  validateResponses: optional(boolean),
  // Checked by the settings, which name the setting.
  config: anyValue as Check<SandboxOptions['config']>,
  maxBodyBytes: optional(integerIn(1, Number.MAX_SAFE_INTEGER)),
  maxJsonDepth: optional(integerIn(1, 10_000)),
  logger: loggerOption,
  logRequests: optional(boolean),
  publicHost: optional(nonEmptyString),
  signInPage: optional(nonEmptyString),
  corsOrigins: optional(arrayOf(originOption)),
  listen: optional(boolean),
  origin: optional(absoluteUrl),
} satisfies Shape<SandboxOptions>);

const resolveClock = (clock: SandboxOptions['clock']): Clock =>
  isClock(clock) ? clock : createClock(clock === undefined ? {} : { start: clock });

const originOf = (address: AddressInfo) => {
  const host =
    address.address === '0.0.0.0'
      ? '127.0.0.1'
      : address.address === '::'
        ? '[::1]'
        : address.family === 'IPv6'
          ? `[${address.address}]`
          : address.address;
  return `http://${host}:${address.port}`;
};

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

const DEFAULT_IN_PROCESS_ORIGIN = 'http://sandbox.test';
/** How long an idle keep-alive connection stays open: nginx's default, a usual proxy before Logto. */
const IDLE_CONNECTION_MS = 75_000;

/** Starts a sandbox serving Logto, Equinix Metal OTP and SFTPGo token APIs on one origin. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return (await createSandbox(options, 'startSandbox options')).sandbox;
}

/** Which options only mean something when the sandbox listens, or only when it does not. */
function checkListenOptions(options: SandboxOptions, where: string): void {
  const listening = options.listen !== false;
  const conflicting = listening
    ? (['origin'] as const).filter((name) => options[name] !== undefined)
    : (['port', 'host', 'publicHost'] as const).filter((name) => options[name] !== undefined);
  if (conflicting.length > 0)
    throw new TypeError(
      `${where}: ${conflicting.join(', ')} ${conflicting.length > 1 ? 'apply' : 'applies'} only to a sandbox that ${listening ? 'does not listen (listen: false)' : 'listens'}`,
    );
}

/**
 * A sandbox and the routes it serves (internal: the MSW entry builds its handlers from them).
 * `startSandbox` is this without the routes.
 */
export async function createSandbox(
  options: SandboxOptions,
  where: string,
): Promise<{ sandbox: Sandbox; routes: readonly Route[] }> {
  checkOptions(options, where);
  checkListenOptions(options, where);
  const clock = resolveClock(options.clock);
  const settings = new Settings(apis);
  settings.apply(options.config ?? {}, `${where}.config`);
  const seed = options.seed === undefined ? undefined : await loadSeed(options.seed);
  const logger = options.logger === false ? undefined : (options.logger ?? consoleLogger);
  const outbox = new MemoryOutbox(clock);
  const context: ModuleContext & { origin: string } = {
    clock,
    outbox,
    origin: '',
    signInPage: options.signInPage,
    maxJsonDepth: options.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH,
    logError: (where, error) => logger?.(`[sandbox] ${where} failed: ${describeError(error)}`),
  };
  const started = new Map<string, StartedModule<unknown>>();
  for (const api of apis) started.set(api.name, await api.start(context, settings.of(api.name) as never));

  const violations: ResponseViolation[] = [];
  const routes = [...started.values()].flatMap((s) => s.routes);
  const dispatchOptions = {
    routes,
    mounts: apis.flatMap((api) => api.mounts),
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    corsOrigins: options.corsOrigins ?? [],
    validateResponses: options.validateResponses === true,
    violations,
    logger,
    logRequests: options.logRequests === true,
  };
  // One dispatcher for both entries: requests over HTTP and in process share routing and limits.
  const dispatch = createDispatcher(dispatchOptions);
  let server: Server | undefined;
  if (options.listen === false) {
    context.origin = new URL(options.origin ?? DEFAULT_IN_PROCESS_ORIGIN).origin;
  } else {
    server = createServer(createListener(dispatchOptions, dispatch));
    // Node closes an idle connection after 5 s; the proxy in front of a real Logto usually keeps
    // it longer (nginx: 75 s). With 5 s, a client process that stalls a few seconds (a loaded CI
    // machine) writes its next request into a connection already closed, and a POST that fails
    // so is rightly not repeated by the clients: a failure the code under test did not cause.
    server.keepAliveTimeout = IDLE_CONNECTION_MS;
    const address = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
    context.origin = options.publicHost ? `http://${options.publicHost}:${address.port}` : originOf(address);
  }
  const { origin } = context;

  let closed: Promise<void> | undefined;
  const base: SandboxBase = {
    url: origin,
    urls: Object.fromEntries(
      apis.flatMap((api) =>
        Object.entries(api.urls as Record<string, string>).map(([k, path]) => [k, `${origin}${path}`]),
      ),
    ) as unknown as SandboxUrls,
    clock,
    outbox,
    responseViolations: violations,
    seeded: Object.assign({}, ...apis.map((api) => api.seed.empty())) as SeededEntities,
    get config() {
      return settings.snapshot();
    },
    configure: (update) => settings.apply(update),
    totp: (secret, at) => {
      const options = typeof at === 'object' ? at : { at };
      const algorithm = options.algorithm ?? 'SHA1';
      if (!TOTP_ALGORITHMS.includes(algorithm))
        throw new TypeError(
          `totp: algorithm must be one of ${TOTP_ALGORITHMS.join(', ')}, got ${String(algorithm)}`,
        );
      return totpCode(secret, options.at ?? clock.now(), algorithm);
    },
    handle: fetchHandler(dispatch),
    close: () => {
      const listening = server;
      if (!listening) return Promise.resolve();
      closed ??= new Promise<void>((resolve, reject) => {
        listening.close((error) => (error ? reject(error) : resolve()));
        listening.closeIdleConnections();
        // Requests still in flight get a moment to finish, then their connections go too.
        setTimeout(() => listening.closeAllConnections(), 1000).unref();
      });
      return closed;
    },
  };
  // The base's getter must stay a getter: copy property descriptors, not values.
  const sandbox = Object.defineProperties(
    {},
    {
      ...Object.getOwnPropertyDescriptors(base),
      ...Object.fromEntries(
        [...started.values()].flatMap((s) => Object.entries(Object.getOwnPropertyDescriptors(s.helpers))),
      ),
    },
  ) as Sandbox;
  if (seed) {
    try {
      if (seed.config) settings.apply(seed.config, 'seed.config');
      const seeded = apis.map((api) =>
        api.seed.apply(started.get(api.name)?.helpers as never, (seed[api.name] ?? {}) as never),
      );
      Object.defineProperty(sandbox, 'seeded', { value: Object.assign({}, ...seeded), enumerable: true });
    } catch (error) {
      await sandbox.close();
      throw error;
    }
  }
  return { sandbox, routes };
}

// The contract between the sandbox and the module of one emulated API (`src/apis/<api>/`). The
// server, the seed loader, the CLI and `startSandbox` know nothing about any API: they walk the
// list of modules in `src/apis/index.ts`.
import type { IncomingHttpHeaders } from 'node:http';
import type { Check, Shape } from './core/check.js';
import type { Clock } from './core/clock.js';
import type { MemoryOutbox } from './core/outbox.js';
import type { Reply } from './http/reply.js';

/** What every module of a running sandbox shares. */
export interface ModuleContext {
  readonly clock: Clock;
  /** Codes "sent" by email or SMS. */
  readonly outbox: MemoryOutbox;
  /** The sandbox's public origin, e.g. `http://127.0.0.1:43123` (set once it listens). */
  readonly origin: string;
  /** A folder with a built sign-in page, from `startSandbox({ signInPage })`. */
  readonly signInPage: string | undefined;
  /** Largest JSON nesting a request body may have. */
  readonly maxJsonDepth: number;
  /** Logs an unexpected error without request data (which may hold secrets). */
  logError(where: string, error: unknown): void;
}

/** A request as the server hands it to a route, after routing. */
export interface RoutedRequest {
  /** Upper-case method. */
  method: string;
  /** The path of the request target, as sent (percent-encoded). */
  path: string;
  /** The query string with its `?`, or `''`. */
  search: string;
  /** The query parameters (parsed on first use). */
  readonly searchParams: URLSearchParams;
  /** Path parameters of the route's template, percent-decoded. */
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The raw body (at most `maxBodyBytes`). */
  body: Buffer;
  /**
   * The peer's IP address as the socket reports it (`undefined` for requests answered without
   * a socket: `sandbox.handle`, MSW).
   */
  remoteAddress: string | undefined;
  /** The peer's port (`undefined` without a socket). */
  remotePort?: number | undefined;
}

/** One route of a module: a spec operation or a protocol route outside the documents. */
export interface Route {
  method: string;
  /** Full path template under the origin (`/metal/v1/user/otp/verify/{otp}`). */
  path: string;
  /** Name for logs: the operationId, or a description of a protocol route. */
  label: string;
  handle(request: RoutedRequest): Reply | Promise<Reply>;
  /** Spec problems of a reply (spec operations only). */
  checkResponse?(reply: Reply): unknown[];
  /** Headers the route reads, for CORS preflight answers (besides Content-Type and Authorization). */
  requestHeaders?: readonly string[];
}

/** Answers a mount gives outside of its routes' handlers, in the real service's shapes. */
export interface MountErrors {
  notFound(): Reply;
  methodNotAllowed(allow: readonly string[]): Reply;
  /** A request the server cannot route (malformed percent-encoding). */
  badRequest(message: string): Reply;
  payloadTooLarge(limit: number): Reply;
  internalError(): Reply;
}

/** A path prefix served by a module: unknown paths under it get the module's error shapes. */
export interface Mount {
  prefix: string;
  errors: MountErrors;
  /** Headers of every answer under the prefix (e.g. Logto's request id). */
  headers?(): Record<string, string>;
  /**
   * The `Content-Type` of JSON answers under the prefix, as the real service writes it; default
   * `application/json; charset=utf-8`.
   */
  jsonContentType?: string;
  /**
   * How many trailing slashes the server drops before routing: any number (the default, as
   * openapi-backend does), or `'one'` as chi's `StripSlashes` middleware does (`/token/` is
   * `/token`, `/token//` is not found).
   */
  trailingSlashes?: 'any' | 'one';
}

/** Settings of a module: members of `sandbox.config`, changed with `sandbox.configure()`. */
export interface ConfigSection<Config> {
  defaults(): Config;
  /** A check of each member, run on every change. */
  shape: Shape<Config>;
}

/** The module's section of a seed file: its lists, each entry checked like the `add*` input it is. */
export interface SeedSection<Seed, Seeded, Helpers> {
  /** The check of each list's entries (async: some entries are checked against the spec). */
  checks(): Promise<{ [K in keyof Seed]-?: Check<unknown> }>;
  /** Creates the entities of a checked section through the module's helpers. */
  apply(helpers: Helpers, seed: Seed): Seeded;
  /** What `sandbox.seeded` shows of the module when nothing was seeded. */
  empty(): Seeded;
}

/** A module started in one sandbox: its routes (bound to its state) and its `sandbox.*` methods. */
export interface StartedModule<Helpers> {
  routes: Route[];
  helpers: Helpers;
}

/** The CLI's view of a module. */
export interface CliSection<Seeded> {
  /** One line per base URL, after the URL: what is served there. */
  banner: readonly { title: string; url: string; note?: string }[];
  /** One line per seeded entity with its credentials (a local test server: printing them is the point). */
  describe(seeded: Seeded): string[];
}

/**
 * One emulated API: where it is served, its state, settings, seed section and test helpers.
 * `SeedFile` is its member of the seed file (`{ logto?: LogtoSeed }`), `Seeded` its members of
 * `sandbox.seeded`, `Helpers` its methods of the sandbox, `Urls` its members of `sandbox.urls`
 * (given as paths under the origin), each a documented interface of the module.
 */
export interface SandboxModule<
  Name extends string,
  Config,
  SeedFile extends { [K in Name]?: object },
  Seeded,
  Helpers,
  Urls,
> {
  name: Name;
  mounts: readonly Mount[];
  urls: { [K in keyof Urls]: string };
  config: ConfigSection<Config>;
  seed: SeedSection<NonNullable<SeedFile[Name]>, Seeded, Helpers>;
  cli: CliSection<Seeded>;
  /** Creates the module's state for one sandbox and binds its routes and helpers to it. */
  start(context: ModuleContext, config: Config): Promise<StartedModule<Helpers>>;
}

/** Any module (for the lists the sandbox walks). */
// biome-ignore lint/suspicious/noExplicitAny: the list holds modules of different types.
export type AnyModule = SandboxModule<string, any, any, any, any, any>;

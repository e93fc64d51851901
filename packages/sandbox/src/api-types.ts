// The sandbox's public types that depend on the emulated APIs, computed from the module list:
// each is the intersection of every module's documented interface.
import type { apis } from './apis/index.js';
import type { SandboxModule } from './module.js';

type Api = (typeof apis)[number];
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;

type Parts<M> =
  M extends SandboxModule<infer Name, infer Config, infer SeedFile, infer Seeded, infer Helpers, infer Urls>
    ? { name: Name; config: Config; seedFile: SeedFile; seeded: Seeded; helpers: Helpers; urls: Urls }
    : never;

/** The name of an emulated API module (`'logto'`, `'equinix'`, `'sftpgo'`). */
export type ApiName = Parts<Api>['name'];
/** Every module's `sandbox.*` methods. */
export type ApiHelpers = UnionToIntersection<Parts<Api>['helpers']>;
/** Every module's members of the seed file. */
export type ApiSeedFiles = UnionToIntersection<Parts<Api>['seedFile']>;

/** Behaviour knobs of a running sandbox; change them with `sandbox.configure()`. */
export type SandboxConfig = UnionToIntersection<Parts<Api>['config']>;

/** A change of settings: any subset of the settings; an object setting may be given in part. */
export type SandboxConfigUpdate = {
  [K in keyof SandboxConfig]?: SandboxConfig[K] extends readonly unknown[]
    ? SandboxConfig[K]
    : SandboxConfig[K] extends object
      ? Partial<SandboxConfig[K]>
      : SandboxConfig[K];
};

/** What the start-up seed created, secrets included. */
export type SeededEntities = UnionToIntersection<Parts<Api>['seeded']>;

/** Base URLs of the emulated APIs. */
export type SandboxUrls = UnionToIntersection<Parts<Api>['urls']>;

// `sandbox.config` and `sandbox.configure()`: one flat object over every module's settings, each
// setting owned and checked by its module.
import type { SandboxConfig, SandboxConfigUpdate } from './api-types.js';
import type { Check } from './core/check.js';
import { isPlainObject } from './core/check.js';
import type { AnyModule } from './module.js';

export class Settings {
  readonly #owners = new Map<string, { module: string; check: Check<unknown> }>();
  readonly #values = new Map<string, Record<string, unknown>>();

  constructor(modules: readonly AnyModule[]) {
    for (const module of modules) {
      this.#values.set(module.name, module.config.defaults());
      for (const [key, check] of Object.entries(module.config.shape as Record<string, Check<unknown>>)) {
        const owner = this.#owners.get(key);
        if (owner) throw new Error(`The setting ${key} belongs to both ${owner.module} and ${module.name}`);
        this.#owners.set(key, { module: module.name, check });
      }
    }
  }

  /** The live settings object of a module (handlers read it; `apply` changes it in place). */
  of(module: string): Record<string, unknown> {
    const values = this.#values.get(module);
    if (!values) throw new Error(`No module ${module}`);
    return values;
  }

  /** A copy of every setting. */
  snapshot(): SandboxConfig {
    return structuredClone(Object.assign({}, ...this.#values.values())) as SandboxConfig;
  }

  /**
   * The settings after `update` (object settings merge member by member), checked: an unknown
   * setting or member is a TypeError naming it, a value out of range a RangeError.
   */
  #next(update: unknown, path: string): Map<string, Record<string, unknown>> {
    if (!isPlainObject(update)) throw new TypeError(`${path} must be an object`);
    const next = new Map([...this.#values].map(([module, values]) => [module, { ...values }]));
    for (const [key, value] of Object.entries(update)) {
      const owner = this.#owners.get(key);
      if (!owner) {
        throw new TypeError(
          `${path}: unknown setting "${key}" (known: ${[...this.#owners.keys()].join(', ')})`,
        );
      }
      if (value === undefined) continue;
      const values = next.get(owner.module) as Record<string, unknown>;
      const current = values[key];
      values[key] = isPlainObject(current) && isPlainObject(value) ? { ...current, ...value } : value;
      owner.check(values[key], `${path}.${key}`);
    }
    return next;
  }

  /** Throws as `apply` would, changing nothing. */
  check(update: unknown, path: string): void {
    this.#next(update, path);
  }

  /** Applies a checked update: all of it or, when a check fails, none of it. */
  apply(update: SandboxConfigUpdate, path = 'configure'): void {
    for (const [module, values] of this.#next(update, path)) Object.assign(this.of(module), values);
  }
}

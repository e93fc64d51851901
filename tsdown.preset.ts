// The build of every published @authspec package: ESM + CJS for Node (and bundlers), with
// declarations, plus ESM browser builds for the entries that have a `browser` export condition.
import { defineConfig, type UserConfig } from 'tsdown';

/**
 * The declaration bundler writes the doc comment of a type-literal member right after the
 * previous member's `;` on the same line, where TypeScript does not read it as that member's
 * documentation (it only takes comments that start a line). Put every doc comment that follows
 * code on a line of its own, so that editors show it.
 */
const docCommentsOnTheirOwnLine = {
  name: 'authspec:doc-comments-on-their-own-line',
  generateBundle(
    _options: unknown,
    bundle: Record<string, { type: string; fileName: string; code?: string }>,
  ) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk' || !/\.d\.[cm]?ts$/.test(chunk.fileName) || chunk.code === undefined)
        continue;
      chunk.code = chunk.code.replace(/^([ \t]*)(\S[^\n]*?[;{,(])[ \t]*(\/\*\*)/gm, '$1$2\n$1$3');
    }
  },
};

export type LibraryOptions = {
  /** Entry points for Node and bundlers: name (path under dist/, without extension) → source file. */
  entry: Record<string, string> | string[];
  /** Entry points of the `browser` export condition (ESM only, no Node built-ins). */
  browser?: Record<string, string>;
};

export function library({ entry, browser }: LibraryOptions) {
  const common: UserConfig = {
    target: 'es2022',
    dts: true,
    sourcemap: false,
    plugins: [docCommentsOnTheirOwnLine],
  };
  const configs: UserConfig[] = [{ ...common, entry, format: ['esm', 'cjs'], platform: 'node', clean: true }];
  if (browser)
    configs.push({ ...common, entry: browser, format: ['esm'], platform: 'browser', clean: false });
  return defineConfig(configs);
}

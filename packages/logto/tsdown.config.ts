import { defineConfig } from 'tsdown';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    platform: 'node',
    target: 'es2022',
    dts: true,
    clean: true,
  },
  {
    // The `browser` export condition: ESM only, no Node-only dependency.
    entry: ['src/browser.ts'],
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    dts: true,
    clean: false,
  },
]);

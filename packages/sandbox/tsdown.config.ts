import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts', 'src/msw.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  dts: true,
  clean: true,
});

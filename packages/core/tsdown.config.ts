import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/public.ts'],
  format: ['esm', 'cjs'],
  platform: 'node',
  target: 'es2022',
  dts: true,
  sourcemap: false,
  clean: true,
});

import { defineConfig } from 'vite';

// The sandbox (or Logto) serves the page at /sign-in/, same-origin with the Experience API.
export default defineConfig({
  base: '/sign-in/',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});

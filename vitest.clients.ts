// The test settings of the client packages and the end-to-end suite. Their workers run with
// Node's `--unhandled-rejections=strict`: a promise rejection nobody handles (a renewal nobody
// waits for, a forgotten timer's promise) is raised as an uncaught exception and fails the run,
// whatever the test itself asserted.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    execArgv: ['--unhandled-rejections=strict'],
  },
});

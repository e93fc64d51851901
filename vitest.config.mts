import { defineConfig } from 'vitest/config';

// Repository-level tests: the spec, the code generator and the turbo pipeline.
// Each package has its own vitest config for its own tests.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

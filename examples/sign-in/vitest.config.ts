import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'chromium', include: ['test/*.test.ts'], exclude: ['test/*.jsdom.test.ts'] },
      },
      {
        extends: true,
        // The page's modules resolved as Vite builds the page: the browser entry of @authspec/logto.
        resolve: { conditions: ['browser', 'module', 'import', 'default'] },
        ssr: { resolve: { conditions: ['browser', 'module', 'import', 'default'] } },
        test: {
          name: 'jsdom',
          include: ['test/*.jsdom.test.ts'],
          environment: 'jsdom',
          // The page is where the sandbox serves it, same-origin with the APIs that MSW answers.
          environmentOptions: { jsdom: { url: 'http://sandbox.test/sign-in/?app_id=sign-in-example' } },
        },
      },
    ],
  },
});

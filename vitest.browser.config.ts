import { defineConfig } from 'vitest/config';

// `npm run test:browser`: tests that drive a real Chromium. Kept out of `npm test`, which must run
// with nothing but npm.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});

import { defineConfig } from 'vitest/config';

// Three projects. `unit` (`npm test`): in-process tests, loopback servers, no child process that
// loads a whole command. `integration` (`npm run test:integration`, CI): `*.integration.test.ts`,
// tests that start real processes — Prism, the pipeline commands on a copy of the tree, the built
// CLI, tsc, every bench at tiny size. `conformance` (`npm run conformance`, CI's main job): the suite.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          // Real-browser tests need Chromium: `npm run test:browser` (vitest.browser.config.ts).
          exclude: ['test/browser/**', 'test/**/*.integration.test.ts', '**/node_modules/**'],
          // Type-level tests of the public API (expectTypeOf): a type error there fails the run.
          typecheck: { enabled: true, include: ['test/types/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.integration.test.ts'],
          // Child processes (tsx, Prism, tsc) are most of each test: a slow machine stretches them all.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'conformance',
          // One test file, no process state of its own: a worker thread starts for less CPU than a
          // forked process (about half a second of the run's).
          pool: 'threads',
          include: ['conformance/**/*.test.ts'],
          globalSetup: ['conformance/harness/global-setup.ts'],
          // Mock cases run concurrently within a vendor: one Prism per vendor, kept busy. Prism answers
          // one request at a time: more in flight only queue there, each waiting on its attempt timer
          // (16 made a loaded machine time out the last ones of a large spec, run to run).
          maxConcurrency: 4,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

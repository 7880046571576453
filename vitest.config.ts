import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    // End-to-end tests start the real CLI as a child process.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

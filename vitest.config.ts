import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The slow group: end-to-end tests that are slow by nature (signals and kills mid-run, a
 * corpus of thousands of documents run several times, a cluster failover). `npm test` runs every other test file
 * (the fast group), `npm run test:slow` these, `npm run test:all` (and CI) both.
 */
export const SLOW_TESTS = [
  'test/e2e/signals.test.ts',
  'test/e2e/index-kill-and-resume.test.ts',
  'test/e2e/parallel-jobs.test.ts',
  'test/e2e/fuzz-hostile-corpora.test.ts',
  'test/index/redis-cluster.test.ts',
];
for (const file of SLOW_TESTS) {
  if (!existsSync(new URL(file, import.meta.url))) throw new Error(`vitest.config.ts: slow test file ${file} does not exist`);
}

/**
 * The slow group's files first: vitest orders projects by name, which would start the longest
 * files last, with the other worker idle while they end (`npm run test:all`).
 */
class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter((f) => f.project.name === 'slow'), ...sorted.filter((f) => f.project.name !== 'slow')];
  }
}

const common = {
  // End-to-end tests start the real CLI as a child process.
  testTimeout: 60_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    // Each run gets its own temp folder (TMPDIR) and fails when a test leaves anything in it.
    globalSetup: ['./test/helpers/temp-folders.ts'],
    // Worker threads: each test file in a fresh child process (vitest's default pool, forks) cost
    // about a sixth of the suite's CPU time on two cores.
    pool: 'threads',
    // One test file per core: vitest's default is one fewer, a single worker on two cores.
    maxWorkers: Math.max(2, availableParallelism()),
    sequence: { sequencer: SlowFirst },
    projects: [
      { test: { ...common, name: 'fast', include: ['test/**/*.test.ts'], exclude: SLOW_TESTS } },
      { test: { ...common, name: 'slow', include: SLOW_TESTS } },
    ],
  },
});

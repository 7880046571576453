/** Run options for engine tests that call run() directly. */

import type { RunOptions } from '../../src/engine/run.js';
import { DEFAULT_POLICY } from '../../src/match/verify.js';
import { DEFAULT_FINGERPRINT } from '../../src/sketch/minhash.js';

/**
 * Default matching, with corpus lines, in this thread: starting worker threads for each small run
 * took nearly all of the time, and one job against several is tested end to end
 * (e2e/parallel-jobs.test.ts).
 */
export const IN_THREAD_OPTIONS: RunOptions = {
  discover: {},
  read: { maxFileSize: 1 << 20 },
  fingerprint: DEFAULT_FINGERPRINT,
  policy: DEFAULT_POLICY,
  canonical: 'complete',
  candidateThreshold: 0.25,
  corpusLines: true,
  jobs: 1,
};

/** The worker pool starts threads as batches need them, up to --jobs, not all of them up front. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchPool } from '../../src/engine/pool.js';
import { DEFAULT_FINGERPRINT } from '../../src/sketch/minhash.js';
import type { BatchResult, BatchTask } from '../../src/engine/batch.js';
import { assertBuilt } from '../helpers/cli.js';
import { removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { story } from '../helpers/text.js';

beforeAll(assertBuilt);
afterAll(removeTempDirs);

describe('BatchPool', () => {
  function pool(jobs: number): { pool: BatchPool; task: BatchTask } {
    const dir = tempDir();
    writeFiles(dir, { 'a.txt': story(1) });
    const p = new BatchPool(jobs);
    p.configure({ read: { maxFileSize: 1 << 20 }, fingerprint: DEFAULT_FINGERPRINT, boilerplateLines: [] });
    return { pool: p, task: { kind: 'files', files: [{ path: `${dir}/a.txt`, displayPath: 'a.txt', kind: 'text' }] } };
  }

  it('runs batches sent one after another on one thread, however many jobs it may use', async () => {
    const { pool: p, task } = pool(16);
    try {
      for (let i = 0; i < 4; i++) expect(((await p.run(task)) as BatchResult).count).toBe(1);
      expect(p.started).toBe(1);
    } finally {
      await p.close();
    }
  });

  it('starts a thread for each batch sent while the others are busy, up to its jobs', async () => {
    const { pool: p, task } = pool(3);
    try {
      const results = await Promise.all(Array.from({ length: 5 }, () => p.run(task)));
      expect(results.map((r) => (r as BatchResult).count)).toEqual([1, 1, 1, 1, 1]);
      expect(p.started).toBe(3);
    } finally {
      await p.close();
    }
  });
});

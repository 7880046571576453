/**
 * End to end through the built command line (npm test builds dist/ first): a run killed with
 * SIGKILL in the middle of indexing, then run again, leaves the same index as a run that was
 * never interrupted.
 */

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAfterBatches, runCli } from '../helpers/cli.js';
import { makeCorpus, writeJsonl } from '../helpers/corpus.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { Database, sqliteMissing } from '../helpers/sqlite.js';

let dir: string;
afterAll(removeTempDirs);

const corpus = makeCorpus(600, 11);
let input: string;

/** The index's content by document id: what a killed-and-resumed run must reproduce exactly. */
function snapshot(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      documents: db.prepare('SELECT id, hash, path, title, date, shingles, hex(sketch) AS sketch, cluster, canonical, state FROM documents ORDER BY id').all(),
      bands: db
        .prepare('SELECT d.id, b.band, b.hash FROM (SELECT * FROM bands UNION ALL SELECT * FROM recent_bands) b JOIN documents d ON d.seq = b.seq ORDER BY d.id, b.band')
        .all(),
      pairs: db.prepare('SELECT x.id AS a, y.id AS b FROM pairs p JOIN documents x ON x.seq = p.a JOIN documents y ON y.seq = p.b ORDER BY a, b').all(),
    };
  } finally {
    db.close();
  }
}

function documentCount(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM documents').pluck().get() as number;
  } finally {
    db.close();
  }
}

describe.skipIf(sqliteMissing)('dedupe --index (SQLite), killed and run again', () => {
  // Made when the tests run: vitest runs no hook of a file whose tests all skip, not even afterAll.
  beforeAll(() => {
    dir = tempDir('dedupe-e2e-index-');
    input = writeJsonl(path.join(dir, 'corpus', 'feed.jsonl'), corpus.documents);
  });

  // A whole run of 600 one-document transactions, three killed ones and a resumed one: minutes on a loaded machine.
  it('leaves the same index as an uninterrupted run', async () => {
    const whole = path.join(dir, 'whole.db');
    const full = await runCli([input, '--index', whole, '--batch', '1', '-q']);
    expect(full.code).toBe(0);

    const killed = path.join(dir, 'killed.db');
    for (const batches of [5, 150, 300]) {
      const outcome = await killAfterBatches([input, '--index', killed], batches);
      expect(outcome.signal).toBe('SIGKILL');
      const count = documentCount(killed);
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThan(corpus.documents.length);
      // The index is valid at every moment: stats and export read it.
      expect((await runCli(['index', 'stats', killed])).code).toBe(0);
      expect((await runCli(['index', 'export', killed])).code).toBe(0);
    }
    const resumed = await runCli([input, '--index', killed, '--json']);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout).summary.alreadyIndexed).toBeGreaterThan(0);

    expect(snapshot(killed)).toEqual(snapshot(whole));
    expect((await runCli(['index', 'export', killed])).stdout).toBe((await runCli(['index', 'export', whole])).stdout);
    const stats = JSON.parse((await runCli(['index', 'stats', killed, '--json'])).stdout);
    expect(stats).toMatchObject({ documents: corpus.documents.length, pending: 0, unlabelled: 0, duplicateClusters: corpus.groups.length });
  }, 300_000);
});

/**
 * End to end through the built command line (npm test builds dist/ first): a run killed with
 * SIGKILL in the middle of indexing, then run again, leaves the same index as a run that was
 * never interrupted.
 */

import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCorpus, writeJsonl } from '../store-corpus.js';

const bin = fileURLToPath(new URL('../../bin/dedupe.js', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'dedupe-e2e-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const corpus = makeCorpus(600, 11);
const input = writeJsonl(path.join(dir, 'corpus', 'feed.jsonl'), corpus.documents);

function dedupe(args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
}

/** Starts an indexing run and kills it with SIGKILL once it has committed `batches` batches. */
function killAfter(index: string, batches: number): Promise<{ signal: NodeJS.Signals | null; seen: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, input, '--index', index, '--batch', '1', '--progress', '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let seen = 0;
    let buffered = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      seen += lines.filter((l) => l.startsWith('indexed ')).length;
      if (seen >= batches && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve({ signal, seen }));
  });
}

/** The index's content by document id: what a killed-and-resumed run must reproduce exactly. */
function snapshot(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      documents: db.prepare('SELECT id, hash, path, title, date, shingles, hex(signature) AS signature, cluster, canonical, state FROM documents ORDER BY id').all(),
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

describe('dedupe --index (SQLite), killed and run again', () => {
  it('leaves the same index as an uninterrupted run', async () => {
    const whole = path.join(dir, 'whole.db');
    const full = dedupe([input, '--index', whole, '--batch', '1', '-q']);
    expect(full.status).toBe(0);

    const killed = path.join(dir, 'killed.db');
    for (const batches of [5, 150, 300]) {
      const outcome = await killAfter(killed, batches);
      expect(outcome.signal).toBe('SIGKILL');
      const count = documentCount(killed);
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThan(corpus.documents.length);
      // The index is valid at every moment: stats and export read it.
      expect(dedupe(['index', 'stats', killed]).status).toBe(0);
      expect(dedupe(['index', 'export', killed]).status).toBe(0);
    }
    const resumed = dedupe([input, '--index', killed, '--json']);
    expect(resumed.status).toBe(0);
    expect(JSON.parse(resumed.stdout).summary.alreadyIndexed).toBeGreaterThan(0);

    expect(snapshot(killed)).toEqual(snapshot(whole));
    expect(dedupe(['index', 'export', killed]).stdout).toBe(dedupe(['index', 'export', whole]).stdout);
    const stats = JSON.parse(dedupe(['index', 'stats', killed, '--json']).stdout);
    expect(stats).toMatchObject({ documents: corpus.documents.length, pending: 0, unlabelled: 0, duplicateClusters: corpus.groups.length });
  }, 120_000);
});

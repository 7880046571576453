import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';
import { makeCorpus, writeJsonl } from '../helpers/corpus.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { Database, sqliteMissing } from '../helpers/sqlite.js';

let dir: string;
afterAll(removeTempDirs);

/** An index as the first format wrote it: figures in their own column, no samples. */
function formatOneIndex(file: string): void {
  const db = new Database(file);
  db.exec(`
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta VALUES ('format', 'dedupe-index/1');
    CREATE TABLE documents (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, hash TEXT NOT NULL, path TEXT NOT NULL,
      signature BLOB NOT NULL, figures BLOB NOT NULL, state INTEGER NOT NULL DEFAULT 0);
    INSERT INTO documents (id, hash, path, signature, figures, state) VALUES ('old-1', 'abc', 'old.jsonl', x'00', x'00', 2);
  `);
  db.close();
}

const tables = (file: string) => {
  const db = new Database(file, { readonly: true });
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
  db.close();
  return names;
};

describe.skipIf(sqliteMissing)('SQLite index format', () => {
  let input: string;
  // Made when the tests run: vitest runs no hook of a file whose tests all skip, not even afterAll.
  beforeAll(() => {
    dir = tempDir('dedupe-index-format-');
    input = writeJsonl(path.join(dir, 'new', 'docs.jsonl'), makeCorpus(5).documents);
  });

  it('refuses an index of an older format with a message that says to build a new one, and leaves it as it was', async () => {
    const file = path.join(dir, 'old.db');
    formatOneIndex(file);
    const before = tables(file);
    for (const mode of [['--query-only'], []]) {
      const result = await runMain([input, '--index', file, ...mode, '-q']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`index ${file} was written by another version of dedupe (format dedupe-index/1; this version reads dedupe-index/7): build a new index`);
    }
    const stats = await runMain(['index', 'stats', file]);
    expect(stats.code).toBe(2);
    expect(stats.stderr).toContain('was written by another version of dedupe');
    expect(tables(file)).toEqual(before);
  });

  it.each([
    [2, 'whose signatures were made with the earlier shingle hash'],
    [3, 'whose sketches tokenised unspaced scripts by runs and other numerals as letters'],
    [4, 'whose signatures and samples were kept in separate blobs, the signature at 32 bits'],
    [5, 'whose sketches read a time of day as two figures'],
    [6, 'whose records keep no opening key and whose buckets hold the signature bands only'],
  ])('refuses an index of format %i (%s)', async (format) => {
    const file = path.join(dir, `format-${format}.db`);
    expect((await runMain([input, '--index', file, '-q'])).code).toBe(0);
    const db = new Database(file);
    db.prepare("UPDATE meta SET value = ? WHERE key = 'format'").run(`dedupe-index/${format}`);
    db.close();
    const result = await runMain([input, '--index', file, '--query-only', '-q']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`(format dedupe-index/${format}; this version reads dedupe-index/7): build a new index`);
  });

  it('creates an index of the current format that later runs open', async () => {
    const file = path.join(dir, 'new.db');
    expect((await runMain([input, '--index', file, '-q'])).code).toBe(0);
    expect((await runMain([input, '--index', file, '--query-only', '-q'])).code).toBe(0);
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'format'").pluck().get()).toBe('dedupe-index/7');
    db.close();
  });
});

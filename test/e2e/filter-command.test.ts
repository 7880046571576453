/**
 * `dedupe filter --index`: JSONL records whose story the index does not hold yet are passed
 * through byte for byte and in input order, then added to the index; copies of indexed documents
 * and of earlier records of the stream are not passed; --query-only adds nothing.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { sqliteMissing } from '../helpers/sqlite.js';
import { story } from '../helpers/text.js';

afterAll(removeTempDirs);
beforeAll(assertBuilt);

/** A JSONL line as a scraper might write it: key order, spacing and escapes that JSON.stringify would not keep. */
function line(id: string, text: string, extra = ''): string {
  return `{"id": "${id}",  "text": ${JSON.stringify(text).replace(/\//g, '\\/')}${extra}}`;
}

const lines = (stdout: string) => stdout.split('\n').filter((l) => l !== '');

/** What the index holds: every record compared is indexed (as --index does), copies as duplicates of their story. */
async function indexCounts(index: string): Promise<{ documents: number; duplicates: number }> {
  const stats = await runCli(['index', 'stats', '--json', index]);
  expect(stats.code).toBe(0);
  const { documents, duplicates } = JSON.parse(stats.stdout) as { documents: number; duplicates: number };
  return { documents, duplicates };
}

describe.skipIf(sqliteMissing)('dedupe filter --index', () => {
  const originals = [line('a', story(1, 120), ', "url": "https://example.com/a"'), line('b', story(2, 120)), line('c', story(3, 120), ', "title": "Caf\\u00e9"')];
  const copyOfA = line('a-copy', story(1, 120) + '\nShare this article');

  it('passes the first stream\'s originals byte for byte in order, not a copy of an earlier record, and indexes them', async () => {
    const index = path.join(tempDir('dedupe-filter-'), 'archive.db');
    const run = await runCli(['filter', '--index', index], { input: [originals[0], originals[1], copyOfA, originals[2]].join('\n') + '\n' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual(originals);
    expect(run.stdout).toBe(originals.map((l) => l + '\n').join(''));
    expect(await indexCounts(index)).toEqual({ documents: 4, duplicates: 1 });
  });

  it('passes only the new story of a second stream that also holds a copy of an indexed one', async () => {
    const index = path.join(tempDir('dedupe-filter-'), 'archive.db');
    expect((await runCli(['filter', '--index', index], { input: originals.join('\n') + '\n' })).code).toBe(0);
    const fresh = line('d', story(4, 120));
    const run = await runCli(['filter', '--index', index], { input: [line('b-again', story(2, 120) + '\nRead more'), fresh].join('\n') + '\n' });
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([fresh]);
    expect(await indexCounts(index)).toEqual({ documents: 5, duplicates: 1 });
    // The passed record is in the index now: the same stream again passes nothing.
    const again = await runCli(['filter', '--index', index], { input: fresh + '\n' });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
  });

  it('names records without an id by their content, so a later stream\'s records are not taken for them', async () => {
    const index = path.join(tempDir('dedupe-filter-'), 'archive.db');
    const first = `{"text": ${JSON.stringify(story(6, 120))}}`;
    const second = `{"text": ${JSON.stringify(story(7, 120))}}`;
    expect((await runCli(['filter', '--index', index], { input: first + '\n' })).stdout).toBe(first + '\n');
    const run = await runCli(['filter', '--index', index], { input: `${first}\n${second}\n` });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(second + '\n');
  });

  it('reads JSONL files named as arguments, in order', async () => {
    const dir = tempDir('dedupe-filter-');
    const index = path.join(dir, 'archive.db');
    const file = path.join(dir, 'feed.jsonl');
    writeFileSync(file, [originals[0], copyOfA, originals[1]].join('\n'));
    const run = await runCli(['filter', '--index', index, file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${originals[0]}\n${originals[1]}\n`);
    expect(readFileSync(file, 'utf8')).toContain(copyOfA);
  });

  it('--query-only compares without adding: a second --query-only run passes the same', async () => {
    const index = path.join(tempDir('dedupe-filter-'), 'archive.db');
    expect((await runCli(['filter', '--index', index], { input: originals[0] + '\n' })).code).toBe(0);
    const input = [line('a-again', story(1, 120)), line('e', story(5, 120)), line('e-copy', story(5, 120) + '\nComments')].join('\n') + '\n';
    const first = await runCli(['filter', '--index', index, '--query-only'], { input });
    expect(first.code).toBe(0);
    expect(lines(first.stdout)).toEqual([line('e', story(5, 120))]);
    expect(await indexCounts(index)).toEqual({ documents: 1, duplicates: 0 });
    const second = await runCli(['filter', '--index', index, '--query-only'], { input });
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(await indexCounts(index)).toEqual({ documents: 1, duplicates: 0 });
  });

  it('reports a malformed line and a record without text on stderr and does not pass them', async () => {
    const index = path.join(tempDir('dedupe-filter-'), 'archive.db');
    const input = [originals[0], '{"id": "broken", "text": "unterminated', '{"id": "empty"}', originals[1]].join('\n') + '\n';
    const run = await runCli(['filter', '--index', index], { input });
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([originals[0], originals[1]]);
    expect(run.stderr).toContain('<stdin>:2: malformed JSON line');
    expect(run.stderr).toContain('<stdin>:3: record has no text field');
    expect(await indexCounts(index)).toEqual({ documents: 2, duplicates: 0 });
  });
});

describe('dedupe filter usage errors', () => {
  it('exits 2 without --index', async () => {
    const run = await runCli(['filter'], { input: line('a', story(1, 120)) + '\n' });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--index');
  });

  it('exits 2 for an input that is not JSONL', async () => {
    const dir = tempDir('dedupe-filter-');
    writeFileSync(path.join(dir, 'a.txt'), story(1, 120));
    const run = await runCli(['filter', '--index', path.join(dir, 'archive.db'), path.join(dir, 'a.txt')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('JSONL');
  });
});

/**
 * Outputs that need texts (--out, --print canonical) and standard input, streamed: texts are read
 * again one at a time, checked against what the run read, and standard input is read from a
 * temporary copy that is gone when the run ends; a closed pipe keeps the run's exit status; a
 * large JSON array is read in chunks of records like JSONL.
 */

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, startCli } from '../helpers/cli.js';
import { makeCorpus, memberSets, writeJsonl, type Corpus } from '../helpers/corpus.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';

afterAll(removeTempDirs);

let corpus: Corpus;
let feed: string;

beforeAll(() => {
  assertBuilt();
  corpus = makeCorpus(200, 11);
  feed = writeJsonl(path.join(tempDir(), 'feed.jsonl'), corpus.documents);
});

/** The texts of `--print canonical`, by the header line naming each cluster and its canonical. */
function printedTexts(stdout: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const block of stdout.split(/^(?===> )/m)) {
    const newline = block.indexOf('\n');
    texts.set(block.slice(0, newline), block.slice(newline + 1).trim());
  }
  return texts;
}

describe('canonical texts, read again one at a time', () => {
  it('prints and writes from standard input the same texts as from the file, and leaves no copy behind', async () => {
    const fromFile = await runCli([feed, '--print', 'canonical', '--quiet']);
    const fromStdin = await runCli(['-', '--print', 'canonical', '--quiet'], { input: readFileSync(feed) });
    expect(fromFile.code).toBe(0);
    expect(fromStdin.code).toBe(0);
    const fileTexts = printedTexts(fromFile.stdout);
    // Every story once, in report order: clusters of copies first.
    expect(fileTexts.size).toBe(corpus.documents.length - corpus.groups.reduce((n, g) => n + g.length - 1, 0));
    expect([...fileTexts.keys()][0]).toMatch(/^==> c000001 s\d{3} \(\d copies\) <==$/);
    expect([...printedTexts(fromStdin.stdout).values()]).toEqual([...fileTexts.values()]);

    const out = path.join(tempDir(), 'clean');
    const written = await runCli(['-', '--out', out, '--quiet'], { input: readFileSync(feed) });
    expect(written.code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(readdirSync(out).length).toBe(fileTexts.size + 1);
    for (const cluster of manifest.clusters.slice(0, 50)) {
      const canonical = cluster.members[0];
      const header = `==> ${cluster.id} ${cluster.canonical}${cluster.size > 1 ? ` (${cluster.size} copies)` : ''} <==`;
      // The file holds the title, then the text that was printed under the title.
      expect(readFileSync(path.join(out, cluster.file), 'utf8').trim()).toBe(fileTexts.get(header));
      expect(canonical.file).toBe('-');
    }
  });

  it('reads the texts of a large JSON array in chunks of records, clustered as the same records in JSONL', async () => {
    const folder = tempDir();
    // Over a megabyte, mostly in a field that is not text: cheap to clean and sketch.
    const records = makeCorpus(300, 5).documents.map((d, i) => ({ ...d, notes: `${i} ${'n'.repeat(2500)}` }));
    const array = path.join(folder, 'records.json');
    writeFileSync(array, JSON.stringify(records, null, 1));
    const asJsonl = writeJsonl(path.join(folder, 'records.jsonl'), records);
    const [fromArray, fromLines] = await Promise.all([runCli([array, '--json', '--jobs', '2']), runCli([asJsonl, '--json', '--jobs', '2'])]);
    expect(fromArray.code).toBe(0);
    const arrayReport = JSON.parse(fromArray.stdout);
    const linesReport = JSON.parse(fromLines.stdout);
    expect(arrayReport.summary).toEqual({ ...linesReport.summary });
    expect(memberSets(arrayReport.clusters)).toEqual(memberSets(linesReport.clusters));
    expect(readFileSync(array).length).toBeGreaterThan(1 << 20);
    expect(arrayReport.clusters.at(-1).members[0].line).toBe(records.length);
  });
});

describe('a closed pipe', () => {
  /** Runs the CLI, reads the first line of its output and closes the pipe; the exit status. */
  function closeAfterFirstLine(args: string[]): Promise<number | null> {
    return new Promise((resolve) => {
      const child = startCli(args);
      child.stdin.end();
      let closed = false;
      child.stdout.on('data', (data: Buffer) => {
        if (!closed && data.includes(10)) {
          closed = true;
          child.stdout.destroy();
        }
      });
      child.on('close', (code) => resolve(code));
    });
  }

  it('keeps the exit status of --fail-on-duplicates, and 0 without it', async () => {
    // Enough clusters (every singleton is a line) to fill the pipe many times over.
    const big = writeJsonl(path.join(tempDir(), 'big.jsonl'), makeCorpus(600, 3).documents);
    expect(await closeAfterFirstLine([big, '--jsonl', '--fail-on-duplicates'])).toBe(1);
    expect(await closeAfterFirstLine([big, '--jsonl'])).toBe(0);
  });
});

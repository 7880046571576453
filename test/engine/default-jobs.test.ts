/** Without --jobs, a small input is read in the main thread and a large one on a worker per core. */

import { truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultJobs, SMALL_INPUT_BYTES, type InputGroup } from '../../src/engine/run.js';
import { JsonlInput } from '../../src/input/jsonl.js';
import type { InputFile } from '../../src/types.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';

afterAll(removeTempDirs);

/** Cores of a machine with more than one, whatever this one has. */
const CORES = 4;
const jobsFor = (groups: InputGroup[]) => defaultJobs(groups, CORES);

function textFiles(dir: string, count: number, bytes = 100): InputFile[] {
  return Array.from({ length: count }, (_, i) => {
    const file = path.join(dir, `${i}.txt`);
    writeFileSync(file, 'x'.repeat(bytes));
    return { path: file, displayPath: `${i}.txt`, kind: 'text' };
  });
}

/** A JSONL file of `bytes` bytes that takes no room on disk (a sparse file). */
function jsonlOfSize(dir: string, bytes: number): InputGroup {
  const file = path.join(dir, `feed-${bytes}.jsonl`);
  writeFileSync(file, '');
  truncateSync(file, bytes);
  return { jsonl: new JsonlInput({ path: file, displayPath: path.basename(file), kind: 'jsonl' }) };
}

describe('defaultJobs', () => {
  it('reads a small folder or feed in the main thread', () => {
    const dir = tempDir();
    expect(jobsFor([{ files: textFiles(dir, 30) }])).toBe(1);
    expect(jobsFor([jsonlOfSize(dir, SMALL_INPUT_BYTES - 1)])).toBe(1);
  });

  it('uses a worker per core once the inputs together reach the size', () => {
    const dir = tempDir();
    expect(jobsFor([jsonlOfSize(dir, SMALL_INPUT_BYTES)])).toBe(CORES);
    const half = jsonlOfSize(dir, SMALL_INPUT_BYTES / 2);
    expect(jobsFor([half, jsonlOfSize(dir, SMALL_INPUT_BYTES / 2 + 1)])).toBe(CORES);
    expect(jobsFor([half, { files: textFiles(dir, 3) }])).toBe(1);
  });

  it('counts many files as large without looking at them, and standard input and gzip files as unknown', () => {
    const dir = tempDir();
    expect(jobsFor([{ files: textFiles(dir, 8193, 1) }])).toBe(CORES);
    expect(jobsFor([{ jsonl: new JsonlInput({ path: '-', displayPath: '<stdin>', kind: 'jsonl' }) }])).toBe(CORES);
    const gz = path.join(dir, 'feed.jsonl.gz');
    writeFileSync(gz, '');
    expect(jobsFor([{ jsonl: new JsonlInput({ path: gz, displayPath: 'feed.jsonl.gz', kind: 'jsonl' }) }])).toBe(CORES);
  });
});

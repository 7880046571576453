/** Corpus line sampling of JSONL files by byte ranges, and the main pass's chunking of JSONL files. */

import fc from 'fast-check';
import { closeSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { CorpusLineCounter } from '../../src/clean/index.js';
import { lineKey } from '../../src/clean/lines.js';
import { CORPUS_SAMPLE_DOCUMENTS, learnBoilerplate } from '../../src/engine/run.js';
import { JsonlInput, sampledRanges } from '../../src/input/jsonl.js';
import { BatchPool } from '../../src/engine/pool.js';
import { jsonLinesOfChunk, linesBeginningIn } from '../../src/input/jsonl.js';
import { openSeekable } from '../../src/input/open.js';
import { readFileDocuments } from '../../src/input/documents.js';
import { type ReadItem } from '../../src/input/records.js';
import type { InputFile } from '../../src/types.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { random as seededRandom } from '../helpers/random.js';

const dir = tempDir('dedupe-jsonl-');
let fileCount = 0;

function writeTemp(bytes: Uint8Array | string, name = `f${fileCount++}.jsonl`): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

afterAll(removeTempDirs);

/** The lines (with their newlines) that begin in [start, end), the last left out when longer than maxLine: the plain definition. */
function expectedLines(bytes: Buffer, start: number, end: number, maxLine: number): Buffer {
  const lines: { from: number; to: number }[] = [];
  for (let at = 0; at < bytes.length; ) {
    const nl = bytes.indexOf(10, at);
    const to = nl === -1 ? bytes.length : nl + 1;
    lines.push({ from: at, to });
    at = to;
  }
  const chosen = lines.filter((l) => l.from >= start && l.from < end);
  const last = chosen[chosen.length - 1];
  if (last && last.to - last.from - (bytes[last.to - 1] === 10 ? 1 : 0) > maxLine) chosen.pop();
  return Buffer.concat(chosen.map((l) => bytes.subarray(l.from, l.to)));
}

describe('linesBeginningIn', () => {
  it('returns exactly the lines that begin in the range, the last completed or left out', () => {
    const line = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ minLength: 20, maxLength: 9000 }));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), fc.boolean(), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 10_000 }), (lines, trailing, a, b, maxLine) => {
        const bytes = Buffer.from(lines.join('\n') + (trailing ? '\n' : ''));
        const file = writeTemp(bytes);
        const opened = openSeekable(file)!;
        try {
          const start = a % (bytes.length + 2);
          const end = start + (b % (bytes.length + 2));
          expect(linesBeginningIn(opened.fd, opened.size, start, end, maxLine).equals(expectedLines(bytes, start, end, maxLine))).toBe(true);
        } finally {
          closeSync(opened.fd);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('shares out every line of a file once among ranges that tile it', () => {
    const bytes = Buffer.from(Array.from({ length: 200 }, (_, i) => JSON.stringify({ id: i, text: 'word '.repeat((i * 37) % 150) })).join('\n'));
    const opened = openSeekable(writeTemp(bytes))!;
    try {
      for (const width of [1, 7, 100, 4096, 50_000]) {
        const parts: Buffer[] = [];
        for (let at = 0; at < bytes.length; at += width) parts.push(linesBeginningIn(opened.fd, opened.size, at, at + width, 1 << 20));
        expect(Buffer.concat(parts).equals(bytes)).toBe(true);
      }
    } finally {
      closeSync(opened.fd);
    }
  });

  it('refuses gzip files and what is not a regular file', () => {
    expect(openSeekable(writeTemp(Buffer.from([0x1f, 0x8b, 8, 0]), 'packed.jsonl'))).toBeUndefined();
    expect(openSeekable(writeTemp('{"text":"a"}\n', 'named.jsonl.gz'))).toBeUndefined();
    expect(openSeekable(dir)).toBeUndefined();
    expect(openSeekable(path.join(dir, 'missing.jsonl'))).toBeUndefined();
    const plain = openSeekable(writeTemp('{"text":"a"}\n'));
    expect(plain?.size).toBe(13);
    if (plain) closeSync(plain.fd);
  });
});

describe('corpus line sample of large JSONL files', () => {
  const menu = 'Home | World | Business | Sport';
  const share = 'Share this story with friends';
  const newsletter = 'Sign up for the morning newsletter';
  const siteBlock = 'Read more from the Valley Courier desk';
  const rare = 'Correction appended by the editors';
  const documents = 44_000;
  // A distinct invented word per number (line keys ignore digits).
  const name = (n: number) => [...n.toString(20)].map((c) => 'bcdfghjklmnpqrstvwxz'[parseInt(c, 20)]).join('') + 'an';
  const lines: string[] = [];
  // Seeded, not periodic: every k-th line of a periodic corpus would see none of some lines.
  const random = seededRandom(12345);
  for (let i = 0; i < documents; i++) {
    const text = [
      ...(random() < 0.1 ? [menu] : []),
      `the ${name(i)} council met again on a ${name(i * 7 + 3)} morning`,
      ...(random() < 0.02 ? [share] : []),
      ...(random() < 0.005 ? [newsletter] : []),
      // One site's pages, all together in the file: 1000 documents in a row.
      ...(i >= 20_000 && i < 21_000 ? [siteBlock] : []),
      ...(i % 20_000 === 7 ? [rare] : []),
    ].join('\n');
    lines.push(JSON.stringify({ id: `d${i}`, text }));
  }
  const bytes = Buffer.from(lines.join('\n') + '\n');
  const plain = writeTemp(bytes, 'large.jsonl');
  const packed = writeTemp(gzipSync(bytes), 'large.jsonl.gz');
  const read = { maxFileSize: 1 << 20 };

  async function learn(file: string): Promise<Set<string>> {
    const pool = new BatchPool(1);
    pool.configure({ read, fingerprint: { shingleSize: 4, permutations: 16, seed: 1 }, boilerplateLines: [] });
    try {
      return await learnBoilerplate([{ jsonl: new JsonlInput({ path: file, displayPath: path.basename(file), kind: 'jsonl' }) }], documents, pool, read);
    } finally {
      await pool.close();
    }
  }

  it('reads 1 in k of the bytes, as whole lines from all over the file', () => {
    const step = Math.floor(documents / CORPUS_SAMPLE_DOCUMENTS);
    const chunks = [...sampledRanges({ path: plain, displayPath: 'large.jsonl', kind: 'jsonl' }, step, read.maxFileSize)!];
    const sample = Buffer.concat(chunks);
    expect(sample.length).toBeGreaterThan((bytes.length / step) * 0.95);
    expect(sample.length).toBeLessThan((bytes.length / step) * 1.05);
    for (const chunk of chunks) expect(chunk[chunk.length - 1]).toBe(10);
    const ids = sample.toString().trimEnd().split('\n').map((line) => Number((JSON.parse(line) as { id: string }).id.slice(1)));
    expect(new Set(ids).size).toBe(ids.length);
    // Evenly spread: each tenth of the file gives about a tenth of the sample.
    const tenths = Array.from({ length: 10 }, (_, t) => ids.filter((id) => Math.floor((id * 10) / documents) === t).length);
    for (const n of tenths) expect(Math.abs(n - ids.length / 10)).toBeLessThan(ids.length * 0.01);
  });

  it('learns from the sample the lines counting every document learns, and gzip input alike', async () => {
    const counter = new CorpusLineCounter();
    for (const line of lines) counter.add((JSON.parse(line) as { text: string }).text, 'text');
    const everyDocument = counter.boilerplate();
    expect([...everyDocument].sort()).toEqual([menu, share, newsletter, siteBlock].map(lineKey).sort());
    expect(await learn(plain)).toEqual(everyDocument);
    expect(await learn(packed)).toEqual(everyDocument);
  });
});

describe('JSONL chunks of the main pass', () => {
  const read = (maxFileSize: number) => ({ maxFileSize });

  /** The read items of an input's chunks, as the workers make them. */
  async function itemsOfChunks(input: JsonlInput, maxLine: number): Promise<ReadItem[]> {
    const items: ReadItem[] = [];
    let nextLine = 0;
    for await (const chunk of input.chunks(maxLine)) {
      if ('skipped' in chunk) {
        items.push({ skipped: chunk.skipped });
        nextLine += chunk.lines;
        continue;
      }
      expect(chunk.firstLine).toBe(nextLine);
      items.push(...jsonLinesOfChunk(chunk.bytes, input.file, read(maxLine), chunk.firstLine));
      nextLine += chunk.lines;
    }
    return items;
  }

  async function streamed(file: InputFile, maxLine: number): Promise<ReadItem[]> {
    const items: ReadItem[] = [];
    for await (const item of readFileDocuments(file, read(maxLine))) items.push(item);
    return items;
  }

  // Lines around the chunk size (1 MB), some over the size limit, blank ones, one without its newline.
  const line = fc.oneof(
    fc.constant(''),
    fc.integer({ min: 0, max: 300 }),
    fc.integer({ min: 1000, max: 20_000 }),
    fc.integer({ min: 200_000, max: 1_300_000 }),
  ).map((n) => (n === '' ? '' : JSON.stringify({ id: `r${n}`, text: 'w'.repeat(n) })));

  it('gives, from a file and from a stream cut anywhere, the records the line reader gives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 0, maxLength: 8 }), fc.boolean(), fc.constantFrom(2_000, 100_000, 1_000_000, 20 << 20), fc.array(fc.nat(), { maxLength: 6 }), async (lines, trailing, maxLine, cuts) => {
        const bytes = Buffer.from(lines.join('\n') + (trailing && lines.length > 0 ? '\n' : ''));
        const file: InputFile = { path: writeTemp(bytes), displayPath: 'feed.jsonl', kind: 'jsonl' };
        const expected = await streamed(file, maxLine);
        expect(await itemsOfChunks(new JsonlInput(file), maxLine)).toEqual(expected);
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const pieces = [...points, bytes.length].map((p, i, all) => bytes.subarray(i === 0 ? 0 : all[i - 1], p));
        const held = await JsonlInput.hold(file, Readable.from(pieces), maxLine);
        // Standard input numbers its lines the same way; an empty one is no file to report.
        expect(await itemsOfChunks(held, maxLine)).toEqual(expected.filter((item) => !('skipped' in item && item.skipped.reason === 'empty file')));
      }),
      { numRuns: 40 },
    );
  });

  it('cuts a large file into chunks of about a megabyte that end with whole lines', async () => {
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: i, text: 'v'.repeat(i % 2000) })).join('\n') + '\n');
    const input = new JsonlInput({ path: writeTemp(bytes), displayPath: 'big.jsonl', kind: 'jsonl' });
    const chunks = [];
    for await (const chunk of input.chunks(1 << 20)) if ('bytes' in chunk) chunks.push(chunk);
    expect(Buffer.concat(chunks.map((c) => c.bytes)).equals(bytes)).toBe(true);
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.bytes.length).toBeGreaterThan(1_040_000);
      expect(chunk.bytes.length).toBeLessThanOrEqual(1 << 20);
      expect(chunk.bytes[chunk.bytes.length - 1]).toBe(10);
    }
    expect(chunks.reduce((n, c) => n + c.lines, 0)).toBe(3000);
  });
});

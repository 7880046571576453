/** Reading JSONL: lines split wherever chunks fall, lines of a byte range, and the main pass's chunks of a file or a stream. */

import fc from 'fast-check';
import { closeSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonlInput, jsonLinesOfChunk, linesBeginningIn } from '../../src/input/jsonl.js';
import { openSeekable, streamByteReader } from '../../src/input/open.js';
import { readFileDocuments } from '../../src/input/documents.js';
import { type ReadItem } from '../../src/input/records.js';
import type { InputFile } from '../../src/types.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';

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
        const held = new JsonlInput(file, '-', streamByteReader(Readable.from(pieces)));
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

describe('JSONL line splitting', () => {
  async function collect(chunks: Buffer[], maxFileSize = 1 << 20): Promise<ReadItem[]> {
    const items: ReadItem[] = [];
    for await (const item of readFileDocuments({ path: '-', displayPath: 'feed', kind: 'jsonl' }, { maxFileSize }, Readable.from(chunks))) items.push(item);
    return items;
  }

  it('reads the same records wherever the chunk boundaries fall', async () => {
    const record = fc.record({ id: fc.string({ minLength: 1, maxLength: 8 }), text: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }).filter((t) => t.trim() !== '') });
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 20 }), fc.array(fc.nat(), { maxLength: 30 }), fc.boolean(), async (records, cuts, crlf) => {
        const bytes = Buffer.from(records.map((r) => JSON.stringify(r)).join(crlf ? '\r\n' : '\n') + '\n');
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let start = 0;
        for (const p of [...points, bytes.length]) {
          chunks.push(bytes.subarray(start, p));
          start = p;
        }
        const items = await collect(chunks);
        expect(items.map((i) => ('doc' in i ? { id: i.doc.id, text: i.doc.text } : i.skipped))).toEqual(records);
      }),
      { numRuns: 200 },
    );
  });

  it('skips an oversized line split over many chunks, and reads the line after it', async () => {
    const big = Buffer.from(JSON.stringify({ id: 'big', text: 'x'.repeat(5000) }) + '\n');
    const after = Buffer.from(JSON.stringify({ id: 'after', text: 'a story' }) + '\n');
    const chunks = [...Array.from({ length: Math.ceil(big.length / 100) }, (_, i) => big.subarray(i * 100, (i + 1) * 100)), after];
    const items = await collect(chunks, 1024);
    expect(items).toEqual([{ skipped: { path: 'feed:1', reason: `record is 5 KB, over the --max-file-size limit of 1 KB` } }, { doc: expect.objectContaining({ id: 'after', text: 'a story' }) }]);
  });

  it('leaves out lines of ASCII white space only, of any length, and reports a line holding a lone 0xA0 byte', async () => {
    const record = Buffer.from(JSON.stringify({ id: 'r', text: 'a story' }));
    const lines = [record, Buffer.from(' \t\r'), Buffer.from(' '.repeat(100)), Buffer.from([0xa0]), Buffer.from([0x20, 0xa0, 0x0d]), record];
    const items = await collect([Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')]))]);
    expect(items.map((i) => ('doc' in i ? `doc ${i.doc.record}` : `skipped ${i.skipped.path}`))).toEqual(['doc 1', 'skipped feed:4', 'skipped feed:5', 'doc 6']);
  });

  it('numbers the records after runs of empty and CR-only lines by their place in the file', () => {
    const file = { path: '-', displayPath: 'feed', kind: 'jsonl' as const };
    const record = (id: string): string => JSON.stringify({ id, text: `the story ${id}` });
    const text = `${record('a')}\n${'\n'.repeat(50_000)}${'\r\n'.repeat(50_000)}${record('b')}\r\n\n${record('c')}`;
    const items = jsonLinesOfChunk(new Uint8Array(Buffer.from(text)), file, { maxFileSize: 2048 }, 0);
    expect(items.map((item) => ('doc' in item ? `${item.doc.id}@${item.doc.record}` : 'skipped'))).toEqual(['a@1', 'b@100002', 'c@100004']);
  });

  it('reads a chunk held in memory exactly as it streams it, awkward lines included', async () => {
    const lines = [
      Buffer.from('\ufeff' + JSON.stringify({ id: 'bom', text: 'first line after a byte order mark' })),
      Buffer.from(JSON.stringify({ id: 'crlf', text: 'a line ended by CR LF' }) + '\r'),
      Buffer.from('   '),
      Buffer.from(''),
      Buffer.from('{"id": "broken", "text": '),
      Buffer.from(JSON.stringify({ id: 'nul', text: 'a NUL \u0000 byte' }).replace('\\u0000', '\u0000')),
      Buffer.from(JSON.stringify({ id: 'latin', text: 'caf\u00e9 cr\u00e8me' }), 'latin1'),
      Buffer.from(JSON.stringify({ id: 'big', text: 'x'.repeat(3000) })),
      Buffer.from('[1, 2]'),
      Buffer.from(JSON.stringify({ id: 'plain', text: 'the last record' })),
    ];
    const bytes = Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')]));
    const file = { path: '-', displayPath: 'feed', kind: 'jsonl' as const };
    const streamed = await collect([bytes], 2048);
    const held = jsonLinesOfChunk(new Uint8Array(bytes), file, { maxFileSize: 2048 }, 0);
    expect(held).toEqual(streamed);
    expect(held.map((item) => ('doc' in item ? item.doc.id : item.skipped.reason.split(' ').slice(0, 2).join(' ')))).toEqual([
      'bom', 'crlf', 'malformed JSON', 'binary content', 'latin', 'record is', 'record is', 'plain',
    ]);
    // With a step, only the lines whose number is a multiple of it, read the same way.
    const evenLines = jsonLinesOfChunk(new Uint8Array(bytes), file, { maxFileSize: 2048 }, 0, 2);
    expect(evenLines.map((item) => ('doc' in item ? item.doc.id : item.skipped.path))).toEqual(['crlf', 'feed:6', 'feed:8', 'plain']);
    // Lines are numbered from the chunk's first line.
    expect(jsonLinesOfChunk(new Uint8Array(bytes), file, { maxFileSize: 2048 }, 40).find((item) => 'skipped' in item)).toEqual({ skipped: expect.objectContaining({ path: 'feed:45' }) });
  });
});

/**
 * UTF-16: an 8-bit HTML page that declares utf-16 is not UTF-16 (the HTML standard reads the
 * declaration as UTF-8), and JSONL written in UTF-16 with a byte order mark (Windows PowerShell 5)
 * is recoded as it streams, so its records are read, numbered and read again like UTF-8 ones.
 */

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeText } from '../../src/input/decode.js';
import { readFileDocuments } from '../../src/input/documents.js';
import { openSeekable } from '../../src/input/open.js';
import { jsonlLines } from '../../src/input/raw-records.js';
import type { ReadItem } from '../../src/input/records.js';
import type { InputFile } from '../../src/types.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';

afterAll(removeTempDirs);

const read = { maxFileSize: 1 << 20 };

async function readAll(file: InputFile, stdin?: Readable): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of readFileDocuments(file, read, stdin)) items.push(item);
  return items;
}

/** Text as UTF-16 with its byte order mark. */
function utf16(text: string, order: 'le' | 'be'): Buffer {
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  return order === 'le' ? le : le.swap16();
}

describe('an 8-bit HTML page declaring utf-16', () => {
  it('is read as UTF-8 or windows-1252, not as UTF-16 mojibake', () => {
    const page = (body: Buffer) => Buffer.concat([Buffer.from('<html><head><meta charset="utf-16"></head><body><p>'), body, Buffer.from('</p></body></html>')]);
    const latin1 = decodeText(page(Buffer.from('Caf\xe9 owners in the old town', 'latin1')), 'html');
    expect(latin1).toEqual({ text: expect.stringContaining('<p>Café owners in the old town</p>') });
    const utf8 = decodeText(page(Buffer.from('Café owners, 東京', 'utf8')), 'html');
    expect(utf8).toEqual({ text: expect.stringContaining('<p>Café owners, 東京</p>') });
    // Real UTF-16 is still recognised by its byte order mark.
    expect(decodeText(utf16('<meta charset="utf-16"><p>Café</p>', 'le'), 'html')).toEqual({ text: '<meta charset="utf-16"><p>Café</p>' });
  });
});

describe('UTF-16 JSONL with a byte order mark', () => {
  // Long enough to cross the recoder's 64 KB blocks, with characters outside the BMP (surrogate pairs) to split.
  const records = Array.from({ length: 40 }, (_, i) => ({ id: `r${i + 1}`, text: `Story ${i + 1} of the harbour 🚢 café ${'bridge '.repeat(i * 40)}` }));
  const jsonl = `${records.map((r) => JSON.stringify(r)).join('\r\n')}\r\n`;
  const expectedIds = records.map((r) => r.id);

  it('gives every record with its line number, little and big endian, plain, gzip and on standard input', async () => {
    const dir = tempDir();
    for (const order of ['le', 'be'] as const) {
      const bytes = utf16(jsonl, order);
      const plain = path.join(dir, `feed-${order}.jsonl`);
      writeFileSync(plain, bytes);
      writeFileSync(`${plain}.gz`, gzipSync(bytes));
      const inputs: [InputFile, Readable?][] = [
        [{ path: plain, displayPath: 'feed.jsonl', kind: 'jsonl' }],
        [{ path: `${plain}.gz`, displayPath: 'feed.jsonl.gz', kind: 'jsonl' }],
        [{ path: '-', displayPath: '<stdin>', kind: 'jsonl' }, Readable.from([bytes.subarray(0, 3), bytes.subarray(3, 70_001), bytes.subarray(70_001)])],
      ];
      for (const [file, stdin] of inputs) {
        const items = await readAll(file, stdin);
        expect(items.filter((item) => 'skipped' in item)).toEqual([]);
        const docs = items.flatMap((item) => ('doc' in item ? [item.doc] : []));
        expect(docs.map((d) => d.id)).toEqual(expectedIds);
        expect(docs.map((d) => d.record)).toEqual(records.map((_, i) => i + 1));
        expect(docs.map((d) => d.text)).toEqual(records.map((r) => r.text));
      }
      // Not read at byte offsets (the corpus line sample streams it instead).
      expect(openSeekable(plain)).toBeUndefined();
      // Read again by line number, as --write-jsonl does: the same lines, in UTF-8.
      const again = [];
      for await (const { record, line } of jsonlLines(plain, new Set([1, 17, 40]))) again.push({ record, text: line.toString('utf8') });
      expect(again).toEqual([1, 17, 40].map((n) => ({ record: n, text: `${JSON.stringify(records[n - 1])}\r` })));
    }
  });

  it('reports UTF-16 that is not valid (a lone surrogate) instead of reading it as binary', async () => {
    const dir = tempDir();
    const bytes = Buffer.concat([utf16(`${JSON.stringify(records[0])}\n`, 'le'), Buffer.from([0x00, 0xd8, 0x41, 0x00])]);
    const file = path.join(dir, 'broken.jsonl');
    writeFileSync(file, bytes);
    const items = await readAll({ path: file, displayPath: 'broken.jsonl', kind: 'jsonl' });
    expect(items.at(-1)).toEqual({ skipped: { path: 'broken.jsonl', reason: expect.stringMatching(/^read failed after line \d+: not valid UTF-16LE text$/) } });
  });
});

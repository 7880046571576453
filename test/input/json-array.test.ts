import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isStreamedArray, jsonArrayChunks, STREAMED_ARRAY_BYTES } from '../../src/input/json-array.js';
import { jsonLinesOfChunk } from '../../src/input/jsonl.js';
import { openByteReader } from '../../src/input/open.js';
import { readFileDocuments } from '../../src/input/documents.js';
import { readWholeFile, type ReadItem } from '../../src/input/records.js';
import type { InputFile } from '../../src/types.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';

afterAll(removeTempDirs);

const read = { maxFileSize: 100 << 20 };
let written = 0;
function arrayFile(text: string | Buffer): InputFile {
  const file = path.join(tempDir(), `records-${written++}.json`);
  writeFileSync(file, text);
  return { path: file, displayPath: 'records.json', kind: 'json' };
}

/** The items of an array read in chunks, as the workers read them, with the chunks' record numbering checked. */
async function streamedItems(file: InputFile): Promise<{ items: ReadItem[]; chunks: number }> {
  const reader = await openByteReader(file.path);
  if ('reason' in reader) throw new Error(reader.reason);
  const items: ReadItem[] = [];
  let next = 0;
  let chunks = 0;
  try {
    for await (const chunk of jsonArrayChunks(reader, file)) {
      if ('skipped' in chunk) {
        items.push({ skipped: chunk.skipped });
        continue;
      }
      expect(chunk.firstLine).toBe(next);
      next += chunk.lines;
      chunks++;
      items.push(...jsonLinesOfChunk(chunk.bytes, file, read, chunk.firstLine));
    }
  } finally {
    await reader.close();
  }
  return { items, chunks };
}

// Records with what a scanner could trip on: brackets, braces, commas and escaped quotes in strings, nesting, non-objects.
const tricky = fc.constantFrom('a', 'x]y', '{"no": 1}', 'comma, here', 'quote \\" inside', 'back\\\\slash', 'line\nbreak', '[[', 'ünïcode ✓');
const record = fc.oneof(
  { weight: 6, arbitrary: fc.record({ id: fc.string({ maxLength: 6 }), text: fc.array(tricky, { minLength: 1, maxLength: 4 }).map((t) => t.join(' ')), tags: fc.array(fc.oneof(fc.integer(), tricky, fc.constant(null)), { maxLength: 3 }), nested: fc.option(fc.record({ deep: fc.array(fc.array(fc.integer(), { maxLength: 2 }), { maxLength: 2 }) })) }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.constant(null), tricky, fc.constant([1, [2]])) },
);

describe('JSON arrays read in chunks of records', () => {
  it('gives the records, places and skips that reading the whole file gives, however it is laid out', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 12 }), fc.constantFrom(0, 2), fc.boolean(), async (records, indent, bom) => {
        const text = (bom ? '\ufeff' : '') + JSON.stringify(records, null, indent) + '\n';
        const file = arrayFile(text);
        expect((await streamedItems(file)).items).toEqual(readWholeFile(file, read));
      }),
      { numRuns: 150 },
    );
  });

  it('cuts a large array into chunks of about a megabyte, records numbered on across them', async () => {
    const records = Array.from({ length: 30_000 }, (_, i) => ({ id: `r${i}`, text: `record number ${i} ${'w'.repeat(i % 90)}` }));
    const file = arrayFile(JSON.stringify(records, null, 1));
    const { items, chunks } = await streamedItems(file);
    expect(chunks).toBeGreaterThan(2);
    expect(items).toEqual(readWholeFile(file, read));
    expect(items.at(-1)).toMatchObject({ doc: { id: 'r29999', record: 30000 } });
  });

  it('keeps the records before a break in the array, and says where it broke', async () => {
    const cases: [string, string][] = [
      ['[{"text": "one"}, {"text": "two"}', 'malformed JSON: the array is not closed (the file ends after 1 complete record)'],
      ['[{"text": "one"},, {"text": "two"}]', "malformed JSON: unexpected ',' at byte 17"],
      ['[{"text": "one"}, ]', "malformed JSON: unexpected ']' at byte 18"],
      ['[{"text": "one"}] trailing', 'malformed JSON: unexpected data after the array at byte 18'],
      ['[{"text": "one"}}]', "malformed JSON: unexpected '}' at byte 16"],
      ['[ ]', 'empty JSON array'],
    ];
    for (const [text, reason] of cases) {
      const { items } = await streamedItems(arrayFile(text));
      expect(items.at(-1), text).toEqual({ skipped: { path: 'records.json', reason } });
      if (text.startsWith('[{"text": "one"}') && !text.startsWith('[{"text": "one"}}')) expect(items[0], text).toMatchObject({ doc: { text: 'one', id: 'records.json:#1' } });
    }
  });

  it('skips a record that is not valid JSON alone, with its place', async () => {
    const { items } = await streamedItems(arrayFile('[{"text": "one"}, {"text": tru}, {"text": "three"}]'));
    expect(items.map((item) => ('doc' in item ? item.doc.text : item.skipped.path))).toEqual(['one', 'records.json:#2', 'three']);
    expect(items[1]).toMatchObject({ skipped: { reason: expect.stringMatching(/^malformed JSON record: /) } });
  });

  it('streams only arrays larger than a chunk, within the size limit', () => {
    const big = arrayFile(' \n[' + '{"text": "x"},'.repeat(STREAMED_ARRAY_BYTES / 10) + '{"text": "y"}]');
    expect(isStreamedArray(big.path, 100 << 20)).toBe(true);
    expect(isStreamedArray(big.path, STREAMED_ARRAY_BYTES)).toBe(false);
    expect(isStreamedArray(arrayFile('[{"text": "x"}]').path, 100 << 20)).toBe(false);
    expect(isStreamedArray(arrayFile('{"text": "' + 'x'.repeat(STREAMED_ARRAY_BYTES) + '"}').path, 100 << 20)).toBe(false);
  });

  it('is how every mode reads a large array: the same documents as the whole file gives', async () => {
    const records = Array.from({ length: 60_000 }, (_, i) => ({ id: `r${i}`, title: `T${i}`, text: `story ${i} about ${'x'.repeat(i % 7)}` }));
    const file = arrayFile(JSON.stringify(records));
    expect(isStreamedArray(file.path, read.maxFileSize)).toBe(true);
    const items: ReadItem[] = [];
    for await (const item of readFileDocuments(file, read)) items.push(item);
    expect(items).toEqual(readWholeFile(file, read));
  });
});

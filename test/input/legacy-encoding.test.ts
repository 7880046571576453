/** Read-stage hardening in-process: encoding detection and JSONL line splitting. */

import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeText, looksLikeLegacyText } from '../../src/input/decode.js';
import { jsonLinesOfChunk } from '../../src/input/jsonl.js';
import { readFileDocuments } from '../../src/input/documents.js';
import { type ReadItem } from '../../src/input/records.js';

describe('legacy encoding detection', () => {
  it('takes Western European windows-1252 text', () => {
    expect(looksLikeLegacyText(Buffer.from('Le caf\xe9 du ch\xe2teau a rouvert \x96 \x93enfin\x94.\r\n', 'latin1'))).toBe(true);
  });

  it('refuses binary data and multi-byte legacy text', () => {
    const binary = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 131) % 256).filter((b) => b !== 0));
    expect(looksLikeLegacyText(binary)).toBe(false);
    // Shift_JIS "日本語のニュース記事です" repeated: most bytes are high.
    const shiftJis = Buffer.from('93fa967b8cea82cc836a8385815b83588b4c8e9682c582b7'.repeat(4), 'hex');
    expect(looksLikeLegacyText(shiftJis)).toBe(false);
    expect(decodeText(shiftJis, 'text')).toEqual({ reason: expect.stringMatching(/^not valid UTF-8 \(first bad byte at offset \d+\), and not plausible windows-1252 text/) });
  });

  it('decodes undeclared Shift_JIS in HTML only when the page declares it', () => {
    const body = Buffer.from('93fa967b8cea', 'hex');
    const declared = Buffer.concat([Buffer.from('<meta charset="Shift_JIS"><p>'), body]);
    expect(decodeText(declared, 'html')).toEqual({ text: '<meta charset="Shift_JIS"><p>日本語' });
  });

  it('falls back to detection when the declared charset is unknown', () => {
    const page = Buffer.from('<meta charset="x-made-up"><p>na\xefve</p>', 'latin1');
    expect(decodeText(page, 'html')).toEqual({ text: '<meta charset="x-made-up"><p>naïve</p>' });
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

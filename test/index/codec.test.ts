/**
 * The index's record encoding (src/index/codec.ts), shared by SQLite and Redis: what goes in
 * comes out, the signature at the 16 bits a run compares, and a field left out costs nothing.
 */

import { describe, expect, it } from 'vitest';
import { MinHasher } from '../../src/sketch/minhash.js';
import { compactSignature, decodeRecord, encodeRecord, SKETCH_RECORD_FIELDS } from '../../src/index/codec.js';
import type { NewDocument } from '../../src/index/store.js';
import { NO_OPENING } from '../../src/sketch/features.js';

const hasher = new MinHasher();

function documentOf(text: string, extra: Partial<NewDocument> = {}): NewDocument {
  const fingerprint = hasher.fromText(text);
  return {
    id: 'wire-20250303-0009',
    hash: '0123456789abcdef0123',
    path: 'feeds/wire.jsonl',
    file: '/data/feeds/wire.jsonl',
    record: 12,
    title: 'Port Ellis shuts century-old harbour bridge',
    url: 'https://example.org/bridge',
    date: '2025-03-03',
    time: Date.UTC(2025, 2, 3),
    cleanChars: text.length,
    debris: 0.125,
    shingles: fingerprint.shingles,
    tokens: fingerprint.tokens,
    signature: compactSignature(fingerprint.signature),
    figures: fingerprint.figures,
    slots: fingerprint.slots,
    lead: fingerprint.lead,
    shingleSet: fingerprint.shingleSet,
    opening: fingerprint.opening,
    ...extra,
  };
}

const story =
  'The harbour bridge at Port Ellis closed on Monday after inspectors found corrosion in 14 of its 32 steel piers. ' +
  'The council said repairs would cost 4.5 million pounds and take until March 2026, and ferries will run every 20 minutes.';

describe('index record codec', () => {
  it('gives back every field of a document, its signature as the low 16 bits of each value', () => {
    const fingerprint = hasher.fromText(story);
    const doc = documentOf(story);
    const decoded = decodeRecord(encodeRecord(doc));
    expect(decoded).toEqual(doc);
    expect(decoded.signature).toBeInstanceOf(Uint16Array);
    expect([...decoded.signature]).toEqual([...fingerprint.signature].map((value) => value & 0xffff));
    expect(decoded.figures.length).toBeGreaterThan(3);
    expect(decoded.slots.length).toBeGreaterThan(0);
  });

  it('compacts a full 32-bit signature given to it', () => {
    const fingerprint = hasher.fromText(story);
    const decoded = decodeRecord(encodeRecord({ ...documentOf(story), signature: fingerprint.signature as unknown as Uint16Array }));
    expect([...decoded.signature]).toEqual([...fingerprint.signature].map((value) => value & 0xffff));
  });

  it('keeps the whole shingle set of a short document and the too-little-text flag', () => {
    const short = documentOf('Cookies help us deliver our services.', { tooLittleText: true });
    expect(short.shingleSet!.length).toBeGreaterThan(0);
    const decoded = decodeRecord(encodeRecord(short));
    expect(decoded.tooLittleText).toBe(true);
    expect([...decoded.shingleSet!]).toEqual([...short.shingleSet!]);
  });

  it('leaves out absent fields: a record without title, URL, date, file or line is shorter by exactly their bytes', () => {
    const full = documentOf(story);
    const bare = documentOf(story, { file: undefined, record: undefined, title: undefined, url: undefined, date: undefined, time: undefined });
    const decoded = decodeRecord(encodeRecord(bare));
    for (const field of ['file', 'record', 'title', 'url', 'date', 'time', 'tooLittleText'] as const) expect(field in decoded).toBe(false);
    const stringBytes = (s: string) => 1 + Buffer.byteLength(s);
    const saved = stringBytes(full.file!) + 1 + stringBytes(full.title!) + stringBytes(full.url!) + stringBytes(full.date!) + 8;
    expect(encodeRecord(full).length - encodeRecord(bare).length).toBe(saved);
  });

  it('stores a short news item in 256 bytes for the signature, 4 for each sample value and 8 for each shingle, and 200 at most for the rest', () => {
    const doc = documentOf(story);
    expect(doc.shingleSet!.length).toBe(2 * doc.shingles);
    const samples = doc.figures.length + doc.slots.length + doc.lead.length + doc.shingleSet!.length;
    const bytes = encodeRecord(doc).length;
    // Metadata: 18 + 10 + 16 + 22 + 1 + 43 + 26 + 10 characters, each string with its length; 8-byte time and debris.
    expect(bytes).toBeLessThan(256 + 4 * samples + 200);
    expect(bytes).toBeGreaterThan(256 + 4 * samples);
  });

  it('encodes the sketch fields alone for SQLite, which keeps the metadata in columns', () => {
    const doc = documentOf(story);
    const sketch = decodeRecord(encodeRecord(doc, SKETCH_RECORD_FIELDS));
    expect(Object.keys(sketch).sort()).toEqual(['figures', 'lead', 'opening', 'shingleSet', 'signature', 'slots']);
    expect([...sketch.signature]).toEqual([...doc.signature]);
    expect([...sketch.lead]).toEqual([...doc.lead]);
    expect(sketch.opening).toBe(doc.opening);
  });

  it('keeps the opening key the opening bands and rule read, and NO_OPENING for a text too short for one', () => {
    const doc = documentOf(story);
    expect(doc.opening).toBeGreaterThan(0);
    expect(decodeRecord(encodeRecord(doc)).opening).toBe(doc.opening);
    const flash = documentOf('Port Ellis bridge shut.');
    expect(flash.opening).toBe(NO_OPENING);
    expect(decodeRecord(encodeRecord(flash)).opening).toBe(NO_OPENING);
  });

  it('refuses a record without a required field, and a record of another version', () => {
    expect(() => encodeRecord({ ...documentOf(story), id: undefined as unknown as string })).toThrow('an index record needs id');
    const bytes = encodeRecord(documentOf(story));
    bytes[0] = 9;
    expect(() => decodeRecord(bytes)).toThrow('index record of version 9');
  });
});

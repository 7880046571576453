/**
 * The index's record encoding, shared by SQLite and Redis: a document as the bytes both keep.
 *
 * A record is a version byte, a bit mask of the fields present, then each present field in the
 * order of RECORD_FIELDS: numbers as variable-length integers, strings as a length and UTF-8,
 * the content hash as its 10 bytes, arrays as a count and their values little-endian. A field
 * left out (no title, no URL, no shingle set) costs one bit. Adding a field is one more entry at
 * the end of RECORD_FIELDS (and a new index format: old records would decode, but not hold it).
 *
 * The signature is kept as the run compares it: the low 16 bits of each value (b-bit minwise
 * hashing, see sketch/compare.ts). Figures, slots and lead stay 32-bit, as the run compares them.
 */

import type { Signature } from '../sketch/compare.js';
import type { NewDocument } from './store.js';

/** Record versions this code reads (the first byte of every record). */
const RECORD_VERSION = 1;

/** How a field is written. */
type FieldKind =
  /** a non-negative whole number below 2^53, as a variable-length integer */
  | 'uint'
  /** a number of any kind, as 8 bytes (float64) */
  | 'float'
  | 'string'
  /** a hex text of 20 digits, as its 10 bytes */
  | 'hash'
  /** true when present: no bytes */
  | 'flag'
  /** 16-bit values: a count, then 2 bytes each */
  | 'u16s'
  /** 32-bit values: a count, then 4 bytes each */
  | 'u32s';

/** What a record holds: a new document's fields. */
export type IndexRecord = NewDocument;

/**
 * The fields in stored order (never reorder: the bit of a field is its place). `required`
 * fields are present in every record; the others may be left out.
 */
const RECORD_FIELDS = [
  { name: 'id', kind: 'string', required: true },
  { name: 'hash', kind: 'hash', required: true },
  { name: 'path', kind: 'string', required: true },
  { name: 'file', kind: 'string' },
  { name: 'record', kind: 'uint' },
  { name: 'title', kind: 'string' },
  { name: 'url', kind: 'string' },
  { name: 'date', kind: 'string' },
  { name: 'time', kind: 'float' },
  { name: 'cleanChars', kind: 'uint', required: true },
  { name: 'debris', kind: 'float', required: true },
  { name: 'shingles', kind: 'uint', required: true },
  { name: 'tokens', kind: 'uint', required: true },
  { name: 'tooLittleText', kind: 'flag' },
  { name: 'signature', kind: 'u16s', required: true },
  { name: 'figures', kind: 'u32s', required: true },
  { name: 'slots', kind: 'u32s', required: true },
  { name: 'lead', kind: 'u32s', required: true },
  { name: 'shingleSet', kind: 'u32s' },
] as const satisfies readonly { name: keyof IndexRecord; kind: FieldKind; required?: boolean }[];

/** The fields a record holds besides its metadata: what verification and band hashes read. */
export const SKETCH_RECORD_FIELDS = ['tooLittleText', 'signature', 'figures', 'slots', 'lead', 'shingleSet'] as const satisfies readonly FieldName[];

/**
 * What a record needs for matching, the canonical choice and naming a document: every field but
 * those only reports show (file, line, title, URL, date). A Redis index created with
 * `metadata=minimal` keeps these alone.
 */
export const MINIMAL_RECORD_FIELDS = ['id', 'hash', 'path', 'time', 'cleanChars', 'debris', 'shingles', 'tokens', ...SKETCH_RECORD_FIELDS] as const satisfies readonly FieldName[];

const HASH_BYTES = 10;

/** The compact signature: the low 16 bits of each value (a Uint16Array is kept as it is). */
export function compactSignature(signature: Signature): Uint16Array {
  return signature instanceof Uint16Array ? signature : Uint16Array.from(signature);
}

/** Bytes written into one growing buffer. */
class Writer {
  private bytes = Buffer.allocUnsafe(1024);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + n));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  uint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`cannot store ${value} as a whole number`);
    this.room(8);
    // Seven bits a byte, the high bit saying more follow (division, as values may pass 2^32).
    while (value >= 0x80) {
      this.bytes[this.length++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.bytes[this.length++] = value;
  }

  float(value: number): void {
    this.room(8);
    this.length = this.bytes.writeDoubleLE(value, this.length);
  }

  string(value: string): void {
    const length = Buffer.byteLength(value);
    this.uint(length);
    this.room(length);
    this.length += this.bytes.write(value, this.length);
  }

  hash(value: string): void {
    if (!/^[0-9a-f]{20}$/.test(value)) throw new RangeError(`content hash ${value} is not 20 hex digits`);
    this.room(HASH_BYTES);
    this.length += this.bytes.write(value, this.length, 'hex');
  }

  u16s(values: Uint16Array): void {
    this.uint(values.length);
    this.room(values.length * 2);
    for (const value of values) this.length = this.bytes.writeUInt16LE(value, this.length);
  }

  u32s(values: Uint32Array): void {
    this.uint(values.length);
    this.room(values.length * 4);
    for (const value of values) this.length = this.bytes.writeUInt32LE(value, this.length);
  }

  done(): Buffer {
    return Buffer.from(this.bytes.subarray(0, this.length));
  }
}

class Reader {
  at = 0;
  constructor(private readonly bytes: Buffer) {}

  uint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.bytes[this.at++];
      if (byte === undefined) throw new RangeError('index record ends inside a number');
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  }

  float(): number {
    const value = this.bytes.readDoubleLE(this.at);
    this.at += 8;
    return value;
  }

  string(): string {
    const length = this.uint();
    const value = this.bytes.toString('utf8', this.at, this.at + length);
    this.at += length;
    return value;
  }

  hash(): string {
    const value = this.bytes.toString('hex', this.at, this.at + HASH_BYTES);
    this.at += HASH_BYTES;
    return value;
  }

  u16s(): Uint16Array {
    const values = new Uint16Array(this.uint());
    for (let i = 0; i < values.length; i++, this.at += 2) values[i] = this.bytes.readUInt16LE(this.at);
    return values;
  }

  u32s(): Uint32Array {
    const values = new Uint32Array(this.uint());
    for (let i = 0; i < values.length; i++, this.at += 4) values[i] = this.bytes.readUInt32LE(this.at);
    return values;
  }
}

/** Whether a record holds a value for this field: set, true for a flag, and not empty for an optional array. */
function present(doc: Record<string, unknown>, field: (typeof RECORD_FIELDS)[number]): boolean {
  const value = doc[field.name];
  if (value === undefined || value === null) return false;
  if (field.kind === 'flag') return value === true;
  if ((field.kind === 'u16s' || field.kind === 'u32s') && !('required' in field)) return (value as ArrayLike<number>).length > 0;
  return true;
}

type FieldName = (typeof RECORD_FIELDS)[number]['name'];

/**
 * A document as its record's bytes: every field, or only those named in `only` (SQLite keeps the
 * metadata in columns and the sketch fields as a record).
 */
export function encodeRecord(doc: Partial<IndexRecord>, only?: readonly FieldName[]): Buffer {
  const fields = doc as unknown as Record<string, unknown>;
  const chosen = RECORD_FIELDS.map((field) => !only || only.includes(field.name));
  const writer = new Writer();
  writer.uint(RECORD_VERSION);
  // The mask as a whole number: bit i for field i (2^i, as there may be over 31 fields one day).
  let mask = 0;
  RECORD_FIELDS.forEach((field, i) => {
    if (!chosen[i]) return;
    if (present(fields, field)) mask += 2 ** i;
    else if ('required' in field) throw new RangeError(`an index record needs ${field.name}`);
  });
  writer.uint(mask);
  for (const [i, field] of RECORD_FIELDS.entries()) {
    if (!chosen[i] || !present(fields, field)) continue;
    const value = fields[field.name];
    switch (field.kind) {
      case 'uint': writer.uint(value as number); break;
      case 'float': writer.float(value as number); break;
      case 'string': writer.string(value as string); break;
      case 'hash': writer.hash(value as string); break;
      case 'flag': break;
      case 'u16s': writer.u16s(compactSignature(value as Signature)); break;
      case 'u32s': writer.u32s(value as Uint32Array); break;
    }
  }
  return writer.done();
}

/**
 * A record's document; fields it does not hold are absent (a shingle set absent is empty). A
 * record of the sketch fields alone decodes to those fields.
 */
export function decodeRecord(bytes: Buffer): IndexRecord {
  const reader = new Reader(bytes);
  const version = reader.uint();
  if (version !== RECORD_VERSION) throw new RangeError(`index record of version ${version}; this version of dedupe reads version ${RECORD_VERSION}`);
  const mask = reader.uint();
  const out: Record<string, unknown> = {};
  RECORD_FIELDS.forEach((field, i) => {
    if (Math.floor(mask / 2 ** i) % 2 === 0) return;
    switch (field.kind) {
      case 'uint': out[field.name] = reader.uint(); break;
      case 'float': out[field.name] = reader.float(); break;
      case 'string': out[field.name] = reader.string(); break;
      case 'hash': out[field.name] = reader.hash(); break;
      case 'flag': out[field.name] = true; break;
      case 'u16s': out[field.name] = reader.u16s(); break;
      case 'u32s': out[field.name] = reader.u32s(); break;
    }
  });
  out.shingleSet ??= EMPTY;
  return out as unknown as IndexRecord;
}

const EMPTY = new Uint32Array(0);

/** The stored parameters as one JSON text with a fixed key order. */
export function encodeParams(params: object): string {
  return JSON.stringify(params, Object.keys(params).sort());
}

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
 * The opening key (a hash of the first words, 0 for a text too short for one) is a whole number.
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
  { name: 'opening', kind: 'uint' },
] as const satisfies readonly { name: keyof IndexRecord; kind: FieldKind; required?: boolean }[];
// The mask is a 31-bit integer (bit operations): past 31 fields it needs another encoding.
if (RECORD_FIELDS.length > 31) throw new Error('an index record holds at most 31 fields');

/** The fields a record holds besides its metadata: what verification and band hashes read. */
export const SKETCH_RECORD_FIELDS = ['tooLittleText', 'signature', 'figures', 'slots', 'lead', 'shingleSet', 'opening'] as const satisfies readonly FieldName[];

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

/** Whether typed arrays are little-endian here, so arrays are copied as bytes rather than value by value. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Bytes written into one growing buffer, shared by every record this thread encodes (copied out by done). */
class Writer {
  private static scratch = Buffer.allocUnsafe(4096);
  private bytes = Writer.scratch;
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + n));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = Writer.scratch = grown;
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

  array(values: Uint16Array | Uint32Array): void {
    this.uint(values.length);
    this.room(values.byteLength);
    if (LITTLE_ENDIAN) {
      this.bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), this.length);
      this.length += values.byteLength;
    } else if (values instanceof Uint16Array) {
      for (const value of values) this.length = this.bytes.writeUInt16LE(value, this.length);
    } else {
      for (const value of values) this.length = this.bytes.writeUInt32LE(value, this.length);
    }
  }

  done(): Buffer {
    return Buffer.from(this.bytes.subarray(0, this.length));
  }
}

class Reader {
  at = 0;
  /** One buffer for every array of the record (an allocation per array costs more than the copy). */
  private readonly arena: ArrayBuffer;
  private arenaAt = 0;

  constructor(private readonly bytes: Buffer) {
    // Room for the arrays' bytes and for aligning each of them.
    this.arena = new ArrayBuffer(bytes.length + 4 * RECORD_FIELDS.length);
  }

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

  /** An array of 16- or 32-bit values, copied out into the record's arena (aligned). */
  array(width: 2 | 4): Uint16Array | Uint32Array {
    const length = this.uint();
    const end = this.at + length * width;
    if (end > this.bytes.length) throw new RangeError('index record ends inside an array');
    this.arenaAt = Math.ceil(this.arenaAt / width) * width;
    const values = width === 2 ? new Uint16Array(this.arena, this.arenaAt, length) : new Uint32Array(this.arena, this.arenaAt, length);
    this.arenaAt += length * width;
    if (LITTLE_ENDIAN) new Uint8Array(values.buffer, values.byteOffset, values.byteLength).set(this.bytes.subarray(this.at, end));
    else for (let i = 0; i < length; i++) values[i] = width === 2 ? this.bytes.readUInt16LE(this.at + 2 * i) : this.bytes.readUInt32LE(this.at + 4 * i);
    this.at = end;
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
  const writer = new Writer();
  writer.uint(RECORD_VERSION);
  // Bit i of the mask for field i.
  let mask = 0;
  for (let i = 0; i < RECORD_FIELDS.length; i++) {
    const field = RECORD_FIELDS[i];
    if (only && !only.includes(field.name)) continue;
    if (present(fields, field)) mask |= 1 << i;
    else if ('required' in field) throw new RangeError(`an index record needs ${field.name}`);
  }
  writer.uint(mask);
  for (let i = 0; i < RECORD_FIELDS.length; i++) {
    if ((mask & (1 << i)) === 0) continue;
    const field = RECORD_FIELDS[i];
    const value = fields[field.name];
    switch (field.kind) {
      case 'uint': writer.uint(value as number); break;
      case 'float': writer.float(value as number); break;
      case 'string': writer.string(value as string); break;
      case 'hash': writer.hash(value as string); break;
      case 'flag': break;
      case 'u16s': writer.array(compactSignature(value as Signature)); break;
      case 'u32s': writer.array(value as Uint32Array); break;
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
  for (let i = 0; i < RECORD_FIELDS.length; i++) {
    if ((mask & (1 << i)) === 0) continue;
    const field = RECORD_FIELDS[i];
    switch (field.kind) {
      case 'uint': out[field.name] = reader.uint(); break;
      case 'float': out[field.name] = reader.float(); break;
      case 'string': out[field.name] = reader.string(); break;
      case 'hash': out[field.name] = reader.hash(); break;
      case 'flag': out[field.name] = true; break;
      case 'u16s': out[field.name] = reader.array(2); break;
      case 'u32s': out[field.name] = reader.array(4); break;
    }
  }
  out.shingleSet ??= EMPTY;
  return out as unknown as IndexRecord;
}

const EMPTY = new Uint32Array(0);

/** The stored parameters as one JSON text with a fixed key order. */
export function encodeParams(params: object): string {
  return JSON.stringify(params, Object.keys(params).sort());
}

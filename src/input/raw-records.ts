/**
 * Records read again as they came, to write a corpus back: the bytes of a JSONL line (by line
 * number, as the JSONL reader numbers them), or one element of a JSON file as a JSON value.
 */

import type { InputFile } from '../types.js';
import { jsonLayoutOf, type ReadOptions } from './records.js';
import { decodeLine, decodeText } from './decode.js';
import { describeStreamError, openByteReader, readBytes, utf8ByteReader, type ByteReader } from './open.js';

/** One record as it came: a JSONL line's bytes (without its newline), or a JSON file's element. */
export type RawRecord = { record: number; line: Buffer } | { record: number; value: unknown };

/** A record that cannot be read again (the file changed or went since the run read it). */
export class RawRecordError extends Error {}

const BLOCK = 1 << 20;

/**
 * The lines of a JSONL file (gzip or not) whose numbers are in `wanted`, in file order, each
 * without its newline (a CR before it is kept: the bytes are the line's own) and without a byte
 * order mark. Lines are numbered from 1, every newline counting, as the JSONL reader counts them.
 */
export async function* jsonlLines(file: string, wanted: ReadonlySet<number>): AsyncGenerator<{ record: number; line: Buffer }> {
  if (wanted.size === 0) return;
  const opened = await openByteReader(file);
  if ('reason' in opened) throw new RawRecordError(`${file}: ${opened.reason}`);
  // Lines numbered as the JSONL reader numbers them, UTF-16 input recoded as it recodes it.
  let reader: ByteReader;
  try {
    reader = await utf8ByteReader(opened);
  } catch (error) {
    await opened.close().catch(() => undefined);
    throw new RawRecordError(`${file}: read failed: ${describeStreamError(error)}`);
  }
  let left = wanted.size;
  let lineNumber = 0;
  // The current line's bytes so far (only kept when the line is wanted).
  let parts: Buffer[] = [];
  const take = (rest: Buffer[]): Buffer => {
    let line = Buffer.concat(rest);
    if (line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf) line = line.subarray(3);
    return line;
  };
  try {
    const block = Buffer.allocUnsafe(BLOCK);
    for (;;) {
      let n: number;
      try {
        n = await reader.read(block, 0, BLOCK);
      } catch (error) {
        throw new RawRecordError(`${file}: read failed after line ${lineNumber}: ${describeStreamError(error)}`);
      }
      if (n === 0) break;
      let start = 0;
      while (start < n) {
        const end = block.indexOf(10, start);
        const stop = end === -1 || end >= n ? n : end;
        const keep = wanted.has(lineNumber + 1);
        if (keep) parts.push(Buffer.from(block.subarray(start, stop)));
        if (stop === n) break;
        lineNumber++;
        if (keep) {
          yield { record: lineNumber, line: take(parts) };
          if (--left === 0) return;
        }
        parts = [];
        start = stop + 1;
      }
    }
    // The last line, without a newline.
    if (parts.length > 0 && wanted.has(lineNumber + 1)) {
      lineNumber++;
      yield { record: lineNumber, line: take(parts) };
      left--;
    }
    if (left > 0) throw new RawRecordError(`${file}: has fewer lines than when it was read (line ${lineNumber + 1} is gone); was it changed during the run?`);
  } finally {
    await reader.close().catch(() => undefined);
  }
}

/** The records of a JSON file (see jsonLayoutOf) whose numbers are in `wanted`, in order. */
export function jsonValues(file: InputFile, wanted: ReadonlySet<number>, options: Pick<ReadOptions, 'maxFileSize' | 'textField'>): { record: number; value: unknown }[] {
  const bytes = readBytes(file, options.maxFileSize);
  if (!(bytes instanceof Uint8Array)) throw new RawRecordError(`${file.displayPath}: ${bytes.reason}`);
  const decoded = decodeText(bytes, 'json');
  if ('reason' in decoded) throw new RawRecordError(`${file.displayPath}: ${decoded.reason}`);
  const layout = jsonLayoutOf(decoded.text, options.textField);
  if ('reason' in layout) throw new RawRecordError(`${file.displayPath}: ${layout.reason}`);
  const byRecord = new Map<number, string | unknown>(layout.kind === 'lines' ? layout.lines.map(({ line, text }) => [line, text]) : layout.records.map((value, i) => [i + 1, value]));
  const found: { record: number; value: unknown }[] = [];
  for (const record of [...wanted].sort((a, b) => a - b)) {
    if (!byRecord.has(record)) throw new RawRecordError(`${file.displayPath}: has no record ${record} any more; was it changed during the run?`);
    const value = byRecord.get(record);
    found.push({ record, value: layout.kind === 'lines' ? JSON.parse(value as string) : value });
  }
  return found;
}

/** A JSONL line's record as a value (to add fields to it). */
export function parseLine(line: Buffer, where: string): Record<string, unknown> {
  const raw = line.length > 0 && line[line.length - 1] === 13 ? line.subarray(0, line.length - 1) : line;
  const decoded = decodeLine(raw, false);
  if ('reason' in decoded) throw new RawRecordError(`${where}: ${decoded.reason}`);
  const value = JSON.parse(decoded.text) as unknown;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RawRecordError(`${where}: record is not a JSON object`);
  return value as Record<string, unknown>;
}

/**
 * Large JSON arrays read as a stream of records. The array's bytes are scanned as they are read
 * and each element is copied out on a line of its own (line breaks between its tokens become
 * spaces; a JSON string holds none), so an array becomes chunks of whole records in JSONL form,
 * element k being "line" k. The chunks go to the workers and are read by the code that reads
 * JSONL chunks, in bounded memory whatever the array's length.
 */

import { closeSync, readSync, statSync } from 'node:fs';
import type { InputFile } from '../types.js';
import { openSeekable, type ByteReader } from './open.js';

/** Arrays in files larger than this are streamed; a smaller one is a single chunk anyway. */
export const STREAMED_ARRAY_BYTES = 1 << 20;

/** Target bytes of records per chunk. */
const ARRAY_CHUNK_BYTES = 1 << 20;

const BYTE = { quote: 34, backslash: 92, comma: 44, openBrace: 123, closeBrace: 125, openBracket: 91, closeBracket: 93, newline: 10, cr: 13, space: 32, tab: 9 };

function isWhitespace(b: number): boolean {
  return b === BYTE.space || b === BYTE.newline || b === BYTE.cr || b === BYTE.tab;
}

/**
 * Whether a file is a JSON array to stream: a regular file that is not gzip, larger than
 * STREAMED_ARRAY_BYTES and within `maxFileSize` (a larger one is skipped whole, with its size),
 * whose first character (after a UTF-8 byte order mark) is `[`.
 */
export function isStreamedArray(file: string, maxFileSize: number): boolean {
  // Its size first: most JSON files are small, and one call rules them out.
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    // Unreadable: read whole, which reports why.
    return false;
  }
  if (size <= STREAMED_ARRAY_BYTES || size > maxFileSize) return false;
  const opened = openSeekable(file);
  if (!opened) return false;
  try {
    const head = Buffer.alloc(4096);
    const n = readSync(opened.fd, head, 0, head.length, 0);
    let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    while (i < n && isWhitespace(head[i])) i++;
    return i < n && head[i] === BYTE.openBracket;
  } catch {
    return false;
  } finally {
    closeSync(opened.fd);
  }
}

export type ArrayChunk = { firstLine: number; lines: number; bytes: Uint8Array } | { skipped: { path: string; reason: string }; lines: number };

type State = 'start' | 'value' | 'element' | 'after-comma' | 'end';

/**
 * Cuts a JSON array into chunks of whole elements, one per line (see the file comment). What
 * does not hold together as an array (an unclosed array, a stray comma or bracket, data after
 * it) ends the file with one skipped entry saying where; the elements before it are kept. An
 * element that is not valid JSON is left for the record reader to skip alone.
 */
export async function* jsonArrayChunks(reader: ByteReader, file: InputFile): AsyncGenerator<ArrayChunk> {
  const input = Buffer.allocUnsafe(1 << 16);
  // Fresh memory per chunk, not Buffer's shared pool: a chunk moves to a worker.
  let out = Buffer.allocUnsafeSlow(ARRAY_CHUNK_BYTES + (1 << 16));
  let length = 0;
  let recordStart = 0;
  let records = 0;
  let chunkFirst = 0;
  let state: State = 'start';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let offset = 0;
  let problem: string | undefined;
  const put = (b: number) => {
    if (length === out.length) {
      const grown = Buffer.allocUnsafeSlow(out.length * 2);
      out.copy(grown, 0, 0, length);
      out = grown;
    }
    out[length++] = b;
  };
  const endElement = () => {
    put(BYTE.newline);
    records++;
    recordStart = length;
  };
  const take = (): ArrayChunk => {
    const chunk = { firstLine: chunkFirst, lines: records - chunkFirst, bytes: new Uint8Array(out.buffer, out.byteOffset, recordStart) };
    const rest = length - recordStart;
    const next = Buffer.allocUnsafeSlow(Math.max(ARRAY_CHUNK_BYTES + (1 << 16), rest * 2));
    out.copy(next, 0, recordStart, length);
    out = next;
    length = rest;
    recordStart = 0;
    chunkFirst = records;
    return chunk;
  };
  scan: for (;;) {
    const n = await reader.read(input, 0, input.length);
    if (n === 0) break;
    let i = 0;
    if (offset === 0 && input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) i = 3;
    for (; i < n; i++) {
      const b = input[i];
      if (state === 'element') {
        if (inString) {
          put(b);
          if (escaped) escaped = false;
          else if (b === BYTE.backslash) escaped = true;
          else if (b === BYTE.quote) inString = false;
          continue;
        }
        if (depth === 0 && (b === BYTE.comma || b === BYTE.closeBracket)) {
          endElement();
          state = b === BYTE.comma ? 'after-comma' : 'end';
          continue;
        }
        if (b === BYTE.quote) inString = true;
        else if (b === BYTE.openBrace || b === BYTE.openBracket) depth++;
        else if (b === BYTE.closeBrace || b === BYTE.closeBracket) {
          if (depth === 0) {
            problem = `unexpected '}' at byte ${offset + i}`;
            break scan;
          }
          depth--;
        }
        put(b === BYTE.newline || b === BYTE.cr ? BYTE.space : b);
        continue;
      }
      if (isWhitespace(b)) continue;
      if (state === 'start') {
        if (b !== BYTE.openBracket) {
          problem = `expected an array at byte ${offset + i}`;
          break scan;
        }
        state = 'value';
        continue;
      }
      if (state === 'end') {
        problem = `unexpected data after the array at byte ${offset + i}`;
        break scan;
      }
      if (b === BYTE.closeBracket && state === 'value') {
        state = 'end';
        continue;
      }
      if (b === BYTE.comma || b === BYTE.closeBracket) {
        problem = `unexpected '${String.fromCharCode(b)}' at byte ${offset + i}`;
        break scan;
      }
      state = 'element';
      depth = 0;
      i--;
    }
    offset += n;
    if (recordStart >= ARRAY_CHUNK_BYTES) yield take();
  }
  if (problem === undefined && state !== 'end') problem = state === 'start' ? 'empty file' : `the array is not closed (the file ends after ${records} complete record${records === 1 ? '' : 's'})`;
  if (recordStart > 0) yield take();
  if (problem !== undefined) yield { skipped: { path: file.displayPath, reason: problem === 'empty file' ? problem : `malformed JSON: ${problem}` }, lines: 0 };
  else if (records === 0) yield { skipped: { path: file.displayPath, reason: 'empty JSON array' }, lines: 0 };
}

/** The number of records an array file is expected to hold: the records in its first MB, scaled to its size. */
export async function expectedArrayRecords(reader: ByteReader & { size?: number }, file: InputFile): Promise<number> {
  const size = reader.size ?? 0;
  let read = 0;
  const head: ByteReader = {
    read: async (into, at, length) => {
      const n = read >= STREAMED_ARRAY_BYTES ? 0 : await reader.read(into, at, Math.min(length, STREAMED_ARRAY_BYTES - read));
      read += n;
      return n;
    },
    close: () => reader.close(),
  };
  let records = 0;
  for await (const chunk of jsonArrayChunks(head, file)) if (!('skipped' in chunk)) records += chunk.lines;
  return read >= size ? records : Math.ceil((size * Math.max(1, records)) / Math.max(1, read));
}

/**
 * JSONL: one reader of whole lines for every mode. A JSONL input (a file, gzip or not, or
 * standard input) is cut into chunks of whole lines read straight into each chunk's buffer;
 * a chunk's lines become records synchronously (jsonLinesOfChunk), in a worker or here. The
 * corpus line sample of a large file reads only evenly spaced byte ranges at their offsets.
 */

import { closeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import type { InputFile, Skipped } from '../types.js';
import { decodeLine } from './decode.js';
import { describeStreamError, documentLimit, formatBytes, limitText, openByteReader, openSeekable, readFully, streamByteReader, utf8ByteReader, type ByteReader } from './open.js';
import { numberTokensOf } from './number-tokens.js';
import { recordToDocument, type ReadItem, type ReadOptions } from './records.js';

/** Target bytes per JSONL chunk (a batch of the run). */
export const CHUNK_BYTES = 1 << 20;

/**
 * One JSONL line (without its newline) as a read item, or undefined for a blank line.
 * `knownUtf8` says the caller already validated the bytes (a whole chunk at once is cheaper).
 */
function jsonLineItem(raw: Buffer, lineNumber: number, file: InputFile, options: ReadOptions, knownUtf8: boolean): ReadItem | undefined {
  const where = `${file.displayPath}:${lineNumber}`;
  if (raw.length > documentLimit(options.maxFileSize)) {
    return { skipped: { path: where, reason: `record is ${formatBytes(raw.length)}, over ${limitText(options.maxFileSize)}` } };
  }
  const line = raw.length > 0 && raw[raw.length - 1] === 13 ? raw.subarray(0, raw.length - 1) : raw;
  if (line.length === 0 || (line.length < 64 && line.toString('latin1').trim() === '')) return undefined;
  // A byte order mark is dropped (a file's first line, or files concatenated into one).
  const decoded = decodeLine(line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf ? line.subarray(3) : line, knownUtf8);
  if ('reason' in decoded) return { skipped: { path: where, reason: decoded.reason } };
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoded.text);
  } catch (error) {
    return { skipped: { path: where, reason: `malformed JSON line: ${(error as Error).message}` } };
  }
  return recordToDocument(parsed, file, String(lineNumber), lineNumber, options, (field) => numberTokensOf(decoded.text, field).get(0));
}

/**
 * The records of whole JSONL lines already in memory (a chunk of a file, the first of its lines
 * being line `firstLine + 1`), read synchronously: the same items readFileDocuments gives for
 * those lines, without a stream or an await per line. With `step`, only the lines whose number
 * is a multiple of it are read (an even sample).
 */
export function jsonLinesOfChunk(bytes: Uint8Array, file: InputFile, options: ReadOptions, firstLine: number, step = 1): ReadItem[] {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Valid UTF-8 as a whole means every line is: one check instead of one per line.
  const knownUtf8 = isUtf8(data);
  const items: ReadItem[] = [];
  let lineNumber = firstLine;
  for (let start = 0; start < data.length; ) {
    let end = data.indexOf(10, start);
    if (end === -1) end = data.length;
    lineNumber++;
    const item = lineNumber % step === 0 ? jsonLineItem(data.subarray(start, end), lineNumber, file, options, knownUtf8) : undefined;
    if (item) items.push(item);
    start = end + 1;
  }
  return items;
}

/**
 * The whole lines of an open file that begin at an offset in [start, end), each with its newline
 * (the file's last line may have none): the bytes from the first line start at or after `start`,
 * the last line read on past `end` to its newline. A line begins at offset 0 or after a newline,
 * so ranges that tile a file share out its lines exactly once, whatever their lengths. The last
 * line is left out when it is longer than `maxLine` (the main pass skips it); only the bytes
 * before the first line start and a few KB of the last line are read beyond the lines returned.
 */
export function linesBeginningIn(fd: number, size: number, start: number, end: number, maxLine: number): Buffer {
  end = Math.min(end, size);
  // From the byte before `start`: a newline there means a line begins at `start`.
  const from = Math.max(0, start - 1);
  if (end <= start) return Buffer.alloc(0);
  let data = Buffer.allocUnsafe(end - from);
  let filled = readFully(fd, data, 0, data.length, from);
  const before = start === 0 ? -1 : data.indexOf(10);
  const first = before + 1;
  if ((start > 0 && before === -1) || from + first >= end) return Buffer.alloc(0);
  // The last line that begins before `end` is the one holding byte end - 1: find its newline.
  let stop = data.indexOf(10, Math.max(first, end - 1 - from));
  // (lastIndexOf reads a negative offset from the buffer's end: only search from first on.)
  const lastStart = end - 2 - from >= first ? Math.max(first, data.lastIndexOf(10, end - 2 - from) + 1) : first;
  while (stop === -1 && from + filled < size && filled - lastStart <= maxLine) {
    const more = Math.min(size - from - filled, Math.max(4096, filled - lastStart));
    if (filled + more > data.length) {
      const grown = Buffer.allocUnsafe(Math.max(data.length * 2, filled + more));
      data.copy(grown, 0, 0, filled);
      data = grown;
    }
    const got = readFully(fd, data, filled, more, from + filled);
    if (got === 0) break;
    stop = data.indexOf(10, filled);
    filled += got;
    if (stop >= filled) stop = -1;
  }
  // Without its newline: the file's last line (kept), or too long (left out).
  if (stop === -1) stop = from + filled >= size && filled - lastStart <= maxLine ? filled - 1 : lastStart - 1;
  if (stop - (data[stop] === 10 ? 1 : 0) - lastStart + 1 > maxLine) stop = lastStart - 1;
  return data.subarray(first, stop + 1);
}

export type Chunk = { firstLine: number; lines: number; bytes: Uint8Array } | { skipped: Skipped; lines: number };

function countLines(bytes: Uint8Array, from = 0, to = bytes.length): number {
  // Buffer's indexOf is memchr; a plain Uint8Array's compares byte by byte.
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  for (let i = data.indexOf(10, from); i !== -1 && i < to; i = data.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * Cuts a JSONL input into chunks of whole lines (about CHUNK_BYTES each), reading straight into
 * each chunk's own buffer: the partial line at its end is the one part copied, to the start of
 * the next. A line over the size limit (documentLimit) is not held: it comes out as a skipped entry.
 */
export async function* jsonlChunks(input: ByteReader, file: InputFile, maxFileSize: number): AsyncGenerator<Chunk> {
  const reader = await utf8ByteReader(input);
  const maxLine = documentLimit(maxFileSize);
  let line = 0;
  let dropping = 0;
  let consumed = 0;
  const oversize = (bytes: number): Chunk => ({
    skipped: { path: `${file.displayPath}:${line + 1}`, reason: `record is ${formatBytes(bytes)}, over ${limitText(maxFileSize)}` },
    lines: 1,
  });
  // Room for `held` bytes and more: a chunk's worth, twice a long line, no more than the file has left.
  const buffer = (held: number) => {
    const wanted = held < CHUNK_BYTES / 2 ? CHUNK_BYTES : held * 2;
    const left = reader.size === undefined ? wanted : held + Math.max(0, reader.size - consumed) + 1;
    // Not from Buffer's shared pool: the chunk moves to a worker. (Some room even when the file seems done: it may have grown.)
    return Buffer.allocUnsafeSlow(Math.max(held + 4096, Math.min(wanted, left)));
  };
  let data = buffer(0);
  let filled = 0;
  for (;;) {
    const n = await reader.read(data, filled, data.length - filled);
    if (n === 0) break;
    consumed += n;
    if (dropping > 0) {
      // Skipping an oversize line: the buffer holds only what this read gave.
      const end = data.subarray(0, n).indexOf(10);
      if (end === -1) {
        dropping += n;
        continue;
      }
      yield oversize(dropping + end);
      line++;
      dropping = 0;
      data.copyWithin(0, end + 1, n);
      filled = n - end - 1;
    } else filled += n;
    const last = filled === 0 ? -1 : data.lastIndexOf(10, filled - 1);
    if (last === -1 && filled > maxLine) {
      dropping = filled;
      filled = 0;
      continue;
    }
    // Not full yet (a short read): keep filling.
    if (filled < data.length) continue;
    if (last === -1) {
      // One line longer than the buffer: a larger one.
      const grown = buffer(filled);
      data.copy(grown, 0, 0, filled);
      data = grown;
      continue;
    }
    const rest = filled - last - 1;
    const next = buffer(rest > maxLine ? 0 : rest);
    if (rest > maxLine) dropping = rest;
    else data.copy(next, 0, last + 1, filled);
    const lines = countLines(data, 0, last + 1);
    yield { firstLine: line, lines, bytes: new Uint8Array(data.buffer, data.byteOffset, last + 1) };
    line += lines;
    data = next;
    filled = dropping > 0 ? 0 : rest;
  }
  if (dropping > 0) yield oversize(dropping);
  else if (filled > 0) yield { firstLine: line, lines: countLines(data, 0, filled) + (data[filled - 1] === 10 ? 0 : 1), bytes: new Uint8Array(data.buffer, data.byteOffset, filled) };
}

/**
 * A JSONL input: a file, a stream read once as it comes (`stream`), or standard input held in
 * memory for a run's two passes (`hold`).
 */
export class JsonlInput {
  constructor(
    readonly file: InputFile,
    private readonly held?: Chunk[],
    private readonly stream?: ByteReader,
  ) {}

  static async hold(file: InputFile, stdin: Readable, maxLine: number): Promise<JsonlInput> {
    const held: Chunk[] = [];
    for await (const chunk of jsonlChunks(streamByteReader(stdin), file, maxLine)) held.push(chunk);
    return new JsonlInput(file, held);
  }

  /** Documents expected: lines of held input, else the file's size over the mean length of its first lines. */
  async expectedLines(): Promise<number> {
    if (this.held) return this.held.reduce((n, c) => n + c.lines, 0);
    try {
      const handle = await open(this.file.path, 'r');
      try {
        const { size } = await handle.stat();
        // Compressed: guess 4:1 and 3 KB per line rather than unpack the head.
        if (this.file.path.toLowerCase().endsWith('.gz')) return Math.ceil((size * 4) / 3072);
        const head = new Uint8Array(Math.min(size, 1 << 20));
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        const lines = countLines(head, 0, bytesRead);
        if (bytesRead >= size) return lines + 1;
        return Math.ceil((size * Math.max(1, lines)) / Math.max(1, bytesRead));
      } finally {
        await handle.close();
      }
    } catch {
      return 0;
    }
  }

  /** Chunks of whole lines; a file that cannot be read gives one skipped entry. */
  async *chunks(maxLine: number): AsyncGenerator<Chunk> {
    if (this.held) {
      yield* this.held;
      return;
    }
    const reader = this.stream ?? (await openByteReader(this.file.path));
    if ('reason' in reader) {
      yield { skipped: { path: this.file.displayPath, reason: reader.reason }, lines: 0 };
      return;
    }
    let lines = 0;
    try {
      for await (const chunk of jsonlChunks(reader, this.file, maxLine)) {
        lines += chunk.lines;
        yield chunk;
      }
    } catch (error) {
      yield { skipped: { path: this.file.displayPath, reason: `read failed after line ${lines}: ${describeStreamError(error)}` }, lines: 0 };
      return;
    } finally {
      await reader.close().catch(() => undefined);
    }
    if (lines === 0) yield { skipped: { path: this.file.displayPath, reason: 'empty file' }, lines: 0 };
  }
}

/** Bytes per sampled range of a JSONL file: a few documents, so that the sample comes from many places in the file. */
const SAMPLE_RANGE_BYTES = 16 << 10;

/**
 * The corpus line sample of a JSONL file on disk: 1 in `step` of its bytes, in evenly spaced
 * ranges read at their offsets, each giving the whole lines that begin in it (linesBeginningIn),
 * gathered into chunks of about CHUNK_BYTES. Undefined when the file cannot be read at offsets
 * (gzip): it is then sampled line by line as it streams.
 */
export function sampledRanges(file: InputFile, step: number, maxFileSize: number): Generator<Uint8Array> | undefined {
  const maxLine = documentLimit(maxFileSize);
  const opened = openSeekable(file.path);
  if (!opened) return undefined;
  const { fd, size } = opened;
  return (function* () {
    try {
      const ranges = Math.max(1, Math.ceil(size / step / SAMPLE_RANGE_BYTES));
      const spacing = size / ranges;
      const width = spacing / step;
      let parts: Buffer[] = [];
      let held = 0;
      // Fresh memory, not Buffer's shared pool: the chunk moves to a worker.
      const chunk = () => {
        const bytes = new Uint8Array(held);
        let at = 0;
        for (const part of parts) {
          bytes.set(part, at);
          at += part.length;
        }
        parts = [];
        held = 0;
        return bytes;
      };
      for (let i = 0; i < ranges; i++) {
        // Each range centred in its share of the file.
        const start = Math.floor(i * spacing + (spacing - width) / 2);
        const lines = linesBeginningIn(fd, size, start, Math.floor(i * spacing + (spacing + width) / 2), maxLine);
        if (lines.length === 0) continue;
        parts.push(lines);
        held += lines.length;
        if (held >= CHUNK_BYTES) yield chunk();
      }
      if (held > 0) yield chunk();
    } catch {
      // A read error ends this file's sample; the main pass reads the file again and reports it.
    } finally {
      closeSync(fd);
    }
  })();
}

/** A JSONL input read once as it comes: a file, or `stdin` (for '-'). */
function jsonlInputOf(file: InputFile, stdin?: Readable): JsonlInput {
  if (file.path !== '-' && !stdin) return new JsonlInput(file);
  if (!stdin) throw new Error('standard input is not available');
  return new JsonlInput(file, undefined, streamByteReader(stdin));
}

/** Reads one JSONL input into documents and skipped entries, chunk by chunk: a file, or `stdin`. */
export async function* readJsonLines(file: InputFile, options: ReadOptions, stdin?: Readable): AsyncGenerator<ReadItem> {
  for await (const chunk of jsonlInputOf(file, stdin).chunks(options.maxFileSize)) {
    if ('skipped' in chunk) yield { skipped: chunk.skipped };
    else yield* jsonLinesOfChunk(chunk.bytes, file, options, chunk.firstLine);
  }
}

/** A chunk of JSONL read with its lines as they came (for `dedupe filter`, which passes lines through). */
export interface JsonLineChunk {
  items: ReadItem[];
  /** Line number (1-based) of the chunk's first line. */
  firstLine: number;
  /** Each line's bytes as read, with its newline (the input's last line may have none). */
  lines: Buffer[];
}

/** Reads one JSONL input like readJsonLines, a chunk at a time, keeping each line's bytes. */
export async function* readJsonLineChunks(file: InputFile, options: ReadOptions, stdin?: Readable): AsyncGenerator<JsonLineChunk> {
  for await (const chunk of jsonlInputOf(file, stdin).chunks(options.maxFileSize)) {
    if ('skipped' in chunk) {
      yield { items: [{ skipped: chunk.skipped }], firstLine: 0, lines: [] };
      continue;
    }
    const data = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength);
    const lines: Buffer[] = [];
    for (let start = 0; start < data.length; ) {
      const newline = data.indexOf(10, start);
      const end = newline === -1 ? data.length : newline + 1;
      lines.push(data.subarray(start, end));
      start = end;
    }
    yield { items: jsonLinesOfChunk(chunk.bytes, file, options, chunk.firstLine), firstLine: chunk.firstLine + 1, lines };
  }
}

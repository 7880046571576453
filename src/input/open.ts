/**
 * Opening inputs: whole files read with blocking calls (unpacked when gzip), seekable files for
 * reads at offsets, and byte readers over files and streams; gzip is recognised here, by name
 * or by magic number, and nowhere else. Sizes are parsed and shown here too.
 */

import { constants as bufferConstants } from 'node:buffer';
import { closeSync, constants, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
import { utf16ByBom } from './decode.js';
import { describeFsError } from './discover.js';
import type { InputFile } from '../types.js';

export const DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024;

/**
 * The most bytes one document (a file read whole, a JSONL line) can have, whatever --max-file-size
 * allows: its text must fit in one string, and UTF-8 takes at least a byte per UTF-16 unit.
 */
export const MAX_DOCUMENT_BYTES = bufferConstants.MAX_STRING_LENGTH;

/** The bytes a document may have under a --max-file-size limit. */
export function documentLimit(maxFileSize: number): number {
  return Math.min(maxFileSize, MAX_DOCUMENT_BYTES);
}

/** The limit a document over documentLimit() is over, for its reason. */
export function limitText(maxFileSize: number): string {
  return maxFileSize <= MAX_DOCUMENT_BYTES ? `the --max-file-size limit of ${formatBytes(maxFileSize)}` : `the ${formatBytes(MAX_DOCUMENT_BYTES)} one document can hold`;
}

/** Why a file of `size` bytes (not a regular file when `regular` is false) is not read; undefined when it is. */
function unreadable(regular: boolean, size: number, maxFileSize: number): { reason: string } | undefined {
  if (!regular) return { reason: 'not a regular file' };
  if (size > documentLimit(maxFileSize)) return { reason: `file is ${formatBytes(size)}, over ${limitText(maxFileSize)}` };
  return undefined;
}

/** A file's bytes, unpacked when they are gzip (recognised by name or by magic number, as a compressed download saved as .html). */
function unpacked(bytes: Uint8Array, file: InputFile, maxFileSize: number): Uint8Array | { reason: string } {
  const gzipped = file.path.toLowerCase().endsWith('.gz') || (bytes[0] === 0x1f && bytes[1] === 0x8b);
  if (!gzipped) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: documentLimit(maxFileSize) });
  } catch (error) {
    return { reason: (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? `unpacked size over ${limitText(maxFileSize)}` : 'not a valid gzip file' };
  }
}

/**
 * A whole file's bytes, with blocking calls: the worker threads read most files, and blocking
 * costs them nothing while four asynchronous calls per file would each be a round trip to the
 * I/O threads. Opened non-blocking, so a FIFO that slipped past discovery is refused instead of
 * waited on.
 */
export function readBytes(file: InputFile, maxFileSize: number): Uint8Array | { reason: string } {
  let fd: number;
  try {
    fd = openSync(file.path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { reason: `cannot read: ${describeFsError(error)}` };
  }
  try {
    const info = fstatSync(fd);
    return unreadable(info.isFile(), info.size, maxFileSize) ?? unpacked(readAll(fd, info.size), file, maxFileSize);
  } catch (error) {
    return { reason: `cannot read: ${describeFsError(error)}` };
  } finally {
    closeSync(fd);
  }
}

/**
 * A regular file's bytes, `size` long when it was looked at: one read of one byte more than that
 * comes back short at the end of the file, so neither a second look at its size nor a read that
 * finds the end is needed (readFileSync makes both: two of its six calls a file). A file that
 * grew meanwhile is read on to its end.
 */
function readAll(fd: number, size: number): Uint8Array {
  let buffer = Buffer.allocUnsafe(size + 1);
  let length = 0;
  for (;;) {
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    length += read;
    if (read === 0 || length < buffer.length) return buffer.subarray(0, length);
    const grown = Buffer.allocUnsafe(buffer.length * 2);
    buffer.copy(grown, 0, 0, length);
    buffer = grown;
  }
}

/** "20MB", "512k", "1.5 GiB", "1048576" -> bytes; undefined when the text is not a size. */
export function parseByteSize(value: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$/i.exec(value);
  if (!m) return undefined;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.floor(Number(m[1]) * unit);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(bytes >= 10 * 1024 * 1024 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${bytes} B`;
}

/**
 * Opens a file to read at offsets: a regular file that is not gzip (by name or magic number).
 * Undefined when it must be streamed instead, or cannot be opened (the main pass reports why).
 */
export function openSeekable(file: string): { fd: number; size: number } | undefined {
  if (file.toLowerCase().endsWith('.gz')) return undefined;
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const info = fstatSync(fd);
    const head = Buffer.alloc(2);
    // Gzip and UTF-16 (recoded as it streams) cannot be read at byte offsets.
    if (info.isFile() && (readSync(fd, head, 0, 2, 0) < 2 || ((head[0] !== 0x1f || head[1] !== 0x8b) && !utf16ByBom(head)))) return { fd, size: info.size };
  } catch {
    // Unreadable: streamed, and reported, by the main pass.
  }
  closeSync(fd);
  return undefined;
}

/** Reads until `length` bytes are in or the file ends; returns the bytes read. */
export function readFully(fd: number, into: Uint8Array, at: number, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, into, at + done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** Bytes read in place: up to `length` into `into` at `at`, 0 at the end of the input. */
export interface ByteReader {
  read(into: Uint8Array, at: number, length: number): Promise<number>;
  close(): Promise<void>;
  /** Bytes the input holds, when known (a file not unpacked). */
  size?: number;
}

/** A ByteReader over a stream (standard input, an unpacking stream): it fills the caller's buffer from the stream's. */
export function streamByteReader(source: AsyncIterable<Buffer | string>): ByteReader {
  const iterator = source[Symbol.asyncIterator]();
  let rest: Buffer = Buffer.alloc(0);
  return {
    async read(into, at, length) {
      let done = 0;
      while (done < length) {
        if (rest.length === 0) {
          const next = await iterator.next();
          if (next.done) break;
          rest = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
          continue;
        }
        const n = Math.min(rest.length, length - done);
        into.set(rest.subarray(0, n), at + done);
        rest = rest.subarray(n);
        done += n;
      }
      return done;
    },
    async close() {
      await iterator.return?.();
    },
  };
}

/**
 * The input as UTF-8 when it starts with a UTF-16 byte order mark (as Windows PowerShell 5 writes
 * JSONL), recoded as it is read, so that its lines end at newline bytes like any other input's;
 * the input as it is otherwise. The mark is dropped.
 */
export async function utf8ByteReader(input: ByteReader): Promise<ByteReader> {
  const head = Buffer.alloc(2);
  let got = 0;
  for (let n = -1; got < 2 && n !== 0; got += n) n = await input.read(head, got, 2 - got);
  const encoding = utf16ByBom(head.subarray(0, got));
  if (!encoding) {
    // Give the bytes read back before the rest.
    let held = head.subarray(0, got);
    return {
      size: input.size,
      async read(into, at, length) {
        if (held.length === 0) return input.read(into, at, length);
        const n = Math.min(held.length, length);
        into.set(held.subarray(0, n), at);
        held = held.subarray(n);
        return n;
      },
      close: () => input.close(),
    };
  }
  const decoder = new TextDecoder(encoding, { fatal: true });
  const block = Buffer.allocUnsafe(1 << 16);
  let recoded: Buffer = Buffer.alloc(0);
  let ended = false;
  const recode = (bytes?: Uint8Array): Buffer => {
    try {
      return Buffer.from(bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode(), 'utf8');
    } catch {
      throw new Error(`not valid ${encoding.toUpperCase()} text`);
    }
  };
  return {
    async read(into, at, length) {
      while (recoded.length === 0 && !ended) {
        const n = await input.read(block, 0, block.length);
        ended = n === 0;
        recoded = recode(ended ? undefined : block.subarray(0, n));
      }
      const n = Math.min(recoded.length, length);
      into.set(recoded.subarray(0, n), at);
      recoded = recoded.subarray(n);
      return n;
    },
    close: () => input.close(),
  };
}

/**
 * Opens a file of lines to read in chunks: a regular file with positioned reads straight into the
 * caller's buffers (no stream buffers in between), a gzip file (by name or magic number) through
 * its unpacking stream.
 */
export async function openByteReader(file: string): Promise<ByteReader | { reason: string }> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    return { reason: `cannot read: ${describeFsError(error)}` };
  }
  try {
    const info = await handle.stat();
    const head = Buffer.alloc(2);
    if (info.isFile()) await handle.read(head, 0, 2, 0);
    const gzipped = file.toLowerCase().endsWith('.gz') || (head[0] === 0x1f && head[1] === 0x8b);
    if (info.isFile() && !gzipped) {
      let position = 0;
      return {
        size: info.size,
        async read(into, at, length) {
          const { bytesRead } = await handle.read(into, at, length, position);
          position += bytesRead;
          return bytesRead;
        },
        close: () => handle.close(),
      };
    }
    await handle.close();
    return info.isFile() ? streamByteReader(createReadStream(file, { highWaterMark: 1 << 20 }).pipe(createGunzip())) : { reason: 'not a regular file' };
  } catch (error) {
    await handle.close().catch(() => undefined);
    return { reason: `cannot read: ${describeFsError(error)}` };
  }
}

/** Why a stream of lines broke off: a corrupt gzip stream or a file system error. */
export function describeStreamError(error: unknown): string {
  const code = String((error as NodeJS.ErrnoException)?.code ?? '');
  return code.startsWith('Z_') ? `not a valid gzip stream (${(error as Error).message})` : describeFsError(error);
}

/**
 * Read stage: turn input files into raw documents. A text, Markdown or HTML file is one
 * document; a JSON file (object or array) and a JSONL file hold one document per record.
 * Whatever cannot be read becomes a `Skipped` entry with a reason, and reading goes on.
 */

import { closeSync, constants, createReadStream, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { describeFsError } from './discover.js';
import type { InputFile, RawDocument, Skipped, SourceFormat } from './types.js';

export interface ReadOptions {
  /** Record field holding the text; by default the first of TEXT_FIELDS present. */
  textField?: string;
  /** Record field holding the id; by default `id`, else the record's place in the file. */
  idField?: string;
  /** Files larger than this many bytes are skipped (JSONL files are streamed and limited per record). */
  maxFileSize: number;
}

export const TEXT_FIELDS = ['text', 'body', 'content', 'article', 'articleBody'];
const TITLE_FIELDS = ['title', 'headline', 'name'];
const URL_FIELDS = ['url', 'link', 'canonical_url', 'canonicalUrl', 'source_url'];
const DATE_FIELDS = ['date', 'published', 'publishedAt', 'published_at', 'datePublished', 'pubDate', 'time', 'timestamp'];

export const DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024;

export type ReadItem = { doc: RawDocument } | { skipped: Skipped };

/** Magic numbers of binary formats often saved under a text name by scrapers. */
const BINARY_SIGNATURES: [number[], string][] = [
  [[0x25, 0x50, 0x44, 0x46, 0x2d], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive'],
  [[0x52, 0x49, 0x46, 0x46], 'a RIFF (WebP, WAV or AVI) file'],
];

function binarySignature(bytes: Uint8Array): string | undefined {
  return BINARY_SIGNATURES.find(([magic]) => magic.every((b, i) => bytes[i] === b))?.[1];
}

/** UTF-16 without a byte order mark: one byte of each pair is zero for ASCII-range text. */
function bomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 1024) & ~1;
  if (n < 16) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.6 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.6 && oddZero < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/** Bytes 0x80-0x9F that windows-1252 leaves undefined. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * Whether bytes that are not UTF-8 read as plausible windows-1252 (latin-1) text: no control
 * characters but whitespace, no code points windows-1252 leaves undefined, and mostly ASCII
 * with scattered high bytes (accented letters, curly quotes, dashes) as Western European text
 * has. Binary data fails on control bytes; text in a multi-byte legacy encoding (Shift_JIS,
 * GBK) fails on the share of high bytes.
 */
export function looksLikeLegacyText(bytes: Uint8Array): boolean {
  let high = 0;
  for (const b of bytes) {
    if (b < 0x20 ? b !== 9 && b !== 10 && b !== 12 && b !== 13 : b === 0x7f || CP1252_UNDEFINED.has(b)) return false;
    if (b >= 0x80) high++;
  }
  return high <= bytes.length * 0.2;
}

/**
 * Decodes bytes as text: UTF-8 (with or without BOM), UTF-16 with or without a BOM, the charset
 * an HTML file declares, or windows-1252 when the bytes are not UTF-8 but read as Western
 * European text. Returns a reason instead when the bytes are not text.
 */
export function decodeText(bytes: Uint8Array, kind: InputFile['kind']): { text: string } | { reason: string } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith('utf-16le', bytes.subarray(2), 'UTF-16LE');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith('utf-16be', bytes.subarray(2), 'UTF-16BE');
  const signature = binarySignature(bytes);
  if (signature) return { reason: `binary content (${signature}, not text)` };
  const utf16 = bomlessUtf16(bytes);
  if (utf16) return decodeWith(utf16, bytes, utf16.toUpperCase());
  let body = bytes;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = bytes.subarray(3);
  const nul = body.indexOf(0);
  if (nul !== -1) return { reason: `binary content (NUL byte at offset ${nul})` };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    const declared = kind === 'html' ? declaredCharset(body) : undefined;
    if (declared && !/^utf-?8$/i.test(declared)) {
      const decoded = decodeWith(declared, body, declared);
      if ('text' in decoded) return decoded;
    }
    if (looksLikeLegacyText(body)) return { text: new TextDecoder('windows-1252').decode(body) };
    const claim = declared ? `, nor valid as its declared charset "${declared}"` : '';
    return { reason: `not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(body)})${claim}, and not plausible windows-1252 text; convert it to UTF-8 or declare its charset` };
  }
}

function decodeWith(encoding: string, bytes: Uint8Array, label: string): { text: string } | { reason: string } {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    return { reason: `unsupported charset "${label}"` };
  }
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    return { reason: `not valid ${label} text` };
  }
}

/** The charset of `<meta charset>` or `<meta http-equiv content="...charset=">` in the first 4 KB. */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += length;
  }
  return i;
}

function formatOf(kind: InputFile['kind']): SourceFormat {
  return kind === 'html' ? 'html' : kind === 'markdown' ? 'markdown' : 'text';
}

/**
 * Markup that only HTML has: a closing tag or a `<br>` of a common element, an `<html>` or `<body>`
 * tag, or an opening tag of a common element written in lower case or with attributes. Plain
 * newswire text carries angle-bracketed tickers in upper case (`PHILLIPS <P> RAISES CRUDE
 * POSTINGS`, `<DD>`), which are not markup.
 */
const LOWER_CASE_TAG = /<(?:p|div|article|span|section)[\s>]/;
const HTML_ONLY_MARKUP = /<\/(?:html|body|p|div|article|span|section|a|li|h[1-6]|td|tr|em|strong|b|i)\s*>|<br\s*\/?>|<(?:html|body)[\s>]|<[a-z][a-z0-9]*\s+[a-z-]+\s*=/i;

/** Record text that carries markup is cleaned as HTML. */
export function recordFormat(text: string): SourceFormat {
  const head = text.slice(0, 2000);
  // The patterns need a '<': a fast search rules out most plain texts before the slow ones.
  return head.includes('<') && (LOWER_CASE_TAG.test(head) || HTML_ONLY_MARKUP.test(head)) ? 'html' : 'text';
}

function firstString(record: Record<string, unknown>, fields: readonly string[]): string | undefined {
  for (const field of fields) {
    const value = record[field];
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (typeof value === 'number' && (field === 'id' || DATE_FIELDS.includes(field))) return String(value);
  }
  return undefined;
}

/** Turns one parsed JSON record into a document, or says why it cannot be one. */
export function recordToDocument(value: unknown, file: InputFile, place: string, record: number, options: ReadOptions): ReadItem {
  const where = `${file.displayPath}:${place}`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { skipped: { path: where, reason: 'record is not a JSON object' } };
  }
  const fields = value as Record<string, unknown>;
  const textFields = options.textField ? [options.textField] : TEXT_FIELDS;
  const text = firstString(fields, textFields);
  if (text === undefined) {
    return { skipped: { path: where, reason: `record has no text field (looked for ${textFields.join(', ')}; name one with --text-field)` } };
  }
  const idValue = fields[options.idField ?? 'id'];
  const id = typeof idValue === 'string' || typeof idValue === 'number' ? String(idValue) : where;
  return {
    doc: {
      id,
      path: file.displayPath,
      file: file.path,
      record,
      format: recordFormat(text),
      text,
      title: firstString(fields, TITLE_FIELDS),
      url: firstString(fields, URL_FIELDS),
      date: firstString(fields, DATE_FIELDS),
    },
  };
}

/** Why a file of `size` bytes (not a regular file when `regular` is false) is not read; undefined when it is. */
function unreadable(regular: boolean, size: number, maxFileSize: number): { reason: string } | undefined {
  if (!regular) return { reason: 'not a regular file' };
  if (size > maxFileSize) return { reason: `file is ${formatBytes(size)}, over the --max-file-size limit of ${formatBytes(maxFileSize)}` };
  return undefined;
}

/** A file's bytes, unpacked when they are gzip (recognised by name or by magic number, as a compressed download saved as .html). */
function unpacked(bytes: Uint8Array, file: InputFile, maxFileSize: number): Uint8Array | { reason: string } {
  const gzipped = file.path.toLowerCase().endsWith('.gz') || (bytes[0] === 0x1f && bytes[1] === 0x8b);
  if (!gzipped) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: maxFileSize });
  } catch (error) {
    return { reason: (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? `unpacked size over the --max-file-size limit of ${formatBytes(maxFileSize)}` : 'not a valid gzip file' };
  }
}

/**
 * A whole file's bytes, with blocking calls: the worker threads read most files, and blocking
 * costs them nothing while four asynchronous calls per file would each be a round trip to the
 * I/O threads. Opened non-blocking, so a FIFO that slipped past discovery is refused instead of
 * waited on.
 */
function readBytes(file: InputFile, maxFileSize: number): Uint8Array | { reason: string } {
  let fd: number;
  try {
    fd = openSync(file.path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { reason: `cannot read: ${describeFsError(error)}` };
  }
  try {
    const info = fstatSync(fd);
    return unreadable(info.isFile(), info.size, maxFileSize) ?? unpacked(readFileSync(fd), file, maxFileSize);
  } catch (error) {
    return { reason: `cannot read: ${describeFsError(error)}` };
  } finally {
    closeSync(fd);
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
 * Reads one input file into documents and skipped entries. For JSONL, `stdin` may carry the
 * bytes of any file (a slice of whole lines), numbered from `firstLine + 1`.
 */
export async function* readFileDocuments(file: InputFile, options: ReadOptions, stdin?: Readable, firstLine = 0): AsyncGenerator<ReadItem> {
  if (file.kind === 'jsonl') {
    yield* readJsonLines(file, options, stdin, firstLine);
    return;
  }
  yield* readWholeFile(file, options);
}

/** The documents of a whole file that is not JSONL (read with blocking calls, see readBytes). */
export function readWholeFile(file: InputFile, options: ReadOptions): ReadItem[] {
  if (file.kind === 'jsonl') throw new Error('JSONL files are read in chunks, not whole');
  return [...documentsOfBytes(readBytes(file, options.maxFileSize), file, options)];
}

/** The documents of one whole file's bytes (or the reason it could not be read). */
function* documentsOfBytes(bytes: Uint8Array | { reason: string }, file: InputFile, options: ReadOptions): Generator<ReadItem> {
  if (!(bytes instanceof Uint8Array)) {
    yield { skipped: { path: file.displayPath, reason: bytes.reason } };
    return;
  }
  const decoded = decodeText(bytes, file.kind);
  if ('reason' in decoded) {
    yield { skipped: { path: file.displayPath, reason: decoded.reason } };
    return;
  }
  if (file.kind === 'json') {
    yield* jsonDocuments(decoded.text, file, options);
    return;
  }
  if (decoded.text.trim() === '') {
    yield { skipped: { path: file.displayPath, reason: 'empty file' } };
    return;
  }
  yield { doc: { id: file.displayPath, path: file.displayPath, file: file.path, format: formatOf(file.kind), text: decoded.text } };
}

function* jsonDocuments(text: string, file: InputFile, options: ReadOptions): Generator<ReadItem> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    yield { skipped: { path: file.displayPath, reason: `malformed JSON: ${(error as Error).message}` } };
    return;
  }
  if (Array.isArray(parsed)) {
    if (parsed.length === 0) yield { skipped: { path: file.displayPath, reason: 'empty JSON array' } };
    for (let i = 0; i < parsed.length; i++) yield recordToDocument(parsed[i], file, `#${i + 1}`, i + 1, options);
    return;
  }
  const item = recordToDocument(parsed, file, '#1', 1, options);
  // A single object's default id is the file's path, as for a text file.
  if ('doc' in item && item.doc.id === `${file.displayPath}:#1`) item.doc.id = file.displayPath;
  if ('skipped' in item) item.skipped.path = file.displayPath;
  yield item;
}

/**
 * Splits a byte stream into lines without decoding the whole file at once. A line longer than
 * `maxLine` bytes is not held in memory: it comes out as its length alone.
 */
async function* lines(stream: AsyncIterable<Buffer | string>, maxLine: number): AsyncGenerator<Buffer | { oversize: number }> {
  let parts: Buffer[] = [];
  let size = 0;
  let dropping = false;
  for await (const data of stream) {
    // A stream with an encoding set gives strings; lines are split on bytes.
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(10, start);
      const piece = chunk.subarray(start, end === -1 ? chunk.length : end);
      size += piece.length;
      if (!dropping && size > maxLine) {
        dropping = true;
        parts = [];
      }
      if (!dropping) parts.push(piece);
      if (end === -1) break;
      yield dropping ? { oversize: size } : Buffer.concat(parts, size);
      parts = [];
      size = 0;
      dropping = false;
      start = end + 1;
    }
  }
  if (size > 0) yield dropping ? { oversize: size } : Buffer.concat(parts, size);
}

/** One JSONL line as text: UTF-8, else windows-1252 when it reads as such; a reason otherwise. */
function decodeLine(line: Buffer, knownUtf8: boolean): { text: string } | { reason: string } {
  const nul = line.indexOf(0);
  if (nul !== -1) return { reason: `binary content (NUL byte at offset ${nul} of the line)` };
  if (knownUtf8 || isUtf8(line)) return { text: line.toString('utf8') };
  if (looksLikeLegacyText(line)) return { text: new TextDecoder('windows-1252').decode(line) };
  return { reason: `line is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(line)}) and not plausible windows-1252 text` };
}

/**
 * One JSONL line (without its newline) as a read item, or undefined for a blank line.
 * `knownUtf8` says the caller already validated the bytes (a whole chunk at once is cheaper).
 */
function jsonLineItem(raw: Buffer, lineNumber: number, file: InputFile, options: ReadOptions, knownUtf8: boolean): ReadItem | undefined {
  const where = `${file.displayPath}:${lineNumber}`;
  if (raw.length > options.maxFileSize) {
    return { skipped: { path: where, reason: `record is ${formatBytes(raw.length)}, over the --max-file-size limit of ${formatBytes(options.maxFileSize)}` } };
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
  return recordToDocument(parsed, file, String(lineNumber), lineNumber, options);
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
 * Opens a file of lines for streaming: a regular file, unpacked on the fly when it is gzip
 * (recognised by name or by its magic number, as whole files are).
 */
export async function openLineStream(file: string, highWaterMark: number): Promise<{ stream: Readable } | { reason: string }> {
  let gzipped: boolean;
  try {
    const handle = await open(file, 'r');
    try {
      const info = await handle.stat();
      if (!info.isFile()) return { reason: 'not a regular file' };
      const head = Buffer.alloc(2);
      await handle.read(head, 0, 2, 0);
      gzipped = file.toLowerCase().endsWith('.gz') || (head[0] === 0x1f && head[1] === 0x8b);
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { reason: `cannot read: ${describeFsError(error)}` };
  }
  const stream = createReadStream(file, { highWaterMark });
  return { stream: gzipped ? stream.pipe(createGunzip()) : stream };
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
    if (info.isFile() && (readSync(fd, head, 0, 2, 0) < 2 || head[0] !== 0x1f || head[1] !== 0x8b)) return { fd, size: info.size };
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

async function* readJsonLines(file: InputFile, options: ReadOptions, stdin?: Readable, firstLine = 0): AsyncGenerator<ReadItem> {
  let source: Readable;
  if (file.path === '-' || stdin) {
    if (!stdin) throw new Error('standard input is not available');
    source = stdin;
  } else {
    const opened = await openLineStream(file.path, 1 << 20);
    if ('reason' in opened) {
      yield { skipped: { path: file.displayPath, reason: opened.reason } };
      return;
    }
    source = opened.stream;
  }
  let lineNumber = firstLine;
  try {
    for await (const raw of lines(source, options.maxFileSize)) {
      lineNumber++;
      if (!Buffer.isBuffer(raw)) {
        yield { skipped: { path: `${file.displayPath}:${lineNumber}`, reason: `record is ${formatBytes(raw.oversize)}, over the --max-file-size limit of ${formatBytes(options.maxFileSize)}` } };
        continue;
      }
      const item = jsonLineItem(raw, lineNumber, file, options, false);
      if (item) yield item;
    }
  } catch (error) {
    yield { skipped: { path: file.displayPath, reason: `read failed after line ${lineNumber}: ${describeStreamError(error)}` } };
    return;
  }
  if (lineNumber === 0) yield { skipped: { path: file.displayPath, reason: 'empty file' } };
}

/** Where a document came from, enough to read it again. */
export interface DocumentSource {
  file: string;
  path: string;
  kind: InputFile['kind'];
  record?: number;
}

/**
 * Reads documents again (to print or write canonical versions without holding every text in
 * memory): each file is read once, and a JSONL file only up to the last record asked for.
 */
export async function rereadDocuments(sources: readonly DocumentSource[], options: ReadOptions): Promise<Map<DocumentSource, RawDocument>> {
  const found = new Map<DocumentSource, RawDocument>();
  const byFile = new Map<string, DocumentSource[]>();
  for (const source of sources) {
    if (source.file === '-') continue;
    const list = byFile.get(source.file);
    if (list) list.push(source);
    else byFile.set(source.file, [source]);
  }
  for (const [file, wanted] of byFile) {
    const byRecord = new Map(wanted.map((s) => [s.record ?? 0, s]));
    let left = byRecord.size;
    const input: InputFile = { path: file, displayPath: wanted[0].path, kind: wanted[0].kind };
    for await (const item of readFileDocuments(input, options)) {
      if (!('doc' in item)) continue;
      const source = byRecord.get(item.doc.record ?? 0);
      if (!source) continue;
      found.set(source, item.doc);
      if (--left === 0) break;
    }
  }
  return found;
}

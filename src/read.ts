/**
 * Read stage: turn input files into raw documents. A text, Markdown or HTML file is one
 * document; a JSON file (object or array) and a JSONL file hold one document per record.
 * Whatever cannot be read becomes a `Skipped` entry with a reason, and reading goes on.
 */

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
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

/**
 * Decodes bytes as text: UTF-8 (with or without BOM), UTF-16 with a BOM, or the charset an
 * HTML file declares. Returns a reason instead when the bytes are not text.
 */
export function decodeText(bytes: Uint8Array, kind: InputFile['kind']): { text: string } | { reason: string } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith('utf-16le', bytes.subarray(2), 'UTF-16LE');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith('utf-16be', bytes.subarray(2), 'UTF-16BE');
  let body = bytes;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = bytes.subarray(3);
  const nul = body.indexOf(0);
  if (nul !== -1) return { reason: `binary content (NUL byte at offset ${nul})` };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    const declared = kind === 'html' ? declaredCharset(body) : undefined;
    if (declared && !/^utf-?8$/i.test(declared)) return decodeWith(declared, body, declared);
    return { reason: `not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(body)}); convert it to UTF-8 or declare its charset` };
  }
}

function decodeWith(encoding: string, bytes: Uint8Array, label: string): { text: string } | { reason: string } {
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes) };
  } catch (error) {
    if (error instanceof RangeError) return { reason: `unsupported charset "${label}"` };
    return { reason: `not valid ${label} text` };
  }
}

/** The charset of `<meta charset>` or `<meta http-equiv content="...charset=">` in the first 4 KB. */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1];
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

const HTML_HINT = /<\s*(html|body|p|div|article|br|span|section)\b[^>]*>/i;

/** Record text that carries markup is cleaned as HTML. */
function recordFormat(text: string): SourceFormat {
  return HTML_HINT.test(text.slice(0, 2000)) ? 'html' : 'text';
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

async function readBytes(file: InputFile, maxFileSize: number): Promise<Uint8Array | { reason: string }> {
  try {
    const handle = await open(file.path, 'r');
    try {
      const info = await handle.stat();
      if (!info.isFile()) return { reason: 'not a regular file' };
      if (info.size > maxFileSize) return { reason: `file is ${formatBytes(info.size)}, over the --max-file-size limit of ${formatBytes(maxFileSize)}` };
      const bytes = await handle.readFile();
      if (!file.path.toLowerCase().endsWith('.gz')) return bytes;
      try {
        const unpacked = gunzipSync(bytes, { maxOutputLength: maxFileSize });
        return unpacked;
      } catch (error) {
        return { reason: (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? `unpacked size over the --max-file-size limit of ${formatBytes(maxFileSize)}` : 'not a valid gzip file' };
      }
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { reason: `cannot read: ${describeFsError(error)}` };
  }
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
  const bytes = await readBytes(file, options.maxFileSize);
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

/** Splits a byte stream into lines without decoding the whole file at once. */
async function* lines(stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let pending: Buffer | undefined;
  for await (const chunk of stream) {
    let data = pending ? Buffer.concat([pending, chunk]) : chunk;
    let start = 0;
    for (;;) {
      const end = data.indexOf(10, start);
      if (end === -1) break;
      yield data.subarray(start, end);
      start = end + 1;
    }
    pending = start < data.length ? Buffer.from(data.subarray(start)) : undefined;
    data = Buffer.alloc(0);
  }
  if (pending && pending.length > 0) yield pending;
}

async function* readJsonLines(file: InputFile, options: ReadOptions, stdin?: Readable, firstLine = 0): AsyncGenerator<ReadItem> {
  let source: Readable;
  if (file.path === '-' || stdin) {
    if (!stdin) throw new Error('standard input is not available');
    source = stdin;
  } else {
    try {
      const handle = await open(file.path, 'r');
      const info = await handle.stat();
      await handle.close();
      if (!info.isFile()) {
        yield { skipped: { path: file.displayPath, reason: 'not a regular file' } };
        return;
      }
    } catch (error) {
      yield { skipped: { path: file.displayPath, reason: `cannot read: ${describeFsError(error)}` } };
      return;
    }
    source = createReadStream(file.path, { highWaterMark: 1 << 20 });
    if (file.path.toLowerCase().endsWith('.gz')) source = source.pipe(createGunzip());
  }
  let lineNumber = firstLine;
  let records = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const raw of lines(source)) {
      lineNumber++;
      const line = raw.length > 0 && raw[raw.length - 1] === 13 ? raw.subarray(0, raw.length - 1) : raw;
      if (line.length === 0 || (line.length < 64 && line.toString('latin1').trim() === '')) continue;
      const where = `${file.displayPath}:${lineNumber}`;
      if (line.length > options.maxFileSize) {
        yield { skipped: { path: where, reason: `record is ${formatBytes(line.length)}, over the --max-file-size limit of ${formatBytes(options.maxFileSize)}` } };
        continue;
      }
      let text: string;
      try {
        text = decoder.decode(lineNumber === 1 && line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf ? line.subarray(3) : line);
      } catch {
        yield { skipped: { path: where, reason: 'line is not valid UTF-8' } };
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        yield { skipped: { path: where, reason: `malformed JSON line: ${(error as Error).message}` } };
        continue;
      }
      records++;
      yield recordToDocument(parsed, file, String(lineNumber), lineNumber, options);
    }
  } catch (error) {
    yield { skipped: { path: file.displayPath, reason: `read failed after line ${lineNumber}: ${describeFsError(error)}` } };
    return;
  }
  if (records === 0 && lineNumber === 0) yield { skipped: { path: file.displayPath, reason: 'empty file' } };
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

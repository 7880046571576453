/**
 * Records: input files and JSON records as raw documents. A text, Markdown or HTML file is one
 * document; a JSON file (object or array) and a JSONL file hold one document per record.
 * Whatever cannot be read becomes a `Skipped` entry with a reason, and reading goes on.
 */
import type { InputFile, RawDocument, Skipped, SourceFormat } from '../types.js';
import { dateText } from './dates.js';
import { decodeText } from './decode.js';
import { splitFrontMatter } from './front-matter.js';
import { numberTokensOf } from './number-tokens.js';
import { readBytes } from './open.js';

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

export type ReadItem = { doc: RawDocument } | { skipped: Skipped };
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
    if (typeof value === 'number' && field === 'id') return String(value);
  }
  return undefined;
}

/** The first date field (`date`, `published`, ... `timestamp`), an epoch number read as the date it is. */
function firstDate(fields: Record<string, unknown>): string | undefined {
  for (const field of DATE_FIELDS) {
    const value = fields[field];
    if ((typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.trim() !== '')) return dateText(value);
  }
  return undefined;
}

/** The number a record's field holds as its source writes it (see number-tokens.ts). */
export type NumberAsWritten = (field: string) => string | undefined;

/**
 * A numeric id as a text: a safe integer is exact as parsed; anything else (an integer beyond
 * 2^53, a fraction, an exponent, beyond doubles) is taken as written, which costs a scan of the text.
 */
function numericId(value: number, field: string, asWritten: NumberAsWritten | undefined): string {
  return (Number.isSafeInteger(value) && !Object.is(value, -0) ? undefined : asWritten?.(field)) ?? String(value);
}

/**
 * Turns one parsed JSON record into a document, or says why it cannot be one. A numeric id is
 * taken as written (`asWritten`), never as JSON.parse rounded it.
 */
export function recordToDocument(value: unknown, file: InputFile, place: string, record: number, options: ReadOptions, asWritten?: NumberAsWritten): ReadItem {
  const where = `${file.displayPath}:${place}`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { skipped: { path: where, reason: 'record is not a JSON object' } };
  }
  const fields = value as Record<string, unknown>;
  const textFields = options.textField ? [options.textField] : TEXT_FIELDS;
  const text = firstString(fields, textFields);
  if (text === undefined) {
    const blank = textFields.find((f) => typeof fields[f] === 'string');
    if (blank !== undefined) return { skipped: { path: where, reason: `record's text field "${blank}" is empty` } };
    return { skipped: { path: where, reason: `record has no text field (looked for ${textFields.join(', ')}; name one with --text-field)` } };
  }
  const idField = options.idField ?? 'id';
  const idValue = fields[idField];
  const id = typeof idValue === 'string' ? idValue : typeof idValue === 'number' ? numericId(idValue, idField, asWritten) : where;
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
      date: firstDate(fields),
    },
  };
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
  // A Markdown page's front matter is its metadata, not its text.
  const front = file.kind === 'markdown' ? splitFrontMatter(decoded.text) : undefined;
  const text = front ? front.body : decoded.text;
  if (text.trim() === '') {
    yield { skipped: { path: file.displayPath, reason: 'empty file' } };
    return;
  }
  const metadata = front ? { title: firstString(front.fields, TITLE_FIELDS), url: firstString(front.fields, URL_FIELDS), date: firstDate(front.fields) } : {};
  yield { doc: { id: file.displayPath, path: file.displayPath, file: file.path, format: formatOf(file.kind), text, ...metadata } };
}

/**
 * How a JSON file holds its records: an array of them, an object wrapping one array of them
 * (`{"articles": [...]}`, as many APIs answer), one object, or JSON lines in a file named .json.
 * Records are numbered from 1: by index in the array, by line for JSON lines.
 */
export type JsonLayout =
  | { kind: 'array'; records: unknown[] }
  | { kind: 'wrapped'; key: string; records: unknown[] }
  | { kind: 'object'; records: unknown[] }
  | { kind: 'lines'; lines: { line: number; text: string }[] };

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The layout of a JSON file's text, or why it holds no records. */
export function jsonLayoutOf(text: string, textField?: string): JsonLayout | { reason: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const lines = text.split('\n').flatMap((line, i) => (line.trim() === '' ? [] : [{ line: i + 1, text: line.replace(/\r$/, '') }]));
    // JSONL saved under a .json name: two or more lines, the first a whole JSON object.
    if (lines.length >= 2 && isObject(parseOrUndefined(lines[0].text))) return { kind: 'lines', lines };
    return { reason: `malformed JSON: ${(error as Error).message}` };
  }
  if (Array.isArray(parsed)) return { kind: 'array', records: parsed };
  if (isObject(parsed) && !(textField ? [textField] : TEXT_FIELDS).some((field) => field in parsed)) {
    const wrappers = Object.entries(parsed).filter(([, value]) => Array.isArray(value) && value.length > 0 && value.every(isObject));
    if (wrappers.length === 1) return { kind: 'wrapped', key: wrappers[0][0], records: wrappers[0][1] as unknown[] };
  }
  return { kind: 'object', records: [parsed] };
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function* jsonDocuments(text: string, file: InputFile, options: ReadOptions): Generator<ReadItem> {
  const layout = jsonLayoutOf(text, options.textField);
  if ('reason' in layout) {
    yield { skipped: { path: file.displayPath, reason: layout.reason } };
    return;
  }
  if (layout.kind === 'lines') {
    for (const { line, text: lineText } of layout.lines) {
      let value: unknown;
      try {
        value = JSON.parse(lineText);
      } catch (error) {
        yield { skipped: { path: `${file.displayPath}:${line}`, reason: `malformed JSON line: ${(error as Error).message}` } };
        continue;
      }
      yield recordToDocument(value, file, String(line), line, options, (field) => numberTokensOf(lineText, field).get(0));
    }
    return;
  }
  // Read from the text once, and only when some record has a numeric id.
  let tokens: Map<number, string> | undefined;
  const wrapper = layout.kind === 'wrapped' ? layout.key : undefined;
  const asWritten = (index: number): NumberAsWritten => (field) => (tokens ??= numberTokensOf(text, field, wrapper)).get(index);
  if (layout.kind !== 'object') {
    if (layout.records.length === 0) yield { skipped: { path: file.displayPath, reason: 'empty JSON array' } };
    for (let i = 0; i < layout.records.length; i++) yield recordToDocument(layout.records[i], file, `#${i + 1}`, i + 1, options, asWritten(i));
    return;
  }
  const item = recordToDocument(layout.records[0], file, '#1', 1, options, asWritten(0));
  // A single object's default id is the file's path, as for a text file.
  if ('doc' in item && item.doc.id === `${file.displayPath}:#1`) item.doc.id = file.displayPath;
  if ('skipped' in item) item.skipped.path = file.displayPath;
  yield item;
}

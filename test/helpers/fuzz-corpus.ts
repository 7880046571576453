/**
 * fast-check generators of hostile corpora for the fuzz tests: folders of random-byte files,
 * random HTML trees, Markdown, random JSON and JSONL (valid and broken lines, odd types, huge,
 * empty and duplicate ids) and text in every script with combining marks, bidi controls,
 * zero-width characters, lone surrogates and NUL. Each generated file says what a report must
 * account for in it (the file, or each of its records), so a test can check that nothing is lost.
 */

import fc from 'fast-check';
import { gzipSync } from 'node:zlib';

/** Words of many scripts (Thai and Japanese without spaces, Arabic with tatweel and harakat). */
const SCRIPT_WORDS = [
  'harbour', 'council', 'budget', 'bridge', 'Straße', 'naïve', 'café', 'ÆØÅ', 'İstanbul', 'ﬁnance',
  'москва', 'новости', 'Ελλάδα', 'ειδήσεις', 'שלום', 'חדשות', 'مرحبا', 'الأخبار', 'العـــربية', 'كَتَبَ',
  'नमस्ते', 'समाचार', 'বাংলা', 'தமிழ்', 'తెలుగు', 'ಕನ್ನಡ', 'ไทยข่าววันนี้', 'ລາວ', 'ខ្មែរ', 'မြန်မာ',
  '中文新闻', '日本のニュース', '한국어', '각', 'ქართული', 'Հայերեն', 'አማርኛ', 'ᏣᎳᎩ', 'ᠮᠣᠩᠭᠣᠯ', 'བོད་ཡིག',
  '𝔐𝔞𝔱𝔥', '𐐷𐐸', '👨‍👩‍👧', '🏳️‍🌈', '12.5%', '1,000', '$3.2bn', '2024-03-05', 'Ⅻ', '①',
];

/** Characters that trip up text handling: marks, direction controls, invisible and non-characters, lone surrogates, NUL, escapes. */
const ODD_CHARACTERS = [
  '\u0301', '\u0308\u0323\u0301\u0302', 'e\u0301', '\u202e', '\u202d', '\u2066', '\u2069', '\u200e', '\u200f', '\u061c',
  '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u0640', '\u034f', '\u180e', '\u3000',
  '\u0000', '\ud800', '\udfff', '\udbff\udbff', '\ufffd', '\ufffe', '\uffff', '\u{10ffff}', '\u{e0001}', '\u{1d173}',
  '\u0085', '\u2028', '\u2029', '\r', '\u000b', '\u000c', '\u001b[2K', '\u001b]52;c;eA==\u0007', '\u009b31m', '\u00a0',
];

/** A word: of some script, arbitrary graphemes, or arbitrary code points (lone surrogates included). */
const word = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...SCRIPT_WORDS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...SCRIPT_WORDS), fc.constantFrom(...ODD_CHARACTERS), fc.nat(12)).map(([w, odd, at]) => w.slice(0, at) + odd + w.slice(at)) },
);

const separator = fc.constantFrom(' ', ' ', ' ', ', ', '. ', '.\n', '\n\n', '\r\n', '\t', ' \u00a0', '\u3002', ' - ');

/** Text in every script with odd characters among the words: a short line up to a few paragraphs. */
export const unicodeText = fc
  .array(fc.oneof({ weight: 8, arbitrary: fc.tuple(word, separator).map(([w, s]) => w + s) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_CHARACTERS) }), { maxLength: 120 })
  .map((parts) => parts.join(''));

const TAGS = ['div', 'p', 'span', 'a', 'b', 'i', 'article', 'section', 'nav', 'header', 'footer', 'aside', 'ul', 'li', 'table', 'tr', 'td', 'h1', 'h2', 'pre', 'blockquote', 'figure', 'font', 'x-widget', 'svg', 'math', 'template', 'noscript', 'iframe', 'form', 'select', 'option', 'textarea', 'title', 'body', 'html', 'head'];
const VOID_TAGS = ['br', 'hr', 'img', 'meta', 'link', 'input', 'wbr', 'base'];
const ENTITIES = ['&amp;', '&lt;', '&gt;', '&nbsp;', '&shy;', '&#0;', '&#xD800;', '&#x10FFFF;', '&#1114112;', '&#x1F600;', '&bogus;', '&amp', '&#', '&#x;', '&quot;', '&#39;', '&zwj;', '&rlm;'];

const COMMENT_OPEN = '<!--';
const COMMENT_CLOSE = '-->';

const attribute = fc
  .tuple(fc.constantFrom('class', 'id', 'href', 'style', 'lang', 'dir', 'charset', 'content', 'http-equiv', 'rel', 'itemprop', 'onload', 'data-x', '"', '='), fc.oneof(fc.constantFrom('nav', 'article', 'content', 'footer', 'rtl', 'utf-8', 'utf-16', 'windows-1252', 'canonical', 'javascript:alert(1)', '', '"', "'"), unicodeText))
  .map(([name, value]) => ` ${name}="${value.replace(/"/g, '&quot;')}"`);

/** A random HTML tree: nested and unclosed tags, comments, entities, scripts, styles and CDATA. */
const htmlNode: fc.Arbitrary<string> = fc.letrec<{ node: string; element: string }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 6, depthIdentifier: 'html' },
    { weight: 4, arbitrary: unicodeText },
    { weight: 1, arbitrary: fc.constantFrom(...ENTITIES) },
    { weight: 1, arbitrary: unicodeText.map((t) => COMMENT_OPEN + t + COMMENT_CLOSE) },
    { weight: 1, arbitrary: fc.constantFrom(COMMENT_OPEN, COMMENT_CLOSE, `${COMMENT_OPEN} a -- b ${COMMENT_CLOSE}`, '<![CDATA[x]]>', '<?php echo 1; ?>', '</p>', '</div>', '<', '>', '< p>', '<p', '<!DOCTYPE html>', '<br/>', '<script>', '</script>', '<style>', '<scr<script>ipt>') },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('script', 'style', 'textarea', 'title', 'noscript'), unicodeText).map(([tag, body]) => `<${tag}>${body}</${tag}>`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...VOID_TAGS), fc.array(attribute, { maxLength: 2 })).map(([tag, attrs]) => `<${tag}${attrs.join('')}>`) },
    { weight: 4, arbitrary: tie('element') },
  ),
  element: fc
    .tuple(fc.constantFrom(...TAGS), fc.array(attribute, { maxLength: 3 }), fc.array(tie('node'), { maxLength: 5, depthIdentifier: 'html' }), fc.constantFrom('closed', 'closed', 'unclosed', 'mismatched', 'upper'))
    .map(([tag, attrs, children, close]) => {
      const open = close === 'upper' ? tag.toUpperCase() : tag;
      const end = close === 'closed' || close === 'upper' ? `</${open}>` : close === 'mismatched' ? '</em>' : '';
      return `<${open}${attrs.join('')}>${children.join('')}${end}`;
    }),
})).node;

/** A page: nothing, a doctype, a head with meta tags, or an XML declaration before the tree. */
export const htmlPage = fc
  .tuple(
    fc.constantFrom('', '<!DOCTYPE html>', '\ufeff<!doctype html><html><head><meta charset="utf-8"><title>Headline</title></head><body>', '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">', '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>', '<meta charset="utf-16">'),
    fc.array(htmlNode, { maxLength: 6 }),
  )
  .map(([head, nodes]) => head + nodes.join('\n'));

/** Markdown: headings, links, images, emphasis and code around text. */
export const markdownText = fc
  .array(fc.oneof(unicodeText, unicodeText.map((t) => `# ${t}`), unicodeText.map((t) => `[${t}](http://a.example/${t.slice(0, 8).replace(/[\s()]/g, "-")})`), fc.constantFrom('![img](x.png)', '**', '`code`', '```\nblock\n```', '---\ntitle: x\n---', '> quote', '- item', '1. item', '<div>', '[', '![', '|a|b|\n|-|-|')), { maxLength: 12 })
  .map((parts) => parts.join('\n\n'));

/** What a generated file holds, and therefore what a report must account for. */
export type Expected =
  /** One document: the file is a member or skipped. */
  | { kind: 'file' }
  /** Records at these line numbers (JSONL): each is a member or skipped, unless the whole file is skipped. */
  | { kind: 'lines'; lines: number[] }
  /** A JSON array of this many elements: each is a member or skipped, unless the whole file is skipped. */
  | { kind: 'array'; length: number };

export interface FuzzFile {
  name: string;
  bytes: Uint8Array;
  expected: Expected;
}

/** A file as a failing case prints it: its name and its bytes in base64, to write it again and replay. */
function printable(file: FuzzFile): FuzzFile {
  return Object.assign(file, { [fc.toStringMethod]: () => `${JSON.stringify(file.name)}: base64 ${Buffer.from(file.bytes).toString('base64')}` });
}

/** A raw JSON value for an id: the odd types, huge numbers JSON.parse rounds, huge and empty strings, and a few shared ones. */
const rawId = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('"dup"', '"dup"', '""', '"a/../b"', '"<stdin>"', '"f0.jsonl:2"', '"dup#2"', 'null', 'true', '[]', '{}', '-0', '1e400', '123456789012345678901', '9007199254740993', '0.1') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }).map((s) => JSON.stringify(s)) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 3 }), fc.integer({ min: 1000, max: 60_000 })).map(([s, n]) => JSON.stringify(s.repeat(n))) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);

/** A record's text value: any text, an HTML fragment or page, an empty string, or a value of the wrong type. */
const rawText = fc.oneof(
  { weight: 6, arbitrary: unicodeText.map((t) => JSON.stringify(t)) },
  { weight: 2, arbitrary: htmlPage.map((t) => JSON.stringify(t)) },
  { weight: 1, arbitrary: fc.constantFrom('""', '" "', 'null', '42', '["a","b"]', '{"text":"nested"}', 'false') },
);

/** A JSONL line: a record (with any id, title and text field), a broken or truncated line, a blank line, or invalid bytes. */
const jsonlLine: fc.Arbitrary<Uint8Array> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.option(rawId, { nil: undefined }), fc.constantFrom('text', 'text', 'body', 'content', 'articleBody', 'txt'), rawText, fc.option(rawText, { nil: undefined }), fc.constantFrom('', ',"__proto__":{"text":"x"}', ',"url":"http://a.example/1"', ',"date":"12"'))
      .map(([id, field, text, title, extra]) => Buffer.from(`{${id !== undefined ? `"id":${id},` : ''}"${field}":${text}${title !== undefined ? `,"title":${title}` : ''}${extra}}`)),
  },
  { weight: 1, arbitrary: fc.tuple(rawText, fc.nat()).map(([text, cut]) => Buffer.from(`{"id":"t","text":${text}}`.slice(0, 1 + (cut % 40)))) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t', '\r', '[]', '[1,2]', '"text"', '7', 'null', '{', '}', '{}', ' '.repeat(70), '\ufeff{"text":"after a byte order mark"}').map((s) => Buffer.from(s)) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) => bytes.map((b) => (b === 10 ? 32 : b))) },
);

/** Lines that the readers leave out as blank; every other line is a record to account for. */
function isBlankLine(line: Uint8Array): boolean {
  return line.every((b) => b === 32 || (b >= 9 && b <= 13));
}

/** A JSONL file of lines joined by LF or CRLF, with or without a last newline. */
const jsonlFile = fc.tuple(fc.array(jsonlLine, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean()).map(([lines, eol, lastNewline]) => {
  const parts: Buffer[] = [];
  lines.forEach((line, i) => parts.push(Buffer.from(line), Buffer.from(i < lines.length - 1 || lastNewline ? eol : '')));
  const records = lines.flatMap((line, i) => (isBlankLine(line) ? [] : [i + 1]));
  return { bytes: new Uint8Array(Buffer.concat(parts)), expected: { kind: 'lines', lines: records } as Expected };
});

/** A JSON file: an array of records, one object, or broken JSON. */
const jsonFile = fc.oneof(
  fc.array(fc.tuple(fc.option(rawId, { nil: undefined }), rawText), { maxLength: 6 }).map((records) => ({
    bytes: new Uint8Array(Buffer.from(`[${records.map(([id, text]) => `{${id !== undefined ? `"id":${id},` : ''}"text":${text}}`).join(',')}]`)),
    expected: (records.length === 0 ? { kind: 'file' } : { kind: 'array', length: records.length }) as Expected,
  })),
  fc.tuple(fc.option(rawId, { nil: undefined }), rawText).map(([id, text]) => ({ bytes: new Uint8Array(Buffer.from(`{${id !== undefined ? `"id":${id},` : ''}"text":${text}}`)), expected: { kind: 'file' } as Expected })),
  fc.constantFrom('', '[', '{"text":', '[1,2,3]', 'null', '"just a string"', '[' + '['.repeat(5000)).map((s) => ({ bytes: new Uint8Array(Buffer.from(s)), expected: (s === '[1,2,3]' ? { kind: 'array', length: 3 } : { kind: 'file' }) as Expected })),
);

const text = (source: fc.Arbitrary<string>) => source.map((s) => ({ bytes: new Uint8Array(Buffer.from(s)), expected: { kind: 'file' } as Expected }));

/** Random bytes, sometimes behind a UTF-8 or UTF-16 byte order mark or a gzip header. */
const randomBytes = fc.tuple(fc.constantFrom([], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0x1f, 0x8b, 0x08, 0x00]), fc.uint8Array({ maxLength: 600 })).map(([head, body]) => new Uint8Array([...head, ...body]));

/** File names: plain, with spaces, non-ASCII or control characters, in a subfolder. */
const baseName = fc.constantFrom('story', 'page 2', 'über-news', 'новость', '記事', 'a\u001b[31mred', 'line\nbreak', '-dash', 'sub/inner', 'sub/deeper/x');

/** One generated input file of a given kind (its name made unique by `index`). */
function fuzzFile(index: number): fc.Arbitrary<FuzzFile> {
  const named = (ext: string, content: fc.Arbitrary<{ bytes: Uint8Array; expected: Expected }>) =>
    fc.tuple(baseName, content).map(([base, c]) => ({ name: `${base}-${index}${ext}`, ...c }));
  const gzipped = (ext: string, content: fc.Arbitrary<{ bytes: Uint8Array; expected: Expected }>) =>
    content.map((c) => ({ bytes: new Uint8Array(gzipSync(c.bytes)), expected: c.expected })).map((c) => ({ name: `packed-${index}${ext}.gz`, ...c }));
  return fc.oneof(
    { weight: 3, arbitrary: named('.txt', text(unicodeText)) },
    { weight: 3, arbitrary: named('.html', text(htmlPage)) },
    { weight: 1, arbitrary: named('.htm', text(htmlPage)) },
    { weight: 2, arbitrary: named('.md', text(markdownText)) },
    { weight: 4, arbitrary: named('.jsonl', jsonlFile) },
    { weight: 1, arbitrary: named('.ndjson', jsonlFile) },
    { weight: 2, arbitrary: named('.json', jsonFile) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('.txt', '.html', '.md', '.jsonl', '.json'), randomBytes).map(([ext, bytes]) => ({ name: `bytes-${index}${ext}`, bytes, expected: (ext === '.jsonl' ? jsonlExpectation(bytes) : { kind: 'file' }) as Expected })) },
    { weight: 1, arbitrary: gzipped('.txt', text(unicodeText)) },
    { weight: 1, arbitrary: gzipped('.jsonl', jsonlFile) },
    { weight: 1, arbitrary: randomBytes.map((bytes) => ({ name: `broken-${index}.jsonl.gz`, bytes: new Uint8Array([0x1f, 0x8b, ...bytes]), expected: { kind: 'file' } as Expected })) },
  );
}

/** The records a JSONL file of arbitrary bytes holds: its lines that are not blank. */
function jsonlExpectation(bytes: Uint8Array): Expected {
  const lines: number[] = [];
  let start = 0;
  for (let n = 1; start <= bytes.length; n++) {
    let end = bytes.indexOf(10, start);
    if (end === -1) end = bytes.length;
    if (end > start && !isBlankLine(bytes.subarray(start, end))) lines.push(n);
    start = end + 1;
  }
  return { kind: 'lines', lines };
}

/**
 * A corpus: up to `maxFiles` generated files, plus byte-for-byte copies of some of them under
 * other names (copies must end in one cluster, or be skipped alike).
 */
export function fuzzCorpus(maxFiles: number): fc.Arbitrary<{ files: FuzzFile[]; copies: [string, string][] }> {
  return fc
    .integer({ min: 1, max: maxFiles })
    .chain((n) => fc.tuple(fc.tuple(...Array.from({ length: n }, (_, i) => fuzzFile(i))), fc.subarray(Array.from({ length: n }, (_, i) => i), { maxLength: Math.min(3, n) })))
    .map(([files, copied]) => {
      const copies: [string, string][] = [];
      const all = [...files];
      for (const i of copied) {
        const original = files[i];
        const name = original.name.replace(/(\.[a-z]+(\.gz)?)$/, `-copy$1`);
        all.push({ name, bytes: original.bytes, expected: original.expected });
        copies.push([original.name, name]);
      }
      return { files: all.map(printable), copies };
    });
}

/**
 * Tokens: Unicode normalisation, word tokens of any script, and the 32-bit hashes every sketch
 * is built from. The one-pass scanner tokenises and hashes ordinary text straight from the raw
 * string, with a table per UTF-16 code unit; text it cannot take falls back to `tokenize`.
 */

/**
 * Unicode NFKC, case folding, and one form for quotes, apostrophes and dashes, so that
 * typographic variants of one text tokenise alike.
 */
export function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032\u00b4`]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-');
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** Word tokens of normalised text: runs of letters and digits in any script. */
export function tokenize(text: string): string[] {
  return normalize(text).match(WORD) ?? [];
}

function hasDigit(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** 32-bit FNV-1a over UTF-16 code units, finished with a murmur3 avalanche. */
export function hashString(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** murmur3's finaliser: every input bit affects every output bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines an accumulated hash with the next value (order-sensitive). */
export function combine(acc: number, value: number): number {
  return fmix32((Math.imul(acc ^ value, 0x9e3779b1) + 0x7f4a7c15) >>> 0);
}

/**
 * How each UTF-16 code unit tokenises after `normalize`, so that ordinary text is tokenised and
 * hashed in one pass over the raw string, with no normalised copy and no token strings:
 * SEPARATOR (not part of a word), a positive value (the single code unit it becomes inside a
 * word), or CONTEXTUAL when normalising it depends on its neighbours (combining marks, Hangul
 * jamo, final sigma, surrogates, ligatures); a text holding one of those takes the reference
 * path (normalize, then the regular expression). Filled lazily from `normalize` itself, so both
 * paths agree by construction.
 */
const SEPARATOR = 0;
const CONTEXTUAL = -1;
const UNKNOWN = -2;
const codeUnitClass = new Int32Array(65536).fill(UNKNOWN);
const MARK = /\p{M}/u;
const WORD_UNIT = /^[\p{L}\p{N}\p{M}]$/u;

function isContextual(c: number): boolean {
  return (
    (c >= 0xd800 && c <= 0xdfff) || // surrogate halves: astral characters
    (c >= 0x1100 && c <= 0x11ff) || // Hangul jamo compose with their neighbours
    (c >= 0x3130 && c <= 0x318f) ||
    (c >= 0xa960 && c <= 0xa97f) ||
    (c >= 0xac00 && c <= 0xd7ff) ||
    (c >= 0xffa0 && c <= 0xffdc) ||
    c === 0x03a3 // capital sigma lowercases to final sigma at a word's end
  );
}

function classifyCodeUnit(c: number): number {
  if (isContextual(c)) return CONTEXTUAL;
  const ch = String.fromCharCode(c);
  if (MARK.test(ch)) return CONTEXTUAL;
  const normal = normalize(ch);
  WORD.lastIndex = 0;
  if (!WORD.test(normal)) return SEPARATOR;
  if (normal.length !== 1) return CONTEXTUAL;
  const unit = normal.charCodeAt(0);
  if (MARK.test(normal) || isContextual(unit) || !WORD_UNIT.test(normal)) return CONTEXTUAL;
  return unit;
}

/** Set in a class table entry whose unit is a digit 0-9 (a token holding one is a figure). */
const DIGIT = 0x10000;

function tableEntry(c: number): number {
  const unit = classifyCodeUnit(c);
  return unit >= 48 && unit <= 57 ? unit | DIGIT : unit;
}

for (let c = 0; c < 128; c++) codeUnitClass[c] = tableEntry(c);

/**
 * Hashes the word tokens of `text` exactly as `hashString(token, seed)` over `tokenize(text)`
 * would, into `tokenHashes`, and marks in `digitFlags` the tokens holding a digit. Returns false (and
 * leaves the buffers in an unspecified state) when the text needs the reference path.
 */
export function scanTokens(text: string, seed: number, out: TokenBuffers): boolean {
  const classes = codeUnitClass;
  const start = (0x811c9dc5 ^ seed) >>> 0;
  const n = text.length;
  // A text of n code units holds at most n/2 + 1 tokens: no bounds checks in the loop.
  while (out.tokenHashes.length < (n >> 1) + 1) out.growTokens();
  const hashes = out.tokenHashes;
  const digits = out.digitFlags;
  let count = 0;
  let h = start;
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let unit = classes[c];
    if (unit < 0) {
      if (unit === UNKNOWN) unit = classes[c] = tableEntry(c);
      if (unit === CONTEXTUAL) return false;
    }
    if (unit !== SEPARATOR) {
      h = Math.imul(h ^ (unit & 0xffff), 0x01000193);
      seen |= unit | 0x20000;
    } else if (seen !== 0) {
      const hash = fmix32(h);
      digits[count] = seen & DIGIT ? 1 : 0;
      hashes[count++] = hash;
      h = start;
      seen = 0;
    }
  }
  if (seen !== 0) {
    const hash = fmix32(h);
    digits[count] = seen & DIGIT ? 1 : 0;
    hashes[count++] = hash;
  }
  out.tokenCount = count;
  return true;
}

/** Reusable buffers of token hashes and digit flags (each MinHasher owns one). */
export class TokenBuffers {
  tokenHashes: Uint32Array = new Uint32Array(4096);
  /** 1 where the token holds a digit. */
  digitFlags: Uint8Array = new Uint8Array(4096);
  tokenCount = 0;

  growTokens(): void {
    const grown = new Uint32Array(this.tokenHashes.length * 2);
    grown.set(this.tokenHashes);
    this.tokenHashes = grown;
    const flags = new Uint8Array(grown.length);
    flags.set(this.digitFlags);
    this.digitFlags = flags;
  }

  /** Token hashes and digit flags of already-tokenised text. */
  fill(tokens: readonly string[], seed: number): void {
    while (this.tokenHashes.length < tokens.length) this.growTokens();
    for (let i = 0; i < tokens.length; i++) {
      this.tokenHashes[i] = hashString(tokens[i], seed);
      this.digitFlags[i] = hasDigit(tokens[i]) ? 1 : 0;
    }
    this.tokenCount = tokens.length;
  }
}

/** The distinct shingles (runs of shingleSize tokens, joined by a space) of a token sequence; a shorter sequence is one shingle. */
export function shingleStrings(tokens: readonly string[], shingleSize: number): Set<string> {
  const out = new Set<string>();
  const width = Math.min(shingleSize, tokens.length);
  for (let i = 0; i + width <= tokens.length && tokens.length > 0; i++) out.add(tokens.slice(i, i + width).join(' '));
  return out;
}

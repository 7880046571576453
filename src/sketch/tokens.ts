/**
 * Tokens: Unicode normalisation, word tokens of any script, and the 32-bit hashes every sketch
 * is built from. The one-pass scanner tokenises and hashes ordinary text straight from the raw
 * string, with a table per UTF-16 code unit; text it cannot take falls back to `tokenize`.
 */

/**
 * Characters that never separate words and are dropped before tokenising: the soft hyphen,
 * zero-width space, non-joiner and joiner, word joiner, byte order mark, bidirectional marks,
 * the Arabic tatweel and the Arabic vowel signs (harakat), which a copy may carry or lose.
 */
const IGNORABLE = /[\u00ad\u034f\u061c\u0640\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Letters written in several forms across Arabic-script languages, folded to one: Farsi yeh and alef maksura to yeh, keheh to kaf, alef with hamza or madda to alef. */
const ARABIC_FOLD: ReadonlyMap<string, string> = new Map([
  ['\u06cc', '\u064a'],
  ['\u0649', '\u064a'],
  ['\u06a9', '\u0643'],
  ['\u0622', '\u0627'],
  ['\u0623', '\u0627'],
  ['\u0625', '\u0627'],
  ['\u0671', '\u0627'],
]);
const ARABIC_VARIANT = /[\u06cc\u0649\u06a9\u0622\u0623\u0625\u0671]/g;

/**
 * Case folding beyond lower case, so that a headline set in capitals matches its text: Greek
 * capitals are written without their accent (tonos), Turkish capitals lose the dot that tells i
 * from ı, and Russian writes ё as е as often as not.
 */
const CASE_FOLD: ReadonlyMap<string, string> = new Map([
  ['\u03ac', '\u03b1'],
  ['\u03ad', '\u03b5'],
  ['\u03ae', '\u03b7'],
  ['\u03af', '\u03b9'],
  ['\u03cc', '\u03bf'],
  ['\u03cd', '\u03c5'],
  ['\u03ce', '\u03c9'],
  ['\u0390', '\u03ca'],
  ['\u03b0', '\u03cb'],
  ['\u0131', 'i'],
  ['\u0451', '\u0435'],
]);
const CASE_VARIANT = /[\u03ac-\u03af\u03cc-\u03ce\u0390\u03b0\u0131\u0451]/g;

/** Decimal digits of every numeral system but ASCII (Arabic-Indic, Persian, Devanagari, Thai, full-width, ...). */
const OTHER_DIGIT = /(?![0-9])\p{Nd}/gu;
const DECIMAL_DIGIT = /^\p{Nd}$/u;
const digitValues = new Map<string, string>();

/** The value of a decimal digit: Unicode lays out every numeral system's digits as ten consecutive code points from zero. */
function asciiDigit(digit: string): string {
  let value = digitValues.get(digit);
  if (value === undefined) {
    const code = digit.codePointAt(0)!;
    let zero = code;
    while (DECIMAL_DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
    value = String((code - zero) % 10);
    digitValues.set(digit, value);
  }
  return value;
}

/**
 * Unicode NFKC (full-width forms, ligatures, compatibility digits), case folding (Greek
 * accents, Turkish dotted and dotless i, Russian ё: see CASE_FOLD), one form for quotes, apostrophes and dashes, digits of every
 * numeral system as ASCII digits, Arabic letter variants folded, and the characters that never
 * separate words (soft hyphens, zero-width characters, tatweel, harakat) dropped, so that
 * typographic variants of one text tokenise alike.
 */
export function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .replace(IGNORABLE, '')
    .toLowerCase()
    .replace(/i\u0307/g, 'i')
    .replace(CASE_VARIANT, (c) => CASE_FOLD.get(c)!)
    .replace(ARABIC_VARIANT, (c) => ARABIC_FOLD.get(c)!)
    .replace(OTHER_DIGIT, asciiDigit)
    .replace(/[\u2018\u2019\u201a\u201b\u2032\u00b4`]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-');
}

/**
 * Scripts written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar): each
 * character, with the marks that follow it, is a token of its own, so shingles are character
 * n-grams there, while spaced scripts keep word tokens. Deterministic and fast: dictionary word
 * segmentation (Intl.Segmenter) measured 60 times slower, and its words change with the ICU
 * version of the runtime, which would change signatures between machines.
 */
const UNSPACED = '\\p{scx=Han}\\p{scx=Hiragana}\\p{scx=Katakana}\\p{scx=Bopomofo}\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Khmer}\\p{sc=Myanmar}';
/** A letter of those scripts (punctuation they share with others, such as the middle dot, is no letter). */
const UNSPACED_LETTER = `(?=[\\p{L}\\p{Nl}])[${UNSPACED}]`;
const UNSPACED_CHAR = new RegExp(`^${UNSPACED_LETTER}`, 'u');
/** A letter, digit or mark of a spaced script: a run of them is one word. */
const SPACED_UNIT = `(?:(?!${UNSPACED_LETTER})[\\p{L}\\p{N}\\p{M}])`;
/**
 * A time of day, H:MM or HH:MM (hours 0-23, minutes 00-59) not run on into a word, is one token:
 * split at the colon, "11:31" would be the figures 11 and 31, which other times and prices share.
 * Tried first at each token start (a match never begins inside a word); seconds (":05") stay a
 * token of their own.
 */
const TIME = `(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?!${SPACED_UNIT})`;
const WORD = new RegExp(`${TIME}|${UNSPACED_LETTER}\\p{M}*|${SPACED_UNIT}+`, 'gu');
/** A token `tokenize` made of a time of day. */
const TIME_TOKEN = /^[0-9]{1,2}:[0-9]{2}$/;

/** Word tokens of normalised text: runs of letters and digits in spaced scripts, single characters in unspaced ones. */
export function tokenize(text: string): string[] {
  return normalize(text).match(WORD) ?? [];
}

/** Whether a token is a character of a script written without spaces (it weighs less than a word). */
export function isCharacterToken(token: string): boolean {
  return UNSPACED_CHAR.test(token);
}

/** How the tokeniser reads each script, as the --json params report it. */
export const TOKENISATION = 'words; characters in Han, kana, Thai, Lao, Khmer and Myanmar; a time of day (11:31) one token';

/**
 * Tokens of a text as written, with where each lies in it: for showing passages. The same
 * tokens as `tokenize` gives, less any that normalising leaves empty.
 */
export function locateTokens(text: string): { tokens: string[]; starts: number[]; ends: number[] } {
  const out = { tokens: [] as string[], starts: [] as number[], ends: [] as number[] };
  for (const match of text.matchAll(LOCATED))
    for (const token of tokenize(match[0])) {
      out.tokens.push(token);
      out.starts.push(match.index);
      out.ends.push(match.index + match[0].length);
    }
  return out;
}
const IGNORABLE_CHARS = IGNORABLE.source.slice(1, -1);
/** Characters that normalise to a colon (the full-width and small forms too). */
const COLONS = ':\\ufe13\\ufe55\\uff1a';
const LOCATED_WORD = `(?:(?!${UNSPACED_LETTER})[\\p{L}\\p{N}\\p{M}${IGNORABLE_CHARS}])+`;
// Digits joined by a colon are located as one stretch, so that a time of day is found whole.
const LOCATED = new RegExp(
  `${UNSPACED_LETTER}[\\p{M}${IGNORABLE_CHARS}]*|${LOCATED_WORD}(?:(?<=\\p{N}[${IGNORABLE_CHARS}]*)[${COLONS}](?=[${IGNORABLE_CHARS}]*\\p{N})${LOCATED_WORD})*`,
  'gu',
);

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
/** Dropped without ending the word (soft hyphen, zero-width characters, tatweel). */
const IGNORED = -3;
/** A colon: it separates words, except between the hour and the minutes of a time of day. */
const COLON = -4;
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
  IGNORABLE.lastIndex = 0;
  if (IGNORABLE.test(ch)) return IGNORED;
  if (MARK.test(ch)) return CONTEXTUAL;
  const normal = normalize(ch);
  if (normal === ':') return COLON;
  WORD.lastIndex = 0;
  if (!WORD.test(normal)) return SEPARATOR;
  if (normal.length !== 1) return CONTEXTUAL;
  const unit = normal.charCodeAt(0);
  if (MARK.test(normal) || isContextual(unit) || !WORD_UNIT.test(normal)) return CONTEXTUAL;
  return UNSPACED_CHAR.test(normal) ? unit | CHARACTER : unit;
}

/** Set in a class table entry whose unit is a digit 0-9 (a token holding one is a figure). */
const DIGIT = 0x10000;
/** Set in a class table entry whose unit is a character of an unspaced script: a token by itself. */
const CHARACTER = 0x40000;

/** Token flags: the token holds a digit; the token is one character of an unspaced script; the token is a time of day. */
export const TOKEN_DIGIT = 1;
export const TOKEN_CHARACTER = 2;
export const TOKEN_TIME = 4;

function tableEntry(c: number): number {
  const unit = classifyCodeUnit(c);
  return unit >= 48 && unit <= 57 ? unit | DIGIT : unit;
}

for (let c = 0; c < 128; c++) codeUnitClass[c] = tableEntry(c);

/**
 * Hashes the word tokens of `text` exactly as `hashString(token, seed)` over `tokenize(text)`
 * would, into `tokenHashes`, and marks in `tokenFlags` the tokens holding a digit and the
 * character tokens. With `keepUnits`, also writes the tokens' code units as `tokenize` would
 * give them (see TokenBuffers.units). Returns false (and leaves the buffers in an unspecified
 * state) when the text needs the reference path.
 */
export function scanTokens(text: string, seed: number, out: TokenBuffers, keepUnits = false): boolean {
  const classes = codeUnitClass;
  const start = (0x811c9dc5 ^ seed) >>> 0;
  const n = text.length;
  // A text of n code units holds at most n/2 + 1 tokens: no bounds checks in the loop.
  while (out.tokenHashes.length < (n >> 1) + 1) out.growTokens();
  if (keepUnits && out.units.length < n) out.units = new Uint16Array(n);
  const hashes = out.tokenHashes;
  const flags = out.tokenFlags;
  const units = out.units;
  const unitEnds = out.unitEnds;
  out.hasUnits = keepUnits;
  let kept = 0;
  let count = 0;
  let h = start;
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let unit = classes[c];
    if (unit < 0) {
      if (unit === UNKNOWN) unit = classes[c] = tableEntry(c);
      if (unit === CONTEXTUAL) return false;
      if (unit === IGNORED) continue;
      if (unit === COLON) {
        const last = seen !== 0 ? timeOfDayEnd(text, i, classes) : -1;
        if (last < 0) unit = SEPARATOR;
        else {
          // the open token is the hour: the colon and the minutes complete it
          for (let j = i; j <= last; j++) {
            const part = j === i ? 0x3a /* ':' */ : classes[text.charCodeAt(j)];
            if (part === IGNORED) continue;
            h = Math.imul(h ^ (part & 0xffff), 0x01000193);
            if (keepUnits) units[kept++] = part & 0xffff;
          }
          if (keepUnits) unitEnds[count] = kept;
          flags[count] = TOKEN_DIGIT | TOKEN_TIME;
          hashes[count++] = fmix32(h);
          h = start;
          seen = 0;
          i = last;
          continue;
        }
      }
    }
    if (unit !== SEPARATOR && (unit & CHARACTER) === 0) {
      h = Math.imul(h ^ (unit & 0xffff), 0x01000193);
      seen |= unit | 0x20000;
      if (keepUnits) units[kept++] = unit & 0xffff;
      continue;
    }
    if (seen !== 0) {
      if (keepUnits) unitEnds[count] = kept;
      flags[count] = seen & DIGIT ? TOKEN_DIGIT : 0;
      hashes[count++] = fmix32(h);
      h = start;
      seen = 0;
    }
    if (unit !== SEPARATOR) {
      // a character of an unspaced script is a token by itself (a text of them holds up to n tokens)
      if (count >= hashes.length - 1) {
        out.growTokens();
        return scanTokens(text, seed, out, keepUnits);
      }
      if (keepUnits) {
        units[kept++] = unit & 0xffff;
        unitEnds[count] = kept;
      }
      flags[count] = TOKEN_CHARACTER;
      hashes[count++] = fmix32(Math.imul(start ^ (unit & 0xffff), 0x01000193));
    }
  }
  if (seen !== 0) {
    if (keepUnits) unitEnds[count] = kept;
    flags[count] = seen & DIGIT ? TOKEN_DIGIT : 0;
    hashes[count++] = fmix32(h);
  }
  out.tokenCount = count;
  return true;
}

/**
 * Whether the colon at `colon` joins a time of day as the reference tokeniser reads one (TIME):
 * the token before it is one or two digits making an hour 0-23, two digits making minutes 00-59
 * follow, and no letter or digit runs on after them (characters that are dropped are skipped).
 * Returns the index of the last minute digit, or -1.
 */
function timeOfDayEnd(text: string, colon: number, classes: Int32Array): number {
  let hour = 0;
  let hourDigits = 0;
  for (let j = colon - 1; j >= 0; j--) {
    // every unit before the colon is classified already
    const unit = classes[text.charCodeAt(j)];
    if (unit === IGNORED) continue;
    if (unit <= 0 || (unit & CHARACTER) !== 0) break;
    if ((unit & DIGIT) === 0 || ++hourDigits > 2) return -1;
    hour += ((unit & 0xffff) - 48) * (hourDigits === 1 ? 1 : 10);
  }
  if (hourDigits === 0 || hour > 23) return -1;
  let minuteDigits = 0;
  let last = -1;
  for (let j = colon + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    let unit = classes[c];
    if (unit === UNKNOWN) unit = classes[c] = tableEntry(c);
    if (unit === IGNORED) continue;
    if (minuteDigits === 2) {
      // a letter or digit after the minutes makes them no time (a text needing the reference path is left to it)
      return unit === CONTEXTUAL || (unit > 0 && (unit & CHARACTER) === 0) ? -1 : last;
    }
    if (unit <= 0 || (unit & DIGIT) === 0) return -1;
    if (minuteDigits === 0 && (unit & 0xffff) > 53) return -1;
    minuteDigits++;
    last = j;
  }
  return minuteDigits === 2 ? last : -1;
}

/** Reusable buffers of token hashes and token flags (each MinHasher owns one). */
export class TokenBuffers {
  tokenHashes: Uint32Array = new Uint32Array(4096);
  /** TOKEN_DIGIT where the token holds a digit, TOKEN_CHARACTER where it is a character of an unspaced script. */
  tokenFlags: Uint8Array = new Uint8Array(4096);
  tokenCount = 0;
  /**
   * When hasUnits: the tokens' code units one after another, token i ending at unitEnds[i]
   * (what a short document's exact shingles are hashed from, with no token strings built).
   */
  units: Uint16Array = new Uint16Array(4096);
  unitEnds: Uint32Array = new Uint32Array(4096);
  hasUnits = false;

  growTokens(): void {
    const grown = new Uint32Array(this.tokenHashes.length * 2);
    grown.set(this.tokenHashes);
    this.tokenHashes = grown;
    const flags = new Uint8Array(grown.length);
    flags.set(this.tokenFlags);
    this.tokenFlags = flags;
    const ends = new Uint32Array(grown.length);
    ends.set(this.unitEnds);
    this.unitEnds = ends;
  }

  /** Token hashes and flags of already-tokenised text. */
  fill(tokens: readonly string[], seed: number): void {
    while (this.tokenHashes.length < tokens.length) this.growTokens();
    for (let i = 0; i < tokens.length; i++) {
      this.tokenHashes[i] = hashString(tokens[i], seed);
      this.tokenFlags[i] = (hasDigit(tokens[i]) ? TOKEN_DIGIT : 0) | (isCharacterToken(tokens[i]) ? TOKEN_CHARACTER : 0) | (TIME_TOKEN.test(tokens[i]) ? TOKEN_TIME : 0);
    }
    this.tokenCount = tokens.length;
    this.hasUnits = false;
  }

  /** The code units of tokens already hashed (by `fill`, or by a scan that did not keep them). */
  keepUnits(tokens: readonly string[]): void {
    let length = 0;
    for (const token of tokens) length += token.length;
    if (this.units.length < length) this.units = new Uint16Array(length);
    let kept = 0;
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t];
      for (let i = 0; i < token.length; i++) this.units[kept++] = token.charCodeAt(i);
      this.unitEnds[t] = kept;
    }
    this.hasUnits = true;
  }
}

/** The distinct shingles (runs of shingleSize tokens, joined by a space) of a token sequence; a shorter sequence is one shingle. */
export function shingleStrings(tokens: readonly string[], shingleSize: number): Set<string> {
  const out = new Set<string>();
  const width = Math.min(shingleSize, tokens.length);
  for (let i = 0; i + width <= tokens.length && tokens.length > 0; i++) out.add(tokens.slice(i, i + width).join(' '));
  return out;
}

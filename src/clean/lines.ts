/**
 * Sentence ends and the normalised line key of the corpus-level repetition rule.
 */

/** Characters that end a sentence (after trailing quotes/brackets are skipped). */
function isSentenceEnd(c: number): boolean {
  return (
    c === 46 /* . */ ||
    c === 33 /* ! */ ||
    c === 63 /* ? */ ||
    c === 0x2026 /* … */ ||
    c === 0x3002 /* 。 */ ||
    c === 0xff01 /* ！ */ ||
    c === 0xff0e /* ． */ ||
    c === 0xff1f /* ？ */ ||
    c === 0x0964 /* । */ ||
    c === 0x06d4 /* ۔ */ ||
    c === 0x061f /* ؟ */
  );
}

/** Closing quotes and brackets that may follow the sentence end. */
function isCloser(c: number): boolean {
  return (
    c === 34 /* " */ ||
    c === 39 /* ' */ ||
    c === 41 /* ) */ ||
    c === 93 /* ] */ ||
    c === 0x201d /* ” */ ||
    c === 0x2019 /* ’ */ ||
    c === 0xbb /* » */ ||
    c === 0x300d /* 」 */ ||
    c === 0x300f /* 』 */ ||
    c === 42 /* * */ ||
    c === 95 /* _ */
  );
}

/** True when the line ends like a sentence ("... he said." / "... ?”"). */
export function endsLikeSentence(s: string): boolean {
  let i = s.length - 1;
  while (i >= 0 && s.charCodeAt(i) <= 32) i--;
  let guard = 0;
  while (i >= 0 && isCloser(s.charCodeAt(i)) && guard++ < 4) i--;
  return i >= 0 && isSentenceEnd(s.charCodeAt(i));
}

let keyBuf = new Uint16Array(256);

/** Punctuation, symbols and spaces outside ASCII that a key drops. */
function isNonAsciiPunct(c: number): boolean {
  return (
    c <= 0xbf || // Latin-1 punctuation and symbols, NBSP
    c === 0xd7 ||
    c === 0xf7 ||
    (c >= 0x2000 && c <= 0x2bff) || // general punctuation, arrows, symbols, box drawing
    (c >= 0x3000 && c <= 0x303f) || // CJK punctuation
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff0f) ||
    (c >= 0xff1a && c <= 0xff20) ||
    (c >= 0xd800 && c <= 0xdfff) || // surrogates (emoji and other astral symbols)
    c === 0xfeff
  );
}

/** What keyChar returns for a character the key drops, and for one outside ASCII that it keeps. */
const DROPPED = 0;
const KEPT_NON_ASCII = -1;

/** The character a key holds for c (lower case, digits as "0"), DROPPED, or KEPT_NON_ASCII. */
function keyChar(c: number): number {
  if (c < 128) {
    if (c >= 97 && c <= 122) return c;
    if (c >= 65 && c <= 90) return c + 32;
    if (c >= 48 && c <= 57) return 48;
    return DROPPED;
  }
  return isNonAsciiPunct(c) ? DROPPED : KEPT_NON_ASCII;
}

/**
 * Normalised key of a line: lower case, letters and digits only, digit runs
 * collapsed to "0" so "12 Comments" and "3 Comments" share a key.
 */
export function lineKey(s: string): string {
  const n = s.length;
  if (keyBuf.length < n) keyBuf = new Uint16Array(n * 2);
  const buf = keyBuf;
  let len = 0;
  let nonAscii = false;
  let prevDigit = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const k = keyChar(c);
    if (k === 48) {
      if (!prevDigit) buf[len++] = 48;
      prevDigit = true;
      continue;
    }
    prevDigit = false;
    if (k === DROPPED) continue;
    if (k === KEPT_NON_ASCII) {
      nonAscii = true;
      buf[len++] = c;
    } else buf[len++] = k;
  }
  let key = '';
  for (let i = 0; i < len; i += 4096) {
    key += String.fromCharCode.apply(null, buf.subarray(i, Math.min(len, i + 4096)) as unknown as number[]);
  }
  return nonAscii ? key.toLowerCase() : key;
}

/**
 * Each UTF-16 unit lower-cased, filled as met: NOT_KNOWN yet, or NOT_ONE_UNIT when lower-casing
 * is not one unit to one unit. Every unit, U+FFFF included, has a slot of its own: no unit value
 * doubles as a mark.
 */
const NOT_KNOWN = -2;
const NOT_ONE_UNIT = -1;
const lowerCase = new Int32Array(65536).fill(NOT_KNOWN);
const CONTEXTUAL_LOWER_CASE = 0x3a3; // capital sigma: final or medial form depends on the next letter

/** c lower-cased as lineKey's toLowerCase would, or -1 (NOT_ONE_UNIT) when that depends on more than c. */
function lowerCaseUnit(c: number): number {
  let lower = lowerCase[c];
  if (lower === NOT_KNOWN) {
    const s = String.fromCharCode(c).toLowerCase();
    lower = lowerCase[c] = s.length === 1 && c !== CONTEXTUAL_LOWER_CASE && (c < 0xd800 || c > 0xdfff) ? s.charCodeAt(0) : NOT_ONE_UNIT;
  }
  return lower;
}

/** keyUnit for a character that adds nothing to the key (dropped, or a repeated digit). */
const NO_UNIT = -2;

/**
 * The unit s[i] adds to the line's key (lineKey's normalisation, lower case included), NO_UNIT,
 * or -1 when lower-casing it depends on context or changes length.
 */
function keyUnitAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  const k = keyChar(c);
  if (k === 48) return i > 0 && keyChar(s.charCodeAt(i - 1)) === 48 ? NO_UNIT : 48;
  if (k === DROPPED) return NO_UNIT;
  return k === KEPT_NON_ASCII ? lowerCaseUnit(c) : k;
}

/** 53-bit hash of a line's key (the same normalisation as lineKey, lower case included), computed without building the key. */
export function keyHash(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  let any = false;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const k = keyUnitAt(s, i);
    if (k === NO_UNIT) continue;
    // Lower-casing that depends on context or changes length: hash the key itself.
    if (k < 0) return hashOfKey(lineKey(s));
    any = true;
    h1 = Math.imul(h1 ^ k, 0x01000193);
    h2 = Math.imul(h2 ^ k, 0x5bd1e995) ^ (h2 >>> 15);
  }
  if (!any) return 0;
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

/**
 * keyHash of a key lineKey built, its units taken as they are (the key is in lower case and
 * each of its digit runs is one "0"): the same value keyHash gives in one pass, and no second
 * look at how a unit lower-cases, which could send keyHash round again.
 */
function hashOfKey(key: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < key.length; i++) {
    const k = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ k, 0x01000193);
    h2 = Math.imul(h2 ^ k, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return key.length === 0 ? 0 : (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

/** ASCII characters as a key holds them: lower-case letters, "0" for digits, 0 for dropped ones. */
const ASCII_KEY = Uint8Array.from({ length: 128 }, (_, c) => keyChar(c));

/** Lines the corpus counter passes over: sentences of this many words or more, and lines with this many numbers. */
const SENTENCE_WORDS = 12;
const FIGURE_RUNS = 2;

/**
 * What the corpus line counter makes of text[start, end) (a line, trimmed of spaces and control
 * characters): -1 when it is not counted (a sentence of story text, or a line of figures such as
 * "Shr 28 cts vs 14 cts": templated reports share their wording, and their figures are the
 * news), 0 when its key is empty, else keyHash of the line. One pass over ASCII text, with no
 * string built; other text goes through keyHash.
 */
export function corpusLineHash(text: string, start: number, end: number): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  let any = false;
  let words = 0;
  let numbers = 0;
  let inWord = false;
  let prevDigit = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return slowCorpusLineHash(text.slice(start, end));
    const space = c <= 32;
    if (!space && !inWord) words++;
    inWord = !space;
    const k = ASCII_KEY[c];
    if (k === 48) {
      if (prevDigit) continue;
      prevDigit = true;
      numbers++;
    } else {
      prevDigit = false;
      if (k === 0) continue;
    }
    any = true;
    h1 = Math.imul(h1 ^ k, 0x01000193);
    h2 = Math.imul(h2 ^ k, 0x5bd1e995) ^ (h2 >>> 15);
  }
  if (numbers >= FIGURE_RUNS || (words >= SENTENCE_WORDS && endsLikeSentence(text.slice(Math.max(start, end - 8), end)))) return -1;
  if (!any) return 0;
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

/** Whether a line holds at least `min` words (as countWords counts them); it stops at the `min`th. */
function hasWords(s: string, min: number): boolean {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const word = s.charCodeAt(i) > 32;
    if (word && !inWord && ++words >= min) return true;
    inWord = word;
  }
  return false;
}

/** Words of a line: runs of characters above U+0020, one per word. */
export function countWords(s: string): number {
  let w = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const sp = s.charCodeAt(i) <= 32;
    if (!sp && !inWord) w++;
    inWord = !sp;
  }
  return w;
}

/** Separate runs of ASCII digits in a line. */
function countNumbers(line: string): number {
  let numbers = 0;
  let inNumber = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (digit && !inNumber) numbers++;
    inNumber = digit;
  }
  return numbers;
}

/** corpusLineHash for a line with characters outside ASCII (trimmed of every kind of space). */
function slowCorpusLineHash(raw: string): number {
  const line = raw.trim();
  if ((endsLikeSentence(line) && countWords(line) >= SENTENCE_WORDS) || countNumbers(line) >= FIGURE_RUNS) return -1;
  return keyHash(line);
}

/** Longest line (in characters) that counts as a "short line" for corpus-level repetition. */
export const CORPUS_LINE_MAX = 200;

/**
 * Corpus-level boilerplate: the key hashes (corpusLineHash) of the short lines repeated across
 * many documents of a run. A line is tested by its hash, computed without building its key: a
 * 53-bit hash among a few thousand learned ones collides by chance about once in a trillion
 * lines, and the set moves between threads as one array of numbers.
 */
export class BoilerplateLines {
  private readonly hashes: Set<number>;

  constructor(hashes: Iterable<number> = []) {
    this.hashes = new Set(hashes);
  }

  get size(): number {
    return this.hashes.size;
  }

  /**
   * Whether a line (a block of the cleaner, trimmed) is one of them. `endsSentence`, when the
   * caller knows it, is endsLikeSentence(line): a sentence of twelve words or more is then
   * passed over on counting its words, which stops at the twelfth, rather than hashed.
   */
  hasLine(line: string, endsSentence = false): boolean {
    if (this.hashes.size === 0 || line.length > CORPUS_LINE_MAX) return false;
    // corpusLineHash gives such a sentence -1, its slow path too: trimming takes no word off a
    // line that starts with a letter, a digit or a mark of ASCII and ends in no blank
    const first = line.charCodeAt(0);
    if (endsSentence && first > 32 && first < 128 && line.charCodeAt(line.length - 1) > 32 && hasWords(line, SENTENCE_WORDS)) return false;
    const hash = corpusLineHash(line, 0, line.length);
    return hash > 0 && this.hashes.has(hash);
  }

  /** The hashes, to send to another thread. */
  toArray(): number[] {
    return [...this.hashes];
  }
}

export const NO_BOILERPLATE = new BoilerplateLines();

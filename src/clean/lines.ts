/**
 * Cheap per-line measurements and the normalised line key shared by the
 * in-document and corpus-level repetition rules.
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

export interface LineStats {
  /** Effective length: characters, with CJK ideographs and kana weighted x3 (they carry a word each). */
  eff: number;
  /** Whitespace-separated tokens. */
  words: number;
  /** Sentence punctuation marks anywhere in the line (. , ; : ! ? and CJK forms). */
  punct: number;
  /** Characters that are letters outside ASCII or ASCII letters. */
  letters: number;
  /** ASCII digits. */
  digits: number;
  /** Uppercase ASCII letters. */
  upper: number;
  /** Pipe or bullet separators typical of menus and breadcrumbs. */
  seps: number;
}

const LONG_LINE = 400;

/** One pass over the line's characters (long lines, which are prose or not by length alone, take a short cut). */
export function measure(s: string): LineStats {
  if (s.length >= LONG_LINE) return measureLong(s);
  let eff = 0;
  let words = 0;
  let punct = 0;
  let letters = 0;
  let digits = 0;
  let upper = 0;
  let seps = 0;
  let inWord = false;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32) {
      inWord = false;
      continue;
    }
    if (!inWord) {
      words++;
      inWord = true;
    }
    if (c < 128) {
      eff++;
      if (c >= 97 && c <= 122) letters++;
      else if (c >= 65 && c <= 90) {
        letters++;
        upper++;
      } else if (c >= 48 && c <= 57) digits++;
      else if (c === 46 || c === 44 || c === 59 || c === 33 || c === 63) punct++;
      else if (c === 124) seps++;
    } else if (c >= 0x2e80 && c <= 0xd7af) {
      // CJK, kana, hangul: dense scripts, one glyph carries roughly a word
      eff += 3;
      letters++;
    } else if (c === 0x3001 || c === 0x3002 || c === 0xff0c || c === 0xff01 || c === 0xff1f) {
      eff++;
      punct++;
    } else if (c === 0xa0) {
      inWord = false;
    } else if (c === 0x2022 || c === 0xb7 || c === 0xbb || c === 0xab || c === 0x203a) {
      eff++;
      seps++;
    } else {
      eff++;
      letters++;
    }
  }
  return { eff, words, punct, letters, digits, upper, seps };
}

/** Long lines: their exact statistics do not matter, only that they are long and whether they have punctuation. */
function measureLong(s: string): LineStats {
  let spaces = 0;
  for (let i = s.indexOf(' '); i >= 0 && spaces < 100; i = s.indexOf(' ', i + 1)) spaces++;
  const punct =
    s.indexOf('.') >= 0 || s.indexOf(',') >= 0 || s.indexOf('\u3002') >= 0 || s.indexOf('\uff0c') >= 0 || s.indexOf('?') >= 0 || s.indexOf('!') >= 0 || s.indexOf(';') >= 0
      ? 1
      : 0;
  return { eff: s.length, words: spaces + 1, punct, letters: s.length, digits: 0, upper: 0, seps: 0 };
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
    let c = s.charCodeAt(i);
    if (c < 128) {
      if (c >= 48 && c <= 57) {
        if (!prevDigit) buf[len++] = 48;
        prevDigit = true;
        continue;
      }
      prevDigit = false;
      if (c >= 65 && c <= 90) c += 32;
      else if (c < 97 || c > 122) continue;
      buf[len++] = c;
    } else {
      prevDigit = false;
      if (isNonAsciiPunct(c)) continue;
      nonAscii = true;
      buf[len++] = c;
    }
  }
  let key = '';
  for (let i = 0; i < len; i += 4096) {
    key += String.fromCharCode.apply(null, buf.subarray(i, Math.min(len, i + 4096)) as unknown as number[]);
  }
  return nonAscii ? key.toLowerCase() : key;
}

/** 53-bit hash of a line's key (same normalisation as lineKey), for in-document repeat checks. */
export function keyHash(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  let prevDigit = false;
  let any = false;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 128) {
      if (c >= 48 && c <= 57) {
        if (prevDigit) continue;
        prevDigit = true;
        c = 48;
      } else {
        prevDigit = false;
        if (c >= 65 && c <= 90) c += 32;
        else if (c < 97 || c > 122) continue;
      }
    } else {
      prevDigit = false;
      if (isNonAsciiPunct(c)) continue;
    }
    any = true;
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  if (!any) return 0;
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

/** Longest line (in characters) that counts as a "short line" for corpus-level repetition. */
export const CORPUS_LINE_MAX = 200;

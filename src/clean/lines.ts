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

/** One pass over the line's characters. */
export function measure(s: string): LineStats {
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

const KEY_STRIP = /[^\p{L}\p{N}]+/gu;
const DIGITS = /\p{Nd}+/gu;

/**
 * Normalised key of a line: lower case, letters and digits only, digit runs
 * collapsed to "0" so "12 Comments" and "3 Comments" share a key.
 */
export function lineKey(s: string): string {
  return s.toLowerCase().replace(KEY_STRIP, '').replace(DIGITS, '0');
}

/** Longest line (in characters) that counts as a "short line" for corpus-level repetition. */
export const CORPUS_LINE_MAX = 200;

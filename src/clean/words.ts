/**
 * Whether a line holds any of a fixed set of words, in either case: what a case-insensitive
 * alternation of the plain words (/letter|photo|.../i) answers, read in fewer steps.
 */

/** Symbols of the characters a word may hold: ASCII letters (either case) 1-26, space 27, hyphen 28; 0 for any other. */
const SYMBOL = new Uint8Array(65536);
for (let c = 97; c <= 122; c++) SYMBOL[c] = SYMBOL[c - 32] = c - 96;
SYMBOL[32] = 27;
SYMBOL[45] = 28;

/** Characters of the window the scan reads (the shortest word may be no shorter). */
const WINDOW = 4;

/**
 * A set of words (lower-case ASCII letters, spaces and hyphens, four characters or more): the
 * line is read by windows of four characters from left to right, and the last two characters of
 * a window tell how far the next window that could start a word lies (up to three characters on:
 * two characters no word holds in its first four, as most pairs of a line of prose are, rule out
 * the three windows that hold them). Where a window may start a word, the words starting with
 * its first two characters are read on from there. A set's tables take two kilobytes (the table
 * of symbols, 64 KB, is shared by all sets). The answer is the one the regular expression gives,
 * `i` flag included: with no `u` flag, no character outside ASCII matches a letter of ASCII in
 * either case, and none of them is a letter of a word here.
 */
export class WordSet {
  /** Windows the scan moves on after a pair of symbols (a << 5 | b) ends the current one. */
  private readonly shift = new Uint8Array(32 * 32).fill(WINDOW - 1);
  /** The first word (index plus one) that starts with a pair of symbols (a << 5 | b), or 0. */
  private readonly byStart = new Uint8Array(32 * 32);
  /** The next word (index plus one) that starts with the same pair as word i, or 0. */
  private readonly sameStart: Uint8Array;
  private readonly words: Uint8Array[];

  constructor(words: readonly string[]) {
    if (words.length > 255) throw new Error('WordSet: at most 255 words');
    this.words = words.map((w) => {
      const symbols = Uint8Array.from(w, (ch) => (ch >= 'A' && ch <= 'Z' ? 0 : SYMBOL[ch.charCodeAt(0)]));
      if (w.length < WINDOW || symbols.includes(0)) throw new Error(`WordSet: "${w}" is not a word of four or more lower-case letters, spaces and hyphens`);
      return symbols;
    });
    this.sameStart = new Uint8Array(words.length);
    // each pair's words chained from the last one backwards, so the chain lists them in order
    for (let i = words.length - 1; i >= 0; i--) {
      const w = this.words[i];
      const start = (w[0] << 5) | w[1];
      this.sameStart[i] = this.byStart[start];
      this.byStart[start] = i + 1;
    }
    this.words.forEach((w) => {
      for (let t = 1; t < WINDOW; t++) {
        const pair = (w[t - 1] << 5) | w[t];
        this.shift[pair] = Math.min(this.shift[pair], WINDOW - 1 - t);
      }
    });
  }

  /** Whether s holds one of the words, in any case. */
  test(s: string): boolean {
    const { shift, byStart, sameStart, words } = this;
    const n = s.length;
    // j: the last character of the window
    for (let j = WINDOW - 1; j < n; ) {
      const b = SYMBOL[s.charCodeAt(j)];
      // no window holding this character starts a word
      if (b === 0) {
        j += WINDOW;
        continue;
      }
      const a = SYMBOL[s.charCodeAt(j - 1)];
      const by = shift[(a << 5) | b];
      if (by !== 0) {
        j += by;
        continue;
      }
      // the words that start with the window's first two characters, each read on from its third
      const start = j - (WINDOW - 1);
      for (let at = byStart[(SYMBOL[s.charCodeAt(start)] << 5) | SYMBOL[s.charCodeAt(start + 1)]]; at !== 0; at = sameStart[at - 1]) {
        const word = words[at - 1];
        if (start + word.length > n) continue;
        let k = 2;
        while (k < word.length && SYMBOL[s.charCodeAt(start + k)] === word[k]) k++;
        if (k === word.length) return true;
      }
      j++;
    }
    return false;
  }
}

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
 * line is read by windows of four characters from left to right, and the last three characters
 * of a window tell how far the next window that could start a word lies (up to four characters
 * on: three characters that are no word's second to fourth or first to third, a last two that
 * start no word and a last one that starts none rule out the windows that hold them). Where a
 * window may start a word, the words starting with its first two characters are read on from
 * there. A set's tables take 33 kilobytes (the table of symbols, 64 KB, is shared by all sets).
 * The answer is the one the regular expression gives, `i` flag included: with no `u` flag, no
 * character outside ASCII matches a letter of ASCII in either case, and none of them is a letter
 * of a word here.
 */
export class WordSet {
  /** Characters the scan moves on after three symbols (c << 10 | a << 5 | b) end the current window. */
  private readonly shift = new Uint8Array(32 * 32 * 32);
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
    // where the window's last three symbols (c, a, b) may fall in a word's first four: as its
    // second to fourth (the window may start the word: 0), its first to third (1), a its first and
    // b its second (2), b its first (3); else the next window that may start a word starts after b
    const starts = new Uint8Array(32);
    const firstTwo = new Uint8Array(32 * 32);
    const firstThree = new Uint8Array(32 * 32 * 32);
    const secondToFourth = new Uint8Array(32 * 32 * 32);
    for (const w of this.words) {
      starts[w[0]] = 1;
      firstTwo[(w[0] << 5) | w[1]] = 1;
      firstThree[(w[0] << 10) | (w[1] << 5) | w[2]] = 1;
      secondToFourth[(w[1] << 10) | (w[2] << 5) | w[3]] = 1;
    }
    for (let k = 0; k < this.shift.length; k++) {
      this.shift[k] = secondToFourth[k] ? 0 : firstThree[k] ? 1 : firstTwo[k & 1023] ? 2 : starts[k & 31] ? 3 : WINDOW;
    }
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
      const by = shift[(SYMBOL[s.charCodeAt(j - 2)] << 10) | (SYMBOL[s.charCodeAt(j - 1)] << 5) | b];
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

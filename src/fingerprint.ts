/**
 * Fingerprint stage: normalise text, split it into word tokens, hash word shingles and sketch
 * the shingle set with one-permutation MinHash (each shingle hashed once, then densified).
 *
 * A fingerprint also keeps the exact number of distinct shingles (so containment can be
 * estimated from the Jaccard estimate) and small sorted samples the verifier uses: the hashed
 * figures (numbers, numbers written as words), the figures with the words around them (to
 * keep templated stories with other figures or dates apart) and the lead's word pairs (so a
 * page carrying another story further down does not join that story).
 */

export interface FingerprintOptions {
  /** Words per shingle. */
  shingleSize: number;
  /** Signature length (number of MinHash values). */
  permutations: number;
  /** Seed for every hash; equal seeds give equal signatures across runs and machines. */
  seed: number;
}

export const DEFAULT_FINGERPRINT: FingerprintOptions = { shingleSize: 4, permutations: 128, seed: 1 };

/** Most figures kept per document; beyond this the smallest hashes are kept (a bottom-k sample). */
export const MAX_FIGURES = 48;

/** Most figure slots (context -> value) kept per document, a bottom-k sample by context. */
export const MAX_FIGURE_SLOTS = 48;

/** Words at the start of a document that make up its lead. */
export const LEAD_WORDS = 40;

/** Most lead word pairs kept per document (bottom-k). */
export const MAX_LEAD_PAIRS = 24;

/**
 * Documents with at most this many distinct shingles keep them all (full 32-bit hashes) and
 * are compared on them exactly: their densified signature holds so few distinct values that a
 * compact (16-bit) one would let unrelated short texts agree everywhere by chance.
 */
export const MAX_EXACT_SHINGLES = 16;


export interface Fingerprint {
  signature: Uint32Array;
  /** Distinct shingles in the document. */
  shingles: number;
  tokens: number;
  /** Sorted distinct hashes of figure tokens (bottom-k when there are more than MAX_FIGURES). */
  figures: Uint32Array;
  /**
   * Each figure with the words around it, sorted: the high 20 bits hash the surrounding words
   * (the slot), the next 11 bits the figure (the value), the low bit says the value is a date.
   * Two texts that share a slot but not its value report different facts in the same words.
   */
  slots: Uint32Array;
  /** Sorted distinct hashes of the word pairs of the first LEAD_WORDS words (bottom-k). */
  lead: Uint32Array;
  /** Every distinct shingle as two 32-bit hashes (sorted pairs) when there are at most MAX_EXACT_SHINGLES; else empty. */
  shingleSet: Uint32Array;
}

const EMPTY_SLOT = 0xffffffff;

/** Odd multiplier of the rolling shingle polynomial (a golden-ratio constant). */
const SHINGLE_BASE = 0x9e3779b1;

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

/**
 * Numbers written as words, compared as digits: "ten pct" and "10 pct" agree, while "six pct"
 * and "6-1/16 pct" report different rates.
 */
const NUMBER_WORDS = new Map([
  ['zero', '0'], ['nil', '0'], ['one', '1'], ['two', '2'], ['three', '3'], ['four', '4'], ['five', '5'], ['six', '6'], ['seven', '7'],
  ['eight', '8'], ['nine', '9'], ['ten', '10'], ['eleven', '11'], ['twelve', '12'], ['twenty', '20'], ['thirty', '30'], ['forty', '40'],
  ['fifty', '50'], ['sixty', '60'], ['seventy', '70'], ['eighty', '80'], ['ninety', '90'], ['hundred', '100'],
]);

/**
 * Month and weekday names make a figure a date. "may" counts only next to a number; short
 * weekday names are left out ("sun", "sat" and "wed" are words too).
 */
const DATE_WORDS = new Set([
  'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
]);
const DATE_WORDS_WITH_DIGITS = new Set(['may']);
const MAX_DATE_TOKENS = 4;

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
function combine(acc: number, value: number): number {
  return fmix32((Math.imul(acc ^ value, 0x9e3779b1) + 0x7f4a7c15) >>> 0);
}

/**
 * Reusable open-addressing table that counts distinct 32-bit shingle hashes without allocating
 * per document. Zero marks an empty slot (a zero hash is counted on the side), so emptying the
 * table is a fill of the part of it a document uses.
 */
class ShingleCounter {
  keys = new Uint32Array(1024);
  /** Slots in use for the current document minus one (a power of two minus one). */
  mask = 0;
  zeroSeen = 0;

  /** Prepares for up to `expected` hashes: at most half the used slots are ever taken. */
  reset(expected: number): void {
    let capacity = 64;
    while (capacity < expected * 2) capacity *= 2;
    if (capacity > this.keys.length) this.keys = new Uint32Array(capacity);
    else this.keys.fill(0, 0, capacity);
    this.mask = capacity - 1;
    this.zeroSeen = 0;
  }

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
function scanTokens(text: string, seed: number, out: TokenBuffers): boolean {
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

/** Reusable per-thread buffers of token hashes and digit flags. */
class TokenBuffers {
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

const counter = new ShingleCounter();
const buffers = new TokenBuffers();

/**
 * One-permutation MinHash with optimal densification (Shrivastava, ICML 2017): a shingle's
 * hash picks its bin from its high bits and competes within the bin on its own value (so on
 * its low bits, which are independent of the bin and are what a compact signature keeps);
 * empty bins borrow from a bin chosen by a seeded probe sequence, so every slot stays an
 * unbiased estimator of Jaccard similarity. Each shingle is hashed once, not once per slot.
 */
export class MinHasher {
  readonly options: FingerprintOptions;
  private readonly binSeed: number;
  private readonly filled: Uint8Array;

  constructor(options: FingerprintOptions = DEFAULT_FINGERPRINT) {
    if (!Number.isInteger(options.shingleSize) || options.shingleSize < 1) throw new RangeError('shingle size must be a positive integer');
    if (!Number.isInteger(options.permutations) || options.permutations < 1) throw new RangeError('permutations must be a positive integer');
    this.options = options;
    this.binSeed = fmix32(options.seed ^ 0x5bd1e995);
    this.filled = new Uint8Array(options.permutations);
  }

  /** Fingerprint of already-tokenised text. */
  fromTokens(tokens: readonly string[]): Fingerprint {
    buffers.fill(tokens, this.options.seed);
    return withOwnSamples(this.fingerprint(new Uint32Array(this.options.permutations), 0, () => tokens));
  }

  /** Fingerprint of cleaned text; equal to `fromTokens(tokenize(text))`. */
  fromText(text: string): Fingerprint {
    return this.sketchText(text, new Uint32Array(this.options.permutations), 0);
  }

  /**
   * Fingerprint of cleaned text with its signature written into `out` at `offset` (so a batch
   * of signatures shares one buffer); the returned `signature` is a view of that slot.
   */
  sketchText(text: string, out: Uint32Array, offset: number): Fingerprint {
    return withOwnSamples(this.sketchTextScratch(text, out, offset));
  }

  /**
   * As sketchText, but the returned figures, slots and lead are views of this thread's scratch
   * buffers, overwritten by the next sketch: for a caller that copies them at once (a batch
   * packs them into its own arrays), which saves three allocations per document.
   */
  sketchTextScratch(text: string, out: Uint32Array, offset: number): Fingerprint {
    if (!scanTokens(text, this.options.seed, buffers)) buffers.fill(tokenize(text), this.options.seed);
    return this.fingerprint(out, offset, () => tokenize(text));
  }

  /** The fingerprint of the tokens in `buffers`; its samples are scratch views (see sketchTextScratch). */
  private fingerprint(out: Uint32Array, offset: number, tokensOf: () => readonly string[]): Fingerprint {
    const { shingleSize, permutations, seed } = this.options;
    const tokenCount = buffers.tokenCount;
    const tokenHashes = buffers.tokenHashes;
    const signature = out.subarray(offset, offset + permutations);
    signature.fill(EMPTY_SLOT);
    // A document shorter than one shingle is sketched as the single shingle of all its tokens.
    const width = Math.min(shingleSize, tokenCount);
    const count = tokenCount === 0 ? 0 : tokenCount - width + 1;
    const scale = permutations / 4294967296;
    const shingleSeed = this.binSeed;
    // A shingle's hash is fmix32 of a polynomial in its token hashes, kept rolling: adding the
    // next token and dropping the first cost two multiplies, so each shingle costs one mix.
    let dropFactor = 1;
    for (let j = 1; j < width; j++) dropFactor = Math.imul(dropFactor, SHINGLE_BASE);
    let poly = 0;
    for (let k = 0; k < width - 1; k++) poly = (Math.imul(poly, SHINGLE_BASE) + tokenHashes[k]) | 0;
    counter.reset(count);
    const keys = counter.keys;
    const mask = counter.mask;
    let distinct = 0;
    let maxSeen = false;
    for (let start = 0; start < count; start++) {
      poly = (Math.imul(poly, SHINGLE_BASE) + tokenHashes[start + width - 1]) | 0;
      const h = fmix32(poly ^ shingleSeed);
      poly = (poly - Math.imul(tokenHashes[start], dropFactor)) | 0;
      // The hash is its own rank: the bin is its high part, so within a bin it orders by its
      // low bits, which a run keeps as the compact signature (independent of the bin).
      const bin = Math.floor(h * scale);
      if (h < signature[bin]) signature[bin] = h;
      else if (h === EMPTY_SLOT) maxSeen = true;
      // Count distinct shingles (duplicates cannot change a minimum, so only the count needs this).
      if (h === 0) {
        distinct += 1 - counter.zeroSeen;
        counter.zeroSeen = 1;
        continue;
      }
      let slot = h & mask;
      for (;;) {
        const key = keys[slot];
        if (key === 0) {
          keys[slot] = h;
          distinct++;
          break;
        }
        if (key === h) break;
        slot = (slot + 1) & mask;
      }
    }
    if (distinct > 0) {
      const filled = this.filled;
      let empty = 0;
      for (let bin = 0; bin < permutations; bin++) {
        const isFilled = signature[bin] !== EMPTY_SLOT ? 1 : 0;
        filled[bin] = isFilled;
        empty += 1 - isFilled;
      }
      // Only the last bin can hold the all-ones hash, which is also the empty marker.
      if (maxSeen) {
        empty -= 1 - filled[permutations - 1];
        filled[permutations - 1] = 1;
      }
      if (empty > 0) densify(signature, filled, this.binSeed);
    }
    const samples = scratchFeatures(tokenHashes, buffers.digitFlags, tokenCount, seed);
    const shingleSet = distinct <= MAX_EXACT_SHINGLES ? exactShingles(tokensOf(), shingleSize, seed) : NO_SHINGLES;
    return { signature, shingles: distinct, tokens: tokenCount, figures: samples.figures, slots: samples.slots, lead: samples.lead, shingleSet };
  }
}

const NO_SHINGLES = new Uint32Array(0);

/**
 * A short document's shingles as 64-bit identities (two independent 32-bit hashes of the
 * shingle's text, interleaved), sorted and distinct: at 32 bits, a few hundred thousand short
 * documents would hold colliding pairs by the birthday bound.
 */
function exactShingles(tokens: readonly string[], shingleSize: number, seed: number): Uint32Array {
  const identities = new Map<string, [number, number]>();
  for (const shingle of shingleStrings(tokens, shingleSize)) identities.set(shingle, [hashString(shingle, seed ^ 0x2545f491), secondHash(shingle, seed)]);
  const pairs = [...identities.values()].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out = new Uint32Array(pairs.length * 2);
  pairs.forEach(([high, low], i) => {
    out[2 * i] = high;
    out[2 * i + 1] = low;
  });
  return out;
}

/** A string hash independent of hashString (multiply-rotate per code unit, murmur3's constants). */
function secondHash(s: string, seed: number): number {
  let h = (seed ^ 0x9747b28c) >>> 0;
  for (let i = 0; i < s.length; i++) {
    let k = Math.imul(s.charCodeAt(i), 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  return fmix32(h ^ s.length);
}

/** Samples every fingerprint keeps besides its signature. */
type Samples = Pick<Fingerprint, 'figures' | 'slots' | 'lead'>;

/** The same with samples of its own instead of views of the per-thread scratch buffers. */
function withOwnSamples<T extends Samples & { shingleSet?: Uint32Array }>(scratch: T): T {
  const own = { ...scratch, figures: scratch.figures.slice(), slots: scratch.slots.slice(), lead: scratch.lead.slice() };
  if (scratch.shingleSet) own.shingleSet = scratch.shingleSet.slice();
  return own;
}

/**
 * Optimal densification: an empty bin copies the value of the first non-empty bin on its own
 * seeded probe sequence. Two documents whose bin j is filled agree on every empty bin that
 * probes j first, which keeps the estimate unbiased.
 */
function densify(signature: Uint32Array, filled: Uint8Array, seed: number): void {
  const k = signature.length;
  for (let bin = 0; bin < k; bin++) {
    if (filled[bin]) continue;
    let attempt = 1;
    for (;;) {
      const probe = fmix32(Math.imul(bin + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca6b) ^ seed);
      const source = Math.floor((probe / 4294967296) * k);
      if (filled[source]) {
        signature[bin] = signature[source];
        break;
      }
      attempt++;
    }
  }
}

/** Hashes of the number words and date words for one seed, so features need no token strings. */
interface WordTables {
  /** Number word's hash -> hash of its digits. */
  numbers: Map<number, number>;
  dates: Set<number>;
  /** Words that are dates only next to a number ("may"). */
  datesWithDigits: Set<number>;
  /** Bit set of the low 16 bits of every hash above (8 KB, stays in cache): most tokens are ruled out by one read, not three map lookups. */
  known: Int32Array;
}

const wordTables = new Map<number, WordTables>();

function tablesFor(seed: number): WordTables {
  let tables = wordTables.get(seed);
  if (!tables) {
    tables = {
      numbers: new Map([...NUMBER_WORDS].map(([word, digits]) => [hashString(word, seed), hashString(digits, seed)])),
      dates: new Set([...DATE_WORDS].map((word) => hashString(word, seed))),
      datesWithDigits: new Set([...DATE_WORDS_WITH_DIGITS].map((word) => hashString(word, seed))),
      known: new Int32Array(2048),
    };
    for (const hash of [...tables.numbers.keys(), ...tables.dates, ...tables.datesWithDigits]) tables.known[(hash >>> 5) & 2047] |= 1 << (hash & 31);
    wordTables.set(seed, tables);
  }
  return tables;
}

/**
 * The compact per-document features pair verification uses besides the MinHash signature:
 * the figure set, the figure slots and the lead. About 0.5 KB per document at most. Works on
 * token hashes (number and date words are recognised by their hashes), so the one-pass token
 * scanner never has to build token strings.
 */
export function verificationFeatures(tokenHashes: Uint32Array, digitFlags: Uint8Array, n: number, seed: number): Samples {
  return withOwnSamples(scratchFeatures(tokenHashes, digitFlags, n, seed));
}

/** verificationFeatures as views of per-thread scratch buffers, valid until the next call. */
function scratchFeatures(tokenHashes: Uint32Array, digitFlags: Uint8Array, n: number, seed: number): Samples {
  const { numbers, dates, datesWithDigits, known } = tablesFor(seed);
  const scratch = featureScratch.reserve(n);
  // A token is a figure when it holds a digit (amounts, rates, dates, years, week numbers) or
  // is a number written as a word.
  const kind = scratch.kind; // 0 word, 1 figure, 2 date word
  kind.fill(0, 0, n);
  const valueHashes = scratch.valueHashes;
  const figures = scratch.figures;
  // Figures and date words are few: later passes visit only them (ascending) and the "may"s.
  const marked = scratch.marked;
  let markedCount = 0;
  const maybeDates = scratch.maybeDates;
  let maybeDateCount = 0;
  let figureCount = 0;
  for (let i = 0; i < n; i++) {
    const hash = tokenHashes[i];
    if (((known[(hash >>> 5) & 2047] >>> (hash & 31)) & 1) === 0) {
      if (digitFlags[i]) {
        kind[i] = 1;
        valueHashes[i] = hash;
        figures[figureCount++] = hash;
        marked[markedCount++] = i;
      }
      continue;
    }
    const digits = numbers.get(hash);
    if (digits !== undefined || digitFlags[i]) {
      const value = digits === undefined ? hash : digits;
      kind[i] = 1;
      valueHashes[i] = value;
      figures[figureCount++] = value;
      marked[markedCount++] = i;
    } else if (dates.has(hash)) {
      kind[i] = 2;
      valueHashes[i] = hash;
      marked[markedCount++] = i;
    } else if (datesWithDigits.has(hash)) maybeDates[maybeDateCount++] = i;
  }
  // "may" is a month only next to a number ("May 7"), not in "may rise".
  for (let m = 0; m < maybeDateCount; m++) {
    const i = maybeDates[m];
    if ((i > 0 && kind[i - 1] === 1) || (i + 1 < n && kind[i + 1] === 1)) {
      kind[i] = 2;
      valueHashes[i] = tokenHashes[i];
    }
  }
  // A run of adjacent figure and date tokens ("March 4", "1,914,388", "6-1/16") is one value;
  // the word before and the word after it are its slot.
  const slots = scratch.slots;
  let slotCount = 0;
  let end = 0;
  for (let m = 0; m < markedCount; m++) {
    let start = marked[m];
    if (start < end) continue;
    // A run may begin with a "may" that only its figure made a date (never one already taken).
    while (start > end && kind[start - 1] !== 0) start--;
    end = start;
    let value = seed >>> 0;
    let hasDateWord = false;
    while (end < n && kind[end] !== 0) {
      value = combine(value, valueHashes[end]);
      if (kind[end] === 2) hasDateWord = true;
      end++;
    }
    // A date is short ("Tuesday, March 4 2025"); a long run with month names is a table row.
    const isDate = hasDateWord && end - start <= MAX_DATE_TOKENS ? 1 : 0;
    const before = start > 0 ? tokenHashes[start - 1] : 0x13579bdf;
    const after = end < n ? tokenHashes[end] : 0x2468ace0;
    const slot = combine(combine(seed ^ 0x51ed27, before), after);
    slots[slotCount++] = (((slot >>> 12) << 12) | ((value & 0x7ff) << 1) | isDate) >>> 0;
  }
  const lead = scratch.lead;
  let leadCount = 0;
  const leadEnd = Math.min(n, LEAD_WORDS);
  for (let i = 0; i + 1 < leadEnd; i++) lead[leadCount++] = combine(combine(seed ^ 0x1ead, tokenHashes[i]), tokenHashes[i + 1]);
  if (leadEnd === 1) lead[leadCount++] = tokenHashes[0];
  return {
    figures: bottomK(figures, figureCount, MAX_FIGURES, scratch.keptFigures),
    slots: bottomK(slots, slotCount, MAX_FIGURE_SLOTS, scratch.keptSlots),
    lead: bottomK(lead, leadCount, MAX_LEAD_PAIRS, scratch.keptLead),
  };
}

/** Reusable per-thread buffers for verificationFeatures and the samples it keeps. */
class FeatureScratch {
  kind = new Uint8Array(4096);
  valueHashes = new Uint32Array(4096);
  figures = new Uint32Array(4096);
  slots = new Uint32Array(4096);
  /** Positions of figures and date words, ascending. */
  marked = new Uint32Array(4096);
  /** Positions of words that are dates only next to a figure. */
  maybeDates = new Uint32Array(4096);
  lead = new Uint32Array(LEAD_WORDS);
  /** The samples bottomK keeps, returned as views. */
  keptFigures = new Uint32Array(MAX_FIGURES);
  keptSlots = new Uint32Array(MAX_FIGURE_SLOTS);
  keptLead = new Uint32Array(MAX_LEAD_PAIRS);

  reserve(n: number): this {
    if (n > this.kind.length) {
      let length = this.kind.length;
      while (length < n) length *= 2;
      this.kind = new Uint8Array(length);
      this.valueHashes = new Uint32Array(length);
      this.figures = new Uint32Array(length);
      this.slots = new Uint32Array(length);
      this.marked = new Uint32Array(length);
      this.maybeDates = new Uint32Array(length);
    }
    return this;
  }
}

const featureScratch = new FeatureScratch();

/**
 * The k smallest distinct values of values[0 .. count), sorted, as a view of `kept`. Kept by insertion into a sorted
 * run of at most k: the inputs are hashes in random order, so once the run is full nearly every
 * value is ruled out by one comparison with its largest, and sorting a few dozen values this
 * way costs far less than a call to the typed-array sort.
 */
export function bottomK(values: Uint32Array, count: number, k: number, kept = new Uint32Array(k)): Uint32Array {
  if (kept.length < k) throw new RangeError(`bottomK needs room for ${k} values`);
  let size = 0;
  for (let i = 0; i < count; i++) {
    const value = values[i];
    if (size === k && value >= kept[k - 1]) continue;
    let at = size - 1;
    while (at >= 0 && kept[at] > value) at--;
    if (at >= 0 && kept[at] === value) continue;
    // Shift the larger ones up one place; a full run drops its largest.
    for (let m = size < k ? size : k - 1; m > at + 1; m--) kept[m] = kept[m - 1];
    kept[at + 1] = value;
    if (size < k) size++;
  }
  return kept.subarray(0, size);
}

/**
 * A signature as a run keeps it: the full 32-bit values, or their low 16 bits (b-bit minwise
 * hashing), which halves its memory. Two unequal values agree in their low 16 bits with
 * probability 2^-16, so at 128 values the estimate moves by at most 0.002 slots on average.
 */
export type Signature = Uint32Array | Uint16Array;

/** Fraction of equal slots: the MinHash estimate of Jaccard similarity. */
export function estimateJaccard(a: Signature, b: Signature): number {
  if (a.length !== b.length) throw new RangeError('signatures of different lengths');
  if (a.BYTES_PER_ELEMENT !== b.BYTES_PER_ELEMENT) throw new RangeError('a full signature compared with a compact one');
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  return equal / a.length;
}

/**
 * Containment of the smaller shingle set in the larger, from the Jaccard estimate and the
 * exact set sizes: |A∩B| = J(|A|+|B|)/(1+J).
 */
export function estimateContainment(jaccard: number, shinglesA: number, shinglesB: number): number {
  const smaller = Math.min(shinglesA, shinglesB);
  if (smaller === 0) return 0;
  const intersection = (jaccard * (shinglesA + shinglesB)) / (1 + jaccard);
  return Math.min(1, intersection / smaller);
}

/**
 * Jaccard similarity and containment of two complete shingle sets (see Fingerprint.shingleSet:
 * sorted pairs of values): exact, where a signature's estimate would rest on a few values.
 */
export function shingleSetStats(a: Uint32Array, b: Uint32Array): { jaccard: number; containment: number } {
  let i = 0, j = 0, shared = 0;
  while (i < a.length && j < b.length) {
    const order = a[i] - b[j] || a[i + 1] - b[j + 1];
    if (order === 0) { shared++; i += 2; j += 2; }
    else if (order < 0) i += 2;
    else j += 2;
  }
  const union = (a.length + b.length) / 2 - shared;
  const smaller = Math.min(a.length, b.length) / 2;
  return { jaccard: union === 0 ? 1 : shared / union, containment: smaller === 0 ? 0 : shared / smaller };
}

/** Exact Jaccard of two token sequences' shingle sets (reference for tests and `explain`). */
export function exactShingleStats(a: readonly string[], b: readonly string[], shingleSize: number): { jaccard: number; containment: number; shared: number; sizeA: number; sizeB: number } {
  const setA = shingleStrings(a, shingleSize);
  const setB = shingleStrings(b, shingleSize);
  let shared = 0;
  for (const s of setA) if (setB.has(s)) shared++;
  const union = setA.size + setB.size - shared;
  const smaller = Math.min(setA.size, setB.size);
  return {
    jaccard: union === 0 ? 1 : shared / union,
    containment: smaller === 0 ? 0 : shared / smaller,
    shared,
    sizeA: setA.size,
    sizeB: setB.size,
  };
}

export function shingleStrings(tokens: readonly string[], shingleSize: number): Set<string> {
  const out = new Set<string>();
  const width = Math.min(shingleSize, tokens.length);
  for (let i = 0; i + width <= tokens.length && tokens.length > 0; i++) out.add(tokens.slice(i, i + width).join(' '));
  return out;
}

/**
 * Share of the smaller of two sorted bottom-k hash samples found in the larger. When a sample
 * is full only hashes below both samples' largest kept hash are compared, so the estimate
 * stays fair.
 */
export function sampleContainment(a: Uint32Array, b: Uint32Array, k: number): number {
  if (a.length === 0 || b.length === 0) return 1;
  let limit = 0xffffffff;
  if (a.length >= k) limit = Math.min(limit, a[a.length - 1]);
  if (b.length >= k) limit = Math.min(limit, b[b.length - 1]);
  let countA = 0, countB = 0;
  while (countA < a.length && a[countA] <= limit) countA++;
  while (countB < b.length && b[countB] <= limit) countB++;
  let i = 0, j = 0, shared = 0;
  while (i < countA && j < countB) {
    if (a[i] === b[j]) { shared++; i++; j++; }
    else if (a[i] < b[j]) i++;
    else j++;
  }
  const smaller = Math.min(countA, countB);
  return smaller === 0 ? 1 : shared / smaller;
}

/** Share of the smaller figure set found in the larger one (1 when either has none). */
export function figureContainment(a: Uint32Array, b: Uint32Array): number {
  return sampleContainment(a, b, MAX_FIGURES);
}

/** Share of the word pairs of the shorter lead found in the other lead (1 when either is empty). */
export function leadOverlap(a: Uint32Array, b: Uint32Array): number {
  return sampleContainment(a, b, MAX_LEAD_PAIRS);
}

export interface SlotComparison {
  /** Figure slots (surrounding words) found in both documents. */
  shared: number;
  /** Shared slots whose figures differ. */
  changed: number;
  /** Changed slots holding a date. */
  datesChanged: number;
}

/**
 * Compares the figures two documents put in the same words: a template re-sent with other
 * numbers or dates shares its slots but not their values; a copy shares both.
 */
export function compareSlots(a: Uint32Array, b: Uint32Array): SlotComparison {
  const out: SlotComparison = { shared: 0, changed: 0, datesChanged: 0 };
  if (a.length === 0 || b.length === 0) return out;
  // A full sample may have lost some values of its largest slot: compare only the slots below it.
  let limit = 0x100000;
  if (a.length >= MAX_FIGURE_SLOTS) limit = Math.min(limit, a[a.length - 1] >>> 12);
  if (b.length >= MAX_FIGURE_SLOTS) limit = Math.min(limit, b[b.length - 1] >>> 12);
  let i = 0, j = 0;
  while (i < a.length && j < b.length) {
    const slotA = a[i] >>> 12;
    const slotB = b[j] >>> 12;
    if (slotA >= limit || slotB >= limit) break;
    if (slotA < slotB) { i++; continue; }
    if (slotB < slotA) { j++; continue; }
    // Same slot: it agrees when any value recurs on both sides (a slot can hold several).
    let endA = i, endB = j, date = 0, agree = false;
    while (endA < a.length && a[endA] >>> 12 === slotA) date |= a[endA++] & 1;
    while (endB < b.length && b[endB] >>> 12 === slotB) date |= b[endB++] & 1;
    for (let x = i; x < endA && !agree; x++) for (let y = j; y < endB; y++) if (a[x] >>> 1 === b[y] >>> 1) { agree = true; break; }
    out.shared++;
    if (!agree) {
      out.changed++;
      out.datesChanged += date;
    }
    i = endA;
    j = endB;
  }
  return out;
}

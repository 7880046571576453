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
}

const EMPTY_SLOT = 0xffffffff;

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
 * Reusable open-addressing set of 32-bit shingle hashes: counting distinct shingles must not
 * allocate per document.
 */
class ShingleSet {
  private keys = new Uint32Array(1024);
  private used = new Uint8Array(1024);
  private touched: number[] = [];
  size = 0;

  reset(expected: number): void {
    for (const slot of this.touched) this.used[slot] = 0;
    this.touched.length = 0;
    this.size = 0;
    if (expected * 2 > this.keys.length) {
      let capacity = this.keys.length;
      while (capacity < expected * 2) capacity *= 2;
      this.keys = new Uint32Array(capacity);
      this.used = new Uint8Array(capacity);
    }
  }

  /** Adds h; returns false when it was already present. */
  add(h: number): boolean {
    const mask = this.keys.length - 1;
    let slot = h & mask;
    while (this.used[slot]) {
      if (this.keys[slot] === h) return false;
      slot = (slot + 1) & mask;
    }
    this.used[slot] = 1;
    this.keys[slot] = h;
    this.touched.push(slot);
    this.size++;
    return true;
  }
}

const scratch = new ShingleSet();

/**
 * One-permutation MinHash with optimal densification (Shrivastava, ICML 2017): a shingle's
 * hash picks its bin from the high bits and competes on a second mix of the hash within it;
 * empty bins borrow from a bin chosen by a seeded probe sequence, so every slot stays an
 * unbiased estimator of Jaccard similarity. Each shingle is hashed once, not once per slot.
 */
export class MinHasher {
  readonly options: FingerprintOptions;
  private readonly binSeed: number;

  constructor(options: FingerprintOptions = DEFAULT_FINGERPRINT) {
    if (!Number.isInteger(options.shingleSize) || options.shingleSize < 1) throw new RangeError('shingle size must be a positive integer');
    if (!Number.isInteger(options.permutations) || options.permutations < 1) throw new RangeError('permutations must be a positive integer');
    this.options = options;
    this.binSeed = fmix32(options.seed ^ 0x5bd1e995);
  }

  /** Fingerprint of already-tokenised text. */
  fromTokens(tokens: readonly string[]): Fingerprint {
    const { shingleSize, permutations, seed } = this.options;
    const tokenHashes = new Uint32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) tokenHashes[i] = hashString(tokens[i], seed);

    const signature = new Uint32Array(permutations).fill(EMPTY_SLOT);
    const filled = new Uint8Array(permutations);
    // A document shorter than one shingle is sketched as the single shingle of all its tokens.
    const width = Math.min(shingleSize, tokens.length);
    const count = tokens.length === 0 ? 0 : tokens.length - width + 1;
    scratch.reset(count);
    for (let start = 0; start < count; start++) {
      let h = seed >>> 0;
      for (let k = 0; k < width; k++) h = combine(h, tokenHashes[start + k]);
      if (!scratch.add(h)) continue;
      // High bits choose the bin (uniform for any bin count); a second mix ranks within the bin.
      const bin = Math.floor((h / 4294967296) * permutations);
      const rank = fmix32(h ^ this.binSeed);
      if (rank < signature[bin] || !filled[bin]) {
        signature[bin] = rank;
        filled[bin] = 1;
      }
    }
    if (scratch.size > 0) densify(signature, filled, this.binSeed);

    return { signature, shingles: scratch.size, tokens: tokens.length, ...verificationFeatures(tokens, tokenHashes, seed) };
  }

  /** Fingerprint of cleaned text. */
  fromText(text: string): Fingerprint {
    return this.fromTokens(tokenize(text));
  }
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

/**
 * The compact per-document features pair verification uses besides the MinHash signature:
 * the figure set, the figure slots and the lead. About 0.5 KB per document at most.
 */
export function verificationFeatures(tokens: readonly string[], tokenHashes: Uint32Array, seed: number): { figures: Uint32Array; slots: Uint32Array; lead: Uint32Array } {
  const figureSet = new Set<number>();
  const slotSet = new Set<number>();
  const n = tokens.length;
  // A token is a figure when it holds a digit (amounts, rates, dates, years, week numbers) or
  // is a number written as a word.
  const kind = new Uint8Array(n); // 0 word, 1 figure, 2 date word
  const valueHashes = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const token = tokens[i];
    const digits = NUMBER_WORDS.get(token);
    valueHashes[i] = digits === undefined ? tokenHashes[i] : hashString(digits, seed);
    if (digits !== undefined || hasDigit(token)) {
      kind[i] = 1;
      figureSet.add(valueHashes[i]);
    } else if (DATE_WORDS.has(token)) kind[i] = 2;
  }
  // "may" is a month only next to a number ("May 7"), not in "may rise".
  for (let i = 0; i < n; i++) {
    if (kind[i] === 0 && DATE_WORDS_WITH_DIGITS.has(tokens[i]) && ((i > 0 && kind[i - 1] === 1) || (i + 1 < n && kind[i + 1] === 1))) kind[i] = 2;
  }
  // A run of adjacent figure and date tokens ("March 4", "1,914,388", "6-1/16") is one value;
  // the word before and the word after it are its slot.
  for (let start = 0; start < n; ) {
    if (kind[start] === 0) {
      start++;
      continue;
    }
    let end = start;
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
    slotSet.add(((slot >>> 12) << 12) | ((value & 0x7ff) << 1) | isDate);
    start = end;
  }
  const leadSet = new Set<number>();
  const leadEnd = Math.min(n, LEAD_WORDS);
  for (let i = 0; i + 1 < leadEnd; i++) leadSet.add(combine(combine(seed ^ 0x1ead, tokenHashes[i]), tokenHashes[i + 1]));
  if (leadEnd === 1) leadSet.add(tokenHashes[0]);
  return { figures: bottomK(figureSet, MAX_FIGURES), slots: bottomK(slotSet, MAX_FIGURE_SLOTS), lead: bottomK(leadSet, MAX_LEAD_PAIRS) };
}

function bottomK(values: Set<number>, k: number): Uint32Array {
  const sorted = Uint32Array.from(values).sort();
  return sorted.length > k ? sorted.slice(0, k) : sorted;
}

/** Fraction of equal slots: the MinHash estimate of Jaccard similarity. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new RangeError('signatures of different lengths');
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

/**
 * Fingerprint stage: normalise text, split it into word tokens, hash word shingles and sketch
 * the shingle set with one-permutation MinHash (each shingle hashed once, then densified).
 *
 * A fingerprint also keeps the exact number of distinct shingles (so containment can be
 * estimated from the Jaccard estimate) and a small sorted set of hashed "figure" tokens
 * (numbers and number-bearing words), which the verifier uses to keep templated stories
 * with different figures apart.
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
export const MAX_FIGURES = 64;

export interface Fingerprint {
  signature: Uint32Array;
  /** Distinct shingles in the document. */
  shingles: number;
  tokens: number;
  /** Sorted distinct hashes of figure tokens (bottom-k when there are more than MAX_FIGURES). */
  figures: Uint32Array;
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

/** A token counts as a figure when it holds a digit: amounts, rates, dates, years, week numbers. */
function isFigure(token: string): boolean {
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
    const figureSet = new Set<number>();
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      tokenHashes[i] = hashString(token, seed);
      if (isFigure(token)) figureSet.add(tokenHashes[i]);
    }

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

    return { signature, shingles: scratch.size, tokens: tokens.length, figures: bottomK(figureSet, MAX_FIGURES) };
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
 * Share of the smaller figure set found in the larger one. With bottom-k samples only figures
 * below both samples' largest kept hash are compared, so the estimate stays fair.
 */
export function figureContainment(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 1;
  let limit = 0xffffffff;
  if (a.length === MAX_FIGURES) limit = Math.min(limit, a[a.length - 1]);
  if (b.length === MAX_FIGURES) limit = Math.min(limit, b[b.length - 1]);
  let i = 0, j = 0, shared = 0, countA = 0, countB = 0;
  while (i < a.length && a[i] <= limit) { countA++; i++; }
  while (j < b.length && b[j] <= limit) { countB++; j++; }
  i = 0; j = 0;
  while (i < countA && j < countB) {
    if (a[i] === b[j]) { shared++; i++; j++; }
    else if (a[i] < b[j]) i++;
    else j++;
  }
  const smaller = Math.min(countA, countB);
  return smaller === 0 ? 1 : shared / smaller;
}

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
 * allocate per document. A slot is in use when its stamp equals the current generation, so
 * emptying the set is a counter increment.
 */
class ShingleSet {
  private keys = new Uint32Array(1024);
  private stamps = new Uint32Array(1024);
  private generation = 0;
  size = 0;

  reset(expected: number): void {
    this.size = 0;
    if (expected * 2 > this.keys.length) {
      let capacity = this.keys.length;
      while (capacity < expected * 2) capacity *= 2;
      this.keys = new Uint32Array(capacity);
      this.stamps = new Uint32Array(capacity);
      this.generation = 0;
    }
    if (++this.generation === 0xffffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  /** Adds h; returns false when it was already present. */
  add(h: number): boolean {
    const keys = this.keys;
    const stamps = this.stamps;
    const generation = this.generation;
    const mask = keys.length - 1;
    let slot = h & mask;
    while (stamps[slot] === generation) {
      if (keys[slot] === h) return false;
      slot = (slot + 1) & mask;
    }
    stamps[slot] = generation;
    keys[slot] = h;
    this.size++;
    return true;
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
 * would, into `tokenHashes`; figure tokens' hashes go to `figureHashes`. Returns false (and
 * leaves the buffers in an unspecified state) when the text needs the reference path.
 */
function scanTokens(text: string, seed: number, out: TokenBuffers): boolean {
  const classes = codeUnitClass;
  const start = (0x811c9dc5 ^ seed) >>> 0;
  const n = text.length;
  // A text of n code units holds at most n/2 + 1 tokens: no bounds checks in the loop.
  while (out.tokenHashes.length < (n >> 1) + 1) out.growTokens();
  while (out.figureHashes.length < (n >> 1) + 1) out.growFigures();
  const hashes = out.tokenHashes;
  const figures = out.figureHashes;
  let count = 0;
  let figureCount = 0;
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
      hashes[count++] = hash;
      if (seen & DIGIT) figures[figureCount++] = hash;
      h = start;
      seen = 0;
    }
  }
  if (seen !== 0) {
    const hash = fmix32(h);
    hashes[count++] = hash;
    if (seen & DIGIT) figures[figureCount++] = hash;
  }
  out.tokenCount = count;
  out.figureCount = figureCount;
  return true;
}

/** Reusable per-thread buffers of token and figure hashes. */
class TokenBuffers {
  tokenHashes: Uint32Array = new Uint32Array(4096);
  figureHashes: Uint32Array = new Uint32Array(256);
  tokenCount = 0;
  figureCount = 0;

  growTokens(): Uint32Array {
    const grown = new Uint32Array(this.tokenHashes.length * 2);
    grown.set(this.tokenHashes);
    return (this.tokenHashes = grown);
  }

  growFigures(): Uint32Array {
    const grown = new Uint32Array(this.figureHashes.length * 2);
    grown.set(this.figureHashes);
    return (this.figureHashes = grown);
  }

  /** Token and figure hashes of already-tokenised text. */
  fill(tokens: readonly string[], seed: number): void {
    while (this.tokenHashes.length < tokens.length) this.growTokens();
    let figureCount = 0;
    for (let i = 0; i < tokens.length; i++) {
      const hash = hashString(tokens[i], seed);
      this.tokenHashes[i] = hash;
      if (isFigure(tokens[i])) {
        if (figureCount === this.figureHashes.length) this.growFigures();
        this.figureHashes[figureCount++] = hash;
      }
    }
    this.tokenCount = tokens.length;
    this.figureCount = figureCount;
  }
}

const scratch = new ShingleSet();
const buffers = new TokenBuffers();

/**
 * One-permutation MinHash with optimal densification (Shrivastava, ICML 2017): a shingle's
 * hash picks its bin from the high bits and competes on a second mix of the hash within it;
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
    return this.fingerprint(new Uint32Array(this.options.permutations), 0);
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
    if (!scanTokens(text, this.options.seed, buffers)) buffers.fill(tokenize(text), this.options.seed);
    return this.fingerprint(out, offset);
  }

  private fingerprint(out: Uint32Array, offset: number): Fingerprint {
    const { shingleSize, permutations, seed } = this.options;
    const tokenCount = buffers.tokenCount;
    const tokenHashes = buffers.tokenHashes;
    const signature = out.subarray(offset, offset + permutations);
    signature.fill(EMPTY_SLOT);
    const filled = this.filled;
    filled.fill(0);
    const binSeed = this.binSeed;
    // A document shorter than one shingle is sketched as the single shingle of all its tokens.
    const width = Math.min(shingleSize, tokenCount);
    const count = tokenCount === 0 ? 0 : tokenCount - width + 1;
    const scale = permutations / 4294967296;
    scratch.reset(count);
    for (let start = 0; start < count; start++) {
      let h = seed >>> 0;
      for (let k = start; k < start + width; k++) h = combine(h, tokenHashes[k]);
      if (!scratch.add(h)) continue;
      // High bits choose the bin (uniform for any bin count); a second mix ranks within the bin.
      const bin = Math.floor(h * scale);
      const rank = fmix32(h ^ binSeed);
      if (rank < signature[bin] || !filled[bin]) {
        signature[bin] = rank;
        filled[bin] = 1;
      }
    }
    if (scratch.size > 0) densify(signature, filled, binSeed);
    return { signature, shingles: scratch.size, tokens: tokenCount, figures: bottomK(buffers.figureHashes, buffers.figureCount, MAX_FIGURES) };
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

/** Sorted distinct values of values[0..count), at most k of them (the smallest). */
function bottomK(values: Uint32Array, count: number, k: number): Uint32Array {
  if (count === 0) return new Uint32Array(0);
  const sorted = values.slice(0, count).sort();
  let distinct = 1;
  for (let i = 1; i < count && distinct < k; i++) if (sorted[i] !== sorted[distinct - 1]) sorted[distinct++] = sorted[i];
  return sorted.slice(0, distinct);
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

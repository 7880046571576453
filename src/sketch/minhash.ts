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

import { openingKeyOf, scratchFeatures, type Samples } from './features.js';
import { fmix32, scanTokens, tokenize, TokenBuffers } from './tokens.js';

export interface FingerprintOptions {
  /** Words per shingle. */
  shingleSize: number;
  /** Signature length (number of MinHash values). */
  permutations: number;
  /** Seed for every hash; equal seeds give equal signatures across runs and machines. */
  seed: number;
}

export const DEFAULT_FINGERPRINT: FingerprintOptions = { shingleSize: 4, permutations: 128, seed: 1 };

/**
 * Documents with at most this many distinct shingles keep them all (full 32-bit hashes) and
 * are compared on them exactly: the densified signature of a very short one holds so few distinct
 * values that a compact (16-bit) one would let unrelated short texts agree everywhere by chance,
 * and for short wire items and notices an estimate from 128 values puts pairs near the
 * containment bar on either side by chance. 120 is what a record holds (255 values, two a shingle).
 */
export const MAX_EXACT_SHINGLES = 120;


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
  /** Hash of the first words (see openingKeyOf); NO_OPENING for a text of fewer. */
  opening: number;
}

const EMPTY_SLOT = 0xffffffff;

/** Odd multiplier of the rolling shingle polynomial (a golden-ratio constant). */
const SHINGLE_BASE = 0x9e3779b1;

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
  /** The first steps of each bin's densification probe sequence (see densify). */
  private readonly probes: Uint32Array;
  /** Scratch of this hasher's thread: token hashes of the text being sketched, and its distinct shingles. */
  private readonly tokens = new TokenBuffers();
  private readonly counter = new ShingleCounter();

  constructor(options: FingerprintOptions = DEFAULT_FINGERPRINT) {
    if (!Number.isInteger(options.shingleSize) || options.shingleSize < 1) throw new RangeError('shingle size must be a positive integer');
    if (!Number.isInteger(options.permutations) || options.permutations < 1) throw new RangeError('permutations must be a positive integer');
    this.options = options;
    this.binSeed = fmix32(options.seed ^ 0x5bd1e995);
    this.filled = new Uint8Array(options.permutations);
    this.probes = probeTable(options.permutations, this.binSeed);
  }

  /** Fingerprint of already-tokenised text. */
  fromTokens(tokens: readonly string[]): Fingerprint {
    this.tokens.fill(tokens, this.options.seed);
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
    if (!scanTokens(text, this.options.seed, this.tokens, text.length <= KEEP_UNITS_CHARS)) this.tokens.fill(tokenize(text), this.options.seed);
    return this.fingerprint(out, offset, () => tokenize(text));
  }

  /** The fingerprint of the tokens in `this.tokens`; its samples are scratch views (see sketchTextScratch). */
  private fingerprint(out: Uint32Array, offset: number, tokensOf: () => readonly string[]): Fingerprint {
    const { shingleSize, permutations, seed } = this.options;
    const tokenCount = this.tokens.tokenCount;
    const tokenHashes = this.tokens.tokenHashes;
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
    this.counter.reset(count);
    const keys = this.counter.keys;
    const mask = this.counter.mask;
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
        distinct += 1 - this.counter.zeroSeen;
        this.counter.zeroSeen = 1;
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
      if (empty > 0) densify(signature, filled, this.binSeed, this.probes);
    }
    const samples = scratchFeatures(tokenHashes, this.tokens.tokenFlags, tokenCount, seed);
    let shingleSet: Uint32Array = NO_SHINGLES;
    if (distinct <= MAX_EXACT_SHINGLES) {
      if (!this.tokens.hasUnits) this.tokens.keepUnits(tokensOf());
      shingleSet = exactShingles(this.tokens, shingleSize, seed);
    }
    const opening = openingKeyOf(tokenHashes, this.tokens.tokenFlags, tokenCount, seed);
    return { signature, shingles: distinct, tokens: tokenCount, figures: samples.figures, slots: samples.slots, lead: samples.lead, shingleSet, opening };
  }
}

const NO_SHINGLES = new Uint32Array(0);

/**
 * A short document's shingles as 64-bit identities (two independent 32-bit hashes of the
 * shingle's text, its tokens joined by single spaces, interleaved), sorted and distinct: at 32
 * bits, a few hundred thousand short documents would hold colliding pairs by the birthday bound.
 * Both hashes are read off the tokens' code units without building the shingle's string: a run
 * computes this for every document of up to MAX_EXACT_SHINGLES shingles, most of a wire corpus.
 */
function exactShingles(tokens: TokenBuffers, shingleSize: number, seed: number): Uint32Array {
  const tokenCount = tokens.tokenCount;
  const width = Math.min(shingleSize, tokenCount);
  const count = tokenCount === 0 ? 0 : tokenCount - width + 1;
  const high = new Uint32Array(count);
  const low = new Uint32Array(count);
  for (let start = 0; start < count; start++) joinedHashes(tokens.units, tokens.unitEnds, start, width, seed, high, low);
  const out = new Uint32Array(count * 2);
  let kept = 0;
  for (const i of orderByIdentity(high, low)) {
    if (kept > 0 && out[2 * kept - 2] === high[i] && out[2 * kept - 1] === low[i]) continue;
    out[2 * kept] = high[i];
    out[2 * kept + 1] = low[i];
    kept++;
  }
  return out.slice(0, kept * 2);
}

/**
 * Texts up to this long keep their tokens' code units as they are scanned, for the exact shingles
 * of a document of up to MAX_EXACT_SHINGLES shingles; a longer one that turns out to have so few
 * (a line repeated many times) is tokenised again for them. Such documents run to about 1,000
 * characters (none above 1,500 among the cleaned Reuters, WCXB, news, syndication and
 * multilingual texts), and keeping units costs every longer text's scan: sketching news articles
 * of 2,000 to 4,000 characters takes about 1.5% more CPU with them.
 */
export const KEEP_UNITS_CHARS = 2048;

/** Shingles whose position a double holds beside a 32-bit hash exactly (53 bits of mantissa). */
const POSITION_BITS = 21;
const POSITIONS = 2 ** POSITION_BITS;

/**
 * Positions 0..count-1 in the order of their (high, low) identities. Each high hash and its
 * position are packed exactly in one double and sorted natively (a comparator called from the
 * sort costs more than the hashing); the rare run of equal high hashes is then put in order
 * of its low hashes.
 */
function orderByIdentity(high: Uint32Array, low: Uint32Array): Uint32Array {
  const count = high.length;
  const order = new Uint32Array(count);
  if (count >= POSITIONS) {
    const sorted = Array.from({ length: count }, (_, i) => i).sort((x, y) => high[x] - high[y] || low[x] - low[y]);
    order.set(sorted);
    return order;
  }
  const packed = new Float64Array(count);
  for (let i = 0; i < count; i++) packed[i] = high[i] * POSITIONS + i;
  packed.sort();
  for (let i = 0; i < count; i++) order[i] = packed[i] % POSITIONS;
  for (let start = 0; start < count; ) {
    let end = start + 1;
    while (end < count && high[order[end]] === high[order[start]]) end++;
    // Insertion sort of the run by low hash (runs are one long but for a 32-bit collision).
    for (let i = start + 1; i < end; i++) {
      const position = order[i];
      let j = i - 1;
      while (j >= start && low[order[j]] > low[position]) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = position;
    }
    start = end;
  }
  return order;
}

/**
 * The two identities of tokens start .. start + width - 1 (their code units in `units`, token t
 * ending at ends[t]) joined by single spaces, in one pass over their units: into high,
 * hashString (FNV-1a, then fmix32) seeded with seed ^ 0x2545f491; into low, an independent hash
 * (multiply-rotate per code unit, murmur3's constants, then the length mixed in).
 */
function joinedHashes(units: Uint16Array, ends: Uint32Array, start: number, width: number, seed: number, high: Uint32Array, low: Uint32Array): void {
  let h = (0x811c9dc5 ^ (seed ^ 0x2545f491)) >>> 0;
  let g = (seed ^ 0x9747b28c) >>> 0;
  const first = start === 0 ? 0 : ends[start - 1];
  const last = ends[start + width - 1];
  // The joined text: every unit, and a space between tokens.
  const length = last - first + width - 1;
  let tokenEnd = ends[start];
  let t = start;
  for (let i = first; i < last; i++) {
    if (i === tokenEnd) {
      // a space before the next token's first unit
      h = Math.imul(h ^ SPACE, 0x01000193);
      g = mixUnit(g, SPACE);
      tokenEnd = ends[++t];
    }
    const c = units[i];
    h = Math.imul(h ^ c, 0x01000193);
    g = mixUnit(g, c);
  }
  high[start] = fmix32(h);
  low[start] = fmix32(g ^ length);
}

/** One code unit into the second identity (murmur3's block step). */
function mixUnit(g: number, c: number): number {
  let k = Math.imul(c, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  g ^= k;
  return (Math.imul((g << 13) | (g >>> 19), 5) + 0xe6546b64) | 0;
}

const SPACE = 0x20;

/** The same with samples of its own instead of views of the per-thread scratch buffers. */
function withOwnSamples<T extends Samples & { shingleSet?: Uint32Array }>(scratch: T): T {
  const own = { ...scratch, figures: scratch.figures.slice(), slots: scratch.slots.slice(), lead: scratch.lead.slice() };
  if (scratch.shingleSet) own.shingleSet = scratch.shingleSet.slice();
  return own;
}

/**
 * Optimal densification: an empty bin copies the value of the first non-empty bin on its own
 * seeded probe sequence. Two documents whose bin j is filled agree on every empty bin that
 * probes j first, which keeps the estimate unbiased. The sequences depend on the bin and the
 * seed alone, so their first PROBES_KEPT steps are worked out once per hasher (`probeTable`); a
 * short document, whose bins are mostly empty, takes several steps a bin.
 */
function densify(signature: Uint32Array, filled: Uint8Array, seed: number, probes: Uint32Array): void {
  const k = signature.length;
  for (let bin = 0; bin < k; bin++) {
    if (filled[bin]) continue;
    const row = bin * PROBES_KEPT;
    let attempt = 1;
    for (;;) {
      const source = attempt <= PROBES_KEPT ? probes[row + attempt - 1] : probeSource(bin, attempt, seed, k);
      if (filled[source]) {
        signature[bin] = signature[source];
        break;
      }
      attempt++;
    }
  }
}

/** The bin that step `attempt` of bin `bin`'s probe sequence looks at. */
function probeSource(bin: number, attempt: number, seed: number, k: number): number {
  const probe = fmix32(Math.imul(bin + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca6b) ^ seed);
  return Math.floor((probe / 4294967296) * k);
}

/** Steps of each bin's probe sequence kept in a table (a bin of a 20-shingle document in 128 bins needs 7 on average). */
const PROBES_KEPT = 16;

/** The first PROBES_KEPT steps of every bin's probe sequence, bin after bin. */
function probeTable(k: number, seed: number): Uint32Array {
  const table = new Uint32Array(k * PROBES_KEPT);
  for (let bin = 0; bin < k; bin++) for (let attempt = 1; attempt <= PROBES_KEPT; attempt++) table[bin * PROBES_KEPT + attempt - 1] = probeSource(bin, attempt, seed, k);
  return table;
}

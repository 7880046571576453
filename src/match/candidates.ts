/**
 * Index stage: locality-sensitive hashing over MinHash signatures. A signature is cut into
 * `bands` bands of `rows` values; two documents become a candidate pair when any band agrees.
 * Band hashes are 32-bit numbers in typed hash tables, never string keys.
 */

import { fmix32 } from '../sketch/tokens.js';
import { type Signature } from '../sketch/compare.js';
import { NO_OPENING } from '../sketch/features.js';

export interface BandingParams {
  bands: number;
  rows: number;
}

/**
 * Probability that two documents of Jaccard similarity s share at least one band.
 */
export function candidateProbability(s: number, { bands, rows }: BandingParams): number {
  return 1 - Math.pow(1 - Math.pow(s, rows), bands);
}

/** Width of the steps of the midpoint rule over similarity. */
const STEP = 0.001;

/** Midpoints of the integration steps from `from` to `to`, as a loop adding STEP finds them. */
function midpoints(from: number, to: number): Float64Array {
  const out: number[] = [];
  for (let x = from; x < to; x += STEP) out.push(x + STEP / 2);
  return Float64Array.from(out);
}

/**
 * Bands and rows for a Jaccard threshold: the pair (b, r) with b*r <= permutations that
 * minimises the weighted false-positive area (below the threshold) plus false-negative area
 * (above it) under the banding S-curve, as the datasketch library chooses them. For each r,
 * the miss probability (1 - s^r)^b is carried from b to b + 1 by one product per point, so
 * the search costs no powers of b: it runs in milliseconds, a fixed cost of every run.
 */
export function optimalBanding(threshold: number, permutations: number, falsePositiveWeight = 0.5, falseNegativeWeight = 0.5): BandingParams {
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError('threshold must be in (0, 1]');
  const below = midpoints(0, threshold);
  const above = midpoints(threshold, 1);
  // errors[bands][rows], searched bands first as ties go to the first found.
  const errors: Float64Array[] = Array.from({ length: permutations + 1 }, (_, bands) => new Float64Array(Math.floor(permutations / Math.max(1, bands)) + 1));
  const missBelow = new Float64Array(below.length);
  const missAbove = new Float64Array(above.length);
  const keepBelow = new Float64Array(below.length);
  const keepAbove = new Float64Array(above.length);
  for (let rows = 1; rows <= permutations; rows++) {
    for (let i = 0; i < below.length; i++) {
      keepBelow[i] = 1 - Math.pow(below[i], rows);
      missBelow[i] = 1;
    }
    for (let i = 0; i < above.length; i++) {
      keepAbove[i] = 1 - Math.pow(above[i], rows);
      missAbove[i] = 1;
    }
    for (let bands = 1; bands * rows <= permutations; bands++) {
      let falsePositive = 0;
      for (let i = 0; i < below.length; i++) {
        missBelow[i] *= keepBelow[i];
        falsePositive += (1 - missBelow[i]) * STEP;
      }
      let falseNegative = 0;
      for (let i = 0; i < above.length; i++) {
        missAbove[i] *= keepAbove[i];
        falseNegative += missAbove[i] * STEP;
      }
      errors[bands][rows] = falsePositive * falsePositiveWeight + falseNegative * falseNegativeWeight;
    }
  }
  let best: BandingParams = { bands: 1, rows: permutations };
  let bestError = Infinity;
  for (let bands = 1; bands <= permutations; bands++) {
    for (let rows = 1; bands * rows <= permutations; rows++) {
      if (errors[bands][rows] < bestError) {
        bestError = errors[bands][rows];
        best = { bands, rows };
      }
    }
  }
  return best;
}

/**
 * Hash of one band of a signature (full or compact: the hashes of the two differ). Another salt
 * gives an independent hash of the same band, for keys wider than 32 bits.
 */
export function bandHash(signature: Signature, band: number, rows: number, salt = 0): number {
  return bandHashAt(signature, 0, band, rows, salt);
}

/** Every band's hash of one signature: what an index keeps in its buckets. */
export function bandHashes(signature: Signature, bands: number, rows: number): Uint32Array {
  const out = new Uint32Array(bands);
  for (let band = 0; band < bands; band++) out[band] = bandHash(signature, band, rows);
  return out;
}

/** Hash of one band of the signature stored at `offset` in `signatures` (full or compact, see Signature). */
export function bandHashAt(signatures: Signature, offset: number, band: number, rows: number, salt = 0): number {
  let h = fmix32(((band + 1) * 0x9e3779b1) ^ salt);
  const start = band * rows;
  for (let i = start; i < start + rows; i++) h = fmix32(Math.imul(h ^ signatures[offset + i], 0x85ebca6b) + i);
  return h;
}

/** Lead word pairs (the smallest hashes of a lead sample) that make an opening key. */
export const OPENING_KEY_PAIRS = 3;

/**
 * Key of a document's lead for candidate generation: a hash of the OPENING_KEY_PAIRS smallest
 * hashes of its lead's word pairs (the lead sample is sorted, see features.ts), or -1 when the
 * lead holds fewer. Two documents whose first 40 words are alike share it, where a few words
 * changed in their first 8 give them other opening keys (see openingKeyOf in sketch/features.ts).
 */
export function openingKey(lead: Uint32Array): number {
  if (lead.length < OPENING_KEY_PAIRS) return -1;
  let h = fmix32(0x0e1ead ^ OPENING_KEY_PAIRS);
  for (let i = 0; i < OPENING_KEY_PAIRS; i++) h = fmix32(Math.imul(h ^ lead[i], 0x85ebca6b) + i);
  return h >>> 0;
}

/**
 * Bands keyed on a document's opening rather than its signature, after the signature bands in
 * every mode (a run's last candidate pass, engine/matching.ts, and an index's buckets): band 0
 * its first words (openingKeyOf in sketch/features.ts), band 1 its lead (openingKey).
 */
export const OPENING_BANDS = 2;

/**
 * The key of a document that has none in an opening band (too few words, too short a lead): one
 * no other document shares but by a collision, which verification sorts out. `n` tells documents
 * apart (a run's document number, an index's content hash).
 */
export function ownKey(n: number): number {
  return Math.imul(n + 1, 0x9e3779b1) >>> 0;
}

/** A document's key in opening band `band` (see OPENING_BANDS), or `own` when it has none. */
export function openingBandKey(band: number, doc: { opening?: number; lead?: Uint32Array }, own: number): number {
  if (band === 0) return doc.opening !== undefined && doc.opening !== NO_OPENING ? doc.opening : own;
  const key = doc.lead ? openingKey(doc.lead) : -1;
  return key >= 0 ? key : own;
}

/**
 * A document's band hashes as an index keeps them: its `bands` signature bands, then its
 * OPENING_BANDS opening bands, so that an index proposes the pairs a run proposes.
 */
export function indexBandHashes(doc: { signature: Signature; opening?: number; lead: Uint32Array }, bands: number, rows: number, own: number): Uint32Array {
  const out = new Uint32Array(bands + OPENING_BANDS);
  for (let band = 0; band < bands; band++) out[band] = bandHash(doc.signature, band, rows);
  for (let band = 0; band < OPENING_BANDS; band++) out[bands + band] = openingBandKey(band, doc, own);
  return out;
}

/** Buckets larger than this are linked as a chain plus a star, not as every pair (see below). */
export const FULL_PAIRING_LIMIT = 48;

/**
 * One band's buckets: an open-addressing table from band hash to the head of a linked list of
 * documents (heads/next in Int32Arrays). Memory is a few integers per document.
 */
class BandTable {
  private keys: Uint32Array;
  private heads: Int32Array;
  private next: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expectedDocuments: number) {
    let capacity = 16;
    while (capacity < expectedDocuments * 2) capacity *= 2;
    this.keys = new Uint32Array(capacity);
    this.heads = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    this.next = new Int32Array(Math.max(16, expectedDocuments));
  }

  insert(hash: number, doc: number): void {
    if (doc >= this.next.length) {
      const grown = new Int32Array(Math.max(doc + 1, this.next.length * 2));
      grown.set(this.next);
      this.next = grown;
    }
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    let slot = hash & this.mask;
    while (this.heads[slot] !== -1 && this.keys[slot] !== hash) slot = (slot + 1) & this.mask;
    if (this.heads[slot] === -1) {
      this.keys[slot] = hash;
      this.count++;
    }
    this.next[doc] = this.heads[slot];
    this.heads[slot] = doc;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldHeads = this.heads;
    this.keys = new Uint32Array(oldKeys.length * 2);
    this.heads = new Int32Array(oldKeys.length * 2).fill(-1);
    this.mask = this.keys.length - 1;
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldHeads[i] === -1) continue;
      let slot = oldKeys[i] & this.mask;
      while (this.heads[slot] !== -1) slot = (slot + 1) & this.mask;
      this.keys[slot] = oldKeys[i];
      this.heads[slot] = oldHeads[i];
    }
  }

  /** Documents already in the bucket of `hash` (most recent first). */
  *bucket(hash: number): Generator<number> {
    let slot = hash & this.mask;
    while (this.heads[slot] !== -1) {
      if (this.keys[slot] === hash) {
        for (let doc = this.heads[slot]; doc !== -1; doc = this.next[doc]) yield doc;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
  }
}

/**
 * In-memory LSH index. `add` returns the documents already indexed that share a band with the
 * new one. A bucket with more than FULL_PAIRING_LIMIT documents (thousands of copies of one
 * text) links the newcomer only to its most recent FULL_PAIRING_LIMIT bucket mates: the bucket
 * stays connected and candidate generation stays near-linear.
 */
export class LshIndex {
  readonly params: BandingParams;
  private readonly tables: BandTable[];
  private size = 0;

  constructor(params: BandingParams, private readonly expectedDocuments = 1024) {
    this.params = params;
    this.tables = Array.from({ length: params.bands }, () => new BandTable(expectedDocuments));
  }

  get documents(): number {
    return this.size;
  }

  /** Inserts document `doc` (numbered from 0 upwards) and returns its candidate partners. */
  add(doc: number, signature: Signature): number[] {
    return this.addKeys(doc, bandHashes(signature, this.params.bands, this.params.rows));
  }

  /** `add` with the document's band hashes given: its signature bands and any after them (see indexBandHashes). */
  addKeys(doc: number, hashes: ArrayLike<number>): number[] {
    const partners = new Set<number>();
    while (this.tables.length < hashes.length) this.tables.push(new BandTable(this.expectedDocuments));
    for (let band = 0; band < hashes.length; band++) {
      const hash = hashes[band];
      let taken = 0;
      for (const other of this.tables[band].bucket(hash)) {
        partners.add(other);
        if (++taken >= FULL_PAIRING_LIMIT) break;
      }
      this.tables[band].insert(hash, doc);
    }
    this.size++;
    return [...partners];
  }
}

/**
 * Every candidate pair of documents 0..count-1 at once, visited as (earlier, later) once per band
 * the two share (no set of pairs in memory: a caller that needs each pair once remembers it). `bandKeys(band, keys)` fills keys[doc] with each document's hash of that
 * band. Per band, documents are sorted by band hash with a stable radix sort, so a bucket is a
 * run of documents in input order; each document pairs with the up to FULL_PAIRING_LIMIT
 * documents before it in its run. These are exactly the pairs LshIndex.add returns when
 * documents are added in order, with one band's keys in memory at a time instead of a hash
 * table per band.
 *
 * Almost every bucket holds one document, so a RepeatFilter first sets aside the documents
 * whose hash certainly occurs once in the band; only the rest are sorted, with their hashes
 * alongside, and scanned in order. The visit order is that of sorting every document.
 */
export function forEachCandidatePair(count: number, bands: number, bandKeys: (band: number, keys: Uint32Array) => void, visit: (earlier: number, later: number) => void): void {
  for (const _ of candidatePairSteps(count, bands, bandKeys, visit)) continue;
}

/** Where the candidate pass is: bands finished, and pairs visited so far. */
export interface CandidateProgress {
  bandsDone: number;
  bands: number;
  pairs: number;
}

export interface CandidatePassOptions {
  /** Earlier bucket mates each document pairs with, per band: the most recent ones (default FULL_PAIRING_LIMIT). */
  window?: number;
  /**
   * Called with each document of a band's repeated hashes a few places before its bucket is
   * visited, in visit order: a visitor whose state per document lies in memory at random reads
   * it here, so that its reads overlap instead of waiting one after another. It returns what it
   * read (any number), which the pass keeps so that the reads are made.
   */
  ahead?: (doc: number) => number;
}

/** How many places of a band's sorted documents `ahead` is called before their visit. */
const AHEAD_DISTANCE = 16;

/** The candidate pass pauses (yields) at least this often, in pairs visited. */
const PAIRS_PER_STEP = 4096;

/**
 * forEachCandidatePair in steps: the pass yields its progress after each band and every
 * PAIRS_PER_STEP pairs, so a caller can report progress and let the event loop run (a signal
 * handler must be able to stop a long pass).
 */
export function* candidatePairSteps(
  count: number,
  bands: number,
  bandKeys: (band: number, keys: Uint32Array) => void,
  visit: (earlier: number, later: number) => boolean | void,
  { window = FULL_PAIRING_LIMIT, ahead }: CandidatePassOptions = {},
): Generator<CandidateProgress, void, void> {
  const keys = new Uint32Array(count);
  let read = 0;
  const filter = new RepeatFilter(count);
  const sorter = new KeyDocSorter(count);
  let pairs = 0;
  let nextStep = PAIRS_PER_STEP;
  for (let band = 0; band < bands; band++) {
    bandKeys(band, keys);
    filter.count(keys, count);
    const n = filter.collect(keys, count, sorter.keys, sorter.docs);
    sorter.sort(n);
    const { keys: sortedKeys, docs } = sorter;
    let start = 0;
    let readTo = 0;
    while (start < n) {
      const hash = sortedKeys[start];
      let end = start + 1;
      while (end < n && sortedKeys[end] === hash) end++;
      if (ahead !== undefined && end - start > 1) {
        for (const to = Math.min(n, end + AHEAD_DISTANCE); readTo < to; readTo++) read ^= ahead(docs[readTo]);
      }
      for (let p = start + 1; p < end; p++) {
        const later = docs[p];
        for (let q = Math.max(start, p - window); q < p; q++) {
          pairs++;
          // false: the later document wants no more pairs (its verification budget is spent).
          if (visit(docs[q], later) === false) break;
        }
      }
      start = end;
      if (pairs >= nextStep) {
        nextStep = pairs + PAIRS_PER_STEP;
        yield { bandsDone: band, bands, pairs };
      }
    }
    yield { bandsDone: band + 1, bands, pairs };
  }
  aheadRead = read;
}

/** What the last pass's `ahead` calls returned, kept where the compiler cannot tell it is unused. */
export let aheadRead = 0;

/**
 * Which band hashes may occur more than once: two bit sets over a table of slots (hash modulo
 * a power of two, about 4 slots per document: the table stays in cache), one marking slots seen, one slots seen twice.
 * A document whose slot was seen once has a unique hash; the others (every document of a
 * bucket of two or more, plus a few whose slot another hash shares) are kept.
 */
class RepeatFilter {
  /** Per 32 slots, a word of "seen" bits followed by a word of "seen twice" bits (one cache line). */
  private readonly bits: Uint32Array;
  private readonly mask: number;

  constructor(documents: number) {
    let slots = 1024;
    while (slots < documents * 4) slots *= 2;
    this.bits = new Uint32Array(slots / 16);
    this.mask = slots - 1;
  }

  /** Marks the slots of keys[0..n-1]. */
  count(keys: Uint32Array, n: number): void {
    const { bits, mask } = this;
    bits.fill(0);
    for (let i = 0; i < n; i++) {
      const slot = keys[i] & mask;
      const word = (slot >>> 5) << 1;
      const bit = 1 << (slot & 31);
      if (bits[word] & bit) bits[word + 1] |= bit;
      else bits[word] |= bit;
    }
  }

  /** Copies the documents whose slot was seen twice and their keys to outDocs and outKeys, in document order; returns how many. */
  collect(keys: Uint32Array, n: number, outKeys: Uint32Array, outDocs: Uint32Array): number {
    const { bits, mask } = this;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const key = keys[i];
      const slot = key & mask;
      if (bits[((slot >>> 5) << 1) + 1] & (1 << (slot & 31))) {
        outKeys[kept] = key;
        outDocs[kept++] = i;
      }
    }
    return kept;
  }
}

/** Entries from which KeyDocSorter sorts in two passes of 16 bits: below, the larger counts would cost more to clear and sum than the pass they save. */
const WIDE_DIGITS_FROM = 1 << 16;

/**
 * Stable least-significant-digit radix sort of (key, doc) entries by 32-bit key: three passes of
 * 11, 11 and 10 bits, or for many entries two passes of 16 bits (a third fewer entries moved; on a
 * million documents' bands about a fifth less time). Either way the entries end sorted by key,
 * ties in their order before.
 */
class KeyDocSorter {
  keys: Uint32Array;
  docs: Uint32Array;
  private tempKeys: Uint32Array;
  private tempDocs: Uint32Array;
  private readonly counts: Uint32Array;

  constructor(capacity: number) {
    this.keys = new Uint32Array(capacity);
    this.docs = new Uint32Array(capacity);
    this.tempKeys = new Uint32Array(capacity);
    this.tempDocs = new Uint32Array(capacity);
    this.counts = new Uint32Array(capacity >= WIDE_DIGITS_FROM ? 2 << 16 : 3 << 11);
  }

  /** Sorts entries 0..n-1 by key, ties in their current order. */
  sort(n: number): void {
    if (n >= WIDE_DIGITS_FROM && this.counts.length >= 2 << 16) this.sortWide(n);
    else this.sortNarrow(n);
  }

  private sortNarrow(n: number): void {
    const { counts } = this;
    counts.fill(0, 0, 3 << 11);
    for (let i = 0; i < n; i++) {
      const key = this.keys[i];
      counts[key & 0x7ff]++;
      counts[2048 + ((key >>> 11) & 0x7ff)]++;
      counts[4096 + (key >>> 22)]++;
    }
    this.startsOfDigits(3, 11);
    this.scatter(n, 0, 0, 0x7ff);
    this.scatter(n, 11, 2048, 0x7ff);
    this.scatter(n, 22, 4096, 0x7ff);
  }

  private sortWide(n: number): void {
    const { counts } = this;
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const key = this.keys[i];
      counts[key & 0xffff]++;
      counts[65536 + (key >>> 16)]++;
    }
    this.startsOfDigits(2, 16);
    this.scatter(n, 0, 0, 0xffff);
    this.scatter(n, 16, 65536, 0xffff);
  }

  /** Turns each digit's counts into the places where its entries start. */
  private startsOfDigits(digits: number, bits: number): void {
    const { counts } = this;
    for (let digit = 0; digit < digits; digit++) {
      for (let d = digit << bits, sum = 0; d < (digit + 1) << bits; d++) {
        const c = counts[d];
        counts[d] = sum;
        sum += c;
      }
    }
  }

  /** One pass: entries into the temporary arrays by the digit at `shift`, which then become the entries. */
  private scatter(n: number, shift: number, base: number, mask: number): void {
    const { keys, docs, tempKeys, tempDocs, counts } = this;
    for (let i = 0; i < n; i++) {
      const key = keys[i];
      const at = counts[base + ((key >>> shift) & mask)]++;
      tempKeys[at] = key;
      tempDocs[at] = docs[i];
    }
    this.keys = tempKeys;
    this.docs = tempDocs;
    this.tempKeys = keys;
    this.tempDocs = docs;
  }
}

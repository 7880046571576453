/**
 * Index stage: locality-sensitive hashing over MinHash signatures. A signature is cut into
 * `bands` bands of `rows` values; two documents become a candidate pair when any band agrees.
 * Band hashes are 32-bit numbers in typed hash tables, never string keys.
 */

import { fmix32, type Signature } from './fingerprint.js';

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

function integrate(f: (x: number) => number, from: number, to: number): number {
  const step = 0.001;
  let area = 0;
  for (let x = from; x < to; x += step) area += f(x + step / 2) * step;
  return area;
}

/**
 * Bands and rows for a Jaccard threshold: the pair (b, r) with b*r <= permutations that
 * minimises the weighted false-positive area (below the threshold) plus false-negative area
 * (above it) under the banding S-curve, as the datasketch library chooses them.
 */
export function optimalBanding(threshold: number, permutations: number, falsePositiveWeight = 0.5, falseNegativeWeight = 0.5): BandingParams {
  if (!(threshold > 0 && threshold < 1)) throw new RangeError('threshold must be between 0 and 1');
  let best: BandingParams = { bands: 1, rows: permutations };
  let bestError = Infinity;
  for (let bands = 1; bands <= permutations; bands++) {
    const maxRows = Math.floor(permutations / bands);
    for (let rows = 1; rows <= maxRows; rows++) {
      const params = { bands, rows };
      const falsePositive = integrate((s) => candidateProbability(s, params), 0, threshold);
      const falseNegative = integrate((s) => 1 - candidateProbability(s, params), threshold, 1);
      const error = falsePositive * falsePositiveWeight + falseNegative * falseNegativeWeight;
      if (error < bestError) {
        bestError = error;
        best = params;
      }
    }
  }
  return best;
}

/** Hash of one band of a signature. */
export function bandHash(signature: Uint32Array, band: number, rows: number): number {
  return bandHashAt(signature, 0, band, rows);
}

/** Hash of one band of the signature stored at `offset` in `signatures` (full or compact, see Signature). */
export function bandHashAt(signatures: Signature, offset: number, band: number, rows: number): number {
  let h = fmix32((band + 1) * 0x9e3779b1);
  const start = band * rows;
  for (let i = start; i < start + rows; i++) h = fmix32(Math.imul(h ^ signatures[offset + i], 0x85ebca6b) + i);
  return h;
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

  constructor(params: BandingParams, expectedDocuments = 1024) {
    this.params = params;
    this.tables = Array.from({ length: params.bands }, () => new BandTable(expectedDocuments));
  }

  get documents(): number {
    return this.size;
  }

  /** Inserts document `doc` (numbered from 0 upwards) and returns its candidate partners. */
  add(doc: number, signature: Uint32Array): number[] {
    const { bands, rows } = this.params;
    const partners = new Set<number>();
    for (let band = 0; band < bands; band++) {
      const hash = bandHash(signature, band, rows);
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
 * Every candidate pair of documents 0..count-1 at once, each distinct pair visited once as
 * (earlier, later). `bandKeys(band, keys)` fills keys[doc] with each document's hash of that
 * band. Per band, documents are sorted by band hash with a stable radix sort, so a bucket is a
 * run of documents in input order; each document pairs with the up to FULL_PAIRING_LIMIT
 * documents before it in its run. These are exactly the pairs LshIndex.add returns when
 * documents are added in order, with one band's keys in memory at a time instead of a hash
 * table per band.
 */
export function forEachCandidatePair(count: number, bands: number, bandKeys: (band: number, keys: Uint32Array) => void, visit: (earlier: number, later: number) => void): void {
  const keys = new Uint32Array(count);
  const order = new Uint32Array(count);
  const sorter = new RadixSorter(count);
  const seen = new PairSet(count * 2);
  for (let band = 0; band < bands; band++) {
    bandKeys(band, keys);
    sorter.sort(keys, order);
    let start = 0;
    while (start < count) {
      const hash = keys[order[start]];
      let end = start + 1;
      while (end < count && keys[order[end]] === hash) end++;
      for (let p = start + 1; p < end; p++) {
        const later = order[p];
        for (let q = Math.max(start, p - FULL_PAIRING_LIMIT); q < p; q++) {
          if (seen.add(order[q], later)) visit(order[q], later);
        }
      }
      start = end;
    }
  }
}

/** Stable least-significant-digit radix sort of indexes by 32-bit keys, two 16-bit passes. */
class RadixSorter {
  private readonly temp: Uint32Array;
  private readonly counts = new Uint32Array(65536);

  constructor(size: number) {
    this.temp = new Uint32Array(size);
  }

  /** Fills `order` with 0..n-1 sorted by keys[i], ties in index order. */
  sort(keys: Uint32Array, order: Uint32Array): void {
    const n = keys.length;
    const { temp, counts } = this;
    // Low half: indexes in natural order into temp.
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[keys[i] & 0xffff]++;
    for (let d = 0, sum = 0; d < 65536; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) temp[counts[keys[i] & 0xffff]++] = i;
    // High half: from temp into order.
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[keys[i] >>> 16]++;
    for (let d = 0, sum = 0; d < 65536; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const doc = temp[i];
      order[counts[keys[doc] >>> 16]++] = doc;
    }
  }
}

/** Open-addressing set of document pairs (two Uint32Arrays), so each pair is verified once. */
class PairSet {
  private first: Uint32Array;
  private second: Uint32Array;
  private used: Uint8Array;
  private size = 0;

  constructor(expected: number) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.first = new Uint32Array(capacity);
    this.second = new Uint32Array(capacity);
    this.used = new Uint8Array(capacity);
  }

  /** Adds (a, b); returns false when it was already present. */
  add(a: number, b: number): boolean {
    if ((this.size + 1) * 2 > this.first.length) this.grow();
    const mask = this.first.length - 1;
    let slot = fmix32(Math.imul(a, 0x9e3779b1) ^ b) & mask;
    while (this.used[slot]) {
      if (this.first[slot] === a && this.second[slot] === b) return false;
      slot = (slot + 1) & mask;
    }
    this.used[slot] = 1;
    this.first[slot] = a;
    this.second[slot] = b;
    this.size++;
    return true;
  }

  private grow(): void {
    const { first, second, used } = this;
    this.first = new Uint32Array(first.length * 2);
    this.second = new Uint32Array(first.length * 2);
    this.used = new Uint8Array(first.length * 2);
    this.size = 0;
    for (let i = 0; i < first.length; i++) if (used[i]) this.add(first[i], second[i]);
  }
}

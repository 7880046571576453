/**
 * Comparing sketches: the Jaccard and containment estimates of signatures, exact statistics of
 * shingle sets, and the containment and slot comparisons of the verification samples.
 */

import { MAX_FIGURES, MAX_FIGURE_SLOTS, MAX_LEAD_PAIRS } from './features.js';
import { shingleStrings } from './tokens.js';

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


/**
 * Share of the smaller of two sorted bottom-k hash samples found in the larger. When a sample
 * is full only hashes below both samples' largest kept hash are compared, so the estimate
 * stays fair.
 */
export function sampleContainment(a: Uint32Array, b: Uint32Array, k: number): number {
  return sampleContainmentIn(a, 0, a.length, b, 0, b.length, k);
}

/** sampleContainment of two samples read in place: a[fromA .. endA) and b[fromB .. endB) (a run's pair test reads them from the sketch store, no views made). */
export function sampleContainmentIn(a: Uint32Array, fromA: number, endA: number, b: Uint32Array, fromB: number, endB: number, k: number): number {
  if (endA === fromA || endB === fromB) return 1;
  let limit = 0xffffffff;
  if (endA - fromA >= k) limit = Math.min(limit, a[endA - 1]);
  if (endB - fromB >= k) limit = Math.min(limit, b[endB - 1]);
  let lastA = fromA, lastB = fromB;
  while (lastA < endA && a[lastA] <= limit) lastA++;
  while (lastB < endB && b[lastB] <= limit) lastB++;
  let i = fromA, j = fromB, shared = 0;
  while (i < lastA && j < lastB) {
    if (a[i] === b[j]) { shared++; i++; j++; }
    else if (a[i] < b[j]) i++;
    else j++;
  }
  const smaller = Math.min(lastA - fromA, lastB - fromB);
  return smaller === 0 ? 1 : shared / smaller;
}

/** Share of the smaller figure set found in the larger one (1 when either has none). */
export function figureContainment(a: Uint32Array, b: Uint32Array): number {
  return sampleContainment(a, b, MAX_FIGURES);
}

/** figureContainment of two figure samples read in place (see sampleContainmentIn). */
export function figureContainmentIn(a: Uint32Array, fromA: number, endA: number, b: Uint32Array, fromB: number, endB: number): number {
  return sampleContainmentIn(a, fromA, endA, b, fromB, endB, MAX_FIGURES);
}

/** Share of the word pairs of the shorter lead found in the other lead (1 when either is empty). */
export function leadOverlap(a: Uint32Array, b: Uint32Array): number {
  return sampleContainment(a, b, MAX_LEAD_PAIRS);
}

/** leadOverlap of two leads read in place (see sampleContainmentIn). */
export function leadOverlapIn(a: Uint32Array, fromA: number, endA: number, b: Uint32Array, fromB: number, endB: number): number {
  return sampleContainmentIn(a, fromA, endA, b, fromB, endB, MAX_LEAD_PAIRS);
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
  return compareSlotsIn(a, 0, a.length, b, 0, b.length, { shared: 0, changed: 0, datesChanged: 0 });
}

/** compareSlots of two slot samples read in place, a[fromA .. endA) and b[fromB .. endB), counted into `out` (reset first). */
export function compareSlotsIn(a: Uint32Array, fromA: number, endA: number, b: Uint32Array, fromB: number, endB: number, out: SlotComparison): SlotComparison {
  out.shared = 0;
  out.changed = 0;
  out.datesChanged = 0;
  if (endA === fromA || endB === fromB) return out;
  // A full sample may have lost some values of its largest slot: compare only the slots below it.
  let limit = 0x100000;
  if (endA - fromA >= MAX_FIGURE_SLOTS) limit = Math.min(limit, a[endA - 1] >>> 12);
  if (endB - fromB >= MAX_FIGURE_SLOTS) limit = Math.min(limit, b[endB - 1] >>> 12);
  let i = fromA, j = fromB;
  while (i < endA && j < endB) {
    const slotA = a[i] >>> 12;
    const slotB = b[j] >>> 12;
    if (slotA >= limit || slotB >= limit) break;
    if (slotA < slotB) { i++; continue; }
    if (slotB < slotA) { j++; continue; }
    // Same slot: it agrees when any value recurs on both sides (a slot can hold several).
    let lastA = i, lastB = j, date = 0, agree = false;
    while (lastA < endA && a[lastA] >>> 12 === slotA) date |= a[lastA++] & 1;
    while (lastB < endB && b[lastB] >>> 12 === slotB) date |= b[lastB++] & 1;
    for (let x = i; x < lastA && !agree; x++) for (let y = j; y < lastB; y++) if (a[x] >>> 1 === b[y] >>> 1) { agree = true; break; }
    out.shared++;
    if (!agree) {
      out.changed++;
      out.datesChanged += date;
    }
    i = lastA;
    j = lastB;
  }
  return out;
}

import { describe, expect, it } from 'vitest';
import type { BatchResult } from '../../src/engine/batch.js';
import { SKETCH_FEATURES, SketchStore, type PackedFeature, type SketchFeature } from '../../src/engine/document-table.js';
import { estimateJaccard } from '../../src/sketch/compare.js';
import { random as seeded } from '../helpers/random.js';


/** A batch of `count` documents with random signatures; document i keeps a shingle set when `short(i)`. */
function batchOf(signatures: Uint32Array, count: number, short: (i: number) => boolean): BatchResult {
  const features = {} as Record<SketchFeature, PackedFeature>;
  for (const name of SKETCH_FEATURES) {
    const ends = new Uint32Array(count);
    const values: number[] = [];
    for (let i = 0; i < count; i++) {
      if (name === 'shingleSet' && short(i)) values.push(i, i + 1);
      ends[i] = values.length;
    }
    features[name] = { ends, values: Uint32Array.from(values) };
  }
  return { count, signatures, numbers: new Uint32Array(count * 7), features, ids: [], titles: [], dates: [], flags: [], texts: [], skipped: [], bytes: 0 };
}

for (const K of [128, 7]) describe(`SketchStore read in place (${K} values a signature)`, () => {
  const random = seeded(K);
  const count = 20_000;
  const signatures = new Uint32Array(count * K);
  // Each document copies a random share of its predecessor's values: every level of agreement occurs.
  for (let doc = 0; doc < count; doc++) {
    const share = random();
    for (let s = 0; s < K; s++) signatures[doc * K + s] = doc > 0 && random() < share ? signatures[(doc - 1) * K + s] : Math.floor(random() * 2 ** 32);
  }
  const store = new SketchStore(K);
  store.append(batchOf(signatures, count, (i) => i % 3 === 0));

  it('counts equal slots as the Jaccard estimate does', () => {
    for (const [a, b] of [[0, 1], [16383, 16384], [100, 101], [19998, 19999], [5, 17000]]) {
      expect(store.equalValues(a, b) / K).toBe(estimateJaccard(store.signature(a), store.signature(b)));
    }
  });

  it('gives up (-1) only when fewer than the needed slots can agree', () => {
    for (let doc = 1; doc < 2000; doc++) {
      const equal = store.equalValues(doc - 1, doc);
      for (const needed of [0, equal - 1, equal, equal + 1, K >> 1, K]) {
        const got = store.equalValues(doc - 1, doc, needed);
        if (equal >= needed) expect(got).toBe(equal);
        else expect([-1, equal]).toContain(got);
      }
    }
  });

  it('counts a slot as differing whichever of its 16 bits differ', () => {
    // Pairs of documents that differ in chosen slots by one bit (the lowest, the highest, each in between) or in all.
    const pairs = 2 * 17;
    const own = new Uint32Array(pairs * 2 * K);
    const differing = [1, 0x8000, 0xffff, 0x7fff, ...Array.from({ length: 13 }, (_, bit) => 2 << bit)];
    for (let p = 0; p < pairs; p++) {
      const change = differing[p % differing.length];
      for (let s = 0; s < K; s++) {
        const value = Math.floor(random() * 2 ** 16);
        own[2 * p * K + s] = value;
        // Every third slot differs, and in the second half of the pairs the slots either side too.
        own[(2 * p + 1) * K + s] = s % 3 === 0 || (p >= pairs / 2 && s % 3 !== 2) ? value ^ change : value;
      }
    }
    const small = new SketchStore(K);
    small.append(batchOf(own, pairs * 2, () => false));
    for (let p = 0; p < pairs; p++) {
      const a = small.signature(2 * p);
      const b = small.signature(2 * p + 1);
      const equal = a.filter((value, s) => value === b[s]).length;
      expect(small.equalValues(2 * p, 2 * p + 1)).toBe(equal);
      expect(small.equalValues(2 * p, 2 * p + 1, equal)).toBe(equal);
      expect(small.equalValues(2 * p, 2 * p + 1, equal + 1)).toBe(-1);
    }
  });

  it('frees its sketches on release, and says so when one is asked for', () => {
    const released = new SketchStore(K);
    released.append(batchOf(signatures.slice(0, 10 * K), 10, () => false));
    const block = released.signature(0).buffer;
    released.releaseAll();
    expect(block.byteLength).toBe(0);
    expect(() => released.signature(0)).toThrow(/released/);
  });

  it('tells which documents keep their whole shingle set', () => {
    for (const doc of [0, 1, 2, 3, 16383, 16384, 19999]) expect(store.hasShingleSet(doc)).toBe(doc % 3 === 0);
  });
});

describe('SketchStore blocks of 32 MB', () => {
  it('reads signatures and features in place on both sides of a block boundary', () => {
    // 2,048 values a signature: a block holds 8,192 documents (32 MB of 16-bit values).
    const K = 2048;
    const count = 8200;
    const random = seeded(3);
    const signatures = new Uint32Array(count * K);
    for (let doc = 0; doc < count; doc++) for (let s = 0; s < K; s++) signatures[doc * K + s] = doc > 0 && s % 4 !== 0 ? signatures[(doc - 1) * K + s] : Math.floor(random() * 2 ** 16);
    const store = new SketchStore(K);
    store.append(batchOf(signatures, count, (i) => i % 2 === 0));
    for (const [a, b] of [[8190, 8191], [8191, 8192], [8192, 8193], [0, 8199]]) {
      expect(store.equalValues(a, b)).toBe(store.signature(a).filter((value, s) => value === store.signature(b)[s]).length);
      expect(store.equalValues(a, b) / K).toBe(estimateJaccard(store.signature(a), store.signature(b)));
    }
    expect(Array.from(store.signature(8192).subarray(0, 8))).toEqual(Array.from(signatures.subarray(8192 * K, 8192 * K + 8)));
    for (const doc of [8191, 8192, 8199]) expect(store.hasShingleSet(doc)).toBe(doc % 2 === 0);
  });
});

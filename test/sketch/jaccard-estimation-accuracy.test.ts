import { describe, expect, it } from 'vitest';
import { MinHasher } from '../../src/sketch/minhash.js';
import { estimateJaccard, exactShingleStats } from '../../src/sketch/compare.js';
import { fmix32, hashString, shingleStrings } from '../../src/sketch/tokens.js';
import { words } from '../helpers/text.js';

/** Classic k-permutation MinHash of the same shingles: k independent hash functions, each shingle hashed k times. */
function kPermutation(tokens: string[], shingleSize: number, k: number, seed: number): Uint32Array {
  const signature = new Uint32Array(k).fill(0xffffffff);
  for (const shingle of shingleStrings(tokens, shingleSize)) {
    const h = hashString(shingle, seed);
    for (let j = 0; j < k; j++) {
      const value = fmix32(h ^ fmix32(Math.imul(j + 1, 0x9e3779b1) ^ seed));
      if (value < signature[j]) signature[j] = value;
    }
  }
  return signature;
}

describe('one-permutation MinHash with densification against k-permutation MinHash', () => {
  it('estimates Jaccard on the same pairs with a mean absolute error no worse', () => {
    const shingleSize = 4;
    const k = 128;
    let errorOph = 0;
    let errorKPerm = 0;
    let pairs = 0;
    // Pairs across the similarity range and across document lengths (short ones leave bins empty).
    for (const length of [40, 150, 600]) {
      for (const overlap of [0.1, 0.3, 0.5, 0.7, 0.9]) {
        for (let trial = 0; trial < 12; trial++) {
          const seed = 1 + trial;
          const a = words(`a${trial}l${length}o${overlap}-`, length);
          const shared = Math.round(length * overlap);
          const b = [...a.slice(0, shared), ...words(`b${trial}l${length}o${overlap}-`, length - shared)];
          const exact = exactShingleStats(a, b, shingleSize).jaccard;
          const hasher = new MinHasher({ shingleSize, permutations: k, seed });
          errorOph += Math.abs(estimateJaccard(hasher.fromTokens(a).signature, hasher.fromTokens(b).signature) - exact);
          errorKPerm += Math.abs(estimateJaccard(kPermutation(a, shingleSize, k, seed), kPermutation(b, shingleSize, k, seed)) - exact);
          pairs++;
        }
      }
    }
    const maeOph = errorOph / pairs;
    const maeKPerm = errorKPerm / pairs;
    // Both are unbiased with variance about J(1-J)/k; the sketch must not trade accuracy for speed.
    expect(maeKPerm).toBeLessThan(0.05);
    expect(maeOph).toBeLessThanOrEqual(maeKPerm * 1.05);
  });
});

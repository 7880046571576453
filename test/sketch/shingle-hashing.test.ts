import { describe, expect, it } from 'vitest';
import { estimateJaccard, exactShingleStats } from '../../src/sketch/compare.js';
import { MinHasher } from '../../src/sketch/minhash.js';
import { shingleStrings, tokenize } from '../../src/sketch/tokens.js';
import { random } from '../helpers/random.js';

/** Random prose over a small made-up vocabulary, so phrases repeat within and across texts. */
function prose(next: () => number, words: number, vocabulary: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(`w${Math.floor(next() * vocabulary).toString(36)}`);
  return out.join(' ');
}

const compact = (signature: Uint32Array) => Uint16Array.from(signature, (value) => value & 0xffff);

describe('shingle hashing', () => {
  it('counts exactly the distinct shingles, repeats included', () => {
    const next = random(3);
    const hasher = new MinHasher({ shingleSize: 4, permutations: 64, seed: 9 });
    for (let t = 0; t < 200; t++) {
      const text = prose(next, 1 + Math.floor(next() * 400), 3 + Math.floor(next() * 40));
      expect(hasher.fromText(text).shingles).toBe(shingleStrings(tokenize(text), 4).size);
    }
  });

  it('keeps in each filled slot a shingle hash from that slot\'s bin, the smallest there', () => {
    const hasher = new MinHasher({ shingleSize: 4, permutations: 128, seed: 1 });
    const text = prose(random(5), 3000, 5000);
    const signature = hasher.fromText(text).signature;
    // 3000 shingles in 128 bins leave none empty: every slot is its own bin's minimum.
    signature.forEach((value, bin) => expect(Math.floor((value * 128) / 4294967296)).toBe(bin));
    expect(new Set(signature).size).toBe(128);
  });

  it('gives unrelated texts compact (low 16 bit) signatures that agree only by chance', () => {
    const next = random(7);
    const hasher = new MinHasher();
    let agreeing = 0;
    for (let t = 0; t < 300; t++) {
      const a = hasher.fromText(`alpha ${prose(next, 500, 1e9)}`).signature;
      const b = hasher.fromText(`beta ${prose(next, 500, 1e9)}`).signature;
      agreeing += estimateJaccard(compact(a), compact(b)) * 128;
    }
    // 300 x 128 slots at 2^-16 each: about 0.6 expected. Low bits tied to the bin would give ~75.
    expect(agreeing).toBeLessThanOrEqual(4);
  });

  it('estimates Jaccard alike from full and compact signatures of edited copies', () => {
    const next = random(13);
    const hasher = new MinHasher();
    let error = 0;
    const pairs = 60;
    for (let t = 0; t < pairs; t++) {
      const words = prose(next, 600, 20000).split(' ');
      const copy = words.map((word) => (next() < 0.03 ? 'edited' : word));
      const exact = exactShingleStats(words, copy, 4).jaccard;
      const a = hasher.fromText(words.join(' ')).signature;
      const b = hasher.fromText(copy.join(' ')).signature;
      expect(Math.abs(estimateJaccard(compact(a), compact(b)) - estimateJaccard(a, b))).toBeLessThanOrEqual(2 / 128);
      error += Math.abs(estimateJaccard(a, b) - exact);
    }
    // One-permutation hashing with 128 values: standard error about 0.04 at these similarities.
    expect(error / pairs).toBeLessThan(0.05);
  });
});

import { describe, expect, it } from 'vitest';
import { candidateProbability, LshIndex, optimalBanding } from '../../src/match/candidates.js';
import { MinHasher } from '../../src/sketch/minhash.js';
import { words } from '../helpers/text.js';

describe('optimalBanding', () => {
  it('fits bands x rows within the signature and puts the S-curve near the threshold', () => {
    for (const threshold of [0.25, 0.5, 0.8]) {
      const params = optimalBanding(threshold, 128);
      expect(params.bands * params.rows).toBeLessThanOrEqual(128);
      // Well above the threshold pairs are found, well below they mostly are not.
      expect(candidateProbability(Math.min(1, threshold + 0.2), params)).toBeGreaterThan(0.85);
      expect(candidateProbability(Math.max(0, threshold - 0.2), params)).toBeLessThan(0.35);
    }
  });

  it('uses more rows per band for a higher threshold', () => {
    expect(optimalBanding(0.8, 128).rows).toBeGreaterThan(optimalBanding(0.3, 128).rows);
  });

  it('tunes a threshold of 1 (identical texts only, as --threshold 1 --no-containment asks) to one band of every row', () => {
    expect(optimalBanding(1, 128)).toEqual({ bands: 1, rows: 128 });
  });

  it('rejects thresholds outside (0, 1]', () => {
    expect(() => optimalBanding(0, 128)).toThrow(RangeError);
    expect(() => optimalBanding(1.01, 128)).toThrow(RangeError);
  });
});

describe('LshIndex', () => {
  const hasher = new MinHasher({ shingleSize: 3, permutations: 128, seed: 1 });

  it('returns earlier documents that share a band, and not unrelated ones', () => {
    const index = new LshIndex(optimalBanding(0.5, 128));
    const story = words('s', 300);
    expect(index.add(0, hasher.fromTokens(story).signature)).toEqual([]);
    expect(index.add(1, hasher.fromTokens(words('u', 300)).signature)).toEqual([]);
    const copy = [...story.slice(0, 280), ...words('edit', 20)];
    expect(index.add(2, hasher.fromTokens(copy).signature)).toEqual([0]);
    expect(index.documents).toBe(3);
  });

  it('keeps a bucket of many identical documents connected without pairing them all', () => {
    const index = new LshIndex({ bands: 4, rows: 8 });
    const signature = hasher.fromTokens(words('same', 50)).signature;
    let partners = 0;
    for (let doc = 0; doc < 500; doc++) {
      const found = index.add(doc, signature);
      if (doc > 0) expect(found.length).toBeGreaterThan(0);
      partners += found.length;
    }
    expect(partners).toBeLessThan(500 * 60);
  });
});

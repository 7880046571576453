import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateContainment } from '../../src/sketch/compare.js';
import { DEFAULT_POLICY, jaccardBar, reachesSimilarityBar, type MatchPolicy } from '../../src/match/verify.js';

const PERMUTATIONS = 128;

describe('the similarity bar in Jaccard (what a run checks before reading anything else of a pair)', () => {
  const policies: MatchPolicy[] = [DEFAULT_POLICY, { ...DEFAULT_POLICY, containment: null }, { ...DEFAULT_POLICY, threshold: 0.8, containment: 0.9 }];

  it('no number of equal slots below the bar reaches it, and every number from the bar on that reaches it is above', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 2 }), (a, b, p) => {
        const policy = policies[p];
        const needed = Math.max(0, Math.ceil(jaccardBar(a, b, policy) * PERMUTATIONS) - 1);
        for (let equal = 0; equal <= PERMUTATIONS; equal++) {
          const jaccard = equal / PERMUTATIONS;
          const reaches = reachesSimilarityBar(jaccard, estimateContainment(jaccard, a, b), Math.min(a, b), policy);
          if (reaches) expect(equal).toBeGreaterThanOrEqual(needed);
        }
      }),
    );
  });

  it('is the threshold for documents of one size, and lower where a small one can be contained in a large one', () => {
    expect(jaccardBar(300, 300, DEFAULT_POLICY)).toBeCloseTo(0.6 * 300 / (600 - 180), 10);
    expect(jaccardBar(100, 900, DEFAULT_POLICY)).toBeLessThan(0.1);
    expect(jaccardBar(10, 900, DEFAULT_POLICY)).toBe(DEFAULT_POLICY.threshold);
    expect(jaccardBar(300, 300, { ...DEFAULT_POLICY, containment: null })).toBe(DEFAULT_POLICY.threshold);
  });
});

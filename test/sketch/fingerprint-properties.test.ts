/** Property tests (fast-check): laws tokenising and fingerprinting keep for any input, not only the fixtures. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparePair, DEFAULT_POLICY } from '../../src/match/verify.js';
import { DEFAULT_FINGERPRINT, MinHasher } from '../../src/sketch/minhash.js';
import { estimateJaccard, exactShingleStats } from '../../src/sketch/compare.js';
import { tokenize } from '../../src/sketch/tokens.js';
import { anyText } from '../helpers/arbitraries.js';

describe('tokenising and fingerprinting', () => {
  it('tokenises the same text to the same tokens', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(tokenize(text)).toEqual(tokenize(String(text)));
      }),
      { numRuns: 300 },
    );
  });

  it('fingerprints deterministically, whatever was fingerprinted before and by which hasher', () => {
    const options = fc.record({ shingleSize: fc.integer({ min: 1, max: 8 }), permutations: fc.integer({ min: 1, max: 256 }), seed: fc.integer({ min: 1, max: 2 ** 31 }) });
    fc.assert(
      fc.property(anyText, anyText, options, (text, other, opts) => {
        const first = new MinHasher(opts).fromText(text);
        new MinHasher(opts).fromText(other);
        const again = new MinHasher(opts).fromText(text);
        expect(Array.from(again.signature)).toEqual(Array.from(first.signature));
        expect(Array.from(again.figures)).toEqual(Array.from(first.figures));
        expect(again.shingles).toBe(first.shingles);
      }),
      { numRuns: 300 },
    );
  });

  it('gives every document similarity 1 with itself', () => {
    const hasher = new MinHasher(DEFAULT_FINGERPRINT);
    fc.assert(
      fc.property(anyText, (text) => {
        const tokens = tokenize(text);
        fc.pre(tokens.length > 0);
        const fingerprint = hasher.fromTokens(tokens);
        expect(estimateJaccard(fingerprint.signature, fingerprint.signature)).toBe(1);
        expect(exactShingleStats(tokens, tokens, DEFAULT_FINGERPRINT.shingleSize).jaccard).toBe(1);
        const verdict = comparePair(fingerprint, hasher.fromTokens([...tokens]), DEFAULT_POLICY);
        expect(verdict.jaccard).toBe(1);
        expect(verdict.match).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

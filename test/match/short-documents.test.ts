/** Short documents are compared on their exact shingle sets, not on their signatures. */

import { describe, expect, it } from 'vitest';
import { comparePair, DEFAULT_POLICY } from '../../src/match/verify.js';
import { MinHasher } from '../../src/sketch/minhash.js';
import { tokenize } from '../../src/sketch/tokens.js';

describe('short documents', () => {
  it('compares short documents on their exact shingles, even where full signatures collide', () => {
    const hasher = new MinHasher();
    const one = hasher.fromTokens(tokenize('alpha bravo'));
    const other = hasher.fromTokens(tokenize('charlie'));
    // Forge the worst case: every signature value equal, as densified one-shingle sketches with
    // colliding hashes would be. The exact shingle sets still tell the texts apart.
    const forged = { ...other, signature: one.signature };
    const verdict = comparePair(one, forged, DEFAULT_POLICY);
    expect(verdict.jaccard).toBe(0);
    expect(verdict.match).toBe(false);
    expect(comparePair(one, hasher.fromTokens(tokenize('Alpha, bravo.')), DEFAULT_POLICY).match).toBe(true);
  });
});

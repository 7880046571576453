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

  it('says a short document contained in a long one is too short to trust containment, not that its containment is low', () => {
    const hasher = new MinHasher();
    const flash = 'the council approved the harbour budget of twelve million on tuesday after a long debate in the chamber';
    const story = `${flash} and residents welcomed it ${'while engineers described the repairs to the old sea wall in detail '.repeat(8)}`;
    const verdict = comparePair(hasher.fromTokens(tokenize(flash)), hasher.fromTokens(tokenize(story)), DEFAULT_POLICY);
    expect(verdict.match).toBe(false);
    expect(verdict.containment).toBeGreaterThanOrEqual(0.6);
    expect(verdict.reason).toMatch(/containment \d\.\d\d is not trusted: the smaller has 1\d shingles \(< 20\)/);
    expect(verdict.reason).not.toMatch(/< 0\.6/);
  });
});


/** Short documents are compared on their exact shingle sets, not on their signatures. */

import { describe, expect, it } from 'vitest';
import { comparePair, DEFAULT_POLICY } from '../../src/match/verify.js';
import { shingleSetStats } from '../../src/sketch/compare.js';
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
    // Not at the story's start: a flash that opens its story matches as its opening (opening-candidates.test.ts).
    const story = `residents packed the town hall as ${flash} and residents welcomed it ${'while engineers described the repairs to the old sea wall in detail '.repeat(8)}`;
    const verdict = comparePair(hasher.fromTokens(tokenize(flash)), hasher.fromTokens(tokenize(story)), DEFAULT_POLICY);
    expect(verdict.match).toBe(false);
    expect(verdict.containment).toBeGreaterThanOrEqual(0.6);
    expect(verdict.reason).toMatch(/containment \d\.\d\d is not trusted: the smaller has 1\d shingles \(< 20\)/);
    expect(verdict.reason).not.toMatch(/< 0\.6/);
  });
});


describe('wire items of up to 120 shingles', () => {
  const hasher = new MinHasher();
  const results = (company: string, sales: string, note: string) =>
    `${company} said its fourth quarter net income rose to 2.1 mln dlrs or 21 cts a share from 1.4 mln dlrs or 18 cts a share a year earlier ` +
    `on sales of ${sales} mln dlrs against 42.2 mln dlrs, and full year net income fell to 1.7 mln dlrs from 7.1 mln dlrs. ${note}`;

  it('decides containment on the exact shingle sets, not on an estimate that could put a pair on either side of the bar', () => {
    const item = hasher.fromText(results('Harrow Tool Works', '44.1', 'The year includes a writedown of its stake in a Delta Bay refinery of 79 cts a share and average shares of 7.96 mln.'));
    const resent = hasher.fromText(results('Harrow Tool Works', '44.1', 'The company said the year figures include a 10.1 mln dlr writedown of costs of the refinery project it had planned.'));
    expect(item.shingleSet.length).toBeGreaterThan(0);
    expect(resent.shingleSet.length).toBeGreaterThan(0);
    const verdict = comparePair(item, resent, DEFAULT_POLICY);
    const exact = shingleSetStats(item.shingleSet, resent.shingleSet);
    expect(verdict.containment).toBe(exact.containment);
    expect(verdict.match).toBe(exact.containment >= 0.6 || exact.jaccard >= 0.5);
    // Signatures forged to agree in every slot change nothing: the sets decide.
    expect(comparePair(item, { ...resent, signature: item.signature }, DEFAULT_POLICY).containment).toBe(exact.containment);
  });

  it('keeps apart a mid-length item of which only half is found in the other, however alike the signatures', () => {
    const bankA = hasher.fromText('Harbour Savings Bank said it raised its prime lending rate to 7-3/4 pct from 7-1/2 pct effective immediately, the second bank in the city to do so this week after a rise at the central bank on Monday, and said deposits rates were unchanged.');
    const bankB = hasher.fromText('Northgate Trust Co said its main bank unit raised its prime rate to 7-3/4 pct from 7-1/2 pct effective immediately.');
    const exact = shingleSetStats(bankA.shingleSet, bankB.shingleSet);
    expect(exact.containment).toBeLessThan(0.6);
    const forged = comparePair(bankA, { ...bankB, signature: bankA.signature }, DEFAULT_POLICY);
    expect(forged.match).toBe(false);
    expect(forged.rule).toBe('dissimilar');
  });
});

/** Two flashes of one template about different subjects are different items; a re-sent flash is a copy. */

import { describe, expect, it } from 'vitest';
import { comparePair, DEFAULT_POLICY, differentFlashes } from '../../src/match/verify.js';
import { MinHasher } from '../../src/sketch/minhash.js';

describe('flashes', () => {
  const hasher = new MinHasher();
  const flash = (text: string) => hasher.fromText(text);

  it('keeps apart two banks\' rate flashes that share the template and differ in the bank', () => {
    const harbour = flash('HARBOUR SAVINGS BANK CUTS PRIME RATE TO 7-1/2 PCT FROM 8 PCT, EFFECTIVE MONDAY');
    const coastal = flash('COASTAL TRUST CUTS PRIME RATE TO 7-1/2 PCT FROM 8 PCT, EFFECTIVE MONDAY');
    const verdict = comparePair(harbour, coastal, DEFAULT_POLICY);
    expect(Math.max(harbour.shingles, coastal.shingles)).toBeLessThan(DEFAULT_POLICY.minContainedShingles);
    expect(verdict.jaccard).toBeGreaterThanOrEqual(DEFAULT_POLICY.threshold);
    expect(verdict.match).toBe(false);
    expect(verdict.rule).toBe('flash');
    expect(verdict.reason).toMatch(/two flashes \(\d+ and \d+ shingles, under 20\) alike \(similarity 0\.\d\d\) but they open differently/);
  });

  it('keeps apart two grades\' quote lines that differ in the grade', () => {
    const verdict = comparePair(
      flash('Harbour city wool opening call - may 3 merino (in order buyer/seller/last trade/sales) all unquoted'),
      flash('Harbour city wool opening call - may 3 crossbred (in order buyer/seller/last trade/sales) all unquoted'),
      DEFAULT_POLICY,
    );
    expect(verdict.jaccard).toBeGreaterThanOrEqual(DEFAULT_POLICY.threshold);
    expect(verdict.rule).toBe('flash');
  });

  /** A re-sent flash: alike below near-identical, and a copy. */
  const resent = (first: string, again: string) => {
    const verdict = comparePair(flash(first), flash(again), DEFAULT_POLICY);
    expect(verdict.jaccard).toBeLessThan(DEFAULT_POLICY.nearIdentical);
    expect(verdict.match).toBe(true);
    return verdict;
  };

  it('matches a flash re-sent with words added, every word pair of it kept', () => {
    const verdict = resent('ORCHARD GROWERS ASSOCIATION SAYS IT IS NOT LEAVING THE CITRUS EXPORT POOL THIS SEASON', 'ORCHARD GROWERS ASSOCIATION SAYS IT IS NOT RPT NOT LEAVING THE CITRUS EXPORT POOL THIS SEASON');
    expect(verdict.lead).toBe(1);
  });

  it('matches a flash re-sent with a later word changed, its opening kept', () => {
    const verdict = resent('NORTHFIELD MILLS SETS QUARTERLY DIVIDEND OF 12 CTS A SHARE PAYABLE JUNE 4 TO HOLDERS OF RECORD', 'NORTHFIELD MILLS SETS QUARTERLY DIVIDEND OF 12 CTS A SHARE PAYABLE JUNE 4 TO SHAREHOLDERS OF RECORD');
    expect(verdict.lead).toBeLessThan(1);
  });

  it('holds only for flashes: a story and a longer item are judged by the other rules', () => {
    const samples = { sameOpening: false, bothHaveLeads: true, lead: 0.8 };
    expect(differentFlashes(15, 16, 0.55, samples, DEFAULT_POLICY)).toBe(true);
    expect(differentFlashes(15, DEFAULT_POLICY.minContainedShingles, 0.55, samples, DEFAULT_POLICY)).toBe(false);
    expect(differentFlashes(15, 16, DEFAULT_POLICY.nearIdentical, samples, DEFAULT_POLICY)).toBe(false);
    expect(differentFlashes(15, 16, 0.55, { ...samples, sameOpening: true }, DEFAULT_POLICY)).toBe(false);
    expect(differentFlashes(15, 16, 0.55, { ...samples, lead: 1 }, DEFAULT_POLICY)).toBe(false);
    // With the lead check off (--no-lead) no lead sample is weighed, this rule included.
    expect(differentFlashes(15, 16, 0.55, samples, { ...DEFAULT_POLICY, lead: null })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { BoundedVerification } from '../../src/match/bounded.js';

describe('bounded verification', () => {
  it('does not verify a pair whose documents are already joined through accepted pairs', () => {
    const compared: string[] = [];
    const verification = new BoundedVerification(4, (a, b) => {
      compared.push(`${a}-${b}`);
      return true;
    });
    // 0~1 and 1~2 accepted: 0-2 is joined already and needs no comparison.
    for (const [a, b] of [[0, 1], [1, 2], [0, 2], [2, 3], [0, 3]] as const) verification.offer(a, b);
    expect(compared).toEqual(['0-1', '1-2', '2-3']);
    expect(verification.accepted).toEqual([[0, 1], [1, 2], [2, 3]]);
    expect(verification.counts).toMatchObject({ candidatePairs: 5, verifiedPairs: 3, acceptedPairs: 3, joinedPairs: 2, overBudgetPairs: 0 });
  });

  it('verifies each document as the later member of at most `budget` pairs', () => {
    const verification = new BoundedVerification(10, () => false, 3);
    for (let earlier = 0; earlier < 9; earlier++) verification.offer(earlier, 9);
    for (let later = 1; later < 9; later++) verification.offer(0, later);
    const counts = verification.counts;
    expect(counts.verifiedPairs).toBe(3 + 8);
    expect(counts.overBudgetPairs).toBe(6);
    expect(counts.candidatePairs).toBe(17);
    expect(verification.accepted).toEqual([]);
  });

  it('keeps every accepted pair a run without the bounds would find when no budget binds', () => {
    // Two groups of copies and an unrelated document: matches by group number.
    const group = [0, 0, 1, 0, 1, 2];
    const pairs: [number, number][] = [];
    for (let b = 1; b < group.length; b++) for (let a = 0; a < b; a++) pairs.push([a, b]);
    const verification = new BoundedVerification(group.length, (a, b) => group[a] === group[b]);
    for (const [a, b] of pairs) verification.offer(a, b);
    const component = (doc: number) => new Set(verification.accepted.flat().filter((d) => group[d] === group[doc]));
    expect([...component(0)].sort()).toEqual([0, 1, 3]);
    expect([...component(2)].sort()).toEqual([2, 4]);
    expect(verification.accepted.flat()).not.toContain(5);
  });
});

describe('pairs offered once per shared band', () => {
  it('verifies a pair once however many bands offer it, and counts every offer', () => {
    const compared: string[] = [];
    const verification = new BoundedVerification(3, (a, b) => {
      compared.push(`${a}-${b}`);
      return false;
    }, 4);
    for (let band = 0; band < 5; band++) {
      verification.offer(0, 2);
      verification.offer(1, 2);
    }
    expect(compared).toEqual(['0-2', '1-2']);
    expect(verification.counts).toMatchObject({ candidatePairs: 10, verifiedPairs: 2, overBudgetPairs: 0 });
  });

  it('keeps its partner rows apart across pages of documents', () => {
    const documents = 10_000;
    const compared = new Set<string>();
    const verification = new BoundedVerification(documents, (a, b) => {
      compared.add(`${a}-${b}`);
      return false;
    }, 2);
    for (let later = 1; later < documents; later++) for (const earlier of [later - 1, 0, later - 1]) verification.offer(earlier, later);
    // Each later document: its neighbour and document 0 (one pair for document 1), each once.
    expect(verification.counts.verifiedPairs).toBe(2 * (documents - 1) - 1);
    expect(compared.has('0-9999') && compared.has('9998-9999') && compared.has('4095-4096')).toBe(true);
  });

  it('remembers every partner of a document verified with more than its row holds, in every page', () => {
    const documents = 9000;
    const compared: string[] = [];
    const verification = new BoundedVerification(documents, (a, b) => {
      compared.push(`${a}-${b}`);
      return false;
    }, 24);
    // Documents in three pages each meet 20 partners (their row and an overflow row), three times over, in changing order.
    const laters = [100, 4500, 8999];
    for (let band = 0; band < 3; band++) {
      for (const later of laters) for (let k = 0; k < 20; k++) verification.offer(band === 1 ? 19 - k : k, later);
    }
    expect(compared).toHaveLength(60);
    expect(new Set(compared).size).toBe(60);
    // Four new partners spend the rest of the budget; a fifth is refused.
    for (let k = 20; k < 24; k++) expect(verification.offer(k, 4500)).toBe(true);
    expect(verification.offer(50, 4500)).toBe(false);
    expect(verification.counts).toMatchObject({ candidatePairs: 185, verifiedPairs: 64, overBudgetPairs: 1 });
  });

  it('verifies a pair once and keeps to the budget whether the partners fit the row, fill it or overflow it', () => {
    // Budgets around the row's size (eight partners, or seven and an overflow row).
    for (const budget of [1, 7, 8, 9, 32]) {
      const compared = new Set<string>();
      const verification = new BoundedVerification(3000, (a, b) => {
        compared.add(`${a}-${b}`);
        return false;
      }, budget);
      const laters = [2000, 2001, 2999];
      for (const later of laters) {
        // All but one of the budget, then the same again in reverse (verified already), then a last one, then one too many.
        for (let k = 0; k < budget - 1; k++) verification.offer(k, later);
        for (let k = budget - 2; k >= 0; k--) expect(verification.offer(k, later)).toBe(true);
        expect(verification.offer(100, later)).toBe(true);
        expect(verification.offer(101, later)).toBe(false);
      }
      expect(compared.size).toBe(laters.length * budget);
      for (const later of laters) expect(compared.has(`100-${later}`) && !compared.has(`101-${later}`) && compared.has(`${budget - 2}-${later}`) === budget > 1).toBe(true);
      expect(verification.counts).toMatchObject({ candidatePairs: laters.length * 2 * budget, verifiedPairs: laters.length * budget, overBudgetPairs: laters.length, joinedPairs: 0 });
    }
  });

  it('joins documents through accepted pairs in any order of offers, and counts the offers it skips', () => {
    // Documents 0..11 in three groups by doc % 3; every pair offered, later ones first.
    const verification = new BoundedVerification(12, (a, b) => a % 3 === b % 3);
    for (let later = 11; later > 0; later--) for (let earlier = later - 1; earlier >= 0; earlier--) verification.offer(earlier, later);
    // Each group of four joins with three accepted pairs; every other pair within a group is joined already when offered.
    expect(verification.counts).toMatchObject({ candidatePairs: 66, acceptedPairs: 9, joinedPairs: 9, verifiedPairs: 66 - 9 });
  });

  it('frees its tables once every pair is offered', () => {
    const verification = new BoundedVerification(100, () => true, 12);
    for (let later = 1; later < 100; later++) for (let k = 0; k < Math.min(later, 10); k++) verification.offer(k, later);
    const tables = verification.tables();
    expect(tables.length).toBeGreaterThanOrEqual(3);
    expect(tables.every((table) => table.byteLength > 0)).toBe(true);
  });
});

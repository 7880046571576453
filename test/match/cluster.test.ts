import { describe, expect, it } from 'vitest';
import { buildClusters, rankCanonical, UnionFind, type CanonicalFacts } from '../../src/match/cluster.js';
import { comparePair, DEFAULT_POLICY, similarityOf } from '../../src/match/verify.js';
import { MinHasher } from '../../src/sketch/minhash.js';
import { words } from '../helpers/text.js';

const hasher = new MinHasher({ shingleSize: 3, permutations: 256, seed: 3 });

function doc(id: string, tokens: string[], extra: Partial<CanonicalFacts> = {}): CanonicalFacts {
  const fp = hasher.fromTokens(tokens);
  return { id, path: id, signature: fp.signature, shingles: fp.shingles, figures: fp.figures, slots: fp.slots, lead: fp.lead, cleanChars: tokens.join(' ').length, debris: 0, ...extra };
}

describe('comparePair', () => {
  it('matches near-identical texts on Jaccard similarity', () => {
    const a = words('a', 400);
    const verdict = comparePair(doc('a', a), doc('b', [...a.slice(0, 390), ...words('e', 10)]), DEFAULT_POLICY);
    expect(verdict.match).toBe(true);
    expect(verdict.jaccard).toBeGreaterThan(0.8);
  });

  it('matches a 40% trimmed copy on containment, and not with containment off', () => {
    const full = words('a', 1000);
    const trimmed = full.slice(0, 400);
    const verdict = comparePair(doc('full', full), doc('trim', trimmed), DEFAULT_POLICY);
    expect(verdict.jaccard).toBeLessThan(DEFAULT_POLICY.threshold);
    expect(verdict.match).toBe(true);
    expect(comparePair(doc('full', full), doc('trim', trimmed), { ...DEFAULT_POLICY, containment: null }).match).toBe(false);
  });

  it('rejects the same wording with different figures', () => {
    const template = words('t', 120);
    const a = doc('wk10', [...template, '542', '1250', '261', '10']);
    const b = doc('wk11', [...template, '561', '1400', '217', '11']);
    const verdict = comparePair(a, b, DEFAULT_POLICY);
    expect(verdict.jaccard).toBeGreaterThan(0.8);
    expect(verdict.match).toBe(false);
    expect(verdict.reason).toMatch(/figures/);
    expect(comparePair(a, b, { ...DEFAULT_POLICY, figures: null }).match).toBe(true);
  });
});

describe('UnionFind', () => {
  it('joins transitively and lists only groups of two or more', () => {
    const uf = new UnionFind(6);
    uf.union(0, 1);
    uf.union(1, 2);
    uf.union(4, 5);
    const groups = uf.groupLists();
    expect(groups).toEqual(expect.arrayContaining([[0, 1, 2], [4, 5]]));
    expect(groups).toHaveLength(2);
  });

  it('keeps a count beside each document without changing its components', () => {
    const plain = new UnionFind(8);
    const tallied = new UnionFind(8, true);
    for (const [a, b] of [[0, 1], [2, 3], [1, 3], [5, 6]]) {
      plain.union(a, b);
      tallied.union(a, b);
    }
    for (let doc = 0; doc < 8; doc++) for (let k = 0; k < doc % 3; k++) tallied.addToTally(doc);
    expect(Array.from({ length: 8 }, (_, doc) => tallied.tally(doc))).toEqual([0, 1, 2, 0, 1, 2, 0, 1]);
    expect(tallied.groupLists()).toEqual(plain.groupLists());
    expect(tallied.groupLists()).toEqual([[0, 1, 2, 3], [5, 6]]);
    for (let doc = 0; doc < 8; doc++) expect(tallied.find(doc)).toBe(plain.find(doc));
  });

  it('groupLists lists every component of two or more once, in the order of their first members, members in order', () => {
    // A fixed pseudo-random sequence of unions over 500 documents, most of them left alone.
    let seed = 12345;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const uf = new UnionFind(500);
    for (let i = 0; i < 150; i++) uf.union(next(500), next(500));
    const lists = uf.groupLists();
    expect(lists.length).toBeGreaterThan(10);
    // each list is one whole component, its members ascending
    const listed = new Set<number>();
    for (const list of lists) {
      expect(list).toEqual([...list].sort((x, y) => x - y));
      for (const doc of list) {
        expect(uf.find(doc)).toBe(uf.find(list[0]));
        listed.add(doc);
      }
    }
    for (let doc = 0; doc < 500; doc++) {
      const componentSize = Array.from({ length: 500 }, (_, other) => other).filter((other) => uf.find(other) === uf.find(doc)).length;
      expect(listed.has(doc)).toBe(componentSize >= 2);
    }
    expect(listed.size).toBe(lists.reduce((sum, list) => sum + list.length, 0));
    // components in the order of their first members
    expect(lists.map((list) => list[0])).toEqual(lists.map((list) => list[0]).sort((x, y) => x - y));
    expect(new UnionFind(4).groupLists()).toEqual([]);
  });
});

describe('buildClusters', () => {
  it('does not chain: A~B and B~C with A far from C keeps C out of A’s cluster', () => {
    // B holds the second half of A and the first half of C.
    const a = words('a', 400);
    const c = words('c', 400);
    const b = [...a.slice(200), ...c.slice(0, 200)];
    const docs = [doc('A', a, { debris: 0 }), doc('B', b, { debris: 0.5 }), doc('C', c, { debris: 0.1 })];
    const loose = { ...DEFAULT_POLICY, threshold: 0.25, containment: null, lead: null };
    expect(comparePair(docs[0], docs[1], loose).match).toBe(true);
    expect(comparePair(docs[1], docs[2], loose).match).toBe(true);
    const clusters = buildClusters(3, [[0, 1], [1, 2]], docs, loose, 'cleanest');
    for (const cluster of clusters) {
      for (const member of cluster.members) expect(comparePair(docs[cluster.canonical], docs[member], loose).match).toBe(true);
    }
    expect(clusters.some((cl) => cl.members.includes(0) && cl.members.includes(2))).toBe(false);
  });

  it('chooses the copy that holds the others as canonical, with the reason', () => {
    const full = words('s', 800);
    const docs = [doc('trimmed', full.slice(0, 350)), doc('full', full), doc('edited', [...full.slice(0, 700), ...words('x', 30)])];
    const [cluster] = buildClusters(3, [[0, 1], [1, 2], [0, 2]], docs, DEFAULT_POLICY, 'complete');
    expect(cluster.canonical).toBe(1);
    expect(cluster.members).toHaveLength(3);
    expect(cluster.reason).toMatch(/most complete/);
  });

  it('ranks with the Jaccard function it is given, each pair asked for once per component', () => {
    const full = words('s', 800);
    const docs = [doc('trimmed', full.slice(0, 350)), doc('full', full), doc('edited', [...full.slice(0, 700), ...words('x', 30)])];
    const pairs: [number, number][] = [[0, 1], [1, 2], [0, 2]];
    const asked: string[] = [];
    const given = (i: number, j: number) => {
      asked.push(`${Math.min(i, j)}-${Math.max(i, j)}`);
      return similarityOf(docs[i], docs[j]).jaccard;
    };
    expect(buildClusters(3, pairs, docs, DEFAULT_POLICY, 'complete', true, given)).toEqual(buildClusters(3, pairs, docs, DEFAULT_POLICY, 'complete', true));
    expect(asked.sort()).toEqual(['0-1', '0-2', '1-2']);
    // A function that says otherwise changes the ranking: the trimmed copy, held in full by the others, now looks most complete.
    const [cluster] = buildClusters(3, pairs, docs, DEFAULT_POLICY, 'complete', true, (i, j) => (i === 0 || j === 0 ? 1 : 0.1));
    expect(cluster.canonical).toBe(0);
  });

  it('decides the pairs it was not given as verified with the pair test it is given', () => {
    const story = words('s', 300);
    const docs = [doc('a', story), doc('b', story), doc('c', story)];
    // 0~1 and 1~2 verified: whichever is canonical, one member was never verified with it.
    const asked: string[] = [];
    const clusters = buildClusters(3, [[0, 1], [1, 2]], docs, DEFAULT_POLICY, 'complete', true, undefined, (a, b) => {
      asked.push(`${a}-${b}`);
      return comparePair(docs[a], docs[b], DEFAULT_POLICY).match;
    });
    expect(clusters).toEqual(buildClusters(3, [[0, 1], [1, 2]], docs, DEFAULT_POLICY, 'complete', true));
    expect(asked).toHaveLength(1);
    const refused = buildClusters(3, [[0, 1], [1, 2]], docs, DEFAULT_POLICY, 'complete', true, undefined, () => false);
    expect(refused.flatMap((cluster) => cluster.members)).toHaveLength(2);
  });

  it('gives clusters with the same figures one reason, and each its own figures', () => {
    // Three stories with an exact copy each, then a story with a trimmed copy; debris 10%, 10%, 10%, 30%.
    const stories = ['p', 'q', 'r'].map((prefix) => words(prefix, 300));
    const docs = stories.flatMap((story, i) => [doc(`s${i}`, story, { debris: 0.1 }), doc(`s${i}-copy`, story, { debris: 0.1 })]);
    const long = words('t', 600);
    docs.push(doc('t', long, { debris: 0.3 }), doc('t-trim', long.slice(0, 400), { debris: 0.3 }));
    const clusters = buildClusters(8, [[0, 1], [2, 3], [4, 5], [6, 7]], docs, DEFAULT_POLICY, 'complete', true);
    expect(clusters).toHaveLength(4);
    const same = 'most complete: holds 100% of the other 1 copy on average, 0% of its text is in no other copy; 10% debris removed';
    expect(clusters.slice(0, 3).map((c) => c.reason)).toEqual([same, same, same]);
    expect(clusters[3].canonical).toBe(6);
    expect(clusters[3].reason).toMatch(/^most complete: holds 100% of the other 1 copy on average, [1-9]\d% of its text is in no other copy; 30% debris removed$/);
  });
});

describe('rankCanonical', () => {
  const base = words('s', 300);
  const docs = [
    doc('b.txt', base, { debris: 0.4, time: Date.parse('2025-03-02') }),
    doc('a.txt', base, { debris: 0.1, time: Date.parse('2025-03-03') }),
    doc('c.txt', base.slice(0, 250), { debris: 0.0, time: Date.parse('2025-03-01') }),
  ];
  it('orders by each policy', () => {
    expect(rankCanonical([0, 1, 2], docs, 'earliest').order[0]).toBe(2);
    expect(rankCanonical([0, 1, 2], docs, 'cleanest').order[0]).toBe(2);
    expect(rankCanonical([0, 1, 2], docs, 'path').order[0]).toBe(1);
    expect(rankCanonical([0, 1, 2], docs, 'longest').order[0]).toBe(1); // equal length: less debris wins
    expect(rankCanonical([0, 1, 2], docs, 'complete').order[0]).toBe(1); // full copies hold the trimmed one; less debris
  });
});

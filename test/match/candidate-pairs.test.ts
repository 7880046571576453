import { describe, expect, it } from 'vitest';
import { FULL_PAIRING_LIMIT, LshIndex, bandHash, candidatePairSteps, forEachCandidatePair, optimalBanding } from '../../src/match/candidates.js';
import { random } from '../helpers/random.js';

/** The plain definition: per band, every document sorted by key (ties in document order), each pairing with up to FULL_PAIRING_LIMIT bucket mates before it. */
function referencePairs(bandKeys: Uint32Array[]): string[] {
  const seen = new Set<string>();
  const visited: string[] = [];
  for (const keys of bandKeys) {
    const order = [...keys.keys()].sort((a, b) => keys[a] - keys[b] || a - b);
    for (let p = 0; p < order.length; p++) {
      let start = p;
      while (start > 0 && start > p - FULL_PAIRING_LIMIT && keys[order[start - 1]] === keys[order[p]]) start--;
      for (let q = start; q < p; q++) {
        const pair = `${order[q]},${order[p]}`;
        if (!seen.has(pair)) {
          seen.add(pair);
          visited.push(pair);
        }
      }
    }
  }
  return visited;
}

/** The distinct pairs visited, in the order of their first visit (a pair comes once per band it shares). */
function visitedPairs(bandKeys: Uint32Array[]): string[] {
  const visited = new Set<string>();
  forEachCandidatePair(bandKeys[0].length, bandKeys.length, (band, keys) => keys.set(bandKeys[band]), (a, b) => visited.add(`${a},${b}`));
  return [...visited];
}

/** The test helpers' seeded generator, as 32-bit integers. */
function randomWords(seed: number): () => number {
  const next = random(seed);
  return () => next() * 4294967296;
}

/** Each band's keys, document by document: `key` gets a roll of 0..99 and the keys so far. */
function randomBandKeys(seed: number, count: number, bands: number, key: (roll: number, band: number, doc: number, keys: Uint32Array, next: () => number) => number): Uint32Array[] {
  const next = randomWords(seed);
  return Array.from({ length: bands }, (_, band) => {
    const keys = new Uint32Array(count);
    for (let doc = 0; doc < count; doc++) keys[doc] = key(next() % 100, band, doc, keys, next);
    return keys;
  });
}

describe('forEachCandidatePair', () => {
  it('visits the same pairs in the same order as sorting every document', () => {
    const count = 20000;
    const bandKeys = randomBandKeys(7, count, 6, (roll, band, doc, keys, next) => {
      if (roll < 15 && doc > 0) return keys[next() % doc]; // a copy of an earlier document's key
      if (roll < 17) return band === 0 ? 0xdeadbeef : next(); // one bucket far over the pairing limit
      return next();
    });
    expect(bandKeys[0].filter((k) => k === 0xdeadbeef).length).toBeGreaterThan(FULL_PAIRING_LIMIT * 2);
    const expected = referencePairs(bandKeys);
    expect(expected.length).toBeGreaterThan(count / 2);
    expect(visitedPairs(bandKeys)).toEqual(expected);
  });

  it('visits the same pairs in the same order when a band keeps enough documents to sort on wider digits', () => {
    // Over 65,536 documents in buckets of two or more per band (the sort's wide passes), with keys that differ only in their high or low 16 bits.
    const count = 100000;
    const bandKeys = randomBandKeys(11, count, 2, (roll, band, doc, keys, next) => {
      if (roll < 70 && doc > 0) return keys[doc - 1 - (next() % Math.min(doc, 1000))];
      if (roll < 80) return band === 0 ? ((next() % 65536) << 16) >>> 0 : (0xabcd0000 | (next() % 65536)) >>> 0;
      return next();
    });
    const expected = referencePairs(bandKeys);
    expect(expected.length).toBeGreaterThan(count);
    expect(visitedPairs(bandKeys)).toEqual(expected);
  });

  it('tells apart keys that share their low bits, and keeps buckets of keys that differ only there', () => {
    const count = 2000;
    const shared = new Uint32Array(count);
    // Distinct keys, all equal in the low 20 bits: no pairs, though every one looks like a repeat at first.
    for (let doc = 0; doc < count; doc++) shared[doc] = ((doc << 20) | 0x5a5a5) >>> 0;
    expect(visitedPairs([shared])).toEqual([]);
    // Documents 2i and 2i + 1 share a key; keys of different i differ only in the top 10 bits.
    const paired = new Uint32Array(count);
    for (let doc = 0; doc < count; doc++) paired[doc] = (((doc >> 1) << 22) | 0x12345) >>> 0;
    const visited = visitedPairs([paired]);
    expect(visited).toEqual(referencePairs([paired]));
    expect(new Set(visited)).toEqual(new Set(Array.from({ length: count / 2 }, (_, i) => `${2 * i},${2 * i + 1}`)));
  });

  it('reads ahead every document of a pair a few places before its visit, and visits the same pairs', () => {
    const count = 5000;
    const bandKeys = randomBandKeys(13, count, 3, (roll, band, doc, keys, next) => (roll < 30 && doc > 0 ? keys[next() % doc] : next()));
    const visits: string[] = [];
    const readAt = new Map<number, number>();
    const unread: string[] = [];
    let step = 0;
    const pass = candidatePairSteps(
      count,
      bandKeys.length,
      (band, keys) => keys.set(bandKeys[band]),
      (a, b) => {
        step++;
        visits.push(`${a},${b}`);
        // Both documents were read ahead in this band, before this visit.
        for (const doc of [a, b]) if (!(readAt.get(doc)! <= step)) unread.push(`${doc} at ${step}`);
      },
      { ahead: (doc) => (readAt.set(doc, step), doc) },
    );
    // What was read ahead counts only in its own band.
    let bandsDone = 0;
    for (const progress of pass) {
      if (progress.bandsDone > bandsDone) readAt.clear();
      bandsDone = progress.bandsDone;
    }
    expect(visits.length).toBeGreaterThan(count);
    expect(unread).toEqual([]);
    const plain: string[] = [];
    forEachCandidatePair(count, bandKeys.length, (band, keys) => keys.set(bandKeys[band]), (a, b) => void plain.push(`${a},${b}`));
    expect(visits).toEqual(plain);
  });

  it('visits nothing when every key differs and handles no documents', () => {
    const keys = new Uint32Array(3000).map((_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0);
    expect(visitedPairs([keys, keys])).toEqual([]);
    let calls = 0;
    forEachCandidatePair(0, 3, () => calls++, () => expect.unreachable());
    expect(calls).toBe(3);
  });
});

describe('sorted-band candidate pairs', () => {
  it('finds exactly the pairs the incremental LSH index finds, big buckets included', () => {
    const next = random(21);
    const permutations = 32;
    const banding = optimalBanding(0.3, permutations);
    const count = 600;
    const signatures: Uint32Array[] = [];
    for (let doc = 0; doc < count; doc++) {
      const sig = new Uint32Array(permutations);
      if (doc > 0 && next() < 0.3) {
        // A near copy of an earlier document: most values kept.
        const source = signatures[Math.floor(next() * doc)];
        for (let i = 0; i < permutations; i++) sig[i] = next() < 0.8 ? source[i] : (next() * 2 ** 32) >>> 0;
      } else if (doc % 7 === 0) {
        // Many identical documents: one bucket far over FULL_PAIRING_LIMIT.
        sig.fill(42);
      } else {
        for (let i = 0; i < permutations; i++) sig[i] = (next() * 2 ** 32) >>> 0;
      }
      signatures.push(sig);
    }
    expect(signatures.filter((s) => s[0] === 42 && s[1] === 42).length).toBeGreaterThan(FULL_PAIRING_LIMIT);

    const expected = new Set<string>();
    const index = new LshIndex(banding);
    signatures.forEach((sig, doc) => {
      for (const other of index.add(doc, sig)) expected.add(`${other},${doc}`);
    });
    const found: string[] = [];
    forEachCandidatePair(count, banding.bands, (band, keys) => signatures.forEach((sig, doc) => (keys[doc] = bandHash(sig, band, banding.rows))), (a, b) => found.push(`${a},${b}`));
    expect(new Set(found)).toEqual(expected);
  });
});

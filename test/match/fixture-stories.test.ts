/** Pair verification and clustering on the fixture stories: trimmed copies, appended stories, templated notices, corrections. */

import { describe, expect, it } from 'vitest';
import { buildClusters, rankCanonical, type CanonicalFacts } from '../../src/match/cluster.js';
import { comparePair, DEFAULT_POLICY } from '../../src/match/verify.js';
import { DEFAULT_FINGERPRINT, MinHasher } from '../../src/sketch/minhash.js';
import { readFixture } from '../helpers/paths.js';

const hasher = new MinHasher(DEFAULT_FINGERPRINT);
const sketch = (text: string) => hasher.fromText(text);

/** The wire story's body without its headline; paragraphs split on blank lines. */
const bridge = readFixture('meridian-wire/harbour-bridge-closure.txt');
const ferry = readFixture('meridian-wire/ferry-service-expands.txt');
const paragraphs = (text: string) => text.split(/\n\s*\n/).filter((p) => p.trim() !== '');

describe('pair verification', () => {
  it('matches a copy trimmed to its first 40% by containment', () => {
    const paras = paragraphs(bridge);
    const trimmed = paras.slice(0, Math.ceil(paras.length * 0.4)).join('\n\n');
    const verdict = comparePair(sketch(bridge), sketch(trimmed), DEFAULT_POLICY);
    expect(verdict.jaccard).toBeLessThan(DEFAULT_POLICY.threshold);
    expect(verdict.match).toBe(true);
    expect(verdict.rule).toBe('contained');
  });

  it('keeps a page that carries another story further down apart from that story, but joins it to its own', () => {
    // No "Related" marker: the cleaner cannot cut it, the lead has to decide.
    const page = `${bridge}\n\n${ferry}`;
    const withFerry = comparePair(sketch(page), sketch(ferry), DEFAULT_POLICY);
    expect(withFerry.containment).toBeGreaterThan(0.8);
    expect(withFerry.match).toBe(false);
    expect(withFerry.rule).toBe('lead');
    const withBridge = comparePair(sketch(page), sketch(bridge), DEFAULT_POLICY);
    expect(withBridge.match).toBe(true);
  });

  it('keeps templated notices with other figures and dates apart', () => {
    // 512 values: the pair's containment (exactly 0.67) sits near the 0.6 threshold, and the
    // premise must not rest on the sampling noise of a 128-value estimate (about +-0.07).
    const fine = new MinHasher({ ...DEFAULT_FINGERPRINT, permutations: 512 });
    const week10 = fine.fromText(readFixture('meridian-wire/treasury-auction-week-10.txt'));
    const week11 = fine.fromText(readFixture('meridian-wire/treasury-auction-week-11.txt'));
    const verdict = comparePair(week10, week11, DEFAULT_POLICY);
    expect(verdict.containment).toBeGreaterThan(DEFAULT_POLICY.containment!);
    expect(verdict.match).toBe(false);
    expect(['figures', 'dates']).toContain(verdict.rule);
    // The plain recipe (no figure check) merges them: the check is what keeps them apart.
    expect(comparePair(week10, week11, { ...DEFAULT_POLICY, figures: null }).match).toBe(true);
  });

  it('rejects a re-sent template whose only change is the date', () => {
    const a = 'Harbour tolls collected through April 6 totalled the usual amount, the port authority said in its daily statement to shipping agents on the quay.';
    const b = a.replace('April 6', 'April 7');
    const verdict = comparePair(sketch(a), sketch(b), DEFAULT_POLICY);
    expect(verdict.slots.datesChanged).toBe(1);
    expect(verdict.match).toBe(false);
    expect(verdict.rule).toBe('dates');
  });

  it('reads numbers written as words like digits, and tells a changed rate apart', () => {
    const base = 'Dealers said the harbour board would cut fees by ten pct for small boats from next month, while ferry fares stay unchanged, the board secretary said on the quay.';
    const same = comparePair(sketch(base), sketch(base.replace('ten pct', '10 pct')), DEFAULT_POLICY);
    expect(same.slots.changed).toBe(0);
    const other = comparePair(sketch(base), sketch(base.replace('ten pct', '6-1/16 pct')), DEFAULT_POLICY);
    expect(other.slots.changed).toBe(1);
    expect(other.match).toBe(false);
  });

  it('accepts a correction that changes one figure among many', () => {
    const story = paragraphs(bridge).slice(0, 8).join('\n\n');
    const corrected = story.replace('$12.5 million', '$12.8 million');
    const verdict = comparePair(sketch(story), sketch(corrected), DEFAULT_POLICY);
    expect(verdict.slots.changed).toBeGreaterThanOrEqual(1);
    expect(verdict.match).toBe(true);
  });
});

function facts(id: string, text: string, debris = 0): CanonicalFacts {
  const fp = sketch(text);
  return { id, path: id, cleanChars: text.length, debris, signature: fp.signature, shingles: fp.shingles, figures: fp.figures, slots: fp.slots, lead: fp.lead };
}

describe('clusters and canonical', () => {
  const paras = paragraphs(bridge);
  const full = facts('full', bridge);
  const trimmed = facts('trimmed', paras.slice(0, 6).join('\n\n'));
  const withFerry = facts('with-ferry', `${bridge}\n\n${ferry}`);
  const ferryDoc = facts('ferry', ferry);

  it('chooses the full clean version over trimmed and debris-laden copies', () => {
    const docs = [trimmed, withFerry, full];
    const { order } = rankCanonical([0, 1, 2], docs, 'complete');
    expect(docs[order[0]].id).toBe('full');
    const clusters = buildClusters(3, [[0, 1], [1, 2], [0, 2]], docs, DEFAULT_POLICY, 'complete');
    expect(clusters).toHaveLength(1);
    expect(docs[clusters[0].canonical].id).toBe('full');
    expect(clusters[0].reason).toMatch(/most complete/);
  });

  it('does not chain: every member matches the canonical', () => {
    // An accepted pair list that would chain the ferry story in through the combined page.
    const docs = [full, withFerry, ferryDoc, trimmed];
    const clusters = buildClusters(4, [[0, 1], [1, 2], [0, 3]], docs, DEFAULT_POLICY, 'complete');
    const ferryCluster = clusters.find((c) => c.members.includes(2));
    const bridgeCluster = clusters.find((c) => c.members.includes(0))!;
    expect(bridgeCluster.members).not.toContain(2);
    expect(ferryCluster === undefined || ferryCluster.members.length === 1 || !ferryCluster.members.includes(0)).toBe(true);
    for (const c of clusters) for (const m of c.members) if (m !== c.canonical) expect(comparePair(docs[c.canonical], docs[m], DEFAULT_POLICY).match).toBe(true);
    // Connected components, the textbook grouping, chain them all together.
    const chained = buildClusters(4, [[0, 1], [1, 2], [0, 3]], docs, { ...DEFAULT_POLICY, grouping: 'components' }, 'complete');
    expect(chained).toHaveLength(1);
    expect(chained[0].members).toHaveLength(4);
  });

  it('gives the same clusters when told its pairs are verified, as comparePair is symmetric', () => {
    const week10 = facts('week-10', readFixture('meridian-wire/treasury-auction-week-10.txt'));
    const week11 = facts('week-11', readFixture('meridian-wire/treasury-auction-week-11.txt'));
    const docs = [full, withFerry, ferryDoc, trimmed, week10, week11, facts('full-again', bridge)];
    const matching: [number, number][] = [];
    for (let a = 0; a < docs.length; a++) {
      for (let b = a + 1; b < docs.length; b++) {
        const verdict = comparePair(docs[a], docs[b], DEFAULT_POLICY);
        expect(comparePair(docs[b], docs[a], DEFAULT_POLICY)).toMatchObject({ match: verdict.match, rule: verdict.rule, jaccard: verdict.jaccard });
        if (verdict.match) matching.push([a, b]);
      }
    }
    expect(matching.length).toBeGreaterThan(2);
    const compared = buildClusters(docs.length, matching, docs, DEFAULT_POLICY, 'complete');
    const trusted = buildClusters(docs.length, matching, docs, DEFAULT_POLICY, 'complete', true);
    expect(trusted.map((c) => [c.canonical, c.members, c.reason])).toEqual(compared.map((c) => [c.canonical, c.members, c.reason]));
    expect(compared.length).toBeGreaterThan(0);
  });
});

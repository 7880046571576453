/**
 * The date gap: two documents that both have a publication time and lie further apart than the
 * gap are different stories however alike (a weekly notice re-run word for word); re-sends the
 * same day and syndicated copies a day later stay copies, and a document without a date is never
 * held to the rule.
 */

import { describe, expect, it } from 'vitest';
import { buildClusters, type CanonicalFacts } from '../../src/match/cluster.js';
import { comparePair, DEFAULT_POLICY } from '../../src/match/verify.js';
import { MinHasher } from '../../src/sketch/minhash.js';
import { tokenize } from '../../src/sketch/tokens.js';
import { NOTICE } from '../helpers/weekly-notice.js';

const hasher = new MinHasher({ shingleSize: 4, permutations: 128, seed: 1 });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONDAY = Date.UTC(2031, 4, 5, 9, 30);

function doc(id: string, text: string, time?: number): CanonicalFacts {
  const fp = hasher.fromTokens(tokenize(text));
  return { id, path: id, signature: fp.signature, shingles: fp.shingles, figures: fp.figures, slots: fp.slots, lead: fp.lead, cleanChars: text.length, debris: 0, time };
}

describe('the date gap', () => {
  it('keeps a weekly notice with the same wording a week apart as two stories, naming the rule, both dates and the gap', () => {
    const verdict = comparePair(doc('week-1', NOTICE, MONDAY), doc('week-2', NOTICE, MONDAY + 7 * DAY), DEFAULT_POLICY);
    expect(verdict.jaccard).toBe(1);
    expect(verdict.match).toBe(false);
    expect(verdict.rule).toBe('date-gap');
    expect(verdict.reason).toContain('7.0 days apart');
    expect(verdict.reason).toContain('2031-05-05T09:30Z');
    expect(verdict.reason).toContain('2031-05-12T09:30Z');
  });

  it('merges a re-send the same day and a syndicated copy a day later', () => {
    const original = doc('wire', NOTICE, MONDAY);
    expect(comparePair(original, doc('re-send', NOTICE, MONDAY + 2 * HOUR), DEFAULT_POLICY)).toMatchObject({ match: true, rule: 'similar' });
    const syndicated = doc('outlet', `${NOTICE} The outlet added this closing line of its own for readers.`, MONDAY + 26 * HOUR);
    expect(comparePair(original, syndicated, DEFAULT_POLICY).match).toBe(true);
  });

  it('does not apply to a full story republished weeks later: recurring notices are short items', () => {
    // 240 distinct invented words: a feature-length story, every shingle its own
    const word = (i: number) => 'bcdfghklmnprstvz'[i % 16] + 'aeiou'[(i >> 4) % 5] + 'lmnrst'[Math.floor(i / 80) % 6] + 'aeiou'[i % 5] + 'n';
    const story = Array.from({ length: 240 }, (_, i) => word(i) + (i % 12 === 11 ? '.' : '')).join(' ');
    const [first, repost] = [doc('feature', story, MONDAY), doc('repost', story, MONDAY + 30 * DAY)];
    expect(Math.min(first.shingles, repost.shingles)).toBeGreaterThan(DEFAULT_POLICY.recurringMaxShingles);
    expect(comparePair(first, repost, DEFAULT_POLICY)).toMatchObject({ match: true, rule: 'similar' });
    expect(doc('notice', NOTICE).shingles).toBeLessThanOrEqual(DEFAULT_POLICY.recurringMaxShingles);
    expect(comparePair(first, repost, { ...DEFAULT_POLICY, recurringMaxShingles: 10_000 }).rule).toBe('date-gap');
  });

  it('does not apply when either document has no date', () => {
    expect(comparePair(doc('dated', NOTICE, MONDAY), doc('undated', NOTICE), DEFAULT_POLICY).match).toBe(true);
    expect(comparePair(doc('undated', NOTICE), doc('dated', NOTICE, MONDAY + 30 * DAY), DEFAULT_POLICY).match).toBe(true);
  });

  it('follows the gap the policy sets, and is off with null', () => {
    const [a, b] = [doc('a', NOTICE, MONDAY), doc('b', NOTICE, MONDAY + 7 * DAY)];
    expect(comparePair(a, b, { ...DEFAULT_POLICY, dateGap: 10 }).match).toBe(true);
    expect(comparePair(a, b, { ...DEFAULT_POLICY, dateGap: null }).match).toBe(true);
    expect(comparePair(a, doc('c', NOTICE, MONDAY + 12 * HOUR), { ...DEFAULT_POLICY, dateGap: 0.25 })).toMatchObject({ match: false, rule: 'date-gap' });
  });

  it('clusters four weeks of one notice apart and a same-day re-send with its week', () => {
    const docs = [0, 1, 2, 3].map((w) => doc(`week-${w}`, NOTICE, MONDAY + w * 7 * DAY));
    docs.push(doc('week-2-re-send', NOTICE, MONDAY + 14 * DAY + 3 * HOUR));
    // Every pair offered as accepted (as chained copies would be): the canonical split must still keep the weeks apart.
    const pairs: [number, number][] = [];
    for (let i = 0; i < docs.length; i++) for (let j = i + 1; j < docs.length; j++) pairs.push([i, j]);
    const clusters = buildClusters(docs.length, pairs, docs, DEFAULT_POLICY, 'complete');
    expect(clusters.map((c) => c.members.map((m) => docs[m].id).sort())).toEqual([['week-2', 'week-2-re-send']]);
  });
});

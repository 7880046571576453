/**
 * The date gap: two documents that both have a publication time and lie further apart than the
 * gap are different stories however alike (a weekly notice re-run word for word); re-sends the
 * same day and syndicated copies a day later stay copies, and a document without a date is never
 * held to the rule.
 */

import { describe, expect, it } from 'vitest';
import { buildClusters, type CanonicalFacts } from '../../src/match/cluster.js';
import { businessDaysApart, comparePair, DEFAULT_POLICY, timesBeyondDateGap } from '../../src/match/verify.js';
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
    expect(verdict.reason).toContain('5.0 business days apart');
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

  describe('counts business days: Saturdays and Sundays do not count', () => {
    // Local times, as a date without a time zone is read: 2031-05-05 is a Monday.
    const at = (day: number, hour: number, minute = 0) => new Date(2031, 4, day, hour, minute).getTime();

    it('measures the time between two dates less the weekend between them', () => {
      expect(businessDaysApart(at(5, 9), at(12, 9))).toBeCloseTo(5, 9);
      expect(businessDaysApart(at(9, 12), at(12, 12))).toBeCloseTo(1, 9);
      expect(businessDaysApart(at(10, 8), at(11, 20))).toBe(0);
      expect(businessDaysApart(at(12, 9), at(9, 12))).toBeCloseTo(businessDaysApart(at(9, 12), at(12, 9)), 9);
    });

    it('keeps a daily notice of two business days later apart, even across a weekend', () => {
      const tuesday = doc('tuesday', NOTICE, at(6, 10));
      const thursday = doc('thursday', NOTICE, at(8, 9, 55));
      expect(comparePair(tuesday, thursday, DEFAULT_POLICY)).toMatchObject({ match: false, rule: 'date-gap' });
      expect(comparePair(tuesday, thursday, DEFAULT_POLICY).reason).toContain('2.0 business days apart');
      // Thursday to Monday: four calendar days, two business days.
      expect(comparePair(doc('thursday', NOTICE, at(8, 11, 40)), doc('monday', NOTICE, at(12, 11, 38)), DEFAULT_POLICY)).toMatchObject({ match: false, rule: 'date-gap' });
    });

    it('settles far-apart pairs without the calendar as the calendar would', () => {
      // A fixed pseudo-random walk over two years of times and gaps from an hour to a month.
      let seed = 7;
      const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
      for (let i = 0; i < 5000; i++) {
        const first = at(1, 0) + next() * 730 * DAY;
        const second = first + next() * 30 * DAY;
        const gap = [0.5, 1, 1.5, 2, 3, 5, 10][i % 7];
        const business = businessDaysApart(first, second);
        // An hour's margin: across a daylight-saving change the local span differs from the real one by an hour.
        if (Math.abs(business - gap) < 1 / 24) continue;
        const policy = { dateGap: gap, recurringMaxShingles: DEFAULT_POLICY.recurringMaxShingles };
        expect(timesBeyondDateGap(first, second, 40, policy), `${new Date(first).toString()} -> ${new Date(second).toString()}, gap ${gap}`).toBe(business > gap);
      }
    });

    it('merges a re-send the next business day: a Friday item re-sent on Monday, a Tuesday item on Wednesday evening', () => {
      expect(comparePair(doc('friday', NOTICE, at(9, 16)), doc('monday', NOTICE, at(12, 9)), DEFAULT_POLICY)).toMatchObject({ match: true, rule: 'similar' });
      expect(comparePair(doc('tuesday', NOTICE, at(6, 9)), doc('wednesday', NOTICE, at(7, 17)), DEFAULT_POLICY)).toMatchObject({ match: true, rule: 'similar' });
    });
  });
});

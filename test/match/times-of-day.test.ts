/**
 * Times of day in verification: two snapshots of one market taken at different times are
 * different items, while a re-send of one snapshot, a correction of one of its prices and two
 * outlets' copies stamped at other times stay copies.
 */

import { describe, expect, it } from 'vitest';
import { comparePair, DEFAULT_POLICY } from '../../src/match/verify.js';
import { MinHasher } from '../../src/sketch/minhash.js';

const hasher = new MinHasher({ shingleSize: 4, permutations: 128, seed: 1 });

/** An invented futures quote table, its time in the headline as the wires give it. */
function quoteTable(time: string, septemberPrice = 'UNTRD'): string {
  const rows = [
    'MAR1 UNTRD', 'MAY1 4120 UNCH', 'JUL1 4135 UP 5', `SEP1 ${septemberPrice}`, 'DEC1 4150 UP 10', 'JAN2 UNTRD',
    'MAR2 UNTRD', 'MAY2 4170 UP 10', 'JUL2 UNTRD', 'SEP2 UNTRD', 'DEC2 UNTRD', 'JAN3 UNTRD',
  ];
  return [`NORTHPORT TIN FUTURES ${time}`, 'LAST CHANGE', ...rows].join('\n');
}

const STORY = [
  'PORT ELLIS — The Old Harbour Bridge was closed to all traffic on Monday after inspectors found corrosion in two of its main girders, the city council said.',
  'Engineers will need at least 14 weeks to assess the damage, and a ferry will carry foot passengers across the harbour every 20 minutes from Wednesday.',
  'The 112-year-old bridge carries about 9,000 vehicles a day. Council leader Mara Voss said repairs could cost more than 30 million and would be paid from the reserve fund.',
].join('\n\n');

const sketch = (text: string) => hasher.fromText(text);

describe('times of day in verification', () => {
  it('keeps two snapshots of one table at different times apart, as a changed date', () => {
    const verdict = comparePair(sketch(quoteTable('11:31')), sketch(quoteTable('12:31', '5795 UP 15')), DEFAULT_POLICY);
    expect(verdict.match).toBe(false);
    expect(verdict.rule).toBe('dates');
    expect(verdict.slots.datesChanged).toBe(1);
    expect(verdict.reason).toBe('same wording but different dates: 1 date or time of day in the same words differs');
  });

  it('keeps them apart when only the time differs too', () => {
    const verdict = comparePair(sketch(quoteTable('10:30')), sketch(quoteTable('11:00')), DEFAULT_POLICY);
    expect(verdict.match).toBe(false);
    expect(verdict.rule).toBe('dates');
  });

  it('merges a re-send of one snapshot (same time)', () => {
    const verdict = comparePair(sketch(quoteTable('11:31')), sketch(quoteTable('11:31') + '\nREUTER'), DEFAULT_POLICY);
    expect(verdict.match).toBe(true);
  });

  it('merges a correction of one price in a snapshot of the same time', () => {
    const corrected = quoteTable('11:31').replace('DEC1 4150 UP 10', 'DEC1 4155 UP 15');
    const verdict = comparePair(sketch(quoteTable('11:31')), sketch(`CORRECTED - ${corrected}`), DEFAULT_POLICY);
    expect(verdict.match).toBe(true);
    expect(verdict.slots.datesChanged).toBe(0);
  });

  it('merges two outlets’ copies of a story stamped with their own dates and times', () => {
    const a = sketch(`By Ann Lee, Harbour Wire · March 3, 2031 at 6:07 p.m.\n\n${STORY}`);
    const b = sketch(`By Tom Ray, Coast Press · March 4, 2031 at 4:56 p.m.\n\n${STORY}`);
    const verdict = comparePair(a, b, DEFAULT_POLICY);
    expect(verdict.match).toBe(true);
    expect(verdict.slots.datesChanged).toBe(0);
  });

  it('keeps a story and its re-run apart when the time in the same words is the news', () => {
    const notice = (time: string) => `The Northport tin exchange will open at ${time} local time on Friday instead of 9:00, the exchange said, because of the harbour works. Dealers were told to settle positions by the close on Thursday.`;
    const verdict = comparePair(sketch(notice('10:30')), sketch(notice('11:30')), DEFAULT_POLICY);
    expect(verdict.match).toBe(false);
    expect(verdict.slots.datesChanged).toBe(1);
  });
});

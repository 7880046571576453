/** A time of day ("11:31") is one token in both tokeniser paths, and dates the figure run it is in. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSlots } from '../../src/sketch/compare.js';
import { MinHasher } from '../../src/sketch/minhash.js';
import { locateTokens, tokenize } from '../../src/sketch/tokens.js';

describe('times of day', () => {
  it('reads H:MM and HH:MM (hours 0-23, minutes 00-59) as one token', () => {
    expect(tokenize('NORTHPORT TIN 11:31 last, 7:05 and 00:00')).toEqual(['northport', 'tin', '11:31', 'last', '7:05', 'and', '00:00']);
    // full-width digits and colon normalise to a time; dropped characters do not break one
    expect(tokenize('１１：３１ 9:\u00ad45')).toEqual(['11:31', '9:45']);
    // seconds are a token of their own; a time ends a sentence
    expect(tokenize('at 12:30:45, then 12:31.')).toEqual(['at', '12:30', '45', 'then', '12:31']);
    // a character of an unspaced script before or after does not stop a time
    expect(tokenize('午後3:30開')).toEqual(['午', '後', '3:30', '開']);
  });

  it('leaves other colons between digits as separators', () => {
    expect(tokenize('24:00 9:60 7:3 123:45 1:300 x11:31 11:31am won 2:1')).toEqual(['24', '00', '9', '60', '7', '3', '123', '45', '1', '300', 'x11', '31', '11', '31am', 'won', '2', '1']);
  });

  it('locates a time as the one token tokenize gives', () => {
    const text = 'Zinc 11:31, copper １２：００ and 12:30:45 here';
    const located = locateTokens(text);
    expect(located.tokens).toEqual(tokenize(text));
    const at = located.tokens.indexOf('11:31');
    expect(text.slice(located.starts[at], located.ends[at])).toBe('11:31');
  });

  it('tokenises and hashes times in one pass exactly as the reference path does (property)', () => {
    const hasher = new MinHasher({ shingleSize: 2, permutations: 16, seed: 9 });
    const piece = fc.constantFrom('0', '1', '2', '3', '5', '7', '9', '12', '23', '59', ':', '：', '﹕', ' ', ' ', '.', 'a', 'pm', '\u00ad', '\u200b', '中', '١', '\u0301');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        const tokens = tokenize(text);
        const scanned = hasher.fromText(text);
        const reference = hasher.fromTokens(tokens);
        expect(scanned.tokens).toBe(tokens.length);
        expect([...scanned.signature]).toEqual([...reference.signature]);
        expect([...scanned.figures]).toEqual([...reference.figures]);
        expect([...scanned.slots]).toEqual([...reference.slots]);
      }),
      { numRuns: 2000 },
    );
  });

  it('compares a changed time in the same words as a changed date', () => {
    const hasher = new MinHasher();
    const table = (time: string) => `NORTHPORT TIN FUTURES ${time} LAST CHANGE MAY 4120 UNCH JUL 4135 UP 5 SEP UNTRD DEC 4150 UP 10`;
    const slots = compareSlots(hasher.fromText(table('10:15')).slots, hasher.fromText(table('11:15')).slots);
    expect(slots.datesChanged).toBe(1);
    expect(slots.changed).toBe(1);
    expect(compareSlots(hasher.fromText(table('10:15')).slots, hasher.fromText(table('10:15')).slots).changed).toBe(0);
  });

  it('reads a time one word after a date as part of that date, in the words around both', () => {
    const hasher = new MinHasher();
    const stamp = (byline: string, when: string) => `By ${byline} · ${when} p.m. PORT ELLIS — The harbour bridge closed on Monday.`;
    const a = hasher.fromText(stamp('Ann Lee, Harbour Wire', 'March 3, 2021 at 6:07'));
    const b = hasher.fromText(stamp('Tom Ray, Coast Press', 'March 9, 2021 at 4:56'));
    // the two stamps sit in other words (the outlets' names): nothing to compare, nothing changed
    expect(compareSlots(a.slots, b.slots).changed).toBe(0);
  });
});

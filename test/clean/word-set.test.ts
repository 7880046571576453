import { describe, expect, it } from 'vitest';
import { WordSet } from '../../src/clean/words.js';
import { random as seededRandom } from '../helpers/random.js';

/** Words of the shapes a WordSet takes, made up for this test: shared starts, spaces, a hyphen, the shortest length. */
const WORDS = ['kelp', 'kelpie', 'kettle', 'lantern', 'harbour wall', 'tide-gauge', 'quay lamp', 'oyster', 'sail loft', 'anchor', 'anvil', 'mooring'];

/** The answer a WordSet must give: a case-insensitive alternation of the words. */
const ALTERNATION = new RegExp(WORDS.join('|'), 'i');

describe('WordSet', () => {
  const set = new WordSet(WORDS);

  it('answers as the case-insensitive alternation of its words does, on random lines', () => {
    const random = seededRandom(19);
    // letters of the words, other letters, blanks and marks, and characters outside ASCII that
    // upper- or lower-case to ASCII letters (Kelvin sign, long s, dotless i, dotted capital I)
    const alphabet = 'kelptanrhoubwidgqysfmcvKELPTANRHOUBWIDGQYS -_.,:\t\u00a0\u212a\u017f\u0131\u0130\u00e9';
    let held = 0;
    let lines = 0;
    for (let n = 0; n < 30000; n++) {
      let s = '';
      const len = Math.floor(random() * 40);
      while (s.length < len) {
        if (random() < 0.25) {
          const w = WORDS[Math.floor(random() * WORDS.length)];
          // a word whole or cut short, in lower case, capitals or mixed
          const part = random() < 0.6 ? w : w.slice(0, Math.floor(random() * w.length));
          const r = random();
          s += r < 0.4 ? part : r < 0.7 ? part.toUpperCase() : [...part].map((c) => (random() < 0.5 ? c.toUpperCase() : c)).join('');
        } else s += alphabet[Math.floor(random() * alphabet.length)];
      }
      const expected = ALTERNATION.test(s);
      expect(set.test(s), JSON.stringify(s)).toBe(expected);
      if (expected) held++;
      lines++;
    }
    // both answers are given many times
    expect(held).toBeGreaterThan(1000);
    expect(lines - held).toBeGreaterThan(1000);
  });

  it('finds a word at either end of a line, and not one cut short or broken', () => {
    expect(set.test('kelp')).toBe(true);
    expect(set.test('KELP forest')).toBe(true);
    expect(set.test('the old Tide-Gauge')).toBe(true);
    expect(set.test('by the Harbour Wall')).toBe(true);
    expect(set.test('kel')).toBe(false);
    expect(set.test('the harbour  wall')).toBe(false);
    expect(set.test('the harbour\nwall')).toBe(false);
    expect(set.test('tide gauge')).toBe(false);
    expect(set.test('\u212aelp')).toBe(false);
    expect(set.test('')).toBe(false);
  });

  it('finds a word after characters that start none, however far the scan has skipped', () => {
    for (let pad = 0; pad <= 9; pad++) {
      expect(set.test(`${'x'.repeat(pad)}kelp`), `${pad} before kelp`).toBe(true);
      expect(set.test(`${'zx'.repeat(pad)}ANVIL`), `${pad} pairs before anvil`).toBe(true);
      expect(set.test(`${'x'.repeat(pad)}kel`), `${pad} before kel`).toBe(false);
    }
    // a word whose second to fourth characters end the window, and one whose first three do
    expect(set.test('xxxxyster oyster')).toBe(true);
    expect(set.test('xxxxoys')).toBe(false);
  });

  it('reads on every word that starts as the window does', () => {
    expect(set.test('a KELPIE')).toBe(true);
    expect(set.test('kelpi')).toBe(true);
    expect(set.test('an anvi')).toBe(false);
    expect(set.test('an ANVIL')).toBe(true);
  });

  it('takes only words of four or more lower-case letters, spaces and hyphens', () => {
    expect(() => new WordSet(['kel'])).toThrow();
    expect(() => new WordSet(['Kelp'])).toThrow();
    expect(() => new WordSet(['kelp!'])).toThrow();
  });
});

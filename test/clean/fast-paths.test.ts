import { describe, expect, it } from 'vitest';
import { phraseKey } from '../../src/clean/languages.js';
import { random as seededRandom } from '../helpers/random.js';

/** Random strings over an alphabet weighted towards the characters a fast path must notice. */
function randomLines(seed: number, alphabet: string, count: number, maxLength = 24): string[] {
  const random = seededRandom(seed);
  const chars = [...alphabet];
  const lines: string[] = [];
  for (let n = 0; n < count; n++) {
    let s = '';
    const len = Math.floor(random() * maxLength);
    for (let i = 0; i < len; i++) s += chars[Math.floor(random() * chars.length)];
    lines.push(s);
  }
  return lines;
}

describe('phraseKey', () => {
  /** The key as the full chain of foldings builds it, every line through every step. */
  const foldedInFull = (s: string) =>
    s
      .toLowerCase()
      .replace(/i\u0307|\u0131/g, 'i')
      .replace(/[\u064b-\u065f\u0670\u0640]/g, '')
      .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627')
      .replace(/[\u06cc\u0649]/g, '\u064a')
      .replace(/\u06a9/g, '\u0643')
      .replace(/[\s\u200c\u200b]+/g, ' ')
      .trim();

  it('gives the key of the full folding on lines with and without characters to fold', () => {
    const alphabet = 'aBiIzé Σ\u0130\u0131\u0307\u064b\u0640\u0622\u0671\u06cc\u0649\u06a9\u0627\t\n\r\u000b\u00a0\u1680\u2003\u200a\u200b\u200c\u200d\u2028\u202f\u205f\u3000\ufeff    ';
    const lines = [...randomLines(11, alphabet, 30000), 'Lesen Sie auch', ' Anzeige', 'Anzeige ', 'Read  more', '\u0130LG\u0130L\u0130 HABERLER', 'اقرأ أيضاً', '相关 新闻', ''];
    let unchanged = 0;
    for (const line of lines) {
      const key = foldedInFull(line);
      expect(phraseKey(line), JSON.stringify(line)).toBe(key);
      if (key === line.toLowerCase()) unchanged++;
    }
    // both paths are taken many times
    expect(unchanged).toBeGreaterThan(1000);
    expect(lines.length - unchanged).toBeGreaterThan(1000);
  });
});

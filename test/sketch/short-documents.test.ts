import { describe, expect, it } from 'vitest';
import { MAX_EXACT_SHINGLES, MinHasher } from '../../src/sketch/minhash.js';
import { hashString, shingleStrings, tokenize } from '../../src/sketch/tokens.js';

describe('short documents', () => {
  it('keeps exact shingle sets only for documents of at most MAX_EXACT_SHINGLES (120) shingles', () => {
    const hasher = new MinHasher();
    expect(hasher.fromTokens(tokenize('one two three four five')).shingleSet.length).toBe(4);
    const words = (n: number) => tokenize(Array.from({ length: n }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${i}`).join(' '));
    expect(MAX_EXACT_SHINGLES).toBe(120);
    expect(hasher.fromTokens(words(123)).shingleSet.length).toBe(2 * 120);
    expect(hasher.fromTokens(words(124)).shingleSet.length).toBe(0);
  });
});

describe('exact shingle identities', () => {
  it('are the hashes of each shingle text, so sets an index stored earlier compare with new ones', () => {
    const hasher = new MinHasher();
    const tokens = tokenize('Harbour Savings Bank cuts its prime rate to 7-3/4 pct, and Harbour Savings Bank said so');
    const set = hasher.fromTokens(tokens).shingleSet;
    const texts = [...shingleStrings(tokens, 4)];
    const highs = [...new Set(texts.map((text) => hashString(text, 1 ^ 0x2545f491)))].sort((x, y) => x - y);
    expect(set.length).toBe(2 * texts.length);
    expect([...set].filter((_, i) => i % 2 === 0)).toEqual(highs);
  });
});

describe('exact shingle identities read while scanning', () => {
  it('are those of the token strings, for text the scanner reads and text it leaves to the reference tokeniser', () => {
    const hasher = new MinHasher();
    const texts = [
      'Harbour Savings Bank cuts its prime rate to 7-3/4 pct, effective 11:30 tomorrow',
      'The ﬁnal vote: 14:05 local time; soft\u00adhyphen and zero\u200bwidth stay one word',
      '東京で会議が11:05に始まった。参加者は42人',
      'ΣΥΝΑΝΤΗΣΗ ΣΤΗΝ ΑΘΗΝΑ: οι υπουργοί συμφώνησαν',
      'A headline\n\nA first paragraph with ١٢٣ figures and “quotes”.',
      // longer than the scanner keeps code units for, yet few distinct shingles
      'same four words again '.repeat(400),
    ];
    for (const text of texts) {
      const fromText = hasher.fromText(text);
      const fromTokens = hasher.fromTokens(tokenize(text));
      expect(fromText.shingleSet.length).toBeGreaterThan(0);
      expect([...fromText.shingleSet]).toEqual([...fromTokens.shingleSet]);
    }
  });
});

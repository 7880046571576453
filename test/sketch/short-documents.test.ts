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

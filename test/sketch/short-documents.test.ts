import { describe, expect, it } from 'vitest';
import { MAX_EXACT_SHINGLES, MinHasher } from '../../src/sketch/minhash.js';
import { tokenize } from '../../src/sketch/tokens.js';

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

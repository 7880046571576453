import { describe, expect, it } from 'vitest';
import { MinHasher } from '../../src/sketch/minhash.js';
import { tokenize } from '../../src/sketch/tokens.js';

describe('short documents', () => {
  it('keeps exact shingle sets only for short documents', () => {
    const hasher = new MinHasher();
    expect(hasher.fromTokens(tokenize('one two three four five')).shingleSet.length).toBe(4);
    const long = hasher.fromTokens(tokenize(Array.from({ length: 40 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${i}`).join(' ')));
    expect(long.shingleSet.length).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { KEEP_UNITS_CHARS, MAX_EXACT_SHINGLES, MinHasher, type Fingerprint } from '../../src/sketch/minhash.js';
import { tokenize } from '../../src/sketch/tokens.js';
import { random } from '../helpers/random.js';


// Character pools that exercise every path of the one-pass scanner: ASCII, typographic
// punctuation, accented and non-Latin letters, compatibility forms, combining marks, Hangul,
// astral characters, final sigma, dotted capital I, half-width kana with voicing marks.
const POOLS = [
  'abcdefghij KLMNOP 0123456789 ',
  ' .,;:!?-\n\t"\'',
  '“”‘’—–…«»\u00a0éÉüßçñøÅ',
  'ΑΒΓΣσςαβγ',
  'Привет мир',
  '中文字符日本語',
  'ﬁﬂ½²ⅷ①',
  '\u0301\u0308e\u0300',
  '한국어ㄱㅏ',
  '😀𝐀𝟙',
  'İıſ',
  'ｶﾞﾊﾟ１２３ＡＢ',
  '\u00b4\u00a8`',
];

function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return (
    a.tokens === b.tokens &&
    a.shingles === b.shingles &&
    a.signature.join() === b.signature.join() &&
    a.figures.join() === b.figures.join()
  );
}

describe('one-pass tokenise-and-hash', () => {
  it('gives exactly the fingerprint of the reference path (normalize, regular expression, token strings)', () => {
    const next = random(11);
    const hasher = new MinHasher({ shingleSize: 3, permutations: 64, seed: 5 });
    let mismatches = 0;
    for (let t = 0; t < 3000; t++) {
      const pools = POOLS.filter((_, i) => i < 2 || next() < 0.15).map((p) => [...p]);
      let text = '';
      const length = 1 + Math.floor(next() * 120);
      for (let i = 0; i < length; i++) {
        const pool = pools[Math.floor(next() * pools.length)];
        text += pool[Math.floor(next() * pool.length)];
      }
      if (!sameFingerprint(hasher.fromText(text), hasher.fromTokens(tokenize(text)))) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('writes a signature into a shared buffer at any offset, equal to its own array', () => {
    const hasher = new MinHasher({ shingleSize: 4, permutations: 32, seed: 1 });
    const texts = ['The council voted 7 to 2 on Tuesday to close the bridge.', '“Repairs will cost $12.5m,” the engineer said — again.', 'one'];
    const shared = new Uint32Array(32 * texts.length);
    texts.forEach((text, i) => hasher.sketchText(text, shared, i * 32));
    texts.forEach((text, i) => expect([...shared.subarray(i * 32, (i + 1) * 32)]).toEqual([...hasher.fromText(text).signature]));
  });

  it('hashes long ASCII and typographic texts without the reference path diverging', () => {
    const next = random(3);
    const words = Array.from({ length: 500 }, (_, i) => `w${i.toString(36)}`);
    const text = Array.from({ length: 4000 }, (_, i) => words[Math.floor(next() * words.length)] + (i % 17 === 0 ? '. “Quote,” — ' : ' ')).join('');
    const hasher = new MinHasher();
    expect(sameFingerprint(hasher.fromText(text), hasher.fromTokens(tokenize(text)))).toBe(true);
  });

  it('gives a long text of few shingles (a line repeated) the exact shingles of the reference path', () => {
    const hasher = new MinHasher();
    const line = 'Subscribe to our newsletter for the latest updates from the harbour district today. ';
    for (const length of [KEEP_UNITS_CHARS - 100, KEEP_UNITS_CHARS + 100, 3 * KEEP_UNITS_CHARS]) {
      const text = line.repeat(Math.ceil(length / line.length));
      const fast = hasher.fromText(text);
      const reference = hasher.fromTokens(tokenize(text));
      expect(fast.shingles).toBeLessThanOrEqual(MAX_EXACT_SHINGLES);
      expect(fast.shingleSet.length).toBeGreaterThan(0);
      expect([...fast.shingleSet]).toEqual([...reference.shingleSet]);
    }
  });
});

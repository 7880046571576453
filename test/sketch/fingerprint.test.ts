import { describe, expect, it } from 'vitest';
import { estimateContainment, estimateJaccard, exactShingleStats, figureContainment } from '../../src/sketch/compare.js';
import { MinHasher } from '../../src/sketch/minhash.js';
import { normalize, tokenize } from '../../src/sketch/tokens.js';
import { words } from '../helpers/text.js';


describe('normalize and tokenize', () => {
  it('unifies quotes, dashes, case and compatibility forms', () => {
    expect(normalize('“Quoted” — it’s ＡＢＣ')).toBe('"quoted" - it\'s abc');
  });

  it('splits words of spaced scripts and characters of unspaced ones, and keeps digits', () => {
    expect(tokenize('Port-Ellis, 3.5% rise; Москва 東京 café')).toEqual(['port', 'ellis', '3', '5', 'rise', 'москва', '東', '京', 'café']);
  });

  it('tokenises curly and straight apostrophes alike', () => {
    expect(tokenize('the council’s plan')).toEqual(tokenize("The Council's plan"));
  });
});

describe('MinHasher', () => {
  const hasher = new MinHasher({ shingleSize: 3, permutations: 128, seed: 7 });

  it('is deterministic for equal seeds and differs across seeds', () => {
    const text = words('w', 200).join(' ');
    expect(hasher.fromText(text).signature).toEqual(new MinHasher({ shingleSize: 3, permutations: 128, seed: 7 }).fromText(text).signature);
    expect(hasher.fromText(text).signature).not.toEqual(new MinHasher({ shingleSize: 3, permutations: 128, seed: 8 }).fromText(text).signature);
  });

  it('counts distinct shingles exactly', () => {
    const fp = hasher.fromTokens(['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c']);
    // abc, bca, cab repeat: three distinct 3-shingles
    expect(fp.shingles).toBe(3);
    expect(fp.tokens).toBe(9);
  });

  it('gives a short document (fewer tokens than the shingle size) a signature of its own', () => {
    const short = hasher.fromTokens(['breaking', 'news']);
    expect(short.shingles).toBe(1);
    expect(short.signature.length).toBe(128);
    expect(estimateJaccard(short.signature, hasher.fromTokens(['breaking', 'news']).signature)).toBe(1);
    expect(estimateJaccard(short.signature, hasher.fromTokens(['other', 'story']).signature)).toBeLessThan(0.1);
  });

  it('estimates Jaccard similarity close to the exact value', () => {
    const a = words('w', 600);
    for (const overlap of [0.2, 0.5, 0.8]) {
      const shared = Math.round(600 * overlap);
      const b = [...a.slice(0, shared), ...words('x', 600 - shared)];
      const exact = exactShingleStats(a, b, 3).jaccard;
      const estimate = estimateJaccard(hasher.fromTokens(a).signature, hasher.fromTokens(b).signature);
      expect(Math.abs(estimate - exact)).toBeLessThan(0.1);
    }
  });

  it('estimates the containment of a trimmed copy in the full text', () => {
    const full = words('w', 1000);
    const trimmed = full.slice(0, 400);
    const fa = hasher.fromTokens(full);
    const fb = hasher.fromTokens(trimmed);
    const jaccard = estimateJaccard(fa.signature, fb.signature);
    expect(jaccard).toBeLessThan(0.55);
    expect(estimateContainment(jaccard, fa.shingles, fb.shingles)).toBeGreaterThan(0.85);
  });

  it('keeps figures (number-bearing tokens) in a sorted set', () => {
    const fp = hasher.fromText('Bills of 13 weeks sold at 5.42% on March 3, 1987; week 10 and 1987 again.');
    expect(fp.figures.length).toBe(6); // 13, 5, 42, 3, 1987, 10
    expect([...fp.figures]).toEqual([...fp.figures].sort((x, y) => x - y));
  });
});

describe('figureContainment', () => {
  const hasher = new MinHasher({ shingleSize: 3, permutations: 16, seed: 1 });
  it('is 1 when the smaller figure set is inside the larger and low when figures differ', () => {
    const week10 = hasher.fromText('Rate 542 on 1250 million, cover 261, week 10').figures;
    const week11 = hasher.fromText('Rate 561 on 1400 million, cover 217, week 11').figures;
    const update = hasher.fromText('Rate 542 on 1250 million, cover 261, week 10; total 9000').figures;
    expect(figureContainment(week10, update)).toBe(1);
    expect(figureContainment(week10, week11)).toBeLessThan(0.3);
  });
});

describe('compact signatures', () => {
  it('estimate what the full signatures estimate, and refuse to be compared with full ones', () => {
    const hasher = new MinHasher();
    const base = words('b', 400).join(' ');
    const pairs: [string, string][] = [
      [base, base],
      [base, `${base} ${words('x', 150).join(' ')}`],
      [base, words('b', 220).join(' ')],
      [base, words('z', 400).join(' ')],
    ];
    for (const [x, y] of pairs) {
      const a = hasher.fromText(x).signature;
      const b = hasher.fromText(y).signature;
      // Storing in a Uint16Array keeps each value's low 16 bits.
      expect(estimateJaccard(Uint16Array.from(a), Uint16Array.from(b))).toBe(estimateJaccard(a, b));
    }
    const a = hasher.fromText(base).signature;
    expect(() => estimateJaccard(a, Uint16Array.from(a))).toThrow(RangeError);
  });
});

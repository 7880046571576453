import { describe, expect, it } from 'vitest';
import { comparePair, DEFAULT_POLICY } from '../../src/match/verify.js';
import { DEFAULT_FINGERPRINT, MinHasher } from '../../src/sketch/minhash.js';
import { normalize, tokenize } from '../../src/sketch/tokens.js';
import { SCRIPT_STORIES } from '../helpers/scripts.js';

const hasher = new MinHasher(DEFAULT_FINGERPRINT);
const verdict = (a: string, b: string) => comparePair(hasher.fromText(a), hasher.fromText(b), DEFAULT_POLICY);

/** Invisible characters a scraped copy may carry inside words: soft hyphen, zero-width space, non-joiner, joiner, word joiner. */
const INVISIBLE = ['\u00ad', '\u200b', '\u200c', '\u200d', '\u2060'];

/** Puts one of the invisible characters after every fifth letter of a text. */
function withInvisibles(text: string): string {
  let letters = 0;
  return text.replace(/\p{L}/gu, (ch) => (++letters % 5 === 0 ? ch + INVISIBLE[letters % INVISIBLE.length] : ch));
}

describe.each(SCRIPT_STORIES)('$family', ({ paragraphs, rewrite, nativeDigits }) => {
  const story = paragraphs.join('\n\n');

  it('finds a copy trimmed to its first two paragraphs', () => {
    const trimmed = paragraphs.slice(0, 2).join('\n\n');
    const result = verdict(story, trimmed);
    expect(result.match, result.reason).toBe(true);
    expect(result.containment).toBeGreaterThan(0.9);
  });

  it('finds a copy whose words carry soft hyphens and zero-width characters', () => {
    const result = verdict(story, withInvisibles(story));
    expect(result.match, result.reason).toBe(true);
    expect(result.jaccard).toBe(1);
  });

  it('keeps a rewrite of the same event with the same figures apart', () => {
    const result = verdict(story, rewrite);
    expect(result.match, result.reason).toBe(false);
  });

  it("reads the script's own digits as the figures they write", () => {
    expect(normalize(nativeDigits('48 26 0123456789'))).toBe('48 26 0123456789');
    const result = verdict(story, nativeDigits(story));
    expect(result.match, result.reason).toBe(true);
    // Other figures in the same words are another story, whichever digits write them.
    const otherFigures = nativeDigits(story.replace(/\d+/g, (n) => String(Number(n) * 3 + 7)));
    const changed = verdict(story, otherFigures);
    expect(changed.match).toBe(false);
    expect(changed.rule).toBe('figures');
  });
});

describe('tokens of each script', () => {
  it('keeps words in spaced scripts and makes each character of an unspaced one a token', () => {
    expect(tokenize('Évora ÉVORA Москва ΑΘΗΝΑ Αθήνα जयपुर')).toEqual(['évora', 'évora', 'москва', 'αθηνα', 'αθηνα', 'जयपुर']);
    expect(tokenize('杭州市2024年 札幌市は ภาษาไทย')).toEqual(['杭', '州', '市', '2024', '年', '札', '幌', '市', 'は', 'ภ', 'า', 'ษ', 'า', 'ไ', 'ท', 'ย']);
  });

  it('tokenises a document mixing scripts by the rule of each', () => {
    expect(tokenize('Reuters 报道：上海 GDP 增长5.2%, says Москва')).toEqual(['reuters', '报', '道', '上', '海', 'gdp', '增', '长', '5', '2', 'says', 'москва']);
  });

  it('folds Arabic letter variants, tatweel and harakat, and reads Arabic-Indic and Persian digits', () => {
    expect(tokenize('كِتَـــابٌ کتاب یوم أحمد إلى ١٢٣ ۴۵۶')).toEqual(tokenize('كتاب كتاب يوم احمد الي 123 456'));
  });

  it('reads full-width letters and digits as their ordinary forms', () => {
    expect(tokenize('ＧＤＰ１２３')).toEqual(['gdp123']);
  });

  it('folds capitals as a headline sets them: Turkish dotted and dotless i, Greek accents, Russian ё', () => {
    expect(tokenize('İSTANBUL AYRICA')).toEqual(tokenize('istanbul ayrıca'));
    expect(tokenize('ΑΘΗΝΑ ΠΑΤΡΑ')).toEqual(tokenize('Αθήνα Πάτρα'));
    expect(tokenize('ЕЩЕ')).toEqual(tokenize('ещё'));
  });

  it('gives the one-pass scanner and the reference tokeniser the same hashes in every script', () => {
    for (const { paragraphs, nativeDigits } of SCRIPT_STORIES) {
      const text = nativeDigits(withInvisibles(paragraphs.join('\n\n')));
      const scanned = hasher.fromText(text);
      const reference = hasher.fromTokens(tokenize(text));
      expect(scanned.signature).toEqual(reference.signature);
      expect(scanned.figures).toEqual(reference.figures);
      expect(scanned.slots).toEqual(reference.slots);
      expect(scanned.lead).toEqual(reference.lead);
    }
  });
});

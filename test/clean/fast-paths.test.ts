import { describe, expect, it } from 'vitest';
import { LANGUAGE_PHRASES, phraseKey } from '../../src/clean/languages.js';
import { BoilerplateLines, corpusLineHash, endsLikeSentence } from '../../src/clean/lines.js';
import { ANY, lineRule, mayMatchAny, terminatorKind } from '../../src/clean/rules.js';
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

describe('mayMatchAny', () => {
  it('is true on every line the promo and photo-credit pattern matches, colons, brackets and slashes included', () => {
    const random = seededRandom(3);
    const words = ['Photo', 'photos', 'Pictures', 'picture', 'foto', 'FOTOS', 'credit', 'Image', 'getty', 'AFP', 'Reuters', 'ap', 'EPA', 'epa', 'by', 'courtesy', 'harbour', 'the', 'quay', '...'];
    const glue = [' ', ' ', ' ', ':', ' : ', ': ', '(', ')', ' (', '/', ' / ', '/ ', '\u00a0', '\u2003', '  ', '.'];
    let matched = 0;
    let ruledOut = 0;
    for (let n = 0; n < 20000; n++) {
      let line = '';
      const count = 1 + Math.floor(random() * 6);
      for (let i = 0; i < count; i++) line += words[Math.floor(random() * words.length)] + (i + 1 < count || random() < 0.3 ? glue[Math.floor(random() * glue.length)] : '');
      if (ANY.test(line)) {
        matched++;
        expect(mayMatchAny(line), JSON.stringify(line)).toBe(true);
      } else if (/[:(/]/.test(line) && !mayMatchAny(line)) ruledOut++;
    }
    expect(matched).toBeGreaterThan(2000);
    expect(ruledOut).toBeGreaterThan(1000);
    expect(mayMatchAny('Boats at dawn /  Reuters ')).toBe(true);
    expect(mayMatchAny('Harbour: a history (1880-1990), 2/3 rebuilt')).toBe(false);
  });

  it('finds each of its words in any case, inside longer words too, and rules out a line with none and no slash', () => {
    const lines = ['Our NEWSLETTER', 'Download it', 'on the App Store', 'GOOGLE maps', 'Sign Up', 'Subscribers only', 'follow us on the quay', 'Clicked', 'in your inbox', 'a FREE APP', 'Opt-in', 'Unlimited', 'Getty', 'Photographs by the harbour master', 'SHUTTERSTOCK', 'credited to the mill', 'Images', 'pictured', 'Foto'];
    for (const line of lines) expect(mayMatchAny(line), line).toBe(true);
    for (const line of ['Harbour bridge shut for repairs', 'The mill trust: a history', 'APPS, STORES AND PHOTOGRAMMETRY']) expect(mayMatchAny(line), line).toBe(line.includes('PHOTO'));
  });
});

describe('labelled lines', () => {
  const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

  it('finds every language\'s advertising markers, "read also" labels and photo-credit labels in any case', () => {
    for (const phrases of Object.values(LANGUAGE_PHRASES)) {
      for (const ad of phrases.ads) for (const line of [ad, capitalised(ad), ad.toUpperCase(), `${capitalised(ad)} \u00bb`]) expect(lineRule(line, 10), line).toBe('ad-marker');
      // a label with an abbreviation inside ("см. также") ends at its dot
      for (const label of phrases.readAlso.filter((l) => !l.slice(0, -1).includes('.'))) for (const head of [label, capitalised(label), label.toUpperCase()]) expect(lineRule(`${head}: Harbour bridge shut`, 30), head).toBe('read-also');
      for (const label of phrases.credits) for (const head of [label, capitalised(label), label.toUpperCase()]) expect(lineRule(`${head}: Jan Smit`, 20), head).toBe('photo-credit');
    }
  });

  it('reads a label up to its colon or slash, or up to a dot right before the first space', () => {
    expect(lineRule('Fot. PAP/Jan Nowak', 18)).toBe('photo-credit');
    expect(lineRule('Fot.  PAP', 8)).toBe('photo-credit');
    expect(lineRule('Foto: Jan Nowak', 14)).toBe('photo-credit');
    expect(lineRule('Read also: Harbour bridge reopens', 29)).toBe('read-also');
    // a dot further on, or a colon after another word's dot, opens no label
    expect(lineRule('U.S. Treasury: yields rise', 22)).toBeNull();
    expect(lineRule('Dr. Jane Doe: harbour', 18)).toBeNull();
  });

  it('leaves lines whose first letter no marker or label starts with', () => {
    expect(lineRule('Notice: Harbour bridge shut', 24)).toBeNull();
    expect(lineRule('Hinweis', 7)).toBeNull();
  });
});

describe('terminatorKind', () => {
  /** The heading as scraped: its case changed, blanks doubled or turned into tabs, set between punctuation. */
  function variants(heading: string): string[] {
    const title = heading.replace(/(^|\s)(\S)/g, (_, blank: string, ch: string) => blank + ch.toUpperCase());
    return [heading, heading.toUpperCase(), title, heading.replace(/ /g, '  '), title.replace(/ /g, '\t'), `\u00ab ${title} \u00bb`, `${heading}:`, ` ${title} |`];
  }

  it('finds the headings of the tables and the prefix pattern however they are cased and spaced', () => {
    const english: Array<[string, string]> = [
      ['related posts', 'related'], ['more stories', 'more'], ['you may also like', 'recommended'], ['most read', 'popular'],
      ['leave a reply', 'comments'], ['filed under', 'tags'], ["editor's picks", 'recommended'], ['read more', 'read-more'],
    ];
    const prefixed: Array<[string, string]> = [['more from sports', 'more'], ['12 comments', 'comments'], ['tags: harbour', 'tags'], ['related articles on the bridge', 'related']];
    for (const [heading, kind] of english) for (const line of variants(heading)) if (!/\s\s|\t/.test(line)) expect(terminatorKind(line, line.length), line).toBe(kind);
    for (const [heading, kind] of prefixed) for (const line of variants(heading).slice(0, 3)) expect(terminatorKind(line, line.length), line).toBe(kind);
    let languageHeadings = 0;
    for (const phrases of Object.values(LANGUAGE_PHRASES)) {
      for (const kind of ['related', 'more', 'popular', 'recommended', 'comments', 'tags'] as const) {
        for (const heading of phrases[kind]) {
          const expected = terminatorKind(heading, 1);
          expect(expected, heading).not.toBeNull();
          for (const line of variants(heading)) expect(terminatorKind(line, 1), line).toBe(expected);
          languageHeadings++;
        }
      }
    }
    expect(languageHeadings).toBeGreaterThan(300);
  });

  it('leaves other short lines, and headings spaced apart in English, to the rules that read them', () => {
    expect(terminatorKind('More than a bridge', 15)).toBeNull();
    expect(terminatorKind('Relative humidity', 16)).toBeNull();
    // an English heading is looked up as written: doubled blanks are not folded (only other languages' keys fold)
    expect(terminatorKind('Related  Posts', 12)).toBeNull();
  });

  it('rules out lines by their first two letters only when the whole line is ASCII', () => {
    // the rows of a results table: first letters some heading has, second letters none follows them with
    for (const row of ['Shr 28 cts vs 14 cts', 'Net profit 1.2 mln', 'Qtr to March 31', 'Oper net 4,100 vs 3,900', 'Avg shrs 12.1 mln']) expect(terminatorKind(row, row.length), row).toBeNull();
    // the pair test lets through what a heading starts with, in any case, and a count
    expect(terminatorKind('RELATED STORIES', 15)).toBe('related');
    expect(terminatorKind('rElAtEd', 7)).toBe('related');
    expect(terminatorKind('3 comments', 10)).toBe('comments');
    expect(terminatorKind('Tags:\tharbour', 12)).toBe('tags');
    // a line holding a character outside ASCII takes the full test (its key is folded there)
    expect(terminatorKind('Mehr zum Thema \u00bb', 16)).toBe(terminatorKind('Mehr zum Thema', 14));
    expect(terminatorKind('Sp\u00e4ter mehr', 12)).toBeNull();
  });
});

describe('BoilerplateLines.hasLine', () => {
  it('answers alike whether or not the caller says the line ends as a sentence', () => {
    const random = seededRandom(5);
    const words = ['Share', 'this', 'story', 'the', 'council', 'said', '12', 'Caf\u00e9', '\u2019s', 'a', '--', '\u00a0', '\u1680', 'news'];
    const ends = ['', '.', '."', '.\u201d', '?', ')', ' ', '.   ', '.\u3000', '!"))'];
    const lines: string[] = [];
    for (let n = 0; n < 20000; n++) {
      const parts: string[] = [];
      for (let i = Math.floor(random() * 18); i > 0; i--) parts.push(words[Math.floor(random() * words.length)]);
      lines.push((random() < 0.2 ? words[Math.floor(random() * words.length)] : '') + parts.join(' ') + ends[Math.floor(random() * ends.length)]);
    }
    // every third line that has a hash is a member
    const set = new BoilerplateLines(lines.filter((_, i) => i % 3 === 0).map((l) => corpusLineHash(l, 0, l.length)).filter((h) => h > 0));
    let members = 0;
    let sentences = 0;
    for (const line of lines) {
      const member = set.hasLine(line);
      expect(set.hasLine(line, endsLikeSentence(line)), JSON.stringify(line)).toBe(member);
      if (member) members++;
      if (endsLikeSentence(line) && corpusLineHash(line, 0, line.length) === -1) sentences++;
    }
    expect(members).toBeGreaterThan(1000);
    expect(sentences).toBeGreaterThan(1000);
  });
});

describe('lineRule, patterns anchored at the start', () => {
  it('names a line by the first of the start patterns it matches, in the order the rules are tested', () => {
    const cases: [string, string | null][] = [
      ['Advertisement', 'ad-marker'],
      ['Sponsored content - sign up for the harbour digest', 'ad-marker'],
      ['Share this: subscribe to the quay bulletin', 'share'],
      ['Tweet', 'share'],
      ['Photo: Lantern Street archive', 'photo-credit'],
      ['Pictures by the ferry office - contact us', 'photo-credit'],
      ['Contact us about the lighthouse schedule', 'correction'],
      ['Correction: the ferry leaves at noon', 'correction'],
      ['Copyright 2031 Quayside Weekly. All rights reserved', 'copyright'],
      ['© Quayside Weekly', 'copyright'],
      ['Sign up for the quay bulletin', 'promo'],
      ['Subscribe', 'promo'],
      ['Follow us for harbour news', 'promo'],
      ['Published March 4, 2031 9:05 AM', 'timestamp'],
      ['The ferry left the quay before noon on Tuesday', null],
      ['Shares in the ferry company rose after the vote', null],
      ['Photographers lined the quay as the ferry left', null],
    ];
    for (const [line, rule] of cases) expect(lineRule(line, line.replace(/\s/g, '').length), line).toBe(rule);
  });
});

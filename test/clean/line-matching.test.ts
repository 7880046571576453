import { describe, expect, it } from 'vitest';
import { BoilerplateLines, corpusLineHash, keyHash, lineKey } from '../../src/clean/lines.js';
import { ANY, mayMatchAny, terminatorKind } from '../../src/clean/rules.js';
import { random as seededRandom } from '../helpers/random.js';

// Lines written for these tests: menus, counters, figures, accented and CJK text, symbols.
const LINES = [
  'Search',
  'SEARCH »',
  '» Search',
  'Log in',
  'Login',
  '12 Comments',
  '3 comments',
  '1,000 comments',
  'Comments (4)',
  'Politics | World | Business',
  'Real Estate',
  'Real-estate',
  'Café',
  'CAFÉ',
  'Über uns',
  'über uns',
  'Kontakt',
  '\u212Aontakt', // Kelvin sign: lower-cases to an ASCII "k"
  '\u0130stanbul', // dotted capital I: lower-cases to two characters
  'istanbul',
  '新闻 | 体育',
  '体育',
  'Share 👍',
  '👍 Share',
  '· · ·',
  '',
  '2024',
  '2024 ©',
  'Section 7 of 12',
  'Section 9 of 30',
  'Newsletters',
  'News letters',
  'Advertisement\u00a0',
  'Se-arch!',
  'Sear ch 7',
  'Searches',
  'Kontakt 12',
  '\u03a3\u039f\u03a3', // capital sigmas: the last lower-cases by context
  'Menu \uffff', // the last UTF-16 unit, a noncharacter that lower-cases to itself
  'MENU \uffff',
  '1 2 \u0130x', // digit runs apart, then a character that lower-cases to two
  '1 2 i\u0307x',
];

describe('BoilerplateLines', () => {
  const memberSets = [
    ['Search', 'Log in', '12 Comments', 'Real Estate', 'Café', 'Über uns', 'Kontakt', '\u0130stanbul', '新闻 | 体育', 'Share 👍', '2024', 'Section 7 of 12', 'Newsletters'],
    ['\u0130stanbul', '体育', '\u03a3\u039f\u03a3', 'Advertisement'],
    [],
  ];
  for (const [n, members] of memberSets.entries()) {
    it(`finds a line when its key is a member's, lines of several figures never (set ${n + 1})`, () => {
      const set = new BoilerplateLines(members.map((m) => corpusLineHash(m, 0, m.length)).filter((h) => h > 0));
      for (const line of LINES) {
        const countable = corpusLineHash(line, 0, line.length) > 0;
        expect(set.hasLine(line), line).toBe(countable && members.some((m) => lineKey(m) === lineKey(line)));
      }
    });
  }

  it('finds menu lines and counters, and leaves other lines alone', () => {
    const set = new BoilerplateLines(['Search', '12 Comments'].map((m) => keyHash(m)));
    expect(set.hasLine('SEARCH »')).toBe(true);
    expect(set.hasLine('3 comments')).toBe(true);
    expect(set.hasLine('Searching')).toBe(false);
    expect(set.hasLine('1,000 comments')).toBe(false); // two runs of digits: a line of figures
  });
});

describe('keyHash', () => {
  it('hashes every line, U+FFFF and characters that lower-case to two included, as the key lineKey builds', () => {
    for (const line of LINES) for (const other of LINES) if (lineKey(line) === lineKey(other)) expect(keyHash(line), `${line} / ${other}`).toBe(keyHash(other));
    expect(keyHash('Menu \uffff')).not.toBe(keyHash('Menu'));
  });
});

describe('terminatorKind', () => {
  it('reads terminators through surrounding punctuation and spaces, whatever the case', () => {
    expect(terminatorKind('« Related Posts »', 17)).toBe('related');
    expect(terminatorKind('| Related |', 7)).toBe('related');
    expect(terminatorKind('  (12 Comments)', 13)).toBe('comments');
    expect(terminatorKind('3 replies', 8)).toBe('comments');
    expect(terminatorKind('Tags: harbour, council', 20)).toBe('tags');
    expect(terminatorKind('More from Sports ›', 16)).toBe('more');
    expect(terminatorKind('YOU MIGHT ALSO LIKE', 16)).toBe('recommended');
    expect(terminatorKind('\u00a0Read more\u00a0', 8)).toBe('read-more');
    expect(terminatorKind('Trending\u2028', 8)).toBe('popular');
    expect(terminatorKind("Editor's Picks:", 14)).toBe('recommended');
  });

  it('leaves other short lines alone', () => {
    expect(terminatorKind('Relatedly, the council said', 24)).toBeNull();
    expect(terminatorKind('Zoning board', 11)).toBeNull();
    expect(terminatorKind('Harbour wall to be rebuilt', 22)).toBeNull();
    expect(terminatorKind('...', 3)).toBeNull();
    expect(terminatorKind(' ', 0)).toBeNull();
    expect(terminatorKind('', 0)).toBeNull();
    // too long to be a heading
    expect(terminatorKind('Related Articles', 61)).toBeNull();
  });
});

describe('mayMatchAny', () => {
  // One phrase for each alternative of the promo and photo-credit patterns, written for this test.
  const PHRASES = [
    'Get our newsletter', 'Download our app today', 'On the App Store', 'Get it on Google Play', 'Sign up now',
    'Subscribe today', 'Follow us on Mastodon', 'Find us on the radio', 'Like us on Facebook', 'Click here',
    'Delivered in your inbox', 'Try our free app', 'Opt-in below', 'Unlimited digital access',
    'Photo: Jan Smit', 'Images : harbour office', 'Getty Images', 'GettyImages', 'AP Photo', 'Shutterstock',
    'Harbour wall (photo by the council)', 'Credit ... J. Doe', 'Photograph courtesy of the museum',
    'Photo by Ana Lee', 'Boats at dawn / AFP', 'Image source: archive', 'image credit city hall',
  ];
  const ALPHABET = 'abcdefghiklnoprstuwyAGIPST :(/.-\u00e9\u212A\u0130\u017F';

  function variants(phrase: string): string[] {
    const out = [phrase, phrase.toUpperCase(), phrase.toLowerCase(), `The harbour: ${phrase}`, `Quay ${phrase} yes`];
    for (let i = 0; i < phrase.length; i++) out.push(phrase.slice(0, i) + phrase.slice(i + 1));
    return out;
  }

  it('is true on every line the promo and photo-credit pattern matches', () => {
    const random = seededRandom(7);
    const lines = PHRASES.flatMap(variants);
    for (let n = 0; n < 20000; n++) {
      let s = '';
      const len = 1 + Math.floor(random() * 30);
      for (let i = 0; i < len; i++) s += random() < 0.1 ? ' ' : ALPHABET[Math.floor(random() * ALPHABET.length)];
      lines.push(s);
    }
    let matched = 0;
    let skipped = 0;
    for (const line of lines) {
      if (ANY.test(line)) {
        matched++;
        expect(mayMatchAny(line), line).toBe(true);
      } else if (!mayMatchAny(line)) skipped++;
    }
    for (const phrase of PHRASES) expect(ANY.test(phrase), phrase).toBe(true);
    expect(matched).toBeGreaterThan(PHRASES.length * 3);
    expect(skipped).toBeGreaterThan(1000);
  });

  it('skips prose without the words or characters of the pattern', () => {
    expect(mayMatchAny('The harbour wall will be rebuilt next spring, the council said.')).toBe(false);
    expect(mayMatchAny('Quayside shops reopen')).toBe(false);
  });
});

describe('corpusLineHash', () => {
  it('hashes a counted line as keyHash does, and passes over sentences and lines of figures', async () => {
    const { corpusLineHash, keyHash } = await import('../../src/clean/lines.js');
    const whole = (line: string) => corpusLineHash(line, 0, line.length);
    for (const line of ['Share This Post', 'Related Posts:', '12 Comments', 'DOWNLOAD THE APP', 'Café Noir -- Menu', 'A-B  c']) expect(whole(line)).toBe(keyHash(line));
    expect(whole('---')).toBe(0);
    expect(whole('Shr 28 cts vs 14 cts')).toBe(-1);
    expect(whole('The council voted on Tuesday to close the old harbour bridge for good this year.')).toBe(-1);
    expect(whole('The council voted on Tuesday to close the old harbour bridge for good this year')).toBe(keyHash('The council voted on Tuesday to close the old harbour bridge for good this year'));
  });
});

import { describe, expect, it } from 'vitest';
import { LineKeySet, lineKey } from '../../src/clean/lines.js';
import { terminatorKind } from '../../src/clean/rules.js';

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
];

describe('LineKeySet', () => {
  const keySets = [
    new Set(['search', 'login', '0comments', 'commentsx', 'realestate', 'café', 'überuns', 'kontakt', 'istanbul', '新闻体育', 'share', '0', 'section0of0', 'newsletters']),
    new Set([lineKey('\u0130stanbul'), lineKey('体育'), 'advertisement']),
    new Set<string>(),
  ];
  for (const [n, keys] of keySets.entries()) {
    it(`answers as building the line's key and looking it up does (set ${n + 1})`, () => {
      const index = new LineKeySet(keys);
      for (const line of LINES) expect(index.has(line), line).toBe(keys.has(lineKey(line)));
    });
  }

  it('finds menu lines and counters, and leaves other lines alone', () => {
    const index = new LineKeySet(new Set([lineKey('Search'), lineKey('12 Comments')]));
    expect(index.has('SEARCH »')).toBe(true);
    expect(index.has('3 comments')).toBe(true);
    expect(index.has('Searching')).toBe(false);
    expect(index.has('1,000 comments')).toBe(false); // two runs of digits
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

import { describe, expect, it } from 'vitest';
import { rulesOf } from '../helpers/cleaning.js';
import { cleanDocument, CorpusLineCounter, lineKey } from '../../src/clean/index.js';
import { comparePair, DEFAULT_POLICY } from '../../src/match/verify.js';
import { DEFAULT_FINGERPRINT, MinHasher } from '../../src/sketch/minhash.js';

const P1 =
  'The town council of Marlow Bay voted on Tuesday to rebuild the old harbour wall, ending a dispute that had divided residents for almost a decade.';
const P2 =
  'Engineers said the new wall would be two metres higher than the current one and would protect about four hundred homes from winter storms.';
const P3 =
  'Work is expected to start in the spring and to last eighteen months, according to a statement published by the council after the vote.';
const P4 =
  'Several residents who had opposed the plan said they would accept the decision, although some still worried about the cost to local taxpayers.';

const body = [P1, P2, P3, P4].join('\n\n');

describe('plain text: content core and edges', () => {
  it('drops navigation, breadcrumbs and counters at the edges and keeps the body exactly', () => {
    const raw = ['Daily Gazette', 'Home', 'World News /', 'Share This Post', 'Updated', '', body, '', '12 Comments', 'Privacy Policy'].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(body);
    const edge = rulesOf(res, 'edge-short-line').join('\n');
    expect(edge).toContain('World News /');
    expect(edge).toContain('Updated');
    expect(edge).toContain('Privacy Policy');
    // debris next to the body is named by its own rule
    expect(rulesOf(res, 'share')).toEqual(['Share This Post']);
    expect(rulesOf(res, 'terminator-line')).toEqual([]);
  });

  it('keeps the headline as metadata, not in the text', () => {
    const raw = ['Menu', '', 'Harbour wall to be rebuilt after decade-long dispute', '', body].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.title).toBe('Harbour wall to be rebuilt after decade-long dispute');
    expect(res.text).toBe(body);
  });

  it('keeps a short real paragraph (a one-line quote) in the middle of the story', () => {
    const quote = '"We did it," she said.';
    const raw = [P1, P2, quote, P3, P4].join('\n\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(raw);
    expect(res.removed).toEqual([]);
  });

  it('merges a hard-wrapped paragraph into one block', () => {
    const wrapped =
      'The town council of Marlow Bay voted on Tuesday to rebuild the old\nharbour wall, ending a dispute that had divided residents for almost\na decade, and engineers said work would start in the spring.';
    const raw = ['Home', 'News', '', wrapped, '', P2].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(wrapped.replace(/\n/g, ' ') + '\n\n' + P2);
  });
});

describe('plain text: terminators', () => {
  it('cuts the tail at "Related Articles" once enough text precedes it', () => {
    const teaser =
      'A second story about a different town, with a long teaser paragraph that reads like prose and goes on for a while about budgets.';
    const raw = [body, '', 'Related Articles', '', teaser, '', 'Council approves new budget'].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(body);
    const cut = rulesOf(res, 'terminator:related');
    expect(cut).toHaveLength(1);
    expect(cut[0]).toContain('Related Articles');
    expect(cut[0]).toContain(teaser);
  });

  it('cuts a comment section', () => {
    const comment =
      'I have lived here for thirty years and I think this is the best decision the council has made in a long time, well done to all.';
    const raw = [body, '', '3 Comments', '', 'Jane Doe', 'November 3, 2019 at 5:12 pm', '', comment].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(body);
    expect(rulesOf(res, 'terminator:comments')[0]).toContain(comment);
  });

  it('does not cut at a paragraph that starts with "Related" inside the story', () => {
    const related =
      'Related questions about the sea defences of neighbouring villages will be discussed at the next meeting, the mayor added.';
    const raw = [P1, P2, related, P3, P4].join('\n\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(raw);
  });

  it('keeps a quote that mentions comments', () => {
    const quote = '"We read all the comments and we listened to every one of them," the mayor told reporters after the meeting.';
    const raw = [P1, P2, quote, P3, P4].join('\n\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(raw);
  });

  it('does not cut when too little article text precedes the terminator', () => {
    const raw = ['Comments', '', body].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(body);
  });

  it('treats "Comments" inside a share bar as a menu entry, not the end of the article', () => {
    const raw = [P1, '', 'Facebook', 'Twitter', 'Comments', 'Print', 'Email', '', P2, '', P3, '', P4].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(body);
    expect(res.removed.some((r) => r.rule.startsWith('terminator:'))).toBe(false);
    expect(rulesOf(res, 'terminator-line')).toEqual(['Comments']);
    expect(rulesOf(res, 'share').join('\n')).toContain('Facebook');
  });

  it('does not cut at "Read more" when the story goes on in prose', () => {
    const raw = [P1, P2, 'Read more', P3, P4].join('\n\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe([P1, P2, P3, P4].join('\n\n'));
    expect(rulesOf(res, 'terminator-line')).toEqual(['Read more']);
  });
});

describe('plain text: line rules', () => {
  it('removes promos, photo credits, corrections and ad markers with their rule names', () => {
    const raw = [
      P1,
      'Sign up for our daily newsletter',
      P2,
      'The harbour at low tide. (Photo: John Smith/Marlow Times)',
      'Advertisement',
      P3,
      'Download our app today from your preferred app store.',
      P4,
      'For corrections please email desk@example.com',
    ].join('\n\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(body);
    expect(rulesOf(res, 'promo')).toEqual(['Sign up for our daily newsletter', 'Download our app today from your preferred app store.']);
    expect(rulesOf(res, 'photo-credit')).toEqual(['The harbour at low tide. (Photo: John Smith/Marlow Times)']);
    expect(rulesOf(res, 'ad-marker')).toEqual(['Advertisement']);
    expect(rulesOf(res, 'correction')).toEqual(['For corrections please email desk@example.com']);
  });

  it('keeps a quote that mentions a newsletter', () => {
    const quote = '"I first read about the plan in the council newsletter," said one fisherman.';
    const raw = [P1, P2, quote, P3, P4].join('\n\n');
    expect(cleanDocument(raw, 'text').text).toBe(raw);
  });
});

describe('plain text: publication stamps', () => {
  const stamps = [
    'October 9, 2020 at 5:35 a.m.',
    'Published Apr 11, 2019 7:00 PM ET',
    'Nov. 20, 2019 6:02 AM EST',
    'Tuesday 14 January 2020 10.05 GMT',
    'Updated: 3 Mar 2021 9:12 pm',
    '2019-11-20 06:02',
    '20.11.2019, 06:02 Uhr',
  ];

  it('removes a line that is a publication stamp alone, in its common shapes, with rule timestamp', () => {
    for (const stamp of stamps) {
      const res = cleanDocument(['Harbour wall to be rebuilt', stamp, '', body].join('\n'), 'text');
      expect(res.text, stamp).toBe(body);
      expect(rulesOf(res, 'timestamp'), stamp).toEqual([stamp]);
    }
  });

  it('removes a stamp that ends like a sentence between the paragraphs of the story', () => {
    const raw = [P1, 'March 2, 2021 at 11:40 a.m.', P2, P3, P4].join('\n\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(body);
    expect(rulesOf(res, 'timestamp')).toEqual(['March 2, 2021 at 11:40 a.m.']);
  });

  it('keeps a date with no year and no time (a timeline heading) and sentences that mention a date', () => {
    const dated = 'On March 4, 2021 at 9:00 a.m. the council met again.';
    const raw = [P1, 'March 4', P2, dated, P3, P4].join('\n\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toContain('\n\nMarch 4\n\n');
    expect(res.text).toContain(dated);
    expect(rulesOf(res, 'timestamp')).toEqual([]);
  });

  it('does not take a stamp for debris: a clean list page under its date keeps its list', () => {
    const items: string[] = [];
    for (let i = 1; i <= 12; i++) items.push(`${i}) A wooden toy number ${i} painted blue`, `http://shop.example/item${i}`);
    const raw = ['Twelve gifts for the holidays', '', '23 Nov 2017', '', P1, '', ...items].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe([P1, '', ...items].join('\n'));
    expect(rulesOf(res, 'timestamp')).toEqual(['23 Nov 2017']);
  });

  it('keeps two copies stamped with their own times copies of one story', () => {
    const hasher = new MinHasher(DEFAULT_FINGERPRINT);
    const copy = (stamp: string) => hasher.fromText(cleanDocument(['Harbour wall to be rebuilt', '', stamp, '', body].join('\n'), 'text').text);
    const verdict = comparePair(copy('October 9, 2020 at 5:35 a.m.'), copy('September 11, 2019 at 2:28 a.m.'), DEFAULT_POLICY);
    expect(verdict.slots.datesChanged).toBe(0);
    expect(verdict.match).toBe(true);
  });
});

describe('plain text: repeated paragraphs', () => {
  it('removes a teaser appended twice and keeps the first copy', () => {
    const teaser = 'Readers can follow the harbour works on the council website, which will publish weekly updates with photographs and plans.';
    const raw = [P1, P2, P3, teaser, P4, teaser].join('\n\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe([P1, P2, P3, teaser, P4].join('\n\n'));
    expect(rulesOf(res, 'repeated-paragraph')).toEqual([teaser]);
  });

  it('removes an article appended a second time', () => {
    const raw = [P1, P2, P3, P4, P1, P2, P3, P4].join('\n\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(body);
    expect(rulesOf(res, 'repeated-paragraph')).toEqual([[P1, P2, P3, P4].join('\n')]);
  });

  it('keeps short list items that legitimately repeat through the document', () => {
    const oats = '1 cup of oats, 1 banana and a spoon of honey, mixed well.';
    const eggs = 'Two eggs on toast with a glass of orange juice and some tea.';
    const soup = 'A bowl of tomato soup with a slice of wholegrain bread.';
    const days = ['Monday:', oats, eggs, soup, 'Tuesday:', eggs, 'Pasta with spinach and a little grated cheese.', oats, 'Wednesday:', soup, eggs, oats];
    const raw = [P1, ...days, P2].join('\n\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(raw);
    expect(rulesOf(res, 'repeated-paragraph')).toEqual([]);
  });
});

describe('corpus-level repetition', () => {
  const footer = 'Marlow Times is part of the Coastal Media Group';
  const docs = Array.from({ length: 12 }, (_, i) => `${P1.replace('Tuesday', `day ${i}`)}\n\n${P2}\n\n${footer}`);

  it('counts short lines per document and reports those seen in enough documents', () => {
    const counter = new CorpusLineCounter();
    for (const d of docs) counter.add(d, 'text');
    counter.add(`${P3}\n\nOnly here once`, 'text');
    const bp = counter.boilerplate();
    expect(bp.hasLine(footer)).toBe(true);
    expect(bp.hasLine('Only here once')).toBe(false);
    // sentences of story text are never counted, so syndicated copies keep their shared paragraphs
    expect(bp.hasLine(P2)).toBe(false);
    expect(counter.boilerplate(13).hasLine(footer)).toBe(false);
  });

  it('counts a line once per document', () => {
    const counter = new CorpusLineCounter();
    for (let i = 0; i < 3; i++) counter.add(Array(5).fill('Subscribe now').join('\n'), 'text');
    expect(counter.boilerplate(4).size).toBe(0);
    expect(counter.boilerplate(3).hasLine('Subscribe now')).toBe(true);
  });

  it('removes boilerplate lines with rule corpus-repeated', () => {
    const counter = new CorpusLineCounter();
    for (const d of docs) counter.add(d, 'text');
    const raw = [P1, footer, P2, P3].join('\n\n');
    const res = cleanDocument(raw, 'text', { boilerplateLines: counter.boilerplate() });
    expect(res.text).toBe([P1, P2, P3].join('\n\n'));
    expect(rulesOf(res, 'corpus-repeated')).toEqual([footer]);
  });

  it('does not learn the lines of a hard-wrapped wire story carried by many pages, and keeps them', () => {
    // Wire copy wrapped at about 60 columns: no line is a sentence, the paragraph is.
    const story = [
      'The harbour board said on Monday that dredging of the main',
      'channel would start in the spring and take about two years,',
      'after the ministry approved the plan and its financing from',
      'the regional development fund late last week.',
    ].join('\n');
    const pages = Array.from({ length: 12 }, (_, i) => `Page ${i} opens with its own story about day ${i} of the fair in town.\n\n${story}\n\n${footer}`);
    const counter = new CorpusLineCounter();
    for (const page of pages) counter.add(page, 'text');
    const bp = counter.boilerplate();
    expect(bp.hasLine(footer)).toBe(true);
    for (const line of story.split('\n')) expect(bp.hasLine(line), line).toBe(false);
    expect(bp.size).toBe(1);
    expect(cleanDocument(pages[3], 'text', { boilerplateLines: bp }).text).toContain('dredging of the main channel');
  });

  it('normalises keys: case, punctuation and digit runs', () => {
    expect(lineKey('12 Comments!')).toBe(lineKey('3 comments'));
    expect(lineKey('Read  More »')).toBe('readmore');
  });
});

describe('guard and safety', () => {
  it('keeps the original text and flags it when the rules would remove nearly everything', () => {
    const raw = 'Home\nNews\nSport\nWeather\nContact';
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(raw);
    expect(res.flags).toContain('guard:kept-original');
  });

  it('does not flag a short article surrounded by menus', () => {
    const raw = ['Home', 'News', 'Sport', '', P1, '', 'Contact', 'About'].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(P1);
    expect(res.flags).toEqual([]);
  });

  it('never returns more text than it got and never throws', () => {
    const inputs = ['', ' ', '\n\n\n', 'a\nb', 'x'.repeat(5000), '\u0000\uffff\ud800', `${P1}\r\n\r\n${P2}\r\n`];
    for (const raw of inputs) {
      for (const fmt of ['text', 'markdown', 'html'] as const) {
        const res = cleanDocument(raw, fmt);
        expect(res.text.length).toBeLessThanOrEqual(raw.length);
        expect(Array.isArray(res.removed)).toBe(true);
      }
    }
    expect(cleanDocument(`${P1}\r\n\r\n${P2}\r\n`, 'text').text).toBe(`${P1}\n\n${P2}`);
  });
});

import { describe, expect, it } from 'vitest';
import { rulesOf } from '../helpers/cleaning.js';
import { cleanDocument } from '../../src/clean/index.js';

// A story of six paragraphs, each long enough to score as prose (written for these tests).
const STORY = [
  'The harbour board of Westmere said on Tuesday that the old timber pier at the north quay would close for good at the end of the season, after divers found that most of its piles had rotted well below the waterline.',
  'Fishing crews who land their catch at the pier said the closure would add an hour to every trip, because the only other berth deep enough for their boats lies on the far side of the bay beyond the sandbar.',
  'The board said it had looked at repairing the pier but that replacing the piles one by one would cost more than building a new concrete jetty, which it hopes to start within two years if the county agrees to share the bill.',
  'Shopkeepers along the quay worry that fewer visitors will walk out to the end of the harbour once the pier is fenced off, and several of them have asked the board to keep at least the first few metres open as a viewing point.',
  'A public meeting is planned for next month in the old customs house, where engineers will show the divers\u2019 photographs and explain why the pier cannot be saved, the board said in a statement on its website.',
  'Until then the pier stays open to boats during daylight hours only, and the board has asked crews to tie up at the two berths nearest the shore, where the piles were replaced twenty years ago and are still sound.',
];

const body = (paragraphs: string[]) => paragraphs.join('\n\n');

describe('plain text: an author\u2019s bio card under the story', () => {
  it('removes a name line, its job title and the bio that opens with the name', () => {
    const card = ['Marta Lindqvist', 'Senior Harbour Correspondent', '', 'Marta Lindqvist is a reporter at the Westmere Gazette who has written about the coast, its ports and its fishing fleets for twelve years.'];
    const res = cleanDocument([body(STORY), '', ...card].join('\n'), 'text');
    expect(res.text).toBe(body(STORY));
    const bio = rulesOf(res, 'author-bio').join('\n');
    expect(bio).toContain('Marta Lindqvist');
    expect(bio).toContain('Senior Harbour Correspondent');
    expect(bio).toContain('who has written about the coast');
  });

  it('takes a bio that names the person by first name and as "she", with no job title', () => {
    const card = ['Dr. Ines Moreau', '', 'Ines is a marine engineer who has surveyed harbour structures along the coast since 2009, and she writes a monthly column on old piers for the Gazette.'];
    const res = cleanDocument([body(STORY), '', ...card].join('\n'), 'text');
    expect(res.text).toBe(body(STORY));
    expect(rulesOf(res, 'author-bio').join('\n')).toContain('Dr. Ines Moreau');
  });

  it('keeps a listicle whose entries have the same shape, and one entry about a place', () => {
    const entry = (name: string, rest: string) => [name, '', `${name} is ${rest}`, ''];
    const guide = [
      ...entry('Harbour View Park', 'a small green space above the quay with benches facing the bay, open from dawn until dusk every day of the year.'),
      ...entry('Lantern Hill Gardens', 'a walled garden laid out by the first harbour master, its paths lined with lavender and old apple trees.'),
    ];
    const many = cleanDocument([body(STORY), '', ...guide].join('\n'), 'text');
    expect(rulesOf(many, 'author-bio')).toEqual([]);
    expect(many.text).toContain('Lantern Hill Gardens is a walled garden');
    // one entry, but about a place: no job title above it and no "he" or "she" in it
    const one = cleanDocument([body(STORY), '', ...guide.slice(0, 4)].join('\n'), 'text');
    expect(rulesOf(one, 'author-bio')).toEqual([]);
    expect(one.text).toContain('Harbour View Park is a small green space');
  });

  it('keeps a bio-shaped paragraph above the end of the story (a person the story is about)', () => {
    const profile = ['Oskar Berg', 'Harbour Master', '', 'Oskar Berg is the harbour master who ordered the survey, and he said the board had no choice once the divers reported back.'];
    const res = cleanDocument([body(STORY.slice(0, 2)), '', ...profile, '', body(STORY.slice(2))].join('\n'), 'text');
    expect(rulesOf(res, 'author-bio')).toEqual([]);
    expect(res.text).toContain('Oskar Berg is the harbour master');
  });
});

describe('plain text: a page\u2019s header and footer at the edges of the kept text', () => {
  // a teaser and a publisher's line long enough to score as prose pull the menus next to them into the story's run
  it('removes a teaser and a menu run above the story, and a menu run with a publisher\u2019s line below it', () => {
    const teaser = 'Harbour festival returns this weekend, with visiting tall ships, brass bands and fireworks above the bay';
    const header = [teaser, '', 'Harbour News', 'Coast', 'Boats and Fishing', 'Weather'];
    const publisher = 'The Westmere Gazette is published daily by Quayside Regional Newspapers Incorporated, Westmere.';
    const footer = ['About us', 'Advertise', 'Jobs at the Gazette', 'Privacy settings', '', publisher];
    const res = cleanDocument([...header, '', body(STORY), '', ...footer].join('\n'), 'text');
    expect(res.text).toBe(body(STORY));
    // the teaser, a headline-like line of its own above the menu, goes as the page's title
    expect(rulesOf(res, 'title')).toEqual([teaser]);
    const edges = rulesOf(res, 'edge-menu').join('\n');
    expect(edges).toContain('Boats and Fishing');
    expect(edges).toContain(publisher);
    expect(edges).toContain('Boats and Fishing');
    expect(edges).toContain('Jobs at the Gazette');
  });

  it('keeps a short list of the story\u2019s own between its paragraphs, and a header above a paragraph of prose', () => {
    const list = ['Tide tables', 'Berth charges', 'Diving reports'];
    const lead = 'The board published three documents with its decision, all of which are available at the customs house and online.';
    const res = cleanDocument([body(STORY.slice(0, 3)), '', lead, '', ...list, '', body(STORY.slice(3))].join('\n'), 'text');
    expect(rulesOf(res, 'edge-menu')).toEqual([]);
    expect(res.text).toContain('Berth charges');
    // the run above the story has a paragraph of prose above it: that is no page header
    const intro = 'Readers asked us this week what will happen to the north quay pier, and the harbour board has now given its answer in full.';
    const above = cleanDocument([intro, '', ...list, '', body(STORY)].join('\n'), 'text');
    expect(rulesOf(above, 'edge-menu')).toEqual([]);
    expect(above.text).toContain(intro);
  });

  it('keeps a run of short lines that ends the story with a long paragraph of it below', () => {
    const list = ['North quay', 'South quay', 'Customs house'];
    const res = cleanDocument([body(STORY.slice(0, 5)), '', ...list, '', STORY[5]].join('\n'), 'text');
    expect(rulesOf(res, 'edge-menu')).toEqual([]);
    expect(res.text).toContain('Customs house');
  });

  it('keeps the rows of a table, which hold figures, under the story\u2019s lead', () => {
    const lead = 'The harbour board gave the tonnage landed at its three quays in the week to Friday, with comparisons, as follows --';
    const rows = ['North quay   1,204   1,187', 'South quay     877     902', 'East berth     310     296', 'Total   2,391   2,385'];
    const res = cleanDocument([lead, '', ...rows, '', body(STORY.slice(0, 2))].join('\n'), 'text');
    expect(rulesOf(res, 'edge-menu')).toEqual([]);
    expect(res.text).toContain('South quay');
  });
});

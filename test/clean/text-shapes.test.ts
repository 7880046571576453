import { describe, expect, it } from 'vitest';
import { rulesOf } from '../helpers/cleaning.js';
import { cleanDocument } from '../../src/clean/index.js';

// A story of six paragraphs, each long enough to score as prose (written for these tests).
const STORY = [
  'The river authority of Eastholm said on Monday that the old stone weir above the town would be taken down this summer, ending a long argument between anglers, farmers and the mill trust about who should pay for its repair.',
  'Surveyors found last winter that water had cut a channel under the weir and that its downstream face was moving by a few millimetres every month, which the authority said left it no safe choice but to remove the structure.',
  'Farmers upstream had asked for the weir to be rebuilt because it keeps the water level high enough for their pumps during dry summers, and they said on Monday that they would now need help to lower their intakes.',
  'The mill trust, which owns the bank on the eastern side, welcomed the decision and said it would open a small exhibition about the weir and the mills that once depended on it in the old granary next spring.',
  'Anglers were divided: some said the fish would move more freely once the weir was gone, while others feared that the deep pool below it, a favourite spot for decades, would silt up within a few years of its removal.',
  'Work is expected to take about six weeks and the footpath along the eastern bank will be closed while the heavy machinery is on site, the authority said, adding that it would publish the full survey later this month.',
];

describe('plain text: comment threads by their shape', () => {
  it('cuts a thread of name lines over date lines after the story', () => {
    const comments = [
      'Harriet Pole',
      'June 3, 2024 at 9:12 am',
      '',
      'About time too, that channel has been growing for years and everyone on the towpath could see it getting wider, so I am glad somebody finally took the survey seriously and acted.',
      '',
      'millrace77 says:',
      'June 3, 2024 at 10:40 am',
      '',
      'What happens to the eel pass? Nobody has said a word about it so far, and the last time the authority changed the weir the eels were stuck below it for two whole seasons.',
      '',
      'Tom Ferris',
      'June 4, 2024 at 7:05 pm',
      '',
      'The pool below the weir was where I learnt to fish, sad to see it go but I understand why, and I hope the trust puts up a photograph of it in that exhibition of theirs.',
    ];
    const raw = [STORY.join('\n\n'), '', ...comments].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(STORY.join('\n\n'));
    const thread = rulesOf(res, 'comment-thread').join('\n');
    expect(thread).toContain('Harriet Pole');
    expect(thread).toContain('millrace77 says:');
    expect(thread).toContain('The pool below the weir');
  });

  it('cuts a thread whose headers carry the name and the date on one line', () => {
    const reply = (s: string) => `${s}, as far as I can tell from the notices, which the authority keeps changing every other week without saying why.`;
    const comments = ['lena-k commented Mar 3, 2024', reply('Great write-up'), 'bo_ferris commented Mar 4, 2024', reply('The path reopens in August'), 'lena-k commented Mar 4, 2024', reply('The car park stays open')];
    const res = cleanDocument([STORY.join('\n\n'), '', ...comments.flatMap((c) => [c, ''])].join('\n'), 'text');
    expect(res.text).toBe(STORY.join('\n\n'));
    expect(rulesOf(res, 'comment-thread').join('\n')).toContain('bo_ferris commented Mar 4, 2024');
  });

  it('keeps time-stamped entries each under the previous entry\u2019s prose (a live blog) and messages the story goes on after', () => {
    const live = [STORY[0], '', '1305 GMT, 11 March 2024', '', STORY[1], '', '1340 GMT, 11 March 2024', '', STORY[2], '', '1412 GMT, 11 March 2024', '', STORY[3]].join('\n');
    expect(rulesOf(cleanDocument(live, 'text'), 'comment-thread')).toEqual([]);
    const quoted = [STORY[0], '', 'Date: Tue, 4 Jun 2024 09:12:01', 'From: Harriet Pole', '', 'Please send the survey.', '', 'Date: Tue, 4 Jun 2024 10:40:13', 'From: Tom Ferris', '', 'It is attached.', '', 'Date: Wed, 5 Jun 2024 08:02:44', 'From: Harriet Pole', '', 'Thanks.', '', ...STORY.slice(1).flatMap((p) => [p, ''])].join('\n');
    const res = cleanDocument(quoted, 'text');
    expect(rulesOf(res, 'comment-thread')).toEqual([]);
    expect(res.text).toContain(STORY[5]);
  });
});

describe('plain text: dated listings', () => {
  it('cuts a run of dated entries with no text of their own after the story', () => {
    const listing = ['From the archive', '', 'How the mill race was dug, and who paid the men who dug it - 3 May 2022', 'A short history of the granary, from corn store to gallery - 18 April 2022', 'April', 'Ten walks along the river, with maps, parking and cafes - 2 April 2022', 'What the eel pass does, and why the weir needed one at all - 21 March 2022'];
    // a site's footer long enough to draw the content core over the listing
    const about = 'Eastholm Rivers is a volunteer newsletter about the river, its mills and the people who work on it, published every month since 2009 by the friends of the granary trust, who also run the walks, the open days and the archive of photographs kept in the old mill office.';
    const res = cleanDocument([STORY.join('\n\n'), '', ...listing, '', about].join('\n'), 'text');
    expect(res.text).toBe(STORY.join('\n\n'));
    expect(rulesOf(res, 'dated-listing').join('\n')).toContain('Ten walks along the river');
  });

  it('keeps entries that each have a paragraph of their own (an events guide)', () => {
    const guide = ['Weir Open Day: June 8, 2024 | Eastholm', STORY[1], 'Granary Exhibition: March 2, 2025 | Mill Lane', STORY[2], 'River Clean-up: June 22, 2024 | East Bank', STORY[3], 'Anglers Meeting: July 6, 2024 | Town Hall', STORY[4]];
    const res = cleanDocument([STORY[0], '', ...guide.flatMap((l) => [l, ''])].join('\n'), 'text');
    expect(rulesOf(res, 'dated-listing')).toEqual([]);
    expect(res.text).toContain('Granary Exhibition');
  });
});

describe('plain text: cards and headings inside the story', () => {
  it('drops a card of teaser headlines between paragraphs and keeps the story after it', () => {
    const card = ['Related Stories', '', 'Mill Trust Plans New Exhibition in the Old Granary', 'Anglers Warn of Silt Below the Eastholm Weir', 'Farmers Ask for Help to Lower Their Pump Intakes'];
    const raw = [STORY[0], '', STORY[1], '', ...card, '', ...STORY.slice(2).flatMap((p) => [p, ''])].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(STORY.join('\n\n'));
    expect(rulesOf(res, 'card:related').join('\n')).toContain('Anglers Warn of Silt');
  });

  it('still cuts at a heading over another story appended with a single headline', () => {
    const raw = [...STORY.slice(0, 4).flatMap((p) => [p, '']), 'Related Articles', '', 'Council Approves New Footbridge', '', STORY[4], '', STORY[5]].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(STORY.slice(0, 4).join('\n\n'));
  });

  it('does not run a list of title-case headlines together as one wrapped paragraph', () => {
    const raw = [STORY[0], '', STORY[1], '', 'Related Stories', '', 'Mill Trust Plans New Exhibition in the Old Granary Next Spring', 'Anglers Warn of Silt Building Up Below the Eastholm Weir', 'Farmers Ask the River Authority for Help With Pump Intakes', '', ...STORY.slice(2).flatMap((p) => [p, ''])].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(STORY.join('\n\n'));
  });

  it('reads a list of long title-case headlines as a list even when a long word in lower case comes early in each line', () => {
    const list = ['Down with the Weir? Eastholm Anglers, Farmers and Millers Argue Over Its Repair', 'Life after the Weir: Mill Trust Opens Exhibition About the Old Granary Next Spring', 'Pumps from Upstream Farms Face Lower Intakes When the Eastholm Weir Comes Down'];
    const raw = [STORY[0], '', STORY[1], '', 'Related Stories', '', ...list, '', ...STORY.slice(2).flatMap((p) => [p, ''])].join('\n');
    expect(cleanDocument(raw, 'text').text).toBe(STORY.join('\n\n'));
  });

  it('keeps a bracketed pointer written between paragraphs', () => {
    const raw = [STORY[0], '', STORY[1], '', '(Related reading: how the mill race was dug.)', '', ...STORY.slice(2).flatMap((p) => [p, ''])].join('\n');
    expect(cleanDocument(raw, 'text').text).toContain('(Related reading: how the mill race was dug.)');
  });

  it('reads a heading between two entries of a numbered list as inside the story', () => {
    const entry = (n: number, p: string) => [`${n}. Stop ${n} on the walk`, '', p, ''];
    const raw = [...entry(1, STORY[0]), ...entry(2, STORY[1]), 'more about yourself', '', ...entry(3, STORY[2]), ...entry(4, STORY[3])].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toContain(STORY[3]);
    expect(res.removed.filter((r) => r.rule.startsWith('terminator:'))).toEqual([]);
  });

  it('takes a numbered list right after the core into the story', () => {
    const items = ['1) Stone weir model, scale 1:50', 'http://example.com/a1', '2) Mill race map, 1890 edition', 'http://example.com/a2', '3) Granary photographs, boxed set', 'http://example.com/a3', '4) Eel pass drawings, framed', 'http://example.com/a4'];
    const raw = ['Shop', 'Menu', 'Search', '', STORY[0], '', STORY[1], '', ...items.flatMap((l) => [l, '']), 'Leave a reply', 'Log in to comment'].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toContain('4) Eel pass drawings, framed');
    expect(res.text).not.toContain('Leave a reply');
  });
});

describe('plain text: a listicle and a review by their structure', () => {
  it('takes the numbered sections before the core in when each has a paragraph under its heading', () => {
    // each section carries more short lines (facts, links) than its one paragraph outweighs
    const facts = (n: number) => [`Length: ${n} km`, `Climb: ${n * 40} m`, `Surface: gravel`, `Parking: free`, `Cafe: yes`, `Dogs: on leads`, `Toilets: at the start`];
    const links = ['Guide to the towpath', 'Maps of the valley', 'Where to eat nearby'];
    const section = (n: number, p: string) => [`${n}. Walk number ${n}`, '', p, '', ...facts(n), '', 'Read more walks:', '', ...links, ''];
    const raw = ['Home', 'Walks', 'Maps', 'Shop', '', ...STORY.slice(0, 4).flatMap((p, k) => section(k + 1, p)), STORY[4], '', 'Advertisement', '', STORY[5], '', 'Privacy', 'Contact'].join('\n');
    const res = cleanDocument(raw, 'text');
    for (const p of STORY) expect(res.text).toContain(p);
    expect(res.text).toContain('Climb: 40 m');
    expect(res.text).not.toContain('Home');
    expect(res.text).not.toContain('Privacy');
  });

  it('takes the numbered sections after the core in, up to the last one\'s paragraph', () => {
    const facts = (n: number) => [`Length: ${n} km`, `Climb: ${n * 40} m`, `Surface: gravel`, `Parking: free`, `Cafe: yes`, `Dogs: on leads`, `Toilets: at the start`];
    const links = ['Guide to the towpath', 'Maps of the valley', 'Where to eat nearby'];
    const section = (n: number, p: string) => [`${n}. Walk number ${n}`, '', p, '', ...facts(n), '', ...links, ''];
    const raw = [STORY[4], '', STORY[5], '', ...STORY.slice(0, 4).flatMap((p, k) => section(k + 1, p)), 'Advertisement', '', 'Home', 'Walks', 'Maps', 'Shop', 'Privacy', 'Contact'].join('\n');
    const res = cleanDocument(raw, 'text');
    for (const p of STORY) expect(res.text).toContain(p);
    expect(res.text).toContain('Climb: 120 m');
    expect(res.text).not.toContain('Privacy');
  });

  it('reads a pointer between sections headed "Stop 2:", "Stop 3:" as inside the story', () => {
    const section = (n: number, p: string) => [`Stop ${n}: the walk goes on`, '', p, ''];
    const raw = [...section(1, STORY[0]), ...section(2, STORY[1]), 'Also read:', '', 'Ten more walks along the river for a dry weekend', '', ...section(3, STORY[2]), ...section(4, STORY[3]), ...section(5, STORY[4])].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toContain(STORY[4]);
    expect(res.removed.filter((r) => r.rule.startsWith('terminator:'))).toEqual([]);
  });

  it('reads "Read more about …" written as a sentence between a review\'s entries as a pointer in the story', () => {
    const raw = [STORY[0], '', STORY[1], '', STORY[2], '', 'Read more about the exhibition at the old granary.', '', 'Pros', '', 'Free entry', '', 'Cons', '', 'Closed on Mondays', '', STORY[3], '', STORY[4]].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toContain(STORY[4]);
    expect(res.text).toContain('Free entry');
  });

  it('does not end the story at a sentence opening with a terminator\'s words when its prose resumes right after', () => {
    const raw = [STORY[0], '', STORY[1], '', STORY[2], '', 'More on that in a later report about the weir and its survey.', '', 'What happens next', '', STORY[3], '', STORY[4]].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toContain(STORY[4]);
    expect(res.removed.filter((r) => r.rule.startsWith('terminator:'))).toEqual([]);
  });

  it('takes a ranking table flattened to single spaces between two paragraphs in as the story\'s', () => {
    const rows = Array.from({ length: 40 }, (_, k) => `${k + 1} Weir number ${k + 1} ${(90 - k) * 13},${100 + k} ${(k * 1.7).toFixed(1)}`);
    const raw = ['Home', 'Rivers', 'Maps', '', STORY[0], '', STORY[1], '', 'Rank Weir Flow Change', ...rows, '', STORY[2], '', 'Advertisement', '', STORY[3], '', 'Privacy', 'Contact'].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toContain(STORY[0]);
    expect(res.text).toContain(rows[39]);
    expect(res.text).toContain(STORY[3]);
    expect(res.text).not.toContain('Privacy');
  });

  it('leaves numbered headlines with no paragraph under them out of the core', () => {
    const teasers = ['1. Council names harbour master', '2. Bakers meet for the winter fair', '3. Bus timetable changes in May', '4. School roof repaired at last'];
    const raw = [...teasers.flatMap((t) => [t, 'Eastholm Post', '']), ...STORY.flatMap((p) => [p, '']), 'Privacy'].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.text).toBe(STORY.join('\n\n'));
  });

  it('keeps a review entry whose facts line is set apart by bullets, a figure in every part', () => {
    const entry = (name: string, p: string, facts: string) => [name, '', p, '', facts, ''];
    const raw = [
      STORY[4],
      '',
      STORY[5],
      '',
      ...entry('Mill Race', STORY[0], '1-4 Players • Ages 10+ • 60 minutes • $45'),
      ...entry('Weir Builders', STORY[1], '2-5 Players • Ages 12+ • 90 minutes'),
      ...entry('Granary', STORY[2], '1-6 Players • Ages 8+ • 30 minutes • $29'),
      ...entry('Eel Pass', STORY[3], '2-4 Players • Ages 14+ • 120 minutes • $60'),
      'TAGS',
      'Board games',
      '',
      'Facebook',
      'Twitter',
      'Pinterest',
      '',
      'Mara Fenwick has reviewed games for the site since it began, and when she is not playing she walks the towpath above the old weir with her two dogs and a flask of tea.',
    ].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(rulesOf(res, 'teaser-list')).toEqual([]);
    expect(res.text).toContain(STORY[3]);
    expect(res.text).toContain('1-6 Players • Ages 8+ • 30 minutes • $29');
  });
});

describe('plain text: trimming by shape alone', () => {
  it('keeps the trim when what was trimmed is navigation and lists, not prose', () => {
    const menu = ['Home', 'News', 'Sport', 'Weather', 'Business', 'Culture', 'Travel', 'Food', 'Money', 'Motoring'];
    const links = ['Walks near Eastholm', 'Cafes on the river', 'Parking and buses', 'Fishing permits', 'Mill trust events', 'Contact the authority', 'Accessibility', 'Privacy'];
    const res = cleanDocument([...menu, '', ...STORY.slice(0, 3).flatMap((p) => [p, '']), ...links].join('\n'), 'text');
    expect(res.text).toBe(STORY.slice(0, 3).join('\n\n'));
    expect(res.flags).not.toContain('guard:no-debris-signal');
  });
});

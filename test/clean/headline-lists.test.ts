import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../../src/clean/index.js';

// One invented story, each paragraph long enough to count as one of the story's paragraphs.
const STORY = [
  'The village orchard on the south slope will be replanted this winter, after the parish council agreed to buy two hundred young apple trees from the nursery that supplied the first trees more than sixty years ago.',
  'Most of the old trees have stopped bearing fruit, and a storm in the autumn brought down a dozen of the largest, blocking the lane to the church for two days until volunteers cut them up and cleared the way.',
  'The new trees are old local varieties grafted from cuttings the nursery kept, so the cider pressed in the village hall each October will taste as it did when the orchard was first planted by the parish.',
  'Volunteers will plant the trees over three weekends in February, when the ground is soft, and the school has asked for a row of its own so that each class can look after a tree until its pupils leave.',
  'The council will fence the orchard against deer and rabbits for the first five years, and the beekeepers on the hill have offered to set their hives along the northern hedge when the trees first flower.',
  'The nursery has promised to replace any tree that fails in its first two summers, and its owner will come to the first planting weekend to show the volunteers how deep to dig and how to stake each young tree.',
  'The orchard was planted in the years after the war on land given by a farmer whose family still lives in the valley, and his granddaughter will plant the first of the new trees at the top of the slope.',
  'The parish hopes to press its first cider from the new trees within six years, and until then the old press in the village hall will take apples from gardens in the valley, as it did during the last dry summer.',
];

// Other stories' headlines under a heading of their own after the story, each a paragraph of its own.
// Long enough, with a comma, to score as prose line by line: the core runs on over them to the
// site's note below.
const HEADLINES = [
  'Lighthouse keeper retires after thirty winters on the outer rock, and the light goes automatic',
  'Bakery on the market square wins a prize for its rye loaf, its third in the last five years',
  'Night buses will run again to the coast from the first of May, the transport board has decided',
  'Record crowds gather at the harbour for the summer regatta, despite rain on the second day',
  'Rare orchids found by walkers on the chalk downs near the quarry, the first seen there in decades',
];

/** The site's note under its lists: a short paragraph of prose the core reaches for. */
const NOTE = 'The Valley Courier is written by volunteers and is delivered free to every home in the valley each Thursday.';

describe('plain text: a list of headlines under a heading after the story', () => {
  it('drops the heading and the headlines, keeps the story whole', () => {
    const raw = [STORY.join('\n\n'), '', 'Around the county', '', HEADLINES.join('\n\n'), '', NOTE].join('\n');
    const res = cleanDocument(raw, 'text');
    for (const p of STORY) expect(res.text).toContain(p);
    expect(res.text).not.toContain('Around the county');
    for (const h of HEADLINES) expect(res.text).not.toContain(h);
    expect(res.removed.some((r) => r.rule === 'headline-list')).toBe(true);
  });

  it('drops the headlines with a one-sentence blurb under each', () => {
    const cards = HEADLINES.flatMap((h) => [h, 'A short note about this other story, one sentence long.']);
    const raw = [STORY.join('\n\n'), '', 'Around the county', '', cards.join('\n\n'), '', NOTE].join('\n');
    const res = cleanDocument(raw, 'text');
    for (const p of STORY) expect(res.text).toContain(p);
    for (const h of HEADLINES) expect(res.text).not.toContain(h);
  });

  it("drops the cards with a meta line under each (an age, a reading time)", () => {
    const cards = HEADLINES.flatMap((h, k) => [h, 'A short note about this other story, one sentence long.', `${k + 2}H ago`]);
    const raw = [STORY.join('\n\n'), '', 'Around the county', '', cards.join('\n\n'), '', NOTE].join('\n');
    const res = cleanDocument(raw, 'text');
    for (const p of STORY) expect(res.text).toContain(p);
    for (const h of HEADLINES) expect(res.text).not.toContain(h);
    expect(res.text).not.toContain('3H ago');
  });

  it('drops the list under a heading that ends with an ellipsis', () => {
    const raw = [STORY.join('\n\n'), '', 'Elsewhere in the valley…', '', HEADLINES.join('\n\n'), '', NOTE].join('\n');
    const res = cleanDocument(raw, 'text');
    for (const p of STORY) expect(res.text).toContain(p);
    for (const h of HEADLINES) expect(res.text).not.toContain(h);
  });

  it("drops a listicle's headlines that open with their count", () => {
    const counted = [
      '5 riverside walks worth taking before November frosts arrive, including maps, parking advice and nearby tearooms',
      '7 changes coming to the covered market hall this spring, from rearranged stalls to longer opening hours',
      '3 family bakeries worth the drive to the coast this weekend, and exactly which loaves to order there',
      '9 questions for the newly appointed chairwoman of the harbour board, answered in full by her office',
    ];
    const raw = [STORY.join('\n\n'), '', 'Around the county', '', counted.join('\n\n'), '', NOTE].join('\n');
    const res = cleanDocument(raw, 'text');
    for (const p of STORY) expect(res.text).toContain(p);
    for (const h of counted) expect(res.text).not.toContain(h);
  });

  it("keeps the story's own list that a colon leads into", () => {
    const raw = [STORY.join('\n\n'), '', 'What the volunteers should bring:', '', HEADLINES.join('\n\n'), '', NOTE].join('\n');
    const res = cleanDocument(raw, 'text');
    for (const h of HEADLINES) expect(res.text).toContain(h);
  });

  it('keeps a list under a heading when the story resumes below it', () => {
    const raw = [STORY.slice(0, 5).join('\n\n'), '', 'Around the county', '', HEADLINES.join('\n\n'), '', STORY.slice(5).join('\n\n')].join('\n');
    const res = cleanDocument(raw, 'text');
    for (const p of STORY) expect(res.text).toContain(p);
    for (const h of HEADLINES) expect(res.text).toContain(h);
  });

  it('keeps three headlines: a list needs four', () => {
    const raw = [STORY.join('\n\n'), '', 'Around the county', '', HEADLINES.slice(0, 3).join('\n\n'), '', NOTE].join('\n');
    const res = cleanDocument(raw, 'text');
    expect(res.removed.some((r) => r.rule === 'headline-list')).toBe(false);
  });
});

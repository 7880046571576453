import { describe, expect, it } from 'vitest';
import { rulesOf } from '../helpers/cleaning.js';
import { cleanDocument } from '../../src/clean/index.js';

// A story of four paragraphs, each long enough to score as prose (written for these tests).
const STORY = [
  'The lido at Wrenmouth will reopen in May after a winter of repairs to its cracked basin, the town council said on Wednesday, ending two summers in which swimmers had to use the crowded indoor pool at the leisure centre.',
  'Engineers found that frost had lifted several of the basin\'s concrete panels, and the council paid for the whole floor to be relaid rather than patching the worst of them, which it said would only have bought a year or two.',
  'The friends of the lido, who raised money for new changing rooms while the pool was shut, said they would hold an open day before the season starts so that residents could see the work and sign up as volunteers.',
  'Season tickets will go on sale next month at the same price as before the closure, and the council said it would keep the early morning sessions that regular swimmers had asked it to protect when the repairs were planned.',
];

describe('plain text: lines that repeat their own words', () => {
  it('removes a keyword footer after the story, however long it runs', () => {
    const towns = ['Wrenmouth', 'Eastcliff', 'Saltby', 'Harrowgate Bay', 'Linmere', 'Oxholm', 'Tarrow', 'Fennick'];
    const footer = Array.from({ length: 40 }, (_, i) => `Pool Repairs in ${towns[i % towns.length]}, Coastal County`).join(' ');
    const res = cleanDocument([...STORY, footer].join('\n\n'), 'text');
    expect(res.text).toBe(STORY.join('\n\n'));
    expect(rulesOf(res, 'repetitive-line').join('\n')).toContain('Pool Repairs in Saltby');
  });

  it('removes a comparison table row read across its columns', () => {
    const row = `Warranty ${Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? '2 year' : '1 year')).join(' ')}`;
    const res = cleanDocument([STORY[0], STORY[1], row, STORY[2], STORY[3]].join('\n\n'), 'text');
    expect(res.text).toBe(STORY.join('\n\n'));
  });

  it('keeps a long list of the story\'s own items, whose words differ', () => {
    const list = 'Opening hours for the season: weekdays from seven in the morning, weekends from eight, with lanes for lengths before nine, family sessions on Saturday afternoons, a quiet hour for older swimmers on Tuesdays and a late swim on Fridays until nine in the evening';
    const res = cleanDocument([STORY[0], STORY[1], list, STORY[2], STORY[3]].join('\n\n'), 'text');
    expect(res.text).toContain(list);
  });
});

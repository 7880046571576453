import { describe, expect, it } from 'vitest';
import { rulesOf } from '../helpers/cleaning.js';
import { cleanDocument } from '../../src/clean/index.js';

// A story of five paragraphs, each long enough to score as prose (written for these tests).
const STORY = [
  'The harbour board of Saltmere voted on Thursday to close the old ferry slip for good, ending a service that has carried foot passengers across the estuary to the market town of Penwick for more than a century.',
  'Passenger numbers fell by half after the new road bridge opened upstream, and the board said the slip itself had become unsafe, with cracks running through the concrete ramp that the last two winters had widened.',
  'Traders in Penwick said the ferry had brought them custom on market days from the villages on the far shore, whose older residents do not drive and would now face a bus journey of nearly an hour each way.',
  'The board said it would ask the bus company to add an extra service on market days, and that it would keep the waiting room on the quay open as a shelter and a small museum of the ferry and its crews.',
  'The last crossing will run on the final Saturday of the month, when the ferry will carry the mayor and a brass band across the water, and the board has invited anyone with memories of the service to come along.',
];

describe('plain text: authors\' bios the text ends with', () => {
  it('removes two bios after the story, with their name lines and contact lines', () => {
    const bios = [
      'Morwenna Tal',
      '',
      'Morwenna Tal is the transport correspondent of the Saltmere Courier. She has covered the estuary towns for twelve years and lives on the quay.',
      '',
      'Email Morwenna',
      '',
      'Idris Penhallow',
      '',
      'Idris Penhallow is a freelance photographer based in Penwick. His pictures of the ferry crews have been shown in the town museum.',
    ];
    const res = cleanDocument([STORY.join('\n\n'), '', ...bios].join('\n'), 'text');
    expect(res.text).toBe(STORY.join('\n\n'));
    expect(rulesOf(res, 'author-bio').join('\n')).toContain('Idris Penhallow is a freelance photographer');
  });

  it('removes a bio with a handle in brackets and no name line above it', () => {
    const bio = 'Morwenna Tal (@mtal) is the transport correspondent of the Saltmere Courier. She has covered the estuary towns for twelve years.';
    const res = cleanDocument([...STORY, bio].join('\n\n'), 'text');
    expect(res.text).toBe(STORY.join('\n\n'));
  });

  it('keeps a listicle of people, whose entries all have the shape of a bio', () => {
    const people = [
      'Morwenna Tal is the skipper who ran the ferry for its last twenty years. She took over from her father and never missed a market day, even in the great storm of the winter before last.',
      'Idris Penhallow is a deckhand who joined the crew at sixteen. He says he will miss the early mornings on the water most of all, and plans to row across on the last day behind the ferry.',
      'Kerensa Bray is the ticket clerk whose hut on the quay became the town\'s noticeboard. She kept a book of every lost umbrella handed in since the day she started, and will give it to the museum.',
    ];
    const raw = [...STORY.slice(0, 3), ...people].join('\n\n');
    const res = cleanDocument(raw, 'text');
    for (const p of people) expect(res.text).toContain(p);
  });
});

import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../../src/clean/index.js';

// Paragraphs of one story, each long enough to count as one of its paragraphs (written for these tests).
const OPENING = [
  'The orchard cooperative of Ashcombe has finished planting its new block of old apple varieties, three hundred trees grafted from cuttings that members collected over two winters from gardens and hedgerows across the valley.',
  'The work was paid for by the members themselves and by a small grant from the county, which said the trees would keep alive varieties that had all but vanished from the orchards of the region.',
];
const BODY = [
  'The varieties were chosen from a list of more than sixty that older growers remembered from their childhood, and the cooperative asked each of them to taste the fruit of the surviving trees before any cutting was taken for grafting. Growers who could not taste the fruit sent a description instead, and their notes were read out at the meeting.',
  'Most of the cuttings came from single trees in cottage gardens, some of them more than a century old, and two varieties were found only in a hedge beside the old railway line, where birds had probably dropped the seeds long ago. One of the hedge trees was blown down in a gale the following month, so the cuttings were taken just in time.',
  'The grafting was done in the cooperative\'s barn over three weekends in February, with volunteers binding each cutting to a young rootstock and labelling it with the name of the garden it came from and the name the owner gave it. Each label was copied into a ledger kept in the cooperative\'s office, which any member may read.',
  'Members say the first fruit should come in about four years, and they plan to press a small batch of juice from each variety so that visitors to the autumn fair can taste the difference between apples that most shops stopped selling long ago. The fair is held on the second Saturday of October every year.',
  'The cooperative has also started a register of every old tree it heard of during the search, with the owner\'s permission, so that cuttings can be taken again if a tree is lost to a storm or to disease before its variety is safe elsewhere. The register already lists more than two hundred trees in the valley.',
];

describe('plain text: a "Related" card inside the story', () => {
  it('drops the card but keeps the story that goes on below it, twice as long as above', () => {
    const card = ['Related', '', 'Ten hedgerow fruits worth picking this autumn', '', 'How the valley lost its cider mills'];
    const raw = [OPENING.join('\n\n'), '', ...card, '', BODY.join('\n\n')].join('\n');
    const res = cleanDocument(raw, 'text');
    for (const p of [...OPENING, ...BODY]) expect(res.text).toContain(p);
    expect(res.text).not.toContain('Related');
  });

  it('still ends the story at a "Related" heading over less prose than stands above it', () => {
    const story = [...OPENING, ...BODY.slice(0, 3)];
    const other = ['Related', '', 'Village hall roof to be replaced', '', BODY[3], '', BODY[4]];
    const res = cleanDocument([story.join('\n\n'), '', ...other].join('\n'), 'text');
    expect(res.text).toBe(story.join('\n\n'));
  });
});

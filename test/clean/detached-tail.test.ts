import { describe, expect, it } from 'vitest';
import { rulesOf } from '../helpers/cleaning.js';
import { cleanDocument } from '../../src/clean/index.js';

// A story of seven paragraphs, each long enough to score as prose (written for these tests).
const STORY = [
  'The harbour board of Saltmere voted on Thursday to close the old ferry slip for good, ending a service that has carried foot passengers across the estuary to the market town of Penwick for more than a century.',
  'Passenger numbers fell by half after the new road bridge opened upstream, and the board said the slip itself had become unsafe, with cracks running through the concrete ramp that the last two winters had widened.',
  'Traders in Penwick said the ferry had brought them custom on market days from the villages on the far shore, whose older residents do not drive and would now face a bus journey of nearly an hour each way.',
  'The board said it would ask the bus company to add an extra service on market days, and that it would keep the waiting room on the quay open as a shelter and a small museum of the ferry and its crews.',
  'Two of the three ferrymen will retire, and the third has been offered work on the pilot launch, which the board will keep at the slip below the lighthouse until the new pontoon is finished in the spring.',
  'A group of residents has asked the council to buy the ferry itself and run it in summer for visitors, but the council said it had no money set aside for boats and would need a survey of the hull first.',
  'The last crossing will run on the final Saturday of the month, when the ferry will carry the mayor and a brass band across the water, and the board has invited anyone with memories of the service to come along.',
];

const SHARE = ['Share on Facebook', 'Share on Twitter', 'Share via Email'];

describe('plain text: kept islands detached below the story', () => {
  it('removes a short blurb that the rules left alone among removed lines after the story', () => {
    const blurb = 'The Saltmere Courier has been printed on the quay since its first issue, and is owned by a trust of its readers, who elect its board each spring.';
    const res = cleanDocument([...STORY, SHARE.join('\n'), blurb].join('\n\n'), 'text');
    expect(res.text).toBe(STORY.join('\n\n'));
    expect(rulesOf(res, 'detached-tail').join('\n')).toContain('owned by a trust of its readers');
  });

  it('removes a second island that the first cut leaves at the end', () => {
    const card = 'Ferry timetables for the summer season are printed in the Courier each week.';
    const blurb = 'The Saltmere Courier has been printed on the quay since its first issue, and is owned by a trust of its readers.';
    const body = [...STORY, SHARE.join('\n'), card, SHARE.join('\n'), blurb];
    const res = cleanDocument(body.join('\n\n'), 'text');
    expect(res.text).toBe(STORY.join('\n\n'));
  });

  it('keeps the story\'s closing paragraph after fewer than three removed lines', () => {
    const body = [...STORY.slice(0, 6), SHARE.slice(0, 2).join('\n'), STORY[6]];
    const res = cleanDocument(body.join('\n\n'), 'text');
    expect(res.text).toContain(STORY[6]);
    expect(rulesOf(res, 'detached-tail')).toEqual([]);
  });

  it('keeps text after removed lines when it holds more than a tenth of the kept words', () => {
    const body = [...STORY.slice(0, 5), SHARE.join('\n'), ...STORY.slice(5)];
    const res = cleanDocument(body.join('\n\n'), 'text');
    expect(res.text).toContain(STORY[5]);
    expect(res.text).toContain(STORY[6]);
    expect(rulesOf(res, 'detached-tail')).toEqual([]);
  });
});

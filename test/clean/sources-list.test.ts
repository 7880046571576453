import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../../src/clean/index.js';
import { terminatorKind } from '../../src/clean/rules.js';

// A story of four paragraphs, each long enough to score as prose (written for these tests).
const STORY = [
  'Beekeepers in the Marrow valley lost fewer colonies over the winter than in any of the last ten years, according to a count the valley\'s beekeeping society published on Friday after visiting every registered apiary.',
  'The society said the mild weather in January helped, but that the main reason was the spread of a simple change in how hives are checked in autumn, which its members have been teaching at open days for three seasons.',
  'Members who adopted the autumn check lost one colony in twelve on average, while those who did not lost nearly one in four, a gap the society said was too large to be explained by the weather or by the age of the hives.',
  'The society will repeat the count next winter and has asked beekeepers outside the valley to send in their own figures, so that it can see whether the same pattern holds on the colder hills to the north of the river.',
];

describe('plain text: the list of sources under a piece', () => {
  it('names the headings of a list of sources', () => {
    for (const line of ['Sources', 'Article Sources:', 'References', 'Footnotes', 'Citations', 'Bibliography']) expect(terminatorKind(line, line.length)).toBe('sources');
    expect(terminatorKind('Notes', 5)).toBeNull();
  });

  it('ends the piece at its list of sources', () => {
    const sources = ['Article Sources', '', 'Marrow Valley Beekeeping Society. "Winter Colony Count." Accessed 3 Apr. 2026.', 'Hill Apiarists Group. "Autumn Hive Checks: A Guide." 2025.'];
    const res = cleanDocument([STORY.join('\n\n'), '', ...sources].join('\n'), 'text');
    expect(res.text).toBe(STORY.join('\n\n'));
  });
});

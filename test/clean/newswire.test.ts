import { describe, expect, it } from 'vitest';
import { cleanDocument, CorpusLineCounter } from '../../src/clean/index.js';

/**
 * A wire story as agencies file it: headline, blank line, a body hard-wrapped at about 65
 * columns whose paragraphs open with an indent, the first line short where the dateline was
 * cut off, and the agency's sign-off on the last line.
 */
const HEADLINE = 'NORDHAVEN PORT AUTHORITY <NPA> TO EXPAND GRAIN TERMINAL';
const BODY_LINES = [
  'The Nordhaven Port Authority',
  'said it would spend 42 mln dlrs to expand its grain terminal over',
  'the next two years, adding storage for another 80,000 tonnes and',
  'a second loading berth for bulk carriers.',
  '    The authority said the work would begin in June and that the',
  'terminal would stay open while it was carried out.',
  '    Shipments through the terminal rose 12 pct last year.',
  '    Grain traders welcomed the plan, saying congestion at the',
  'existing berth had delayed several cargoes during the harvest.',
];
const STORY = `${HEADLINE}\n\n${BODY_LINES.join('\n')}\n Reuter`;

/** The body's words, as they read once the wrapped lines are joined. */
function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}

const EARNINGS = [
  'HALVERSON MILLS INC <HVM> 4TH QTR NET',
  '',
  '    Shr 31 cts vs 24 cts',
  '    Net 2,410,000 vs 1,870,000',
  '    Revs 48.2 mln vs 41.9 mln',
  '    Year',
  '    Shr 1.12 dlrs vs 90 cts',
  '    Net 8,730,000 vs 7,010,000',
  '    Revs 181.4 mln vs 160.2 mln',
  ' Reuter',
].join('\n');

describe('newswire: hard-wrapped stories stay whole', () => {
  it('keeps every body line, joined into paragraphs; the headline goes as the title and the sign-off as debris', () => {
    const res = cleanDocument(STORY, 'text');
    expect(res.title).toBe(HEADLINE);
    expect(words(res.text)).toEqual(words(BODY_LINES.join(' ')));
    expect(res.text.startsWith('The Nordhaven Port Authority said it would spend 42 mln dlrs')).toBe(true);
    expect(res.text.split('\n')).toHaveLength(4);
    expect(res.removed).toEqual([
      { rule: 'title', text: HEADLINE },
      { rule: 'sign-off', text: 'Reuter' },
    ]);
  });

  it('removes the headline alone, never together with the lead', () => {
    const res = cleanDocument(STORY, 'text');
    for (const r of res.removed) expect(r.text).not.toContain('Nordhaven Port Authority\n');
    expect(res.removed.map((r) => r.rule)).not.toContain('edge-short-line');
  });

  it('keeps a results table that makes up the whole body', () => {
    const res = cleanDocument(EARNINGS, 'text');
    expect(res.title).toBe('HALVERSON MILLS INC <HVM> 4TH QTR NET');
    expect(res.text.split('\n')).toEqual([
      'Shr 31 cts vs 24 cts',
      'Net 2,410,000 vs 1,870,000',
      'Revs 48.2 mln vs 41.9 mln',
      'Year',
      'Shr 1.12 dlrs vs 90 cts',
      'Net 8,730,000 vs 7,010,000',
      'Revs 181.4 mln vs 160.2 mln',
    ]);
    expect(res.removed.map((r) => r.rule)).toEqual(['title', 'sign-off']);
  });

  it('keeps a signed-off story whole even when its table labels repeat across the corpus', () => {
    const counter = new CorpusLineCounter();
    for (let i = 0; i < 12; i++) counter.add(EARNINGS.replace('HALVERSON MILLS', `COMPANY ${String.fromCharCode(65 + i)}X`), 'text');
    const res = cleanDocument(EARNINGS, 'text', { boilerplateLines: counter.boilerplate() });
    expect(res.text.split('\n')).toContain('Year');
    expect(res.removed.map((r) => r.rule)).toEqual(['title', 'sign-off']);
  });

  it('does not join the lines of a list, nor a heading with the line under it', () => {
    const raw = [
      'Guide to the harbour walk',
      'Where to park near the old lighthouse and the ferry pier',
      'The best cafes on the seafront for a winter afternoon',
      'How the tides change the path along the northern cliffs',
    ].join('\n');
    const res = cleanDocument(`${raw}\n\n${'The walk begins at the ferry pier and follows the sea wall for two miles before it climbs towards the cliffs. '.repeat(3)}`, 'text');
    for (const line of raw.split('\n').slice(1)) {
      const kept = res.text.split('\n').includes(line);
      const removedAlone = res.removed.some((r) => r.text.split('\n').includes(line));
      expect(kept || removedAlone).toBe(true);
    }
  });

  it('takes a sign-off written at the end of the last line as the sign-off, and keeps that line', () => {
    const table = [
      'HARBOUR RAINFALL',
      '',
      'THE FOLLOWING RAINFALL WAS RECORDED IN',
      'THE DISTRICTS OVER THE PAST 24 HOURS',
      '    NORTH COAST: ALDER NIL, BRACKEN NIL, CULVER NIL.',
      '    SOUTH COAST: DUNMORE 12.0 MILLIMETRES, EASTLEIGH',
      '4.0 MM. REUTER',
    ].join('\n');
    const res = cleanDocument(table, 'text');
    expect(res.text).toContain('DUNMORE 12.0 MILLIMETRES, EASTLEIGH 4.0 MM.');
    expect(res.text).toContain('THE FOLLOWING RAINFALL WAS RECORDED IN');
    expect(res.text).not.toMatch(/REUTER/);
    expect(res.removed.map((r) => r.rule)).toContain('sign-off');
  });
});


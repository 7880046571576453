/**
 * Two silent data losses the hostile-input review found: distinct short documents merged as
 * copies (their densified compact signatures agree by chance), and HTML fragments emptied (the
 * DOM parser took the first element as the root and the body came out empty).
 */

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, runJson } from '../helpers/cli.js';
import { removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { random } from '../helpers/random.js';

beforeAll(assertBuilt);
afterAll(removeTempDirs);

/** A seeded generator of lower-case nonsense words, so no two texts share words by design. */
function randomWords(seed: number): () => string {
  const next = random(seed);
  const below = (n: number) => Math.floor(next() * n);
  return () => Array.from({ length: 5 + below(5) }, () => String.fromCharCode(97 + below(26))).join('');
}

const PARAGRAPH =
  'The city council voted on Tuesday to approve a new budget for the harbour district, allocating twelve million dollars to repairs of the old bridge and the sea wall. Officials said construction would begin in the spring and last about eighteen months.';

describe('short documents', () => {
  it('keeps 2,000 distinct one- to four-word records apart', async () => {
    const word = randomWords(7);
    const texts = new Set<string>();
    while (texts.size < 2000) texts.add(Array.from({ length: 1 + (texts.size % 4) }, word).join(' '));
    const dir = tempDir();
    writeFiles(dir, { 'short.jsonl': [...texts].map((text, i) => JSON.stringify({ id: `s${i}`, text })).join('\n') + '\n' });
    const report = await runJson([path.join(dir, 'short.jsonl')]);
    expect(report.summary.documents).toBe(2000);
    expect(report.summary.duplicates).toBe(0);
  });

  it('still merges exact copies of a short text, whatever their case and punctuation', async () => {
    const dir = tempDir();
    const lines = [
      { id: 'a', text: 'Harbour bridge reopens' },
      { id: 'b', text: 'HARBOUR BRIDGE REOPENS!' },
      { id: 'c', text: 'Harbour bridge closes' },
    ];
    writeFiles(dir, { 'short.jsonl': lines.map((l) => JSON.stringify(l)).join('\n') + '\n' });
    const report = await runJson([path.join(dir, 'short.jsonl')]);
    expect(report.summary.duplicates).toBe(1);
    const members = report.clusters.filter((c) => c.members.length > 1).map((c) => c.members.map((m) => m.id).sort());
    expect(members).toEqual([['a', 'b']]);
  });
});

describe('HTML fragments and markup-like text', () => {
  it('reads fragments, ticker lines and pages without <html> end to end, and finds them to be copies', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'records.jsonl': [
        JSON.stringify({ id: 'ticker', text: `PHILLIPS <P> RAISES CRUDE POSTINGS\n\n${PARAGRAPH}` }),
        JSON.stringify({ id: 'fragment', text: `<p>${PARAGRAPH}</p><p>Residents welcomed it.</p>` }),
      ].join('\n') + '\n',
      'page.html': `<meta charset="utf-8"><title>Budget</title><p>${PARAGRAPH}</p>\n`,
    });
    const report = await runJson([dir]);
    expect(report.skipped).toEqual([]);
    expect(report.summary.documents).toBe(3);
    expect(report.summary.duplicates).toBe(2);
    const cleaned = (await runCli(['clean', path.join(dir, 'records.jsonl')])).stdout;
    expect(cleaned).toContain('PHILLIPS <P> RAISES CRUDE POSTINGS');
    expect(cleaned).toContain('Residents welcomed it.');
  });
});

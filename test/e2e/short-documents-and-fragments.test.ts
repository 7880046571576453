/**
 * Two silent data losses the hostile-input review found: distinct short documents merged as
 * copies (their densified compact signatures agree by chance), and HTML fragments emptied (the
 * DOM parser took the first element as the root and the body came out empty).
 */

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanDocument } from '../../src/clean/index.js';
import { MinHasher } from '../../src/sketch/minhash.js';
import { tokenize } from '../../src/sketch/tokens.js';
import { comparePair, DEFAULT_POLICY } from '../../src/match/verify.js';
import { recordFormat } from '../../src/input/records.js';
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

  it('compares short documents on their exact shingles, even where full signatures collide', () => {
    const hasher = new MinHasher();
    const one = hasher.fromTokens(tokenize('alpha bravo'));
    const other = hasher.fromTokens(tokenize('charlie'));
    // Forge the worst case: every signature value equal, as densified one-shingle sketches with
    // colliding hashes would be. The exact shingle sets still tell the texts apart.
    const forged = { ...other, signature: one.signature };
    const verdict = comparePair(one, forged, DEFAULT_POLICY);
    expect(verdict.jaccard).toBe(0);
    expect(verdict.match).toBe(false);
    expect(comparePair(one, hasher.fromTokens(tokenize('Alpha, bravo.')), DEFAULT_POLICY).match).toBe(true);
  });

  it('keeps exact shingle sets only for short documents', () => {
    const hasher = new MinHasher();
    expect(hasher.fromTokens(tokenize('one two three four five')).shingleSet.length).toBe(4);
    const long = hasher.fromTokens(tokenize(Array.from({ length: 40 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${i}`).join(' ')));
    expect(long.shingleSet.length).toBe(0);
  });
});

describe('HTML fragments and markup-like text', () => {
  it('tells HTML markup from angle-bracketed newswire tickers', () => {
    expect(recordFormat('PHILLIPS <P> RAISES CRUDE POSTINGS\n\nPhillips Petroleum said')).toBe('text');
    expect(recordFormat('DU PONT <DD> WINS SUIT AGAINST PHILLIPS <P.W. Stephens>')).toBe('text');
    expect(recordFormat('<p>A paragraph.</p><p>Another.</p>')).toBe('html');
    expect(recordFormat('First line <br> second line')).toBe('html');
    expect(recordFormat('<div class=article>Body')).toBe('html');
    expect(recordFormat('<P>Upper-case paragraph</P>')).toBe('html');
  });

  it.each([
    ['a paragraph fragment', `<p>${PARAGRAPH}</p><p>Residents welcomed it.</p>`],
    ['text with line breaks', `${PARAGRAPH} <br> Residents welcomed it.`],
    ['a div with attributes', `<div class=article>${PARAGRAPH}</div>`],
    ['a page without <html>', `<!DOCTYPE html><meta charset="utf-8"><title>Budget</title><p>${PARAGRAPH}</p>`],
    ['a page with head and body but no <html>', `<head><title>Budget</title></head><body><p>${PARAGRAPH}</p></body>`],
    ['a page with a script before <html>', `<script>var x = 1;</script><html><body><p>${PARAGRAPH}</p></body></html>`],
  ])('keeps the text of %s', (_name, html) => {
    const cleaned = cleanDocument(html, 'html');
    expect(cleaned.text).toContain('The city council voted on Tuesday');
    expect(cleaned.text).toContain('about eighteen months');
  });

  it('keeps the title of a page without <html> as metadata', () => {
    expect(cleanDocument(`<meta charset="utf-8"><title>Budget vote</title><p>${PARAGRAPH}</p>`, 'html').title).toBe('Budget vote');
  });

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

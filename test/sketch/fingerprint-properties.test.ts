/**
 * Property tests (fast-check): laws the stages must keep for any input, not only the fixtures.
 */

import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../../src/clean/index.js';
import { comparePair, DEFAULT_POLICY } from '../../src/match/verify.js';
import { DEFAULT_FINGERPRINT, MinHasher } from '../../src/sketch/minhash.js';
import { estimateJaccard, exactShingleStats } from '../../src/sketch/compare.js';
import { tokenize } from '../../src/sketch/tokens.js';
import { run, type RunOptions } from '../../src/engine/run.js';
import type { SourceFormat } from '../../src/types.js';

const FORMATS: SourceFormat[] = ['text', 'markdown', 'html'];

/** Text that looks like a scrape: words, markup, entities, links, blank lines, odd characters. */
const scrapeLike = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.constantFrom('<p>', '</p>', '<br>', '<div class="nav">', '</div>', '<script>var x = 1;</script>', '<title>Headline here</title>', '&amp;', '&nbsp;', '&#39;', '&lt;b&gt;'),
      fc.constantFrom('# Heading', '**bold**', '[link](http://a.example)', '![img](x.png)', '- item', 'Related Stories', 'Share this post', '12 Comments'),
      fc.constantFrom('\n', '\n\n', '\r\n', ' ', '\t', '\u00a0', '\u200b', '\ufeff', '\u0000', '\ud800'),
      fc.lorem({ maxCount: 12, mode: 'sentences' }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(' '));

const anyText = fc.oneof(scrapeLike, fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ maxLength: 400 }));

describe('cleaner', () => {
  it('never throws and never returns more text than it was given', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...FORMATS), (raw, format) => {
        const cleaned = cleanDocument(raw, format);
        expect(typeof cleaned.text).toBe('string');
        expect(cleaned.text.length).toBeLessThanOrEqual(raw.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('tokenising and fingerprinting', () => {
  it('tokenises the same text to the same tokens', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(tokenize(text)).toEqual(tokenize(String(text)));
      }),
      { numRuns: 300 },
    );
  });

  it('fingerprints deterministically, whatever was fingerprinted before and by which hasher', () => {
    const options = fc.record({ shingleSize: fc.integer({ min: 1, max: 8 }), permutations: fc.integer({ min: 1, max: 256 }), seed: fc.integer({ min: 1, max: 2 ** 31 }) });
    fc.assert(
      fc.property(anyText, anyText, options, (text, other, opts) => {
        const first = new MinHasher(opts).fromText(text);
        new MinHasher(opts).fromText(other);
        const again = new MinHasher(opts).fromText(text);
        expect(Array.from(again.signature)).toEqual(Array.from(first.signature));
        expect(Array.from(again.figures)).toEqual(Array.from(first.figures));
        expect(again.shingles).toBe(first.shingles);
      }),
      { numRuns: 300 },
    );
  });

  it('gives every document similarity 1 with itself', () => {
    const hasher = new MinHasher(DEFAULT_FINGERPRINT);
    fc.assert(
      fc.property(anyText, (text) => {
        const tokens = tokenize(text);
        fc.pre(tokens.length > 0);
        const fingerprint = hasher.fromTokens(tokens);
        expect(estimateJaccard(fingerprint.signature, fingerprint.signature)).toBe(1);
        expect(exactShingleStats(tokens, tokens, DEFAULT_FINGERPRINT.shingleSize).jaccard).toBe(1);
        const verdict = comparePair(fingerprint, hasher.fromTokens([...tokens]), DEFAULT_POLICY);
        expect(verdict.jaccard).toBe(1);
        expect(verdict.match).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('clustering', () => {
  const VOCABULARY = Array.from({ length: 400 }, (_, i) => `w${i.toString(36)}`);
  const words = (min: number, max: number) => fc.array(fc.constantFrom(...VOCABULARY), { minLength: min, maxLength: max });

  /** An edit that leaves a copy recognisable: drop, replace or insert a word at a position. */
  const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom('drop', 'replace', 'insert'), word: fc.constantFrom(...VOCABULARY) });

  function applyEdits(base: string[], edits: { at: number; kind: string; word: string }[]): string[] {
    const out = [...base];
    for (const e of edits) {
      const i = e.at % (out.length + 1);
      if (e.kind === 'drop' && out.length > 1) out.splice(Math.min(i, out.length - 1), 1);
      else if (e.kind === 'replace') out[Math.min(i, out.length - 1)] = e.word;
      else out.splice(i, 0, e.word);
    }
    return out;
  }

  /** Stories with a few near copies each, as id/text records. */
  const corpus = fc
    .array(fc.tuple(words(30, 120), fc.array(fc.array(edit, { maxLength: 6 }), { maxLength: 3 }), fc.nat(99)), { minLength: 1, maxLength: 8 })
    .map((stories) =>
      stories.flatMap(([base, copies, figure], s) => [
        { id: `s${s}`, text: `${base.join(' ')} ${figure}.` },
        ...copies.map((edits, c) => ({ id: `s${s}-copy${c}`, text: `${applyEdits(base, edits).join(' ')} ${figure}.` })),
      ]),
    );

  const options: RunOptions = {
    discover: {},
    read: { maxFileSize: 1 << 20 },
    fingerprint: DEFAULT_FINGERPRINT,
    policy: DEFAULT_POLICY,
    canonical: 'complete',
    candidateThreshold: 0.25,
    corpusLines: true,
  };

  async function partition(records: { id: string; text: string }[]): Promise<string[][]> {
    const stdin = Readable.from([Buffer.from(records.map((r) => JSON.stringify(r)).join('\n') + '\n')]);
    const result = await run(['-'], { ...options, stdin });
    expect(result.skipped).toEqual([]);
    expect(result.documents).toHaveLength(records.length);
    const inCluster = new Set(result.clusters.flatMap((c) => c.members));
    const groups = [...result.clusters.map((c) => c.members), ...result.documents.filter((d) => !inCluster.has(d.index)).map((d) => [d.index])];
    return groups.map((g) => g.map((i) => result.documents[i].id).sort()).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }

  it('finds the same clusters whatever the order of the documents', async () => {
    await fc.assert(
      fc.asyncProperty(
        corpus.chain((docs) => fc.tuple(fc.constant(docs), fc.shuffledSubarray(docs, { minLength: docs.length, maxLength: docs.length }))),
        async ([docs, shuffled]) => {
          expect(await partition(shuffled)).toEqual(await partition(docs));
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});

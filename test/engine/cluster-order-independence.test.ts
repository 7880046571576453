/** Property test (fast-check): a run finds the same clusters whatever the order of its documents. */

import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine/run.js';
import { IN_THREAD_OPTIONS } from '../helpers/run-options.js';

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

  const options = IN_THREAD_OPTIONS;

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

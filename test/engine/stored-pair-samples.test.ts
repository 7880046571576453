import { describe, expect, it } from 'vitest';
import type { BatchResult } from '../../src/engine/batch.js';
import { DocumentColumns, Field, NUMBER_FIELDS, PairColumns, SKETCH_FEATURES, SketchStore, StoredDocument, StoredPairSamples, type PackedFeature, type SketchFeature } from '../../src/engine/document-table.js';
import { decidePair, decisionMatches, DEFAULT_POLICY, judgePair, type MatchPolicy } from '../../src/match/verify.js';
import { compareSlots, compareSlotsIn, figureContainment, leadOverlap, sampleContainment, sampleContainmentIn } from '../../src/sketch/compare.js';
import { MAX_FIGURE_SLOTS, MAX_FIGURES, MAX_LEAD_PAIRS } from '../../src/sketch/features.js';
import { TOO_LITTLE_TEXT } from '../../src/clean/index.js';
import type { InputFile } from '../../src/types.js';
import { random as seeded } from '../helpers/random.js';

const K = 16;
const random = seeded(1206);
const pick = (n: number): number => Math.floor(random() * n);

/** A sorted sample of up to `max` distinct values drawn from a small range, so two documents' samples often share values (and sometimes fill up). */
function sample(max: number, range: number, value: () => number = () => pick(range)): number[] {
  const size = pick(4) === 0 ? 0 : 1 + pick(max);
  const values = new Set<number>();
  for (let i = 0; i < size * 2 && values.size < size; i++) values.add(value());
  return [...values].sort((a, b) => a - b);
}

/** Invented documents: random feature samples, shingle counts, openings, times and a few too-little-text flags. */
function documentsOf(count: number): { documents: StoredDocument[]; store: SketchStore; columns: DocumentColumns } {
  const features = {} as Record<SketchFeature, { ends: number[]; values: number[] }>;
  for (const name of SKETCH_FEATURES) features[name] = { ends: [], values: [] };
  for (let i = 0; i < count; i++) {
    const samples: Record<SketchFeature, number[]> = {
      figures: sample(MAX_FIGURES, 60),
      // A slot in the top bits, a value and a date bit below: few slots and values, so slots are shared and changed.
      slots: sample(MAX_FIGURE_SLOTS, 0, () => ((pick(12) << 12) | (pick(3) << 1) | pick(2)) >>> 0),
      lead: sample(MAX_LEAD_PAIRS, 40),
      shingleSet: [],
    };
    for (const name of SKETCH_FEATURES) {
      features[name].values.push(...samples[name]);
      features[name].ends.push(features[name].values.length);
    }
  }
  const packed = Object.fromEntries(SKETCH_FEATURES.map((name) => [name, { ends: Uint32Array.from(features[name].ends), values: Uint32Array.from(features[name].values) }])) as Record<SketchFeature, PackedFeature>;
  const batch: BatchResult = { count, signatures: new Uint32Array(count * K), numbers: new Uint32Array(count * NUMBER_FIELDS), features: packed, ids: [], titles: [], dates: [], flags: [], texts: [], skipped: [], bytes: 0 };
  const store = new SketchStore(K);
  store.append(batch);
  const columns = new DocumentColumns();
  const input: InputFile = { path: '/invented.jsonl', displayPath: 'invented.jsonl', kind: 'jsonl' };
  const day = 86_400_000;
  const documents = Array.from({ length: count }, (_, i) => {
    const numbers = new Uint32Array(NUMBER_FIELDS);
    numbers[Field.Shingles] = [8, 12, 15, 19, 25, 60, 140, 400][pick(8)];
    numbers[Field.Opening] = pick(3) === 0 ? 0 : 1 + pick(2);
    const time = pick(3) === 0 ? undefined : Date.UTC(2026, 11, 1) + pick(12) * day + pick(24) * 3_600_000;
    columns.add(numbers, input, pick(20) === 0 ? [TOO_LITTLE_TEXT] : [], undefined, time);
    return new StoredDocument(columns, store, i, `doc-${i}`, undefined, undefined);
  });
  return { documents, store, columns };
}

describe('the run pair decision read in place', () => {
  const { documents, store, columns } = documentsOf(400);
  const samples = new StoredPairSamples(store, new PairColumns(store, columns));
  const pairs = Array.from({ length: 6000 }, () => [pick(documents.length), pick(documents.length)] as const);

  it('keeps in each document\'s pair record the numbers its entry gives', () => {
    const pairColumns = new PairColumns(store, columns);
    for (const doc of documents) {
      expect(pairColumns.shingles(doc.index)).toBe(doc.shingles);
      expect(pairColumns.time(doc.index)).toBe(doc.time ?? NaN);
      expect(pairColumns.hasShingleSet(doc.index)).toBe(doc.shingleSet.length > 0);
      expect(pairColumns.tooLittleText(doc.index)).toBe(doc.tooLittleText);
    }
    expect(documents.some((doc) => doc.tooLittleText) && documents.some((doc) => doc.time === undefined)).toBe(true);
  });

  it('reads the same lead, figure and slot comparisons as the documents\' views give', () => {
    for (const [a, b] of pairs) {
      const x = documents[a];
      const y = documents[b];
      const read = samples.of(a, b);
      expect(read.bothHaveLeads).toBe(x.lead.length > 0 && y.lead.length > 0);
      expect(read.lead).toBe(leadOverlap(x.lead, y.lead));
      expect(read.figures).toBe(figureContainment(x.figures, y.figures));
      expect(read.fewerFigures).toBe(Math.min(x.figures.length, y.figures.length));
      expect({ ...read.slots }).toEqual(compareSlots(x.slots, y.slots));
      expect(read.sameOpening).toBe(x.opening !== 0 && x.opening === y.opening);
    }
  });

  it('decides every pair as judgePair does, for every rule', () => {
    const policies: MatchPolicy[] = [DEFAULT_POLICY, { ...DEFAULT_POLICY, nearIdentical: 1.01, dateGap: 3 }, { ...DEFAULT_POLICY, figures: null }, { ...DEFAULT_POLICY, lead: null, containment: null }];
    const rules = new Set<string>();
    for (const policy of policies) {
      for (const [a, b] of pairs) {
        const x = documents[a];
        const y = documents[b];
        const jaccard = pick(K + 1) / K;
        const containment = Math.min(1, jaccard + random() * 0.5);
        const verdict = judgePair(x, y, { jaccard, containment }, policy);
        const decision = decidePair(columns.tooLittleText(a) || columns.tooLittleText(b), x.shingles, y.shingles, x.time ?? NaN, y.time ?? NaN, jaccard, containment, samples.of(a, b), policy);
        expect(decisionMatches(decision)).toBe(verdict.match);
        rules.add(verdict.rule);
      }
    }
    expect([...rules].sort()).toEqual(['contained', 'date-gap', 'dates', 'dissimilar', 'figures', 'flash', 'lead', 'opening', 'similar', 'too-little-text']);
  });

  it('compares samples in place at any offset as on their own', () => {
    for (let trial = 0; trial < 500; trial++) {
      const a = sample(MAX_LEAD_PAIRS, 50);
      const b = sample(MAX_LEAD_PAIRS, 50);
      const padA = pick(5);
      const padB = pick(5);
      const inA = Uint32Array.from([...Array(padA).fill(7), ...a, 3]);
      const inB = Uint32Array.from([...Array(padB).fill(9), ...b, 1, 2]);
      expect(sampleContainmentIn(inA, padA, padA + a.length, inB, padB, padB + b.length, MAX_LEAD_PAIRS)).toBe(sampleContainment(Uint32Array.from(a), Uint32Array.from(b), MAX_LEAD_PAIRS));
      expect(compareSlotsIn(inA, padA, padA + a.length, inB, padB, padB + b.length, { shared: 9, changed: 9, datesChanged: 9 })).toEqual(compareSlots(Uint32Array.from(a), Uint32Array.from(b)));
    }
  });
});

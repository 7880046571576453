/**
 * The CPU-bound part of a run, one batch at a time: read (parse JSONL lines, or read whole files),
 * clean and fingerprint. It runs in worker threads (see pool.ts) or, with one job, in the main
 * thread; either way a batch's result depends only on the batch, so every job count gives the
 * same documents in the same order.
 *
 * Results are packed for cheap transfer between threads: one Uint32Array of signatures, one of
 * numbers, one of figures, and plain string arrays for ids and metadata. Texts stay behind:
 * an output that needs them reads them again, checked against each raw text's length and hash.
 */

import type { FingerprintOptions } from '../sketch/minhash.js';
import { jsonLinesOfChunk } from '../input/jsonl.js';
import { readWholeFile, type ReadItem, type ReadOptions } from '../input/records.js';
import type { InputFile, Skipped } from '../types.js';
import { BoilerplateLines, corpusLineHashes } from '../clean/index.js';
import { Field, NUMBER_FIELDS, SKETCH_FEATURES, type PackedFeature, type SketchFeature } from './document-table.js';
import { dateOf, processContext, processDocument, rawTextHash, titleOf, urlOf, type ProcessContext } from './process.js';
import { EventLoopTurns } from './turns.js';

export interface BatchSetup {
  read: ReadOptions;
  fingerprint: FingerprintOptions;
  /** Corpus-level boilerplate lines the cleaner removes, as their hashes (BoilerplateLines.toArray). */
  boilerplateLines: number[];
}

export type BatchTask =
  /** Whole JSONL lines of `file`, the first of them being line `firstLine + 1`. */
  | { kind: 'lines'; file: InputFile; firstLine: number; bytes: Uint8Array }
  /** Whole files (text, Markdown, HTML, JSON), each read here. */
  | { kind: 'files'; files: InputFile[] }
  /** Whole files read only for their raw texts (the corpus line sample). */
  | { kind: 'sample'; files: InputFile[] }
  /** Raw texts of the JSONL lines whose number is a multiple of `step` (the corpus line sample). */
  | { kind: 'sample-lines'; file: InputFile; firstLine: number; bytes: Uint8Array; step: number };

export interface BatchResult {
  count: number;
  signatures: Uint32Array;
  numbers: Uint32Array;
  features: Record<SketchFeature, PackedFeature>;
  ids: string[];
  titles: (string | undefined)[];
  dates: (string | undefined)[];
  /** Cleaner flags, only for documents that have some. */
  flags: [number, string[]][];
  /** URLs (record field or the page's canonical URL), only for documents that have one. */
  urls: [number, string][];
  /** Inputs in the batch that gave no document, in input order. */
  skipped: Skipped[];
  /** Bytes of raw text read. */
  bytes: number;
}

/** The corpus line sample of a batch: each sampled document's line hashes (corpusLineHashes), one after another. */
export interface SampleResult {
  hashes: Float64Array;
  /** Document i's hashes are hashes[ends[i-1] .. ends[i]). */
  ends: Uint32Array;
}

/** Grows a Uint32Array by doubling, keeping its contents. */
function grow(array: Uint32Array, needed: number): Uint32Array {
  if (needed <= array.length) return array;
  let length = Math.max(16, array.length);
  while (length < needed) length *= 2;
  const grown = new Uint32Array(length);
  grown.set(array);
  return grown;
}

/** The per-thread state a batch needs: the hasher and the boilerplate set. */
export class BatchWorker {
  private readonly context: ProcessContext;
  /** With one job the batches run in the main thread, which must still answer a signal between documents. */
  private readonly turns = new EventLoopTurns();

  constructor(private readonly setup: BatchSetup) {
    this.context = processContext(setup.fingerprint, new BoilerplateLines(setup.boilerplateLines));
  }

  /**
   * Runs one batch. Files are read with blocking calls: a worker thread has nothing else to do
   * meanwhile, and each asynchronous call would cost a round trip to the I/O threads.
   */
  async run(task: BatchTask): Promise<BatchResult | SampleResult> {
    if (task.kind === 'sample') return this.sampleOf(task.files.flatMap((file) => readWholeFile(file, this.setup.read)));
    if (task.kind === 'sample-lines') return this.sampleOf(jsonLinesOfChunk(task.bytes, task.file, this.setup.read, task.firstLine, task.step));
    const { permutations } = this.setup.fingerprint;
    let capacity = task.kind === 'lines' ? 64 : task.files.length;
    let signatures: Uint32Array = new Uint32Array(capacity * permutations);
    let numbers: Uint32Array = new Uint32Array(capacity * NUMBER_FIELDS);
    const features = {} as Record<SketchFeature, PackedFeature & { length: number }>;
    for (const name of SKETCH_FEATURES) features[name] = { ends: new Uint32Array(capacity), values: new Uint32Array(capacity * 8), length: 0 };
    const result: BatchResult = { count: 0, signatures, numbers, features, ids: [], titles: [], dates: [], flags: [], urls: [], skipped: [], bytes: 0 };

    const consume = (item: ReadItem, fileIndex: number) => {
      if ('skipped' in item) {
        result.skipped.push(item.skipped);
        return;
      }
      const raw = item.doc;
      result.bytes += raw.text.length;
      const i = result.count;
      if (i === capacity) {
        capacity *= 2;
        signatures = grow(signatures, capacity * permutations);
        numbers = grow(numbers, capacity * NUMBER_FIELDS);
        for (const name of SKETCH_FEATURES) features[name].ends = grow(features[name].ends, capacity);
      }
      // Its figures, slots and lead are scratch views: packed below before the next document.
      const processed = processDocument(raw, this.context, { signatures, offset: i * permutations });
      if ('skipped' in processed) {
        result.skipped.push(processed.skipped);
        return;
      }
      const { cleaned, fingerprint } = processed;
      const base = i * NUMBER_FIELDS;
      numbers[base + Field.Shingles] = fingerprint.shingles;
      numbers[base + Field.Tokens] = fingerprint.tokens;
      numbers[base + Field.RawChars] = raw.text.length;
      numbers[base + Field.CleanChars] = cleaned.text.length;
      numbers[base + Field.RemovedCount] = cleaned.removed.length;
      numbers[base + Field.Record] = raw.record ?? 0;
      numbers[base + Field.File] = fileIndex;
      numbers[base + Field.RawHash] = rawTextHash(raw.text);
      numbers[base + Field.Opening] = fingerprint.opening;
      for (const name of SKETCH_FEATURES) {
        const feature = features[name];
        const values = fingerprint[name];
        feature.values = grow(feature.values, feature.length + values.length);
        feature.values.set(values, feature.length);
        feature.length += values.length;
        feature.ends[i] = feature.length;
      }
      result.ids.push(raw.id);
      result.titles.push(titleOf(raw, cleaned));
      result.dates.push(dateOf(raw, cleaned));
      if (cleaned.flags.length) result.flags.push([i, cleaned.flags]);
      const url = urlOf(raw, cleaned);
      if (url !== undefined) result.urls.push([i, url]);
      result.count++;
    };

    if (task.kind === 'lines') {
      for (const item of jsonLinesOfChunk(task.bytes, task.file, this.setup.read, task.firstLine)) {
        consume(item, 0);
        await this.turns.take();
      }
    } else {
      for (let f = 0; f < task.files.length; f++) {
        for (const item of readWholeFile(task.files[f], this.setup.read)) {
          consume(item, f);
          await this.turns.take();
        }
      }
    }
    result.signatures = signatures.slice(0, result.count * permutations);
    result.numbers = numbers.slice(0, result.count * NUMBER_FIELDS);
    for (const name of SKETCH_FEATURES) {
      const { ends, values, length } = features[name];
      result.features[name] = { ends: ends.slice(0, result.count), values: values.slice(0, length) };
    }
    return result;
  }

  /**
   * The line hashes of the documents among read items (the corpus line sample: sampled JSONL lines
   * are read as the main pass reads them, which reports the others), counted in this thread's
   * stead by the main one.
   */
  private async sampleOf(items: Iterable<ReadItem>): Promise<SampleResult> {
    const hashes: number[] = [];
    const ends: number[] = [];
    for (const item of items) {
      if (!('doc' in item)) continue;
      for (const hash of corpusLineHashes(item.doc.text, item.doc.format)) hashes.push(hash);
      ends.push(hashes.length);
      await this.turns.take();
    }
    return { hashes: Float64Array.from(hashes), ends: Uint32Array.from(ends) };
  }
}

/** Buffers a result's arrays own, to move them between threads without copying. */
export function transferList(result: BatchResult | SampleResult): ArrayBuffer[] {
  if (!('signatures' in result)) return [result.hashes.buffer, result.ends.buffer] as ArrayBuffer[];
  const buffers = [result.signatures.buffer, result.numbers.buffer];
  for (const name of SKETCH_FEATURES) buffers.push(result.features[name].ends.buffer, result.features[name].values.buffer);
  return buffers as ArrayBuffer[];
}

/**
 * The run's document table: every document's sketch and numbers in typed blocks and columns,
 * and the packed layout in which batches hand them over from the worker threads (one file
 * owns both sides of that layout). Memory holds these plus a few strings per document, never
 * a text.
 */

import type { InputFile } from '../types.js';
import { releaseBuffers } from '../io/memory.js';
import { bandHashAt, openingBandKey, ownKey } from '../match/candidates.js';
import type { PairSamples } from '../match/verify.js';
import { compareSlotsIn, figureContainmentIn, leadOverlapIn, type SlotComparison } from '../sketch/compare.js';
import type { DocumentSource } from '../input/documents.js';
import { debrisShare, hasTooLittleText, unmatchedReason } from './process.js';
import type { BatchResult } from './batch.js';
import type { DocumentEntry } from './result.js';

/** Numbers kept per document, in this order, NUMBER_FIELDS per document. */
export const NUMBER_FIELDS = 9;
export const Field = {
  Shingles: 0,
  Tokens: 1,
  RawChars: 2,
  CleanChars: 3,
  RemovedCount: 4,
  /** JSONL line or JSON array index; 0 for whole-file documents. */
  Record: 5,
  /** Index of the document's file in the task's file list (0 for a lines task). */
  File: 6,
  /** A hash of the raw text as read: the text read again for an output must be the same. */
  RawHash: 7,
  /** The opening key of the cleaned text (see openingKeyOf in sketch/features.ts). */
  Opening: 8,
} as const;

/** Fingerprint fields holding a short variable-length Uint32Array per document. */
export const SKETCH_FEATURES = ['figures', 'slots', 'lead', 'shingleSet'] as const;
export type SketchFeature = (typeof SKETCH_FEATURES)[number];
/** Each feature's place in a document's record. */
const FEATURE_INDEX = Object.fromEntries(SKETCH_FEATURES.map((name, i) => [name, i])) as Record<SketchFeature, number>;
const SHINGLE_SET_FEATURE = FEATURE_INDEX.shingleSet;

/** One feature of every document of a batch: document i's values are values[ends[i-1] .. ends[i]). */
export interface PackedFeature {
  ends: Uint32Array;
  values: Uint32Array;
}

/**
 * Bytes a block of signatures or features holds at least. Blocks this large are mapped from
 * the system on their own and given back to it when freed (smaller ones may come from and go
 * back to the allocator's pool, still counted as the process's memory): the sketches freed
 * after clustering make room for the report. Pages never written cost no memory.
 */
const BLOCK_BYTES = 32 << 20;
/** Values per feature block; one document's record never straddles two blocks. */
const FEATURE_BLOCK = BLOCK_BYTES / Uint32Array.BYTES_PER_ELEMENT;
/** Bits per feature length in a feature record's first value (four features, up to 255 values each). */
const LENGTH_BITS = 8;
const LENGTH_MASK = (1 << LENGTH_BITS) - 1;
export const NO_FLAGS: string[] = [];

/** Sketches of all documents in typed blocks: the run's memory is these plus small metadata objects. */
export class SketchStore {
  /** Compact signatures (their values' low 16 bits, see Signature). */
  private readonly blocks: Uint16Array[] = [];
  /** The same memory as 32-bit words, two values each (equalValues). */
  private readonly wordBlocks: Uint32Array[] = [];
  /**
   * Each document's features in one record, so verifying a pair reads a few neighbouring cache
   * lines per document: the features' lengths packed in one value, then each feature's values in
   * SKETCH_FEATURES order.
   */
  private readonly featureBlocks: Uint32Array[] = [];
  private featureUsed = 0;
  /** Where each document's record starts: block * FEATURE_BLOCK + offset. */
  private featureStart = new Uint32Array(1024);
  count = 0;
  /** Documents per signature block: 1 << blockShift, BLOCK_BYTES or more. */
  private readonly blockShift: number;

  constructor(readonly permutations: number) {
    let shift = 0;
    while ((1 << shift) * permutations * Uint16Array.BYTES_PER_ELEMENT < BLOCK_BYTES) shift++;
    this.blockShift = shift;
  }

  /** Appends a batch's sketches; returns the index of its first document. */
  append(batch: BatchResult): number {
    const first = this.count;
    const k = this.permutations;
    const perBlock = 1 << this.blockShift;
    // The batch's documents in runs that fall within one block.
    for (let i = 0; i < batch.count; ) {
      const doc = first + i;
      const block = doc >>> this.blockShift;
      if (block === this.blocks.length) {
        const values = new Uint16Array(perBlock * k);
        this.blocks.push(values);
        this.wordBlocks.push(new Uint32Array(values.buffer, 0, values.length >>> 1));
      }
      const run = Math.min(batch.count - i, perBlock - (doc & (perBlock - 1)));
      // Storing 32-bit values in a Uint16Array keeps their low 16 bits.
      this.blocks[block].set(batch.signatures.subarray(i * k, (i + run) * k), (doc & (perBlock - 1)) * k);
      i += run;
    }
    if (this.featureStart.length < first + batch.count) {
      let size = this.featureStart.length;
      while (size < first + batch.count) size *= 2;
      const grown = new Uint32Array(size);
      grown.set(this.featureStart);
      this.featureStart = grown;
    }
    const packed = SKETCH_FEATURES.map((name) => batch.features[name]);
    for (let i = 0; i < batch.count; i++) {
      let size = 1;
      let lengths = 0;
      for (let f = 0; f < packed.length; f++) {
        const n = packed[f].ends[i] - (i === 0 ? 0 : packed[f].ends[i - 1]);
        if (n > LENGTH_MASK) throw new RangeError(`a document's ${SKETCH_FEATURES[f]} hold ${n} values, over ${LENGTH_MASK}`);
        lengths |= n << (f * LENGTH_BITS);
        size += n;
      }
      if (this.featureBlocks.length === 0 || this.featureUsed + size > FEATURE_BLOCK) {
        this.featureBlocks.push(new Uint32Array(FEATURE_BLOCK));
        this.featureUsed = 0;
      }
      const block = this.featureBlocks[this.featureBlocks.length - 1];
      this.featureStart[first + i] = (this.featureBlocks.length - 1) * FEATURE_BLOCK + this.featureUsed;
      let at = this.featureUsed;
      block[at++] = lengths >>> 0;
      for (const { ends, values } of packed) for (let j = i === 0 ? 0 : ends[i - 1]; j < ends[i]; j++) block[at++] = values[j];
      this.featureUsed = at;
    }
    this.count += batch.count;
    return first;
  }

  /** Frees every sketch (see RunOptions.releaseSketches), at once rather than at the next full collection. */
  releaseAll(): void {
    releaseBuffers([...this.blocks, ...this.featureBlocks].map((block) => block.buffer));
    this.blocks.length = 0;
    this.wordBlocks.length = 0;
    this.featureBlocks.length = 0;
  }

  /**
   * Fills keys[doc] with every document's hash of `band`, from the compact signatures: computed
   * when needed rather than kept (4 bytes per band per document). Documents whose full values
   * agree on a band agree here too; others collide with probability 2^-16 per row, and
   * verification sorts those out.
   */
  bandKeys(band: number, rows: number, keys: Uint32Array): void {
    const k = this.permutations;
    const perBlock = 1 << this.blockShift;
    for (let doc = 0; doc < this.count; doc++) keys[doc] = bandHashAt(this.blocks[doc >>> this.blockShift], (doc & (perBlock - 1)) * k, band, rows);
  }

  /**
   * Slots in which two documents' compact signatures agree, read in place (no views: the
   * candidate pass calls this millions of times); -1 as soon as fewer than `needed` can agree.
   * Two slots are compared per 32-bit word (a signature starts on a word when it has an even
   * number of values; otherwise one slot at a time).
   */
  equalValues(a: number, b: number, needed = 0): number {
    const k = this.permutations;
    const mask = (1 << this.blockShift) - 1;
    const allowedMisses = k - needed;
    if ((k & 1) === 0) {
      const wordsA = this.wordBlocks[a >>> this.blockShift];
      const wordsB = this.wordBlocks[b >>> this.blockShift];
      const half = k >>> 1;
      const startA = (a & mask) * half;
      const startB = (b & mask) * half;
      let misses = 0;
      // Past the allowed misses no count can reach `needed`: checked once per 8 words (16 slots).
      for (let i = 0; i < half; i += 8) {
        const end = Math.min(half, i + 8);
        for (let w = i; w < end; w++) {
          const x = wordsA[startA + w] ^ wordsB[startB + w];
          // Bit 15 and bit 31 set where that half of x is not zero (a slot that differs): adding
          // 0x7fff to a half's low 15 bits carries into its top bit unless they are all zero.
          const differs = ((x & 0x7fff7fff) + 0x7fff7fff) | x;
          misses += ((differs >>> 15) & 1) + (differs >>> 31);
        }
        if (misses > allowedMisses) return -1;
      }
      return k - misses;
    }
    let equal = 0;
    const blockA = this.blocks[a >>> this.blockShift];
    const blockB = this.blocks[b >>> this.blockShift];
    const startA = (a & mask) * k;
    const startB = (b & mask) * k;
    for (let i = 0; i < k; i += 16) {
      const end = Math.min(k, i + 16);
      for (let s = i; s < end; s++) if (blockA[startA + s] === blockB[startB + s]) equal++;
      if (end - equal > allowedMisses) return -1;
    }
    return equal;
  }

  /**
   * Fills keys[doc] with every document's lead key (opening band 1, see openingBandKey in
   * match/candidates.ts); a document whose lead is too short for one gets a key of its own.
   */
  leadKeys(keys: Uint32Array): void {
    for (let doc = 0; doc < this.count; doc++) keys[doc] = openingBandKey(1, { lead: this.feature('lead', doc) }, ownKey(doc));
  }

  /** Whether a document keeps its whole shingle set (see Fingerprint.shingleSet), read from its record's lengths. */
  hasShingleSet(doc: number): boolean {
    return featureLength(this.featureBlock(doc)[this.featureOffset(doc)], SHINGLE_SET_FEATURE) !== 0;
  }

  signature(doc: number): Uint16Array {
    if (this.blocks.length === 0 && this.count > 0) throw new Error('sketches were released after clustering (RunOptions.releaseSketches)');
    const k = this.permutations;
    const offset = (doc & ((1 << this.blockShift) - 1)) * k;
    return this.blocks[doc >>> this.blockShift].subarray(offset, offset + k);
  }

  /** Where a document's feature record starts, block and offset in one number (see blockOfRecord and offsetOfRecord). */
  recordStart(doc: number): number {
    return this.featureStart[doc];
  }

  /** The block of a feature record that starts at `start` (see recordStart). */
  blockOfRecord(start: number): Uint32Array {
    if (this.featureBlocks.length === 0 && this.count > 0) throw new Error('sketches were released after clustering (RunOptions.releaseSketches)');
    return this.featureBlocks[(start / FEATURE_BLOCK) | 0];
  }

  /** The block holding a document's feature record (see featureOffset). */
  featureBlock(doc: number): Uint32Array {
    return this.blockOfRecord(this.featureStart[doc]);
  }

  /** Where a document's feature record starts in its block: the features' lengths, then their values in SKETCH_FEATURES order. */
  featureOffset(doc: number): number {
    return offsetOfRecord(this.featureStart[doc]);
  }

  feature(name: SketchFeature, doc: number): Uint32Array {
    const index = FEATURE_INDEX[name];
    const block = this.featureBlock(doc);
    const at = this.featureOffset(doc);
    const lengths = block[at];
    const from = featureFrom(at, lengths, index);
    return block.subarray(from, from + featureLength(lengths, index));
  }
}

/** Where in its block a feature record that starts at `start` is (see SketchStore.recordStart). */
function offsetOfRecord(start: number): number {
  return start % FEATURE_BLOCK;
}

const LEAD_FEATURE = FEATURE_INDEX.lead;
const FIGURES_FEATURE = FEATURE_INDEX.figures;
const SLOTS_FEATURE = FEATURE_INDEX.slots;

/** Where a feature's values start in a record whose lengths value is at `record` (see SketchStore.feature). */
function featureFrom(record: number, lengths: number, feature: number): number {
  let from = record + 1;
  for (let f = 0; f < feature; f++) from += (lengths >>> (f * LENGTH_BITS)) & LENGTH_MASK;
  return from;
}

/** How many values a feature has in a record with these lengths. */
function featureLength(lengths: number, feature: number): number {
  return (lengths >>> (feature * LENGTH_BITS)) & LENGTH_MASK;
}

/** Values per document in PairColumns. */
const PAIR_WORDS = 8;
/** Where each value is in a document's PairColumns record (its time takes words 0 and 1). */
export const PairWord = { Shingles: 2, Lengths: 3, RecordStart: 4, Opening: 5, TooLittleText: 6 } as const;

/**
 * What the pair test reads of every candidate, in one 32-byte record per document: its
 * publication time (NaN for none), its shingle count, its feature lengths (which features it
 * has, and whether it keeps its whole shingle set), where its feature record starts, its
 * opening key and whether cleaning left it too little text. A run verifies millions of pairs of
 * documents met in random order: the test reads this record of each document, and goes to the
 * feature record itself, at once (not through a table of where it starts), only for the
 * samples it compares.
 */
export class PairColumns {
  /** The times, at 4 * doc (four per record). */
  readonly times: Float64Array;
  /** The records as 32-bit words, PAIR_WORDS per document (see PairWord). */
  readonly words: Uint32Array;

  constructor(store: SketchStore, columns: DocumentColumns) {
    const count = store.count;
    this.times = new Float64Array((count * PAIR_WORDS) / 2);
    this.words = new Uint32Array(this.times.buffer);
    for (let doc = 0; doc < count; doc++) {
      const at = doc * PAIR_WORDS;
      const start = store.recordStart(doc);
      this.times[doc * (PAIR_WORDS / 2)] = columns.timeOf(doc) ?? NaN;
      this.words[at + PairWord.Shingles] = columns.number(doc, Field.Shingles);
      this.words[at + PairWord.Lengths] = store.blockOfRecord(start)[offsetOfRecord(start)];
      this.words[at + PairWord.RecordStart] = start;
      this.words[at + PairWord.Opening] = columns.number(doc, Field.Opening);
      this.words[at + PairWord.TooLittleText] = columns.tooLittleText(doc) ? 1 : 0;
    }
  }

  time(doc: number): number {
    return this.times[doc * (PAIR_WORDS / 2)];
  }

  shingles(doc: number): number {
    return this.words[doc * PAIR_WORDS + PairWord.Shingles];
  }

  /** Whether a document keeps its whole shingle set (see Fingerprint.shingleSet). */
  hasShingleSet(doc: number): boolean {
    return featureLength(this.words[doc * PAIR_WORDS + PairWord.Lengths], SHINGLE_SET_FEATURE) !== 0;
  }

  tooLittleText(doc: number): boolean {
    return this.words[doc * PAIR_WORDS + PairWord.TooLittleText] !== 0;
  }
}

/**
 * A pair's opening keys (from the columns) and lead, figure and slot samples (see PairSamples in
 * match/verify.ts) read in place from the store's feature records, each compared when first asked for: one object a run's pair test
 * points at each pair in turn, with no views, evidence or verdict made per pair.
 */
export class StoredPairSamples implements PairSamples {
  private blockA: Uint32Array = EMPTY_FEATURES;
  private blockB: Uint32Array = EMPTY_FEATURES;
  private recordA = 0;
  private recordB = 0;
  private lengthsA = 0;
  private lengthsB = 0;
  /** The values of the feature last compared (see range). */
  private fromA = 0;
  private endA = 0;
  private fromB = 0;
  private endB = 0;
  private earlier = 0;
  private later = 0;
  private read = false;
  private leadShare = -1;
  private figureShare = -1;
  private slotsCompared = false;
  private readonly slotComparison: SlotComparison = { shared: 0, changed: 0, datesChanged: 0 };

  constructor(
    private readonly store: SketchStore,
    private readonly columns: PairColumns,
  ) {}

  /** Points at a pair; its lengths come from the pair columns, its feature records are read when a sample is asked for. */
  of(earlier: number, later: number): this {
    this.earlier = earlier;
    this.later = later;
    const { words } = this.columns;
    this.lengthsA = words[earlier * PAIR_WORDS + PairWord.Lengths];
    this.lengthsB = words[later * PAIR_WORDS + PairWord.Lengths];
    this.read = false;
    this.leadShare = -1;
    this.figureShare = -1;
    this.slotsCompared = false;
    return this;
  }

  private records(): void {
    if (this.read) return;
    this.read = true;
    const { store } = this;
    const { words } = this.columns;
    const startA = words[this.earlier * PAIR_WORDS + PairWord.RecordStart];
    const startB = words[this.later * PAIR_WORDS + PairWord.RecordStart];
    this.blockA = store.blockOfRecord(startA);
    this.recordA = offsetOfRecord(startA);
    this.blockB = store.blockOfRecord(startB);
    this.recordB = offsetOfRecord(startB);
  }

  get sameOpening(): boolean {
    const { words } = this.columns;
    const opening = words[this.earlier * PAIR_WORDS + PairWord.Opening];
    return opening !== 0 && opening === words[this.later * PAIR_WORDS + PairWord.Opening];
  }

  get bothHaveLeads(): boolean {
    return featureLength(this.lengthsA, LEAD_FEATURE) > 0 && featureLength(this.lengthsB, LEAD_FEATURE) > 0;
  }

  get lead(): number {
    if (this.leadShare < 0) {
      this.range(LEAD_FEATURE);
      this.leadShare = leadOverlapIn(this.blockA, this.fromA, this.endA, this.blockB, this.fromB, this.endB);
    }
    return this.leadShare;
  }

  get figures(): number {
    if (this.figureShare < 0) {
      this.range(FIGURES_FEATURE);
      this.figureShare = figureContainmentIn(this.blockA, this.fromA, this.endA, this.blockB, this.fromB, this.endB);
    }
    return this.figureShare;
  }

  get fewerFigures(): number {
    return Math.min(featureLength(this.lengthsA, FIGURES_FEATURE), featureLength(this.lengthsB, FIGURES_FEATURE));
  }

  get slots(): SlotComparison {
    if (!this.slotsCompared) {
      this.slotsCompared = true;
      this.range(SLOTS_FEATURE);
      compareSlotsIn(this.blockA, this.fromA, this.endA, this.blockB, this.fromB, this.endB, this.slotComparison);
    }
    return this.slotComparison;
  }

  /** Points fromA .. endA and fromB .. endB at one feature's values in the two records. */
  private range(feature: number): void {
    this.records();
    this.fromA = featureFrom(this.recordA, this.lengthsA, feature);
    this.endA = this.fromA + featureLength(this.lengthsA, feature);
    this.fromB = featureFrom(this.recordB, this.lengthsB, feature);
    this.endB = this.fromB + featureLength(this.lengthsB, feature);
  }
}

const EMPTY_FEATURES = new Uint32Array(0);

/** Bits of DocumentColumns.flagBits. */
const FLAGGED = 1;
const TOO_LITTLE_TEXT = 2;

/**
 * The numbers kept of every document, in typed columns: a million documents are a million
 * StoredDocument objects, so those hold only what is a string (and their place here).
 */
export class DocumentColumns {
  /** NUMBER_FIELDS values per document, as a batch packs them (see Field). */
  private numbers = new Uint32Array(1024 * NUMBER_FIELDS);
  /** Index of each document's input file in `inputs`. */
  private inputIndex = new Uint32Array(1024);
  private readonly inputs: InputFile[] = [];
  private readonly inputNumbers = new Map<InputFile, number>();
  /** Cleaner flags of the few documents that have some. */
  private readonly flags = new Map<number, string[]>();
  /**
   * Per document, FLAGGED when it has flags and TOO_LITTLE_TEXT when they say so: verification
   * asks for every pair, and a byte read is cheaper than a map lookup.
   */
  private flagBits = new Uint8Array(1024);
  /** Each document's URL, or undefined: one slot per document, no object or map entry per document. */
  private readonly urls: (string | undefined)[] = [];
  /**
   * Publication times (milliseconds since the epoch; NaN for none), parsed once: verification
   * reads them for every pair that reaches the similarity bar.
   */
  private times = new Float64Array(1024);
  count = 0;

  /** Appends a document: its numbers as the batch packed them, with Field.File replaced by the input itself. */
  add(numbers: Uint32Array, input: InputFile, flags: string[], url?: string, time?: number): number {
    const doc = this.count++;
    if (doc === this.inputIndex.length) {
      const grownNumbers = new Uint32Array(this.numbers.length * 2);
      grownNumbers.set(this.numbers);
      this.numbers = grownNumbers;
      const grownInputs = new Uint32Array(this.inputIndex.length * 2);
      grownInputs.set(this.inputIndex);
      this.inputIndex = grownInputs;
      const grownTimes = new Float64Array(this.times.length * 2);
      grownTimes.set(this.times);
      this.times = grownTimes;
      const grownFlagBits = new Uint8Array(this.flagBits.length * 2);
      grownFlagBits.set(this.flagBits);
      this.flagBits = grownFlagBits;
    }
    this.times[doc] = time ?? NaN;
    this.numbers.set(numbers, doc * NUMBER_FIELDS);
    let inputNumber = this.inputNumbers.get(input);
    if (inputNumber === undefined) {
      inputNumber = this.inputs.push(input) - 1;
      this.inputNumbers.set(input, inputNumber);
    }
    this.inputIndex[doc] = inputNumber;
    if (flags.length) {
      this.flags.set(doc, flags);
      this.flagBits[doc] = FLAGGED | (hasTooLittleText(flags) ? TOO_LITTLE_TEXT : 0);
    }
    this.urls.push(url);
    return doc;
  }

  number(doc: number, field: number): number {
    return this.numbers[doc * NUMBER_FIELDS + field];
  }

  /**
   * Fills keys[doc] with every document's opening key (opening band 0, see openingBandKey in
   * match/candidates.ts); a document with none gets a key of its own.
   */
  openingKeys(keys: Uint32Array): void {
    for (let doc = 0; doc < this.count; doc++) keys[doc] = openingBandKey(0, { opening: this.numbers[doc * NUMBER_FIELDS + Field.Opening] }, ownKey(doc));
  }

  input(doc: number): InputFile {
    return this.inputs[this.inputIndex[doc]];
  }

  flagsOf(doc: number): string[] {
    return this.flagBits[doc] & FLAGGED ? this.flags.get(doc)! : NO_FLAGS;
  }

  /** Cleaning left too little of the document to match on (see hasTooLittleText). */
  tooLittleText(doc: number): boolean {
    return (this.flagBits[doc] & TOO_LITTLE_TEXT) !== 0;
  }

  urlOf(doc: number): string | undefined {
    return this.urls[doc];
  }

  timeOf(doc: number): number | undefined {
    const time = this.times[doc];
    return Number.isNaN(time) ? undefined : time;
  }
}

/** A document's entry: its strings in fields; its numbers and sketch read from the stores on access. */
export class StoredDocument implements DocumentEntry {
  constructor(
    private readonly columns: DocumentColumns,
    private readonly store: SketchStore,
    readonly index: number,
    readonly id: string,
    readonly title: string | undefined,
    readonly date: string | undefined,
  ) {}

  get path(): string {
    return this.columns.input(this.index).displayPath;
  }

  /** Absolute path of the document's file ("-" for standard input). */
  get file(): string {
    return this.columns.input(this.index).path;
  }

  /** JSONL line or 1-based JSON array index; undefined for a whole-file document. */
  get record(): number | undefined {
    const record = this.columns.number(this.index, Field.Record);
    return record === 0 ? undefined : record;
  }

  get url(): string | undefined {
    return this.columns.urlOf(this.index);
  }

  get time(): number | undefined {
    return this.columns.timeOf(this.index);
  }

  get rawChars(): number {
    return this.columns.number(this.index, Field.RawChars);
  }

  get cleanChars(): number {
    return this.columns.number(this.index, Field.CleanChars);
  }

  get rawHash(): number {
    return this.columns.number(this.index, Field.RawHash);
  }

  get removedCount(): number {
    return this.columns.number(this.index, Field.RemovedCount);
  }

  get shingles(): number {
    return this.columns.number(this.index, Field.Shingles);
  }

  get tokens(): number {
    return this.columns.number(this.index, Field.Tokens);
  }

  get opening(): number {
    return this.columns.number(this.index, Field.Opening);
  }

  get flags(): string[] {
    return this.columns.flagsOf(this.index);
  }

  /** Cleaning left too little of it to match on: verification never accepts it. */
  get tooLittleText(): boolean {
    return this.columns.tooLittleText(this.index);
  }

  /** Why the document is never matched (see unmatchedReason), for the report. */
  get unmatched(): string | undefined {
    return unmatchedReason(this.flags);
  }

  get debris(): number {
    return debrisShare(this.rawChars, this.cleanChars);
  }

  get signature(): Uint16Array {
    return this.store.signature(this.index);
  }

  get figures(): Uint32Array {
    return this.store.feature('figures', this.index);
  }

  get slots(): Uint32Array {
    return this.store.feature('slots', this.index);
  }

  get lead(): Uint32Array {
    return this.store.feature('lead', this.index);
  }

  get shingleSet(): Uint32Array {
    return this.store.feature('shingleSet', this.index);
  }

  get source(): DocumentSource {
    const input = this.columns.input(this.index);
    const record = this.columns.number(this.index, Field.Record);
    return { file: input.path, path: input.displayPath, kind: input.kind, record: record === 0 ? undefined : record };
  }
}

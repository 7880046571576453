/**
 * Runs the stages: discover; learn corpus-level boilerplate lines from a sample; then read,
 * clean and fingerprint every document in batches on a pool of worker threads; then find
 * candidate pairs (LSH), verify them and cluster.
 *
 * Streaming: JSONL is cut into chunks of whole lines and files into small groups, a few batches
 * in flight at a time. Memory holds each document's sketch (signatures in shared blocks, not one
 * array per document) and metadata, never its text; canonical texts are read again when they
 * are printed or written. Batches are consumed in input order, so results are the same for any
 * number of jobs.
 */

import { closeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import { Field, NUMBER_FIELDS, SKETCH_FEATURES, type BatchResult, type BatchTask, type SampleResult, type SketchFeature } from './batch.js';
import { bandHashAt, forEachCandidatePair, optimalBanding, type BandingParams } from './candidates.js';
import { cleanDocument, CorpusLineCounter } from './clean/index.js';
import { buildClusters, comparePair, similarityOf, type CanonicalPolicy, type ClusterResult, type MatchPolicy } from './cluster.js';
import { discover, type DiscoverOptions } from './discover.js';
import { tokenize, type FingerprintOptions, type Signature } from './fingerprint.js';
import { BatchPool } from './pool.js';
import { describeStreamError, formatBytes, linesBeginningIn, openByteReader, openSeekable, readFileDocuments, streamByteReader, type ByteReader, rereadDocuments, type DocumentSource, type ReadItem, type ReadOptions } from './read.js';
import type { CleanedDocument, InputFile, RawDocument, Skipped } from './types.js';

export interface RunOptions {
  discover: DiscoverOptions;
  read: ReadOptions;
  fingerprint: FingerprintOptions;
  policy: MatchPolicy;
  canonical: CanonicalPolicy;
  /** LSH is tuned for this Jaccard; lower than `policy.threshold` so contained copies become candidates. */
  candidateThreshold: number;
  /** Explicit banding, overriding the one derived from candidateThreshold. */
  banding?: BandingParams;
  /** Learn lines repeated across the corpus in a first pass and remove them. */
  corpusLines: boolean;
  stdin?: Readable;
  /** Worker threads for reading, cleaning and fingerprinting (default: available cores); 1 runs them in this thread. */
  jobs?: number;
  /** Called as batches complete: documents so far, raw bytes so far, and the expected number of documents (an estimate; undefined when unknown). */
  onProgress?: (documents: number, bytes: number, expected?: number) => void;
  /**
   * Free the documents' sketches (signatures, figures) once clusters are built: a caller that
   * only reports saves their memory (several hundred bytes a document). Reading a sketch afterwards throws.
   */
  releaseSketches?: boolean;
}

/** What the run keeps of each document. */
export interface DocumentEntry {
  index: number;
  id: string;
  path: string;
  source: DocumentSource;
  title?: string;
  date?: string;
  time?: number;
  rawChars: number;
  cleanChars: number;
  removedCount: number;
  /** Share of the raw text the cleaner removed (0..1). */
  debris: number;
  flags: string[];
  /** Compact (16-bit) within a run: see Signature. */
  signature: Signature;
  shingles: number;
  tokens: number;
  figures: Uint32Array;
  slots: Uint32Array;
  lead: Uint32Array;
}

export interface RunParams {
  shingleSize: number;
  permutations: number;
  seed: number;
  threshold: number;
  containment: number | null;
  figures: number | null;
  candidateThreshold: number;
  bands: number;
  rows: number;
  canonical: CanonicalPolicy;
  corpusLines: boolean;
}

export interface RunResult {
  params: RunParams;
  files: number;
  documents: DocumentEntry[];
  skipped: Skipped[];
  /** Clusters of two or more documents; every other document is a singleton. */
  clusters: ClusterResult[];
  /** Per document, the similarity and containment to its cluster's canonical. */
  similarity: Map<number, { jaccard: number; containment: number }>;
  /** Cleaned texts of documents that cannot be read again (standard input). */
  heldTexts: Map<number, string>;
  boilerplateLines: ReadonlySet<string>;
}

export class NoInputError extends Error {}

export function runParams(options: RunOptions): RunParams {
  const banding = options.banding ?? optimalBanding(options.candidateThreshold, options.fingerprint.permutations);
  return {
    shingleSize: options.fingerprint.shingleSize,
    permutations: options.fingerprint.permutations,
    seed: options.fingerprint.seed,
    threshold: options.policy.threshold,
    containment: options.policy.containment,
    figures: options.policy.figures,
    candidateThreshold: options.candidateThreshold,
    bands: banding.bands,
    rows: banding.rows,
    canonical: options.canonical,
    corpusLines: options.corpusLines,
  };
}

function parseTime(date: string | undefined): number | undefined {
  if (!date) return undefined;
  const t = Date.parse(date);
  return Number.isNaN(t) ? undefined : t;
}

async function* readAll(files: readonly InputFile[], read: ReadOptions, stdin?: Readable) {
  for (const file of files) yield* readFileDocuments(file, read, stdin);
}

/** Cleans and fingerprints one raw document. */
export function processDocument(raw: RawDocument, boilerplateLines: ReadonlySet<string>): { cleaned: CleanedDocument; tokens: string[] } {
  const cleaned = cleanDocument(raw.text, raw.format, { boilerplateLines });
  return { cleaned, tokens: tokenize(cleaned.text) };
}

/** Documents per signature block (a power of two). */
const BLOCK_SHIFT = 14;
/** Values per feature block; one document's record never straddles two blocks. */
const FEATURE_BLOCK = 1 << 18;
/** Bits per feature length in a feature record's first value (four features, up to 255 values each). */
const LENGTH_BITS = 8;
const LENGTH_MASK = (1 << LENGTH_BITS) - 1;
const NO_FLAGS: string[] = [];

/** Sketches of all documents in typed blocks: the run's memory is these plus small metadata objects. */
class SketchStore {
  /** Compact signatures (their values' low 16 bits, see Signature). */
  private readonly blocks: Uint16Array[] = [];
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

  constructor(readonly permutations: number) {}

  /** Appends a batch's sketches; returns the index of its first document. */
  append(batch: BatchResult): number {
    const first = this.count;
    const k = this.permutations;
    const perBlock = 1 << BLOCK_SHIFT;
    // The batch's documents in runs that fall within one block.
    for (let i = 0; i < batch.count; ) {
      const doc = first + i;
      const block = doc >>> BLOCK_SHIFT;
      if (block === this.blocks.length) this.blocks.push(new Uint16Array(perBlock * k));
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

  /** Frees every sketch (see RunOptions.releaseSketches). */
  releaseAll(): void {
    this.blocks.length = 0;
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
    const perBlock = 1 << BLOCK_SHIFT;
    for (let doc = 0; doc < this.count; doc++) keys[doc] = bandHashAt(this.blocks[doc >>> BLOCK_SHIFT], (doc & (perBlock - 1)) * k, band, rows);
  }

  signature(doc: number): Uint16Array {
    if (this.blocks.length === 0 && this.count > 0) throw new Error('sketches were released after clustering (RunOptions.releaseSketches)');
    const k = this.permutations;
    const offset = (doc & ((1 << BLOCK_SHIFT) - 1)) * k;
    return this.blocks[doc >>> BLOCK_SHIFT].subarray(offset, offset + k);
  }

  feature(name: SketchFeature, doc: number): Uint32Array {
    if (this.featureBlocks.length === 0 && this.count > 0) throw new Error('sketches were released after clustering (RunOptions.releaseSketches)');
    const start = this.featureStart[doc];
    const block = this.featureBlocks[Math.floor(start / FEATURE_BLOCK)];
    const lengths = block[start % FEATURE_BLOCK];
    let from = (start % FEATURE_BLOCK) + 1;
    for (let f = 0; SKETCH_FEATURES[f] !== name; f++) from += (lengths >>> (f * LENGTH_BITS)) & LENGTH_MASK;
    return block.subarray(from, from + ((lengths >>> (SKETCH_FEATURES.indexOf(name) * LENGTH_BITS)) & LENGTH_MASK));
  }
}

/**
 * The numbers kept of every document, in typed columns: a million documents are a million
 * StoredDocument objects, so those hold only what is a string (and their place here).
 */
class DocumentColumns {
  /** NUMBER_FIELDS values per document, as a batch packs them (see Field). */
  private numbers = new Uint32Array(1024 * NUMBER_FIELDS);
  /** Index of each document's input file in `inputs`. */
  private inputIndex = new Uint32Array(1024);
  private readonly inputs: InputFile[] = [];
  private readonly inputNumbers = new Map<InputFile, number>();
  /** Cleaner flags of the few documents that have some. */
  private readonly flags = new Map<number, string[]>();
  count = 0;

  /** Appends a document: its numbers as the batch packed them, with Field.File replaced by the input itself. */
  add(numbers: Uint32Array, input: InputFile, flags: string[]): number {
    const doc = this.count++;
    if (doc === this.inputIndex.length) {
      const grownNumbers = new Uint32Array(this.numbers.length * 2);
      grownNumbers.set(this.numbers);
      this.numbers = grownNumbers;
      const grownInputs = new Uint32Array(this.inputIndex.length * 2);
      grownInputs.set(this.inputIndex);
      this.inputIndex = grownInputs;
    }
    this.numbers.set(numbers, doc * NUMBER_FIELDS);
    let inputNumber = this.inputNumbers.get(input);
    if (inputNumber === undefined) {
      inputNumber = this.inputs.push(input) - 1;
      this.inputNumbers.set(input, inputNumber);
    }
    this.inputIndex[doc] = inputNumber;
    if (flags.length) this.flags.set(doc, flags);
    return doc;
  }

  number(doc: number, field: number): number {
    return this.numbers[doc * NUMBER_FIELDS + field];
  }

  input(doc: number): InputFile {
    return this.inputs[this.inputIndex[doc]];
  }

  flagsOf(doc: number): string[] {
    return this.flags.get(doc) ?? NO_FLAGS;
  }
}

/** A document's entry: its strings in fields; its numbers and sketch read from the stores on access. */
class StoredDocument implements DocumentEntry {
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

  get time(): number | undefined {
    return parseTime(this.date);
  }

  get rawChars(): number {
    return this.columns.number(this.index, Field.RawChars);
  }

  get cleanChars(): number {
    return this.columns.number(this.index, Field.CleanChars);
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

  get flags(): string[] {
    return this.columns.flagsOf(this.index);
  }

  get debris(): number {
    return this.rawChars === 0 ? 0 : Math.max(0, 1 - this.cleanChars / this.rawChars);
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

/** Target bytes per JSONL batch. */
const CHUNK_BYTES = 1 << 20;
/** Whole files per batch. */
const FILES_PER_BATCH = 32;
/**
 * The corpus line counter sees at least this many documents (all of them in smaller corpora).
 * Its threshold is max(10, 0.05% of the documents it saw): from 20,000 documents on, the share
 * binds, not the floor, so a threshold learned on an even sample matches the whole corpus's.
 */
export const CORPUS_SAMPLE_DOCUMENTS = 20_000;

type Chunk = { firstLine: number; lines: number; bytes: Uint8Array } | { skipped: Skipped; lines: number };

function countLines(bytes: Uint8Array, from = 0, to = bytes.length): number {
  // Buffer's indexOf is memchr; a plain Uint8Array's compares byte by byte.
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  for (let i = data.indexOf(10, from); i !== -1 && i < to; i = data.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * Cuts a JSONL input into chunks of whole lines (about CHUNK_BYTES each), reading straight into
 * each chunk's own buffer: the partial line at its end is the one part copied, to the start of
 * the next. A line longer than maxLine is not held: it comes out as a skipped entry.
 */
async function* jsonlChunks(reader: ByteReader, file: InputFile, maxLine: number): AsyncGenerator<Chunk> {
  let line = 0;
  let dropping = 0;
  let consumed = 0;
  const oversize = (bytes: number): Chunk => ({
    skipped: { path: `${file.displayPath}:${line + 1}`, reason: `record is ${formatBytes(bytes)}, over the --max-file-size limit of ${formatBytes(maxLine)}` },
    lines: 1,
  });
  // Room for `held` bytes and more: a chunk's worth, twice a long line, no more than the file has left.
  const buffer = (held: number) => {
    const wanted = held < CHUNK_BYTES / 2 ? CHUNK_BYTES : held * 2;
    const left = reader.size === undefined ? wanted : held + Math.max(0, reader.size - consumed) + 1;
    // Not from Buffer's shared pool: the chunk moves to a worker. (Some room even when the file seems done: it may have grown.)
    return Buffer.allocUnsafeSlow(Math.max(held + 4096, Math.min(wanted, left)));
  };
  let data = buffer(0);
  let filled = 0;
  for (;;) {
    const n = await reader.read(data, filled, data.length - filled);
    if (n === 0) break;
    consumed += n;
    if (dropping > 0) {
      // Skipping an oversize line: the buffer holds only what this read gave.
      const end = data.subarray(0, n).indexOf(10);
      if (end === -1) {
        dropping += n;
        continue;
      }
      yield oversize(dropping + end);
      line++;
      dropping = 0;
      data.copyWithin(0, end + 1, n);
      filled = n - end - 1;
    } else filled += n;
    const last = filled === 0 ? -1 : data.lastIndexOf(10, filled - 1);
    if (last === -1 && filled > maxLine) {
      dropping = filled;
      filled = 0;
      continue;
    }
    // Not full yet (a short read): keep filling.
    if (filled < data.length) continue;
    if (last === -1) {
      // One line longer than the buffer: a larger one.
      const grown = buffer(filled);
      data.copy(grown, 0, 0, filled);
      data = grown;
      continue;
    }
    const rest = filled - last - 1;
    const next = buffer(rest > maxLine ? 0 : rest);
    if (rest > maxLine) dropping = rest;
    else data.copy(next, 0, last + 1, filled);
    const lines = countLines(data, 0, last + 1);
    yield { firstLine: line, lines, bytes: new Uint8Array(data.buffer, data.byteOffset, last + 1) };
    line += lines;
    data = next;
    filled = dropping > 0 ? 0 : rest;
  }
  if (dropping > 0) yield oversize(dropping);
  else if (filled > 0) yield { firstLine: line, lines: countLines(data, 0, filled) + (data[filled - 1] === 10 ? 0 : 1), bytes: new Uint8Array(data.buffer, data.byteOffset, filled) };
}

/** A JSONL input: standard input (held in memory, as it can be read only once) or a file. */
export class JsonlInput {
  constructor(
    readonly file: InputFile,
    private readonly held?: Chunk[],
  ) {}

  static async hold(file: InputFile, stdin: Readable, maxLine: number): Promise<JsonlInput> {
    const held: Chunk[] = [];
    for await (const chunk of jsonlChunks(streamByteReader(stdin), file, maxLine)) held.push(chunk);
    return new JsonlInput(file, held);
  }

  /** Documents expected: lines of held input, else the file's size over the mean length of its first lines. */
  async expectedLines(): Promise<number> {
    if (this.held) return this.held.reduce((n, c) => n + c.lines, 0);
    try {
      const handle = await open(this.file.path, 'r');
      try {
        const { size } = await handle.stat();
        // Compressed: guess 4:1 and 3 KB per line rather than unpack the head.
        if (this.file.path.toLowerCase().endsWith('.gz')) return Math.ceil((size * 4) / 3072);
        const head = new Uint8Array(Math.min(size, 1 << 20));
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        const lines = countLines(head, 0, bytesRead);
        if (bytesRead >= size) return lines + 1;
        return Math.ceil((size * Math.max(1, lines)) / Math.max(1, bytesRead));
      } finally {
        await handle.close();
      }
    } catch {
      return 0;
    }
  }

  /** Chunks of whole lines; a file that cannot be read gives one skipped entry. */
  async *chunks(maxLine: number): AsyncGenerator<Chunk> {
    if (this.held) {
      yield* this.held;
      return;
    }
    const reader = await openByteReader(this.file.path);
    if ('reason' in reader) {
      yield { skipped: { path: this.file.displayPath, reason: reader.reason }, lines: 0 };
      return;
    }
    let lines = 0;
    try {
      for await (const chunk of jsonlChunks(reader, this.file, maxLine)) {
        lines += chunk.lines;
        yield chunk;
      }
    } catch (error) {
      yield { skipped: { path: this.file.displayPath, reason: `read failed after line ${lines}: ${describeStreamError(error)}` }, lines: 0 };
      return;
    } finally {
      await reader.close().catch(() => undefined);
    }
    if (lines === 0) yield { skipped: { path: this.file.displayPath, reason: 'empty file' }, lines: 0 };
  }
}

/** Batches that produce documents (the others sample texts for the corpus line counter). */
type DocumentTask = Extract<BatchTask, { kind: 'lines' | 'files' }>;

/** The inputs in run order: standard input first, then JSONL files and runs of other files. */
export type InputGroup = { jsonl: JsonlInput } | { files: InputFile[] };

/** Bytes per sampled range of a JSONL file: a few documents, so that the sample comes from many places in the file. */
const SAMPLE_RANGE_BYTES = 16 << 10;

/**
 * The corpus line sample of a JSONL file on disk: 1 in `step` of its bytes, in evenly spaced
 * ranges read at their offsets, each giving the whole lines that begin in it (linesBeginningIn),
 * gathered into chunks of about CHUNK_BYTES. Undefined when the file cannot be read at offsets
 * (gzip): it is then sampled line by line as it streams.
 */
export function sampledRanges(file: InputFile, step: number, maxLine: number): Generator<Uint8Array> | undefined {
  const opened = openSeekable(file.path);
  if (!opened) return undefined;
  const { fd, size } = opened;
  return (function* () {
    try {
      const ranges = Math.max(1, Math.ceil(size / step / SAMPLE_RANGE_BYTES));
      const spacing = size / ranges;
      const width = spacing / step;
      let parts: Buffer[] = [];
      let held = 0;
      // Fresh memory, not Buffer's shared pool: the chunk moves to a worker.
      const chunk = () => {
        const bytes = new Uint8Array(held);
        let at = 0;
        for (const part of parts) {
          bytes.set(part, at);
          at += part.length;
        }
        parts = [];
        held = 0;
        return bytes;
      };
      for (let i = 0; i < ranges; i++) {
        // Each range centred in its share of the file.
        const start = Math.floor(i * spacing + (spacing - width) / 2);
        const lines = linesBeginningIn(fd, size, start, Math.floor(i * spacing + (spacing + width) / 2), maxLine);
        if (lines.length === 0) continue;
        parts.push(lines);
        held += lines.length;
        if (held >= CHUNK_BYTES) yield chunk();
      }
      if (held > 0) yield chunk();
    } catch {
      // A read error ends this file's sample; the main pass reads the file again and reports it.
    } finally {
      closeSync(fd);
    }
  })();
}

/**
 * Learns corpus-level boilerplate lines. Below 2 x CORPUS_SAMPLE_DOCUMENTS documents every one
 * is counted; a larger corpus is sampled evenly, at least CORPUS_SAMPLE_DOCUMENTS documents:
 * every k-th file, and 1 in k of each JSONL file's bytes in evenly spaced ranges (every k-th
 * line of a gzip file or standard input, which cannot be read at offsets). A line is in a range
 * when it begins there, so each line is sampled with the same chance 1/k whatever its length,
 * and only the sampled bytes are read. The counter's threshold is a share of the documents it
 * saw (0.05%), so a line carried by a share p of the corpus is expected in a share p of the
 * sample and is learned alike; ranges of a few documents each keep the sample nearly as spread
 * as every k-th line. Lines worth removing recur in hundreds of documents, far above sampling
 * noise, and the pass costs the same however large the corpus.
 */
export async function learnBoilerplate(groups: readonly InputGroup[], expected: number, pool: BatchPool, read: ReadOptions): Promise<Set<string>> {
  const counter = new CorpusLineCounter();
  const step = Math.max(1, Math.floor(expected / CORPUS_SAMPLE_DOCUMENTS));
  let fileNumber = 0;
  const pending: Promise<BatchResult | SampleResult>[] = [];
  const countSample = (sample: SampleResult) => {
    for (let i = 0; i < sample.texts.length; i++) counter.add(sample.texts[i], sample.formats[i]);
  };
  const submit = async (task: BatchTask, transfer: ArrayBuffer[] = []) => {
    const result = pool.run(task, transfer);
    result.catch(() => undefined);
    pending.push(result);
    if (pending.length >= pool.jobs * 4) countSample((await pending.shift()!) as SampleResult);
  };
  for (const group of groups) {
    if ('files' in group) {
      const chosen = group.files.filter(() => fileNumber++ % step === 0);
      for (let i = 0; i < chosen.length; i += FILES_PER_BATCH) await submit({ kind: 'sample', files: chosen.slice(i, i + FILES_PER_BATCH) });
      continue;
    }
    const { file } = group.jsonl;
    const ranges = step > 1 && file.path !== '-' ? sampledRanges(file, step, read.maxFileSize) : undefined;
    if (ranges) {
      // Every line of a range is sampled; line numbers matter only for reports, which the sample makes none of.
      for (const bytes of ranges) await submit({ kind: 'sample-lines', file, firstLine: 0, bytes, step: 1 }, [bytes.buffer as ArrayBuffer]);
      continue;
    }
    for await (const chunk of group.jsonl.chunks(read.maxFileSize)) {
      if (!('bytes' in chunk)) continue;
      // Only chunks holding a sampled line go to the workers.
      if (Math.floor((chunk.firstLine + chunk.lines) / step) === Math.floor(chunk.firstLine / step)) continue;
      // A file is read again for the main pass, so its chunk can move; held input is kept.
      await submit({ kind: 'sample-lines', file, firstLine: chunk.firstLine, bytes: chunk.bytes, step }, file.path === '-' ? [] : [chunk.bytes.buffer as ArrayBuffer]);
    }
  }
  for (const result of pending) countSample((await result) as SampleResult);
  return counter.boilerplate();
}

export async function run(inputs: readonly string[], options: RunOptions): Promise<RunResult> {
  const { files, problems } = await discover(inputs, options.discover);
  if (files.length === 0) {
    throw new NoInputError(problems.length ? problems.map((p) => `${p.path}: ${p.reason}`).join('; ') : 'no input files found');
  }
  const params = runParams(options);
  const skipped: Skipped[] = [...problems];
  const read = options.read;
  const fromStdin = files.some((f) => f.path === '-');

  const groups: InputGroup[] = [];
  const stdinFile = files.find((f) => f.path === '-');
  if (stdinFile) {
    if (!options.stdin) throw new Error('standard input is not available');
    groups.push({ jsonl: await JsonlInput.hold(stdinFile, options.stdin, read.maxFileSize) });
  }
  for (const file of files) {
    if (file.path === '-') continue;
    const last = groups[groups.length - 1];
    if (file.kind === 'jsonl') groups.push({ jsonl: new JsonlInput(file) });
    else if (last && 'files' in last) last.files.push(file);
    else groups.push({ files: [file] });
  }
  let expected = 0;
  for (const group of groups) expected += 'files' in group ? group.files.length : await group.jsonl.expectedLines();

  const pool = new BatchPool(Math.max(1, options.jobs ?? availableParallelism()));
  const store = new SketchStore(params.permutations);
  const columns = new DocumentColumns();
  const documents: StoredDocument[] = [];
  const heldTexts = new Map<number, string>();
  const ids = new Set<string>();
  let boilerplateLines: ReadonlySet<string> = new Set();
  let bytes = 0;
  try {
    pool.configure({ read, fingerprint: options.fingerprint, boilerplateLines: [] });
    if (options.corpusLines) boilerplateLines = await learnBoilerplate(groups, expected, pool, read);
    pool.configure({ read, fingerprint: options.fingerprint, boilerplateLines: [...boilerplateLines] });

    const consume = (batch: BatchResult, task: DocumentTask) => {
      const first = store.append(batch);
      let flagAt = 0;
      for (let i = 0; i < batch.count; i++) {
        const n = batch.numbers.subarray(i * NUMBER_FIELDS, (i + 1) * NUMBER_FIELDS);
        const input = task.kind === 'lines' ? task.file : task.files[n[Field.File]];
        const record = n[Field.Record] === 0 ? undefined : n[Field.Record];
        const index = first + i;
        const rawId = batch.ids[i];
        let id = rawId;
        if (ids.has(id)) id = record !== undefined ? `${input.displayPath}:${record}` : `${input.displayPath}#${index}`;
        for (let k = 2; ids.has(id); k++) id = `${rawId}#${k}`;
        ids.add(id);
        let flags = NO_FLAGS;
        if (flagAt < batch.flags.length && batch.flags[flagAt][0] === i) flags = batch.flags[flagAt++][1];
        columns.add(n, input, flags);
        documents.push(new StoredDocument(columns, store, index, id, batch.titles[i], batch.dates[i]));
        if (input.path === '-') heldTexts.set(index, batch.texts[i]);
      }
      skipped.push(...batch.skipped);
      bytes += batch.bytes;
      options.onProgress?.(documents.length, bytes, expected > 0 ? Math.max(expected, documents.length + skipped.length) : undefined);
    };

    // Batches in flight, consumed in input order; a skipped entry keeps its place among them.
    const queue: ({ task: DocumentTask; result: Promise<BatchResult | SampleResult> } | { skipped: Skipped })[] = [];
    const drain = async (keep: number) => {
      while (queue.length > keep) {
        const head = queue.shift()!;
        if ('skipped' in head) skipped.push(head.skipped);
        else consume((await head.result) as BatchResult, head.task);
      }
    };
    const submit = async (task: DocumentTask, transfer: ArrayBuffer[] = []) => {
      const result = pool.run(task, transfer);
      // A failed batch is reported when its turn comes; the ones after it must not go unhandled.
      result.catch(() => undefined);
      queue.push({ task, result });
      await drain(pool.jobs * 3);
    };
    for (const group of groups) {
      if ('files' in group) {
        for (let i = 0; i < group.files.length; i += FILES_PER_BATCH) await submit({ kind: 'files', files: group.files.slice(i, i + FILES_PER_BATCH) });
        continue;
      }
      const file = group.jsonl.file;
      for await (const chunk of group.jsonl.chunks(read.maxFileSize)) {
        if ('skipped' in chunk) queue.push({ skipped: chunk.skipped });
        // A file's chunks move to the worker; standard input's stay held (copied), as pass 1 used them too.
        else await submit({ kind: 'lines', file, firstLine: chunk.firstLine, bytes: chunk.bytes, holdTexts: file.path === '-' }, file.path === '-' ? [] : [chunk.bytes.buffer as ArrayBuffer]);
      }
    }
    await drain(0);
  } finally {
    await pool.close();
  }
  if (!fromStdin && documents.length === 0 && skipped.length === problems.length && problems.length > 0) {
    throw new NoInputError(problems.map((p) => `${p.path}: ${p.reason}`).join('; '));
  }

  const accepted: [number, number][] = [];
  forEachCandidatePair(documents.length, params.bands, (band, keys) => store.bandKeys(band, params.rows, keys), (earlier, later) => {
    if (comparePair(documents[earlier], documents[later], options.policy).match) accepted.push([earlier, later]);
  });
  const clusters = buildClusters(documents.length, accepted, documents, options.policy, options.canonical, true);
  const similarity = new Map<number, { jaccard: number; containment: number }>();
  for (const cluster of clusters) {
    const canonical = documents[cluster.canonical];
    for (const member of cluster.members) {
      const doc = documents[member];
      similarity.set(member, member === cluster.canonical ? { jaccard: 1, containment: 1 } : similarityOf(canonical, doc));
    }
  }
  if (options.releaseSketches) store.releaseAll();
  return { params, files: files.length, documents, skipped, clusters, similarity, heldTexts, boilerplateLines };
}

/** Cleaned texts of the given documents, read again from their files. */
export async function cleanedTexts(result: RunResult, indexes: readonly number[], read: ReadOptions): Promise<Map<number, CleanedDocument>> {
  const out = new Map<number, CleanedDocument>();
  const wanted = indexes.filter((i) => !result.heldTexts.has(i));
  const sources = new Map(wanted.map((i) => [i, result.documents[i].source]));
  const raws = await rereadDocuments([...sources.values()], read);
  for (const i of indexes) {
    const held = result.heldTexts.get(i);
    if (held !== undefined) {
      out.set(i, { text: held, removed: [], flags: [] });
      continue;
    }
    const raw = raws.get(sources.get(i)!);
    if (raw) out.set(i, cleanDocument(raw.text, raw.format, { boilerplateLines: result.boilerplateLines }));
  }
  return out;
}

export interface CleanRunOptions {
  discover: DiscoverOptions;
  read: ReadOptions;
  corpusLines: boolean;
  stdin?: Readable;
}

export type CleanItem = { raw: RawDocument; cleaned: CleanedDocument } | { skipped: Skipped };

/**
 * Discovers, reads and cleans inputs without fingerprinting: what `dedupe clean` prints. The
 * corpus-level line pass runs first, as in a full run, so both clean alike.
 */
export async function* cleanInputs(inputs: readonly string[], options: CleanRunOptions): AsyncGenerator<CleanItem> {
  const { files, problems } = await discover(inputs, options.discover);
  if (files.length === 0) throw new NoInputError(problems.length ? problems.map((p) => `${p.path}: ${p.reason}`).join('; ') : 'no input files found');
  for (const skipped of problems) yield { skipped };
  // Standard input can be read only once: hold its items for both passes.
  const held: ReadItem[] = [];
  const stdinFile = files.find((f) => f.path === '-');
  if (stdinFile) for await (const item of readFileDocuments(stdinFile, options.read, options.stdin)) held.push(item);
  const diskFiles = files.filter((f) => f.path !== '-');
  let boilerplateLines: ReadonlySet<string> = new Set();
  if (options.corpusLines) {
    const counter = new CorpusLineCounter();
    for (const item of held) if ('doc' in item) counter.add(item.doc.text, item.doc.format);
    for await (const item of readAll(diskFiles, options.read)) if ('doc' in item) counter.add(item.doc.text, item.doc.format);
    boilerplateLines = counter.boilerplate();
  }
  const clean = (item: ReadItem): CleanItem => ('doc' in item ? { raw: item.doc, cleaned: cleanDocument(item.doc.text, item.doc.format, { boilerplateLines }) } : item);
  for (const item of held) yield clean(item);
  for await (const item of readAll(diskFiles, options.read)) yield clean(item);
}

/**
 * Runs the stages: discover; learn corpus-level boilerplate lines from a sample; then read,
 * clean and fingerprint every document in batches on a pool of worker threads; then find and
 * verify candidate pairs (LSH) and cluster (matching.ts).
 *
 * Streaming: JSONL and large JSON arrays are cut into chunks of whole records and other files
 * into small groups, a few batches in flight at a time. Memory holds each document's sketch
 * (signatures in shared blocks, not one array per document) and metadata, never its text;
 * canonical texts are read again when they are printed or written, checked against what was
 * read. Standard input, when it is read twice, is copied to a temporary file as it comes.
 * Batches are consumed in input order, so results are the same for any number of jobs.
 */

import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createScratchFolder, discardFolder } from '../io/atomic.js';
import { type BatchResult, type BatchTask, type SampleResult } from './batch.js';
import { optimalBanding, type BandingParams } from '../match/candidates.js';
import { CorpusLineCounter, NO_BOILERPLATE, type BoilerplateLines } from '../clean/index.js';
import { cleanOrSkip, cleanRaw, parseTime, rawTextHash } from './process.js';
import type { CanonicalPolicy } from '../match/cluster.js';
import type { MatchPolicy } from '../match/verify.js';
import { discover, type DiscoverOptions } from '../input/discover.js';
import { type FingerprintOptions } from '../sketch/minhash.js';
import { fmix32, TOKENISATION } from '../sketch/tokens.js';
import { BatchPool } from './pool.js';
import { matchDocuments, similarityToCanonicals } from './matching.js';
import type { ProgressState } from '../io/progress.js';
import { JsonlInput, sampledRanges } from '../input/jsonl.js';
import { streamByteReader } from '../input/open.js';
import { DocumentColumns, Field, NO_FLAGS, NUMBER_FIELDS, SketchStore, StoredDocument } from './document-table.js';
import type { RunParams, RunResult, StandardInputCopy } from './result.js';
import { readFileDocuments, readInChunks, rereadDocuments, type DocumentSource } from '../input/documents.js';
import { type ReadOptions } from '../input/records.js';
import type { CleanedDocument, InputFile, RawDocument, Skipped } from '../types.js';
import { EventLoopTurns } from './turns.js';

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
  /** Candidate pairs verified per document at most (as the later member; see match/bounded.ts). */
  verifyBudget?: number;
  /**
   * The caller reads texts again after the run (--out, --print canonical, --html): a copy of
   * standard input is kept in the result until it calls `result.standardInput.remove()`.
   */
  keepStandardInput?: boolean;
  /**
   * Worker threads for reading, cleaning and fingerprinting (at most WORKERS_PER_CORE per core); 1
   * runs them in this thread. Default: defaultJobs, one for a small input, else the available cores.
   */
  jobs?: number;
  /** Called as the run goes: the phase, and its progress (documents and bytes read, bands done and pairs verified). */
  onProgress?: (state: ProgressState) => void;
  /**
   * Free the documents' sketches (signatures, figures) once clusters are built: a caller that
   * only reports saves their memory (several hundred bytes a document). Reading a sketch afterwards throws.
   */
  releaseSketches?: boolean;
}


/** Nothing to work on: no input file, or not one readable document among the inputs. Exit status 2. */
export class NoInputError extends Error {}

/** The error of a run whose paths hold no input file. */
export function noInputFiles(problems: readonly Skipped[]): NoInputError {
  return new NoInputError(problems.length ? problems.map((p) => `${p.path}: ${p.reason}`).join('; ') : 'no input files found');
}

/** How many skipped inputs a NoInputError names before it gives their count. */
const REASONS_SHOWN = 5;

/** The error of a run that found no readable document: why each input gave none (the first few). */
export function noDocumentError(skipped: readonly Skipped[]): NoInputError {
  if (skipped.length === 0) return new NoInputError('no readable document: the input holds no records');
  const reasons = skipped.slice(0, REASONS_SHOWN).map((p) => `${p.path}: ${p.reason}`);
  const more = skipped.length > REASONS_SHOWN ? `; and ${skipped.length - REASONS_SHOWN} more skipped` : '';
  return new NoInputError(`no readable document (${skipped.length} input${skipped.length === 1 ? '' : 's'} skipped): ${reasons.join('; ')}${more}`);
}

export function runParams(options: RunOptions): RunParams {
  const banding = options.banding ?? optimalBanding(options.candidateThreshold, options.fingerprint.permutations);
  return {
    shingleSize: options.fingerprint.shingleSize,
    permutations: options.fingerprint.permutations,
    seed: options.fingerprint.seed,
    threshold: options.policy.threshold,
    containment: options.policy.containment,
    figures: options.policy.figures,
    dateGap: options.policy.dateGap,
    candidateThreshold: options.candidateThreshold,
    bands: banding.bands,
    rows: banding.rows,
    canonical: options.canonical,
    corpusLines: options.corpusLines,
    tokenisation: TOKENISATION,
  };
}




/** Whole files per batch. */
const FILES_PER_BATCH = 32;
/**
 * The corpus line counter sees at least this many documents (all of them in smaller corpora).
 * Its threshold is max(10, 0.05% of the documents it saw): from 20,000 documents on, the share
 * binds, not the floor, so a threshold learned on an even sample matches the whole corpus's.
 */
export const CORPUS_SAMPLE_DOCUMENTS = 20_000;

/** Batches that produce documents (the others sample texts for the corpus line counter). */
type DocumentTask = Extract<BatchTask, { kind: 'lines' | 'files' }>;

/** The inputs in run order: standard input first, then JSONL files and runs of other files. */
export type InputGroup = { jsonl: JsonlInput } | { files: InputFile[] };

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
export async function learnBoilerplate(groups: readonly InputGroup[], expected: number, pool: BatchPool, read: ReadOptions): Promise<BoilerplateLines> {
  const counter = new CorpusLineCounter();
  const step = Math.max(1, Math.floor(expected / CORPUS_SAMPLE_DOCUMENTS));
  let fileNumber = 0;
  const pending: Promise<BatchResult | SampleResult>[] = [];
  const countSample = ({ hashes, ends }: SampleResult) => {
    for (let i = 0; i < ends.length; i++) counter.addHashes(hashes, i === 0 ? 0 : ends[i - 1], ends[i]);
  };
  const submit = async (task: BatchTask, transfer: ArrayBuffer[] = []) => {
    const result = pool.run(task, transfer);
    result.catch(() => undefined);
    pending.push(result);
    if (pending.length >= pool.size * 4) countSample((await pending.shift()!) as SampleResult);
  };
  for (const group of groups) {
    if ('files' in group) {
      const chosen = group.files.filter(() => fileNumber++ % step === 0);
      for (let i = 0; i < chosen.length; i += FILES_PER_BATCH) await submit({ kind: 'sample', files: chosen.slice(i, i + FILES_PER_BATCH) });
      continue;
    }
    const { file } = group.jsonl;
    // JSONL on disk is sampled at byte offsets; an array's records are found only by reading it.
    const ranges = step > 1 && file.kind === 'jsonl' ? sampledRanges(group.jsonl.readable, step, read.maxFileSize) : undefined;
    if (ranges) {
      // Every line of a range is sampled; line numbers matter only for reports, which the sample makes none of.
      for (const bytes of ranges) await submit({ kind: 'sample-lines', file, firstLine: 0, bytes, step: 1 }, [bytes.buffer as ArrayBuffer]);
      continue;
    }
    for await (const chunk of group.jsonl.chunks(read.maxFileSize)) {
      if (!('bytes' in chunk)) continue;
      // Only chunks holding a sampled line go to the workers.
      if (Math.floor((chunk.firstLine + chunk.lines) / step) === Math.floor(chunk.firstLine / step)) continue;
      // Every input is read again for the main pass (standard input from its copy), so the chunk can move.
      await submit({ kind: 'sample-lines', file, firstLine: chunk.firstLine, bytes: chunk.bytes, step }, [chunk.bytes.buffer as ArrayBuffer]);
    }
  }
  for (const result of pending) countSample((await result) as SampleResult);
  return counter.boilerplate();
}

export async function run(inputs: readonly string[], options: RunOptions): Promise<RunResult> {
  const { files, problems, missing } = await discover(inputs, options.discover);
  if (files.length === 0) throw noInputFiles(problems);
  const params = runParams(options);
  const stdinFile = files.find((f) => f.path === '-');
  // Read twice (the corpus line pass, or the texts afterwards): copied to disk as it comes.
  const standardInput = stdinFile && (options.corpusLines || options.keepStandardInput) ? await copyStandardInput(options.stdin) : undefined;
  let kept = false;
  try {
    const groups = inputGroups(files, options, standardInput);
    const table = new RunTable(params.permutations, problems);
    await readAndSketch(groups, table, await expectedDocuments(groups), options);
    table.finishReading();
    if (table.documents.length === 0) throw noDocumentError(table.skipped);
    const { documents, store } = table;
    const { clusters, stats, keptApart } = await matchDocuments(documents, store, params, options, table.columns);
    const similarity = similarityToCanonicals(documents, clusters, store);
    if (options.releaseSketches) store.releaseAll();
    kept = Boolean(options.keepStandardInput);
    return { params, files: files.length, documents, skipped: table.skipped, missing, clusters, similarity, keptApart, standardInput: kept ? standardInput : undefined, boilerplateLines: table.boilerplateLines, stats };
  } finally {
    if (!kept) await standardInput?.remove();
  }
}

/** Standard input copied to a file in a temporary folder, removed on an interrupt or by `remove()`. */
export async function copyStandardInput(stdin: Readable | undefined): Promise<StandardInputCopy> {
  if (!stdin) throw new Error('standard input is not available');
  const folder = await createScratchFolder();
  const copy = path.join(folder, 'stdin.jsonl');
  try {
    await pipeline(stdin, createWriteStream(copy));
  } catch (error) {
    await discardFolder(folder);
    throw error;
  }
  return { path: copy, remove: () => discardFolder(folder) };
}

/**
 * The inputs in run order: standard input first (from its copy when it has one, else streamed
 * once), then inputs read in chunks of records (JSONL, large JSON arrays) and runs of other files.
 */
function inputGroups(files: readonly InputFile[], options: RunOptions, standardInput: StandardInputCopy | undefined): InputGroup[] {
  const groups: InputGroup[] = [];
  const stdinFile = files.find((f) => f.path === '-');
  if (stdinFile) {
    if (standardInput) groups.push({ jsonl: new JsonlInput(stdinFile, standardInput.path) });
    else if (options.stdin) groups.push({ jsonl: new JsonlInput(stdinFile, '-', streamByteReader(options.stdin)) });
    else throw new Error('standard input is not available');
  }
  for (const file of files) {
    if (file.path === '-') continue;
    const last = groups[groups.length - 1];
    if (readInChunks(file, options.read.maxFileSize)) groups.push({ jsonl: new JsonlInput(file) });
    else if (last && 'files' in last) last.files.push(file);
    else groups.push({ files: [file] });
  }
  return groups;
}

/**
 * A set of ids: an open-addressing table of entry numbers keyed by a seeded hash of the id (see
 * idHash), the ids and their hashes kept in entry order. A run adds every
 * document's id; a Set of a million fresh strings took 1 to 3 s of the main thread, this a
 * fraction of it.
 */
export class TakenIds {
  /** Per slot, an entry number plus one; 0 for an empty slot. Never more than half full. */
  private slots = new Int32Array(1 << 10);
  private readonly ids: string[] = [];
  private hashes = new Uint32Array(1 << 9);

  /** Adds `id` unless it is taken; whether it was added. */
  add(id: string): boolean {
    const hash = idHash(id);
    const slot = this.slotOf(id, hash);
    if (this.slots[slot] !== 0) return false;
    const entry = this.ids.length;
    this.ids.push(id);
    if (entry === this.hashes.length) {
      const grown = new Uint32Array(entry * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[entry] = hash;
    this.slots[slot] = entry + 1;
    if ((entry + 1) * 2 > this.slots.length) this.grow();
    return true;
  }

  has(id: string): boolean {
    return this.slots[this.slotOf(id, idHash(id))] !== 0;
  }

  /** The slot holding `id`, or the empty slot where it would go. */
  private slotOf(id: string, hash: number): number {
    const { slots, hashes, ids } = this;
    const mask = slots.length - 1;
    let slot = hash & mask;
    for (let entry = slots[slot]; entry !== 0; entry = slots[slot]) {
      if (hashes[entry - 1] === hash && ids[entry - 1] === id) return slot;
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.ids.length; entry++) {
      let slot = this.hashes[entry] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}

/**
 * Seed of idHash, drawn per process: ids come from the input, and ids made to collide under a
 * fixed hash would make every look-up walk one long run of the table. Only the table's layout
 * depends on it, never which ids are taken.
 */
const ID_SEED = randomBytes(4).readUInt32LE(0);

/** FNV-1a over a string's UTF-16 code units from a seeded start, finished with fmix32. */
function idHash(id: string): number {
  let hash = (0x811c9dc5 ^ ID_SEED) >>> 0;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return fmix32(hash);
}

/** Distinct dates given one shared string each; past this many (timestamps to the second), each document keeps its own. */
const SHARED_DATES = 1 << 16;

/** The run's documents as they come back from the workers, in input order, with unique ids. */
class RunTable {
  readonly store: SketchStore;
  readonly columns = new DocumentColumns();
  readonly documents: StoredDocument[] = [];
  readonly skipped: Skipped[];
  boilerplateLines: BoilerplateLines = NO_BOILERPLATE;
  bytes = 0;
  /** Every id taken, while documents are added (see uniqueId). */
  private ids = new TakenIds();
  /** One string per distinct date as read: a corpus's documents share a few thousand days. */
  private readonly dates = new Map<string, string>();

  constructor(permutations: number, problems: readonly Skipped[]) {
    this.store = new SketchStore(permutations);
    this.skipped = [...problems];
  }

  /** Adds a batch's documents and skipped inputs. */
  add(batch: BatchResult, task: DocumentTask): void {
    const first = this.store.append(batch);
    let flagAt = 0;
    let urlAt = 0;
    for (let i = 0; i < batch.count; i++) {
      const n = batch.numbers.subarray(i * NUMBER_FIELDS, (i + 1) * NUMBER_FIELDS);
      const input = task.kind === 'lines' ? task.file : task.files[n[Field.File]];
      const index = first + i;
      const id = this.uniqueId(batch.ids[i], input, n[Field.Record] === 0 ? undefined : n[Field.Record], index);
      let flags = NO_FLAGS;
      if (flagAt < batch.flags.length && batch.flags[flagAt][0] === i) flags = batch.flags[flagAt++][1];
      let url: string | undefined;
      if (urlAt < batch.urls.length && batch.urls[urlAt][0] === i) url = batch.urls[urlAt++][1];
      const date = this.sharedDate(batch.dates[i]);
      this.columns.add(n, input, flags, url, parseTime(date));
      this.documents.push(new StoredDocument(this.columns, this.store, index, id, batch.titles[i], date));
    }
    this.skipped.push(...batch.skipped);
    this.bytes += batch.bytes;
  }

  /** Every document is in: the ids taken are no longer needed (a million of them are tens of MB). */
  finishReading(): void {
    this.ids = new TakenIds();
    this.dates.clear();
  }

  /** The one string kept for a date (dates each as its own string, once the distinct ones are over SHARED_DATES). */
  private sharedDate(date: string | undefined): string | undefined {
    if (date === undefined) return undefined;
    const shared = this.dates.get(date);
    if (shared !== undefined) return shared;
    if (this.dates.size < SHARED_DATES) this.dates.set(date, date);
    return date;
  }

  /** A later document with an id already taken is renamed `path:line` (a record) or `path#index`, then `id#k`. */
  private uniqueId(rawId: string, input: InputFile, record: number | undefined, index: number): string {
    // An id not taken yet (almost every one) is added and settled in one look-up.
    if (this.ids.add(rawId)) return rawId;
    let id = record !== undefined ? `${input.displayPath}:${record}` : `${input.displayPath}#${index}`;
    for (let k = 2; this.ids.has(id); k++) id = `${rawId}#${k}`;
    this.ids.add(id);
    return id;
  }
}

/**
 * Inputs smaller than this are read, cleaned and sketched in the main thread by default: each
 * worker thread costs a start and a warm-up of its own (about 0.5 s of CPU), and below this size
 * that costs more than a second core saves. Medians of 3 on 2 cores, one thread against two
 * workers: 2,000 Reuters stories 0.79 against 0.91 s, 10,000 (9.6 MB) 1.55 against 1.75 s, all
 * 21,578 (20 MB) 2.61 against 2.70 s with 1.1 s less CPU; at 33 MB (10,000 news articles, or
 * digest pages) two workers are as fast or faster (2.24 against 2.16 s, 3.17 against 3.01 s).
 */
export const SMALL_INPUT_BYTES = 24 * 1024 * 1024;

/** More files than this make an input that is not small, whatever their sizes (none is looked at). */
const SMALL_INPUT_FILES = 8192;

/** Threads a run uses when --jobs is not given: one for a small input (see SMALL_INPUT_BYTES), else one per available core. */
export function defaultJobs(groups: readonly InputGroup[], cores = availableParallelism()): number {
  return inputBytesBelow(groups, SMALL_INPUT_BYTES) ? 1 : cores;
}

/** Whether the inputs add up to fewer than `limit` bytes (standard input and gzip files count as unknown, so not). */
function inputBytesBelow(groups: readonly InputGroup[], limit: number): boolean {
  let bytes = 0;
  let files = 0;
  for (const group of groups) {
    const paths = 'files' in group ? group.files.map((f) => f.path) : [group.jsonl.readFrom];
    files += paths.length;
    if (files > SMALL_INPUT_FILES) return false;
    for (const file of paths) {
      if (file === '-' || file.toLowerCase().endsWith('.gz')) return false;
      try {
        bytes += statSync(file).size;
      } catch {
        // Unreadable: reading says why; it adds nothing to read.
      }
      if (bytes >= limit) return false;
    }
  }
  return true;
}

/** Documents the inputs are expected to hold: files, and lines of JSONL files (estimated from their heads). */
async function expectedDocuments(groups: readonly InputGroup[]): Promise<number> {
  let expected = 0;
  for (const group of groups) expected += 'files' in group ? group.files.length : await group.jsonl.expectedLines();
  return expected;
}

/**
 * Learns the corpus lines, then reads, cleans and sketches every input on the worker pool, a
 * few batches in flight, consumed in input order (a skipped entry keeps its place among them).
 */
async function readAndSketch(groups: readonly InputGroup[], table: RunTable, expected: number, options: RunOptions): Promise<void> {
  const { read } = options;
  const pool = new BatchPool(Math.max(1, options.jobs ?? defaultJobs(groups)));
  const queue: ({ task: DocumentTask; result: Promise<BatchResult | SampleResult> } | { skipped: Skipped })[] = [];
  const drain = async (keep: number) => {
    while (queue.length > keep) {
      const head = queue.shift()!;
      if ('skipped' in head) table.skipped.push(head.skipped);
      else {
        table.add((await head.result) as BatchResult, head.task);
        const expectedNow = expected > 0 ? Math.max(expected, table.documents.length + table.skipped.length) : undefined;
        options.onProgress?.({ phase: 'reading', documents: table.documents.length, bytes: table.bytes, expected: expectedNow });
      }
    }
  };
  const submit = async (task: DocumentTask, transfer: ArrayBuffer[] = []) => {
    const result = pool.run(task, transfer);
    // A failed batch is reported when its turn comes; the ones after it must not go unhandled.
    result.catch(() => undefined);
    queue.push({ task, result });
    await drain(pool.size * 3);
  };
  try {
    pool.configure({ read, fingerprint: options.fingerprint, boilerplateLines: [] });
    if (options.corpusLines) {
      options.onProgress?.({ phase: 'learning', documents: 0, bytes: 0 });
      table.boilerplateLines = await learnBoilerplate(groups, expected, pool, read);
    }
    options.onProgress?.({ phase: 'reading', documents: 0, bytes: 0, expected: expected || undefined });
    pool.configure({ read, fingerprint: options.fingerprint, boilerplateLines: table.boilerplateLines.toArray() });
    for (const group of groups) {
      if ('files' in group) {
        for (let i = 0; i < group.files.length; i += FILES_PER_BATCH) await submit({ kind: 'files', files: group.files.slice(i, i + FILES_PER_BATCH) });
        continue;
      }
      const file = group.jsonl.file;
      for await (const chunk of group.jsonl.chunks(read.maxFileSize)) {
        if ('skipped' in chunk) queue.push({ skipped: chunk.skipped });
        else await submit({ kind: 'lines', file, firstLine: chunk.firstLine, bytes: chunk.bytes }, [chunk.bytes.buffer as ArrayBuffer]);
      }
    }
    await drain(0);
  } finally {
    await pool.close();
  }
}

/** A document's cleaned text read again, or, when its input no longer holds the text the run read, what happened. */
export type TextReadAgain = { index: number; cleaned: CleanedDocument } | { index: number; changed: string };

/**
 * Cleaned texts of the given documents, read again from their inputs one at a time, file by file
 * (memory holds the file being read, not the texts). A raw text must be the one the run read:
 * the same length and rawTextHash. One that differs, or is gone, comes back as `changed`, never
 * as text no cluster saw.
 */
export async function* textsReadAgain(result: RunResult, indexes: readonly number[], read: ReadOptions): AsyncGenerator<TextReadAgain> {
  const indexOf = new Map<DocumentSource, number>(indexes.map((i) => [result.documents[i].source, i]));
  for await (const { source, doc } of rereadDocuments([...indexOf.keys()], read, result.standardInput?.path)) {
    const index = indexOf.get(source)!;
    const entry = result.documents[index];
    const where = source.record === undefined ? source.path : `${source.path}:${source.kind === 'json' ? '#' : ''}${source.record}`;
    if (!doc) yield { index, changed: `${where}: no longer there` };
    else if (doc.text.length !== entry.rawChars || rawTextHash(doc.text) !== entry.rawHash) yield { index, changed: `${where}: changed since it was read` };
    else yield { index, cleaned: cleanRaw(doc, result.boilerplateLines) };
  }
}

/** Cleaned texts of the given documents read again (textsReadAgain), those whose input changed left out. */
export async function cleanedTexts(result: RunResult, indexes: readonly number[], read: ReadOptions): Promise<Map<number, CleanedDocument>> {
  const out = new Map<number, CleanedDocument>();
  for await (const text of textsReadAgain(result, indexes, read)) if ('cleaned' in text) out.set(text.index, text.cleaned);
  return out;
}

export interface CleanRunOptions {
  discover: DiscoverOptions;
  read: ReadOptions;
  corpusLines: boolean;
  stdin?: Readable;
}

/** A cleaned document, or an input that gave none (`missing`: a path named on the command line that does not exist). */
export type CleanItem = { raw: RawDocument; cleaned: CleanedDocument } | { skipped: Skipped; missing?: boolean };

/**
 * Discovers, reads and cleans inputs without fingerprinting: what `dedupe clean` prints. The
 * corpus-level line pass runs first, as in a full run, so both clean alike.
 */
export async function* cleanInputs(inputs: readonly string[], options: CleanRunOptions): AsyncGenerator<CleanItem> {
  const { files, problems, missing } = await discover(inputs, options.discover);
  if (files.length === 0) throw noInputFiles(problems);
  for (const skipped of problems) yield { skipped, missing: missing.includes(skipped.path) };
  // Standard input first; read twice when corpus lines are learned, from a copy on disk.
  const stdinFile = files.find((f) => f.path === '-');
  const standardInput = stdinFile && options.corpusLines ? await copyStandardInput(options.stdin) : undefined;
  const ordered = [...(stdinFile ? [stdinFile] : []), ...files.filter((f) => f.path !== '-')];
  const readInputs = async function* () {
    for (const file of ordered) yield* readFileDocuments(file, options.read, file !== stdinFile ? undefined : standardInput ? createReadStream(standardInput.path) : options.stdin);
  };
  const turns = new EventLoopTurns();
  try {
    let boilerplateLines: BoilerplateLines = NO_BOILERPLATE;
    if (options.corpusLines) {
      const counter = new CorpusLineCounter();
      for await (const item of readInputs()) {
        if ('doc' in item) counter.add(item.doc.text, item.doc.format);
        await turns.take();
      }
      boilerplateLines = counter.boilerplate();
    }
    // the documents are cleaned in this thread: a signal is answered between them
    for await (const item of readInputs()) {
      await turns.take();
      if (!('doc' in item)) {
        yield item;
        continue;
      }
      const outcome = cleanOrSkip(item.doc, boilerplateLines);
      yield 'skipped' in outcome ? outcome : { raw: item.doc, cleaned: outcome.cleaned };
    }
  } finally {
    await standardInput?.remove();
  }
}

/**
 * The persistent index: what it stores of each document, the parameters every stored sketch
 * was made with, and the operations an incremental run needs. SQLite (one machine) and Redis
 * (many workers) implement the same interface.
 */

import type { CanonicalPolicy, CanonicalFacts } from '../match/cluster.js';
import { DEFAULT_POLICY, type MatchPolicy } from '../match/verify.js';
import type { CorpusLineUpdate, StoredCorpusLines } from '../engine/corpus-lines.js';
import { indexBandHashes, ownKey } from '../match/candidates.js';

/** Everything that must agree between the runs that share one index: sketching, banding and the match policy. */
/**
 * The stored format, one series for both back ends. It changes whenever the tables change or
 * stored sketches stop comparing with new ones: format 1 kept figures alone where format 2 keeps
 * samples; format 3 hashes shingles another way; format 4 tokenises unspaced scripts by character
 * and reads digits of every numeral system as figures; format 5 keeps each document as one
 * binary record (codec.ts) with the compact 16-bit signature a run compares, the short
 * documents' shingle sets and the too-little-text flag; format 6 reads a time of day ("11:31") as
 * one token, a figure compared as dates are (records laid out as in format 5); format 7 keeps each
 * document's opening key in its record and two opening bands after the signature bands in its
 * buckets, so that an index proposes and accepts a first take with its full story as a run does
 * (a format 6 index holds neither). An index written before the format was recorded has params
 * and no format.
 */
export const INDEX_FORMAT = 'dedupe-index/7';

export interface IndexParams extends MatchPolicy {
  shingleSize: number;
  permutations: number;
  seed: number;
  bands: number;
  rows: number;
  canonical: CanonicalPolicy;
}

/** The command-line option that sets each parameter, for the refusal message. */
const OPTION_OF: Record<keyof IndexParams, string> = {
  shingleSize: '--shingle',
  permutations: '--permutations',
  seed: '--seed',
  bands: '--bands',
  rows: '--rows',
  threshold: '--threshold',
  containment: '--containment',
  minContainedShingles: 'minimum contained shingles',
  figures: '--figures',
  minFigures: 'minimum figures',
  changedFigures: 'changed figures share',
  lead: '--lead',
  nearIdentical: 'near-identical similarity',
  grouping: '--cluster',
  dateGap: '--date-gap',
  recurringMaxShingles: 'the largest recurring notice (shingles) the date gap applies to',
  canonical: '--canonical',
};

/**
 * Stored parameters as this version reads them. An index written before the date gap existed
 * has no `dateGap`: it judged every pair without one, so it reads as off (`--no-date-gap`).
 */
export function readStoredParams(json: string): IndexParams {
  const params = JSON.parse(json) as Omit<IndexParams, 'dateGap' | 'recurringMaxShingles'> & { dateGap?: number | null; recurringMaxShingles?: number };
  return { ...params, dateGap: params.dateGap ?? null, recurringMaxShingles: params.recurringMaxShingles ?? DEFAULT_POLICY.recurringMaxShingles };
}

/**
 * A document's band hashes in the index: its signature bands, then its opening bands (see
 * indexBandHashes in match/candidates.ts); a document with no key of an opening band gets one of
 * its own from its content hash.
 */
export function documentBandHashes(doc: Pick<StoredDocument, 'signature' | 'opening' | 'lead' | 'hash'>, bands: number, rows: number): Uint32Array {
  return indexBandHashes(doc, bands, rows, ownKey(Number.parseInt(doc.hash.slice(0, 8), 16)));
}

/** A run whose parameters differ from the index's: its signatures or verdicts would not compare. */
export class IncompatibleIndexError extends Error {}

/** An index that cannot be used as asked (missing for --query-only, not an index, bad URL). */
export class IndexTargetError extends Error {}

export function checkParams(target: string, stored: IndexParams, wanted: IndexParams): void {
  const differences: string[] = [];
  for (const key of Object.keys(OPTION_OF) as (keyof IndexParams)[]) {
    if (stored[key] !== wanted[key]) differences.push(`${OPTION_OF[key]} ${show(stored[key])} (this run: ${show(wanted[key])})`);
  }
  if (differences.length) {
    throw new IncompatibleIndexError(
      `index ${target} was built with other parameters: ${differences.join(', ')}. ` +
        'Signatures made with different parameters cannot be compared; run with the index\'s parameters or use a new index.',
    );
  }
}

function show(value: unknown): string {
  return value === null ? 'off' : String(value);
}

/** The fields of a stored document that are its sketch rather than its metadata. */
export type SketchFields = 'signature' | 'figures' | 'slots' | 'lead' | 'shingleSet' | 'tooLittleText' | 'opening';

/** A document as the index keeps it: its sketch (for verification and ranking) and metadata. */
export interface StoredDocument extends CanonicalFacts {
  /** Position in the index, assigned on insert; unique within one index. */
  seq: number;
  id: string;
  /** Hash of the cleaned text: the same id with the same hash is the same document. */
  hash: string;
  path: string;
  /**
   * Absolute path of the file it was read from ("-" for standard input); undefined for a
   * document indexed before dedupe recorded it.
   */
  file?: string;
  /** JSONL line or 1-based JSON array index; undefined for a whole-file document. */
  record?: number;
  title?: string;
  url?: string;
  date?: string;
  time?: number;
  cleanChars: number;
  debris: number;
  shingles: number;
  tokens: number;
  /** The compact signature a run compares: the low 16 bits of each MinHash value (b-bit minwise hashing). */
  signature: Uint16Array;
  figures: Uint32Array;
  slots: Uint32Array;
  lead: Uint32Array;
  /** Hash of the first words (openingKeyOf in sketch/features.ts); NO_OPENING for a text of fewer. */
  opening?: number;
  /** Id of the canonical of this document's cluster; null for a document with no copies. */
  cluster?: string | null;
  canonical?: boolean;
}

export type NewDocument = Omit<StoredDocument, 'seq' | 'cluster' | 'canonical'>;

/** Outcome of inserting one document. */
export type InsertOutcome =
  /** Inserted as `seq`; `candidates` are the indexed documents sharing an LSH band with it. */
  | { inserted: true; seq: number; candidates: number[] }
  /** The id was already indexed (possibly by another process a moment ago). */
  | { inserted: false; seq: number; hash: string };

export interface IndexLabel {
  seq: number;
  cluster: string | null;
  canonical: boolean;
}

export interface IndexStats {
  target: string;
  params: IndexParams | null;
  documents: number;
  /** Verified duplicate pairs. */
  pairs: number;
  /** Clusters of two or more documents. */
  duplicateClusters: number;
  /** Documents in a cluster that are not its canonical. */
  duplicates: number;
  /** Documents whose candidate pairs are not all verified yet (a run was interrupted). */
  pending: number;
  /** Documents whose cluster is not computed yet. */
  unlabelled: number;
  /** Bytes the index takes (file size for SQLite, memory for Redis). */
  bytes: number | null;
}

export interface IndexStore {
  /** The target as shown to the user (passwords masked). */
  readonly target: string;
  /** Stored parameters, or null for an empty index. */
  readParams(): Promise<IndexParams | null>;
  /** Stores the parameters of a new index, or refuses parameters unlike the stored ones. */
  ensureParams(params: IndexParams): Promise<void>;
  documentCount(): Promise<number>;
  /** Indexed documents among these ids: their position and content hash. */
  lookup(ids: readonly string[]): Promise<Map<string, { seq: number; hash: string }>>;
  /**
   * Inserts documents with their band hashes (one Uint32Array of `bands` values each) and returns
   * each one's candidates among the documents indexed before it. A new document is "pending"
   * until `complete` records its verified pairs, and "unlabelled" until its cluster is stored.
   */
  insert(documents: readonly NewDocument[], bandHashes: readonly Uint32Array[]): Promise<InsertOutcome[]>;
  /** Indexed documents sharing a band with each of these band-hash sets (read only). */
  candidates(bandHashes: readonly Uint32Array[]): Promise<number[][]>;
  getDocuments(seqs: readonly number[]): Promise<Map<number, StoredDocument>>;
  /** Records verified duplicate pairs and marks these documents' pairs as complete. */
  complete(pairs: readonly (readonly [number, number])[], seqs: readonly number[]): Promise<void>;
  /** Documents inserted by a run that stopped before verifying their pairs. */
  pending(): Promise<number[]>;
  /** Documents whose pairs are complete but whose cluster is not stored yet. */
  unlabelled(): Promise<number[]>;
  /** Verified partners of each document. */
  neighbours(seqs: readonly number[]): Promise<Map<number, number[]>>;
  /** Runs `work` while no other process labels clusters in this index. */
  withLabelLock<T>(work: () => Promise<T>): Promise<T>;
  /** Stores changed cluster labels and marks the `done` documents labelled. */
  setLabels(labels: readonly IndexLabel[], done: readonly number[]): Promise<void>;
  /** Every verified pair, once each. */
  pairs(): AsyncIterable<readonly [number, number]>;
  /** Every document's metadata (without sketches), in seq order. */
  documents(): AsyncIterable<Omit<StoredDocument, SketchFields>>;
  stats(): Promise<IndexStats>;
  /** The lines repeated across the indexed corpus: counts and learnt lines of every run so far (engine/corpus-lines.ts). */
  corpusLines(): Promise<StoredCorpusLines>;
  /** Adds one run's line counts and learnt lines to the stored ones. */
  addCorpusLines(update: CorpusLineUpdate): Promise<void>;
  close(): Promise<void>;
}

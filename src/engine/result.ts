import type { BoilerplateLines } from '../clean/index.js';
/**
 * What a run gives: its parameters, the documents it kept (metadata, derived numbers and
 * sketch), what it skipped and the clusters. Shapes only, so that reports need not import the
 * orchestrator.
 */

import type { CanonicalPolicy, ClusterResult } from '../match/cluster.js';
import type { VerificationCounts } from '../match/bounded.js';
import type { Signature } from '../sketch/compare.js';
import type { DocumentSource } from '../input/documents.js';
import type { Skipped } from '../types.js';

/** What the run keeps of each document. */
export interface DocumentEntry {
  index: number;
  id: string;
  path: string;
  source: DocumentSource;
  /** Absolute path of the document's file ("-" for standard input). */
  file: string;
  /** JSONL line or 1-based JSON array index; undefined for a whole-file document. */
  record?: number;
  url?: string;
  title?: string;
  date?: string;
  time?: number;
  rawChars: number;
  /** rawTextHash of the raw text as the run read it. */
  rawHash: number;
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
  /** Days apart beyond which two dated documents are different stories (--date-gap); null when off. */
  dateGap: number | null;
  candidateThreshold: number;
  bands: number;
  rows: number;
  canonical: CanonicalPolicy;
  corpusLines: boolean;
  /** How text was cut into tokens: words in spaced scripts, characters in unspaced ones (sketch/tokens.ts TOKENISATION). */
  tokenisation: string;
}

/** How much matching work the run did: what makes a run slow on overlapping corpora. */
export type RunStats = VerificationCounts;

/** Standard input copied to a temporary file, for the inputs read twice. */
export interface StandardInputCopy {
  path: string;
  /** Removes the copy (it is also removed when the run is interrupted). */
  remove(): Promise<void>;
}

export interface RunResult {
  params: RunParams;
  files: number;
  documents: DocumentEntry[];
  skipped: Skipped[];
  /** Paths named on the command line that do not exist (also among `skipped`). */
  missing: string[];
  /** Clusters of two or more documents; every other document is a singleton. */
  clusters: ClusterResult[];
  /** Per document, the similarity and containment to its cluster's canonical. */
  similarity: Map<number, { jaccard: number; containment: number }>;
  /** Documents verified as a copy of a document of another cluster, whose canonical they do not match (no chains): the partner and that canonical. */
  keptApart: Map<number, { partner: number; canonical: number }>;
  /** The copy of standard input the run read, kept for the caller to read texts again (RunOptions.keepStandardInput). */
  standardInput?: StandardInputCopy;
  boilerplateLines: BoilerplateLines;
  stats: RunStats;
}

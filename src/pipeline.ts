/**
 * Runs the stages in order: discover, read, clean, fingerprint, candidates (LSH), verify and
 * cluster. Memory holds each document's sketch and metadata, not its text; canonical texts
 * are read again when they are printed or written.
 */

import type { Readable } from 'node:stream';
import { optimalBanding, LshIndex, type BandingParams } from './candidates.js';
import { cleanDocument, CorpusLineCounter } from './clean/index.js';
import { buildClusters, comparePair, type CanonicalPolicy, type ClusterResult, type MatchPolicy } from './cluster.js';
import { discover, type DiscoverOptions } from './discover.js';
import { MinHasher, tokenize, type FingerprintOptions } from './fingerprint.js';
import { readFileDocuments, rereadDocuments, type DocumentSource, type ReadOptions } from './read.js';
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
  onProgress?: (documents: number, bytes: number) => void;
}

/** What the run keeps of each document. */
export interface DocumentEntry {
  index: number;
  id: string;
  path: string;
  source: DocumentSource;
  title?: string;
  url?: string;
  date?: string;
  time?: number;
  rawChars: number;
  cleanChars: number;
  removedCount: number;
  /** Share of the raw text the cleaner removed (0..1). */
  debris: number;
  flags: string[];
  signature: Uint32Array;
  shingles: number;
  tokens: number;
  figures: Uint32Array;
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

export async function run(inputs: readonly string[], options: RunOptions): Promise<RunResult> {
  const { files, problems } = await discover(inputs, options.discover);
  if (files.length === 0) {
    throw new NoInputError(problems.length ? problems.map((p) => `${p.path}: ${p.reason}`).join('; ') : 'no input files found');
  }
  const params = runParams(options);
  const hasher = new MinHasher(options.fingerprint);
  const skipped: Skipped[] = [...problems];

  // Standard input can be read only once: hold its documents for both passes.
  let stdinDocs: RawDocument[] | undefined;
  const fromStdin = files.some((f) => f.path === '-');
  const stdinFile = files.find((f) => f.path === '-');
  if (stdinFile) {
    stdinDocs = [];
    for await (const item of readFileDocuments(stdinFile, options.read, options.stdin)) {
      if ('doc' in item) stdinDocs.push(item.doc);
      else skipped.push(item.skipped);
    }
  }
  const diskFiles = files.filter((f) => f.path !== '-');
  const kindOfFile = new Map(files.map((f) => [f.path, f.kind]));

  let boilerplateLines: ReadonlySet<string> = new Set();
  if (options.corpusLines) {
    const counter = new CorpusLineCounter();
    for (const doc of stdinDocs ?? []) counter.add(doc.text, doc.format);
    for await (const item of readAll(diskFiles, options.read)) if ('doc' in item) counter.add(item.doc.text, item.doc.format);
    boilerplateLines = counter.boilerplate();
  }

  const documents: DocumentEntry[] = [];
  const heldTexts = new Map<number, string>();
  const lsh = new LshIndex({ bands: params.bands, rows: params.rows });
  const accepted: [number, number][] = [];
  const ids = new Set<string>();
  let bytes = 0;

  const consume = (raw: RawDocument) => {
    const { cleaned, tokens } = processDocument(raw, boilerplateLines);
    bytes += raw.text.length;
    if (tokens.length === 0) {
      skipped.push({ path: raw.record !== undefined ? `${raw.path}:${raw.record}` : raw.path, reason: 'no text left after cleaning' });
      return;
    }
    const fingerprint = hasher.fromTokens(tokens);
    const index = documents.length;
    let id = raw.id;
    if (ids.has(id)) id = raw.record !== undefined ? `${raw.path}:${raw.record}` : `${raw.path}#${index}`;
    for (let n = 2; ids.has(id); n++) id = `${raw.id}#${n}`;
    ids.add(id);
    const date = raw.date ?? cleaned.date;
    const rawChars = raw.text.length;
    const entry: DocumentEntry = {
      index,
      id,
      path: raw.path,
      source: { file: raw.file, path: raw.path, kind: kindOfFile.get(raw.file) ?? 'text', record: raw.record },
      title: raw.title ?? cleaned.title,
      url: raw.url ?? cleaned.url,
      date,
      time: parseTime(date),
      rawChars,
      cleanChars: cleaned.text.length,
      removedCount: cleaned.removed.length,
      debris: rawChars === 0 ? 0 : Math.max(0, 1 - cleaned.text.length / rawChars),
      flags: cleaned.flags,
      signature: fingerprint.signature,
      shingles: fingerprint.shingles,
      tokens: fingerprint.tokens,
      figures: fingerprint.figures,
    };
    documents.push(entry);
    if (raw.file === '-') heldTexts.set(index, cleaned.text);
    for (const other of lsh.add(index, entry.signature)) {
      if (comparePair(documents[other], entry, options.policy).match) accepted.push([other, index]);
    }
    options.onProgress?.(documents.length, bytes);
  };

  for (const doc of stdinDocs ?? []) consume(doc);
  for await (const item of readAll(diskFiles, options.read)) {
    if ('doc' in item) consume(item.doc);
    else skipped.push(item.skipped);
  }
  if (!fromStdin && documents.length === 0 && skipped.length === problems.length && problems.length > 0) {
    throw new NoInputError(problems.map((p) => `${p.path}: ${p.reason}`).join('; '));
  }

  const clusters = buildClusters(documents.length, accepted, documents, options.policy, options.canonical);
  const similarity = new Map<number, { jaccard: number; containment: number }>();
  for (const cluster of clusters) {
    for (const member of cluster.members) {
      const verdict = comparePair(documents[cluster.canonical], documents[member], options.policy);
      similarity.set(member, member === cluster.canonical ? { jaccard: 1, containment: 1 } : { jaccard: verdict.jaccard, containment: verdict.containment });
    }
  }
  return { params, files: files.length, documents, skipped, clusters, similarity, heldTexts, boilerplateLines };
}

/** Cleaned texts of the given documents, read again from their files. */
export async function cleanedTexts(result: RunResult, indexes: readonly number[], read: ReadOptions): Promise<Map<number, CleanedDocument>> {
  const out = new Map<number, CleanedDocument>();
  const wanted = indexes.filter((i) => !result.heldTexts.has(i));
  const raws = await rereadDocuments(wanted.map((i) => result.documents[i].source), read);
  for (const i of indexes) {
    const held = result.heldTexts.get(i);
    if (held !== undefined) {
      out.set(i, { text: held, removed: [], flags: [] });
      continue;
    }
    const raw = raws.get(result.documents[i].source);
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
  const held: CleanItem[] = [];
  const stdinFile = files.find((f) => f.path === '-');
  if (stdinFile) for await (const item of readFileDocuments(stdinFile, options.read, options.stdin)) held.push('doc' in item ? { raw: item.doc, cleaned: { text: '', removed: [], flags: [] } } : item);
  const diskFiles = files.filter((f) => f.path !== '-');
  let boilerplateLines: ReadonlySet<string> = new Set();
  if (options.corpusLines) {
    const counter = new CorpusLineCounter();
    for (const item of held) if ('raw' in item) counter.add(item.raw.text, item.raw.format);
    for await (const item of readAll(diskFiles, options.read)) if ('doc' in item) counter.add(item.doc.text, item.doc.format);
    boilerplateLines = counter.boilerplate();
  }
  for (const item of held) yield 'raw' in item ? { raw: item.raw, cleaned: cleanDocument(item.raw.text, item.raw.format, { boilerplateLines }) } : item;
  for await (const item of readAll(diskFiles, options.read)) {
    yield 'doc' in item ? { raw: item.doc, cleaned: cleanDocument(item.doc.text, item.doc.format, { boilerplateLines }) } : item;
  }
}

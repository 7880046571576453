/**
 * Incremental runs (`--index`): new documents go through the same stages as a full run
 * (discover, read, clean, fingerprint), are compared with everything indexed before through
 * the LSH buckets kept in the index, and only the clusters they touch are computed again.
 *
 * Each batch is written in three steps, each atomic: insert (documents with their buckets,
 * "pending"), verify and record pairs ("unlabelled"), then store clusters ("labelled") under a
 * lock. A run that stops between steps leaves documents in a state the next run completes.
 */

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { LshIndex } from '../match/candidates.js';
import { buildClusters } from '../match/cluster.js';
import { comparePair } from '../match/verify.js';
import { discover } from '../input/discover.js';
import { copyStandardInput, noDocumentError, noInputFiles, runParams, type RunOptions } from '../engine/run.js';
import { dateOf, debrisShare, hasTooLittleText, parseTime, processContext, processDocument, titleOf, urlOf, type ProcessContext } from '../engine/process.js';
import { type RunParams } from '../engine/result.js';
import { IndexCorpusLines } from '../engine/corpus-lines.js';
import { readFileDocuments } from '../input/documents.js';
import { readJsonLineChunks } from '../input/jsonl.js';
import type { ReadItem } from '../input/records.js';
import { compactSignature } from './codec.js';
import { isRedisTarget, openStore } from './open.js';
import type { BandKeys, RedisMembership } from './membership.js';
import { checkParams, documentBandHashes, IndexTargetError, type IndexLabel, type IndexParams, type IndexStore, type NewDocument, type StoredDocument } from './store.js';
import { UsageError, type InputFile, type RawDocument, type Skipped } from '../types.js';
import { clusterId, clusterRecord, type ClusterRecord, type MemberRecord } from '../report/model.js';

export const DEFAULT_BATCH_SIZE = 1000;

export interface IncrementalOptions {
  /** SQLite file or redis:// URL. */
  target: string;
  /** Compare with the index without adding anything to it. */
  queryOnly: boolean;
  /** Documents per index transaction. */
  batchSize: number;
  /** Called after each batch is in the index (or compared, with queryOnly). */
  onBatch?: (progress: { read: number; added: number }) => void;
}

/** A member of an --index report's cluster: the common record, and whether it was indexed before. */
export interface IndexReportMember extends MemberRecord {
  /** In the index before this run (false: read by this run). */
  indexed: boolean;
}

/** A cluster with a document of this run, as the common record (report/model.ts) plus where its members came from. */
export interface IndexReportCluster extends ClusterRecord {
  /** new-vs-new: every member came with this run; new-vs-indexed: some were indexed before. */
  kind: 'new-vs-new' | 'new-vs-indexed';
  members: IndexReportMember[];
}

export interface IncrementalResult {
  target: string;
  mode: 'index' | 'query';
  params: RunParams;
  files: number;
  /** Documents read with text left after cleaning. */
  documents: number;
  /** New documents: added to the index (or compared, with --query-only). */
  added: number;
  /** Documents whose id and content were indexed already. */
  alreadyIndexed: number;
  /** Documents of an interrupted run whose pairs this run verified. */
  recovered: number;
  indexedBefore: number;
  indexedAfter: number;
  /** Clusters of two or more documents with at least one new document. */
  clusters: IndexReportCluster[];
  /** Duplicates the index holds after the run (documents that are not their cluster's canonical). */
  indexDuplicates: number;
  skipped: Skipped[];
  /** Paths named on the command line that do not exist (also among `skipped`). */
  missing: string[];
}

/** The parameters stored with an index: what its sketches and verdicts depend on. */
export function indexParams(params: RunParams, options: RunOptions): IndexParams {
  const { shingleSize, permutations, seed, bands, rows } = params;
  return { shingleSize, permutations, seed, bands, rows, ...options.policy, canonical: options.canonical };
}


/** Hash of the cleaned text: the same id with the same hash is the same document. */
export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 20);
}

export class IndexRun {
  /** Sketches of this run's documents and of every indexed document fetched so far, by seq. */
  private readonly known = new Map<number, StoredDocument>();
  /** Documents this run brought (in query mode numbered -1, -2, ... since they get no seq). */
  readonly fresh = new Set<number>();
  /** Pairs among this run's documents in query mode, which never reach the index. */
  private readonly localPairs = new Map<number, number[]>();
  private readonly lsh: LshIndex;
  private readonly lshSeqs: number[] = [];
  readonly skipped: Skipped[] = [];
  alreadyIndexed = 0;
  recovered = 0;

  constructor(
    private readonly store: IndexStore,
    private readonly options: RunOptions,
    private readonly params: RunParams,
    private readonly queryOnly: boolean,
  ) {
    this.lsh = new LshIndex({ bands: params.bands, rows: params.rows });
  }

  private hashes(doc: NewDocument): Uint32Array {
    return documentBandHashes(doc, this.params.bands, this.params.rows);
  }

  private async sketches(seqs: Iterable<number>): Promise<void> {
    const missing = [...new Set(seqs)].filter((seq) => !this.known.has(seq));
    for (const [seq, doc] of await this.store.getDocuments(missing)) this.known.set(seq, doc);
  }

  /** Verified pairs between each document and its candidates. */
  private async verify(work: readonly { seq: number; candidates: readonly number[] }[], matched?: Set<number>): Promise<[number, number][]> {
    await this.sketches(work.flatMap((w) => w.candidates));
    const pairs: [number, number][] = [];
    for (const { seq, candidates } of work) {
      const doc = this.known.get(seq)!;
      for (const other of candidates) {
        const partner = this.known.get(other);
        if (other !== seq && partner && comparePair(partner, doc, this.options.policy).match) {
          pairs.push(other < seq ? [other, seq] : [seq, other]);
          matched?.add(seq);
        }
      }
    }
    return pairs;
  }

  /** Verifies the pairs of documents a stopped run inserted but did not finish. */
  async recover(batchSize: number): Promise<void> {
    const pending = await this.store.pending();
    for (let start = 0; start < pending.length; start += batchSize) {
      const seqs = pending.slice(start, start + batchSize);
      await this.sketches(seqs);
      const docs = seqs.map((seq) => this.known.get(seq)!).filter(Boolean);
      const candidates = await this.store.candidates(docs.map((d) => this.hashes(d)));
      const pairs = await this.verify(docs.map((d, i) => ({ seq: d.seq, candidates: candidates[i] })));
      await this.store.complete(pairs, docs.map((d) => d.seq));
      this.recovered += docs.length;
    }
  }

  /**
   * Adds (or, in query mode, compares) one batch of new documents. Returns the documents of the
   * batch that are new stories: not indexed already (by id), and with no verified copy among
   * their candidates, which are the documents indexed before them and, in query mode, the
   * earlier documents of this run.
   */
  async addBatch(batch: readonly NewDocument[]): Promise<Set<NewDocument>> {
    const existing = await this.store.lookup(batch.map((d) => d.id));
    const unseen = batch.filter((doc) => !this.alreadyThere(doc, existing.get(doc.id)));
    const matched = new Set<number>();
    const seqOf = new Map<NewDocument, number>();
    if (this.queryOnly) await this.compareBatch(unseen, matched, seqOf);
    else {
      const outcomes = await this.store.insert(unseen, unseen.map((d) => this.hashes(d)));
      const work: { seq: number; candidates: number[] }[] = [];
      outcomes.forEach((outcome, i) => {
        if (!outcome.inserted) {
          this.alreadyThere(unseen[i], outcome);
          return;
        }
        this.known.set(outcome.seq, { ...unseen[i], seq: outcome.seq });
        this.fresh.add(outcome.seq);
        seqOf.set(unseen[i], outcome.seq);
        work.push(outcome);
      });
      await this.store.complete(await this.verify(work, matched), work.map((w) => w.seq));
    }
    return new Set([...seqOf].filter(([, seq]) => !matched.has(seq)).map(([doc]) => doc));
  }

  /** True when the id is indexed already (counted, or skipped when its content differs). */
  private alreadyThere(doc: NewDocument, indexed: { hash: string } | undefined): boolean {
    if (!indexed) return false;
    if (indexed.hash === doc.hash) this.alreadyIndexed++;
    else this.skipped.push({ path: doc.path, reason: `id ${doc.id} is already indexed with other content (ids must be unique; see --id-field)` });
    return true;
  }

  private async compareBatch(batch: readonly NewDocument[], matched: Set<number>, seqOf: Map<NewDocument, number>): Promise<void> {
    const candidates = await this.store.candidates(batch.map((d) => this.hashes(d)));
    const work: { seq: number; candidates: number[] }[] = [];
    batch.forEach((doc, i) => {
      const seq = -(this.fresh.size + 1);
      this.known.set(seq, { ...doc, seq });
      this.fresh.add(seq);
      seqOf.set(doc, seq);
      const local = this.lsh.addKeys(this.lshSeqs.length, this.hashes(doc)).map((n) => this.lshSeqs[n]);
      this.lshSeqs.push(seq);
      work.push({ seq, candidates: [...candidates[i], ...local] });
    });
    for (const [a, b] of await this.verify(work, matched)) {
      for (const [x, y] of [[a, b], [b, a]]) {
        const list = this.localPairs.get(x);
        if (list) list.push(y);
        else this.localPairs.set(x, [y]);
      }
    }
  }

  /**
   * Clusters every component that holds one of `seeds`, from the verified pairs (stored and,
   * in query mode, this run's). Returns the clusters holding new documents, the labels that
   * change, and the seeds (now labelled).
   */
  async cluster(seeds: Iterable<number>): Promise<{ clusters: IndexReportCluster[]; labels: IndexLabel[]; done: number[] }> {
    const visited = new Set<number>(seeds);
    const done = [...visited].filter((seq) => seq > 0);
    const pairs: [number, number][] = [];
    let frontier = [...visited];
    while (frontier.length) {
      const stored = await this.store.neighbours(frontier.filter((seq) => seq > 0));
      const next: number[] = [];
      for (const seq of frontier) {
        for (const other of [...(stored.get(seq) ?? []), ...(this.localPairs.get(seq) ?? [])]) {
          pairs.push(seq < other ? [seq, other] : [other, seq]);
          if (!visited.has(other)) {
            visited.add(other);
            next.push(other);
          }
        }
      }
      frontier = next;
    }
    const members = [...visited].sort((a, b) => a - b);
    await this.sketches(members.filter((seq) => seq > 0));
    const docs = members.map((seq) => this.known.get(seq)!);
    const local = new Map(members.map((seq, i) => [seq, i]));
    const unique = new Set(pairs.map(([a, b]) => `${a},${b}`));
    const localPairs = [...unique].map((key) => key.split(',').map((s) => local.get(Number(s))!) as [number, number]);
    const found = buildClusters(docs.length, localPairs, docs, this.options.policy, this.options.canonical);

    const labels = new Map<number, IndexLabel>(members.map((seq) => [seq, { seq, cluster: null, canonical: false }]));
    const clusters: IndexReportCluster[] = [];
    for (const cluster of found) {
      const canonical = docs[cluster.canonical];
      for (const m of cluster.members) labels.set(docs[m].seq, { seq: docs[m].seq, cluster: canonical.id, canonical: m === cluster.canonical });
      if (!cluster.members.some((m) => this.fresh.has(docs[m].seq))) continue;
      const kind = cluster.members.every((m) => this.fresh.has(docs[m].seq)) ? 'new-vs-new' : 'new-vs-indexed';
      // Ids are given once the clusters are in their final order.
      const record = clusterRecord('', cluster, docs, (m) => comparePair(canonical, docs[m], this.options.policy));
      clusters.push({ ...record, kind, members: record.members.map((member, i) => ({ ...member, indexed: !this.fresh.has(docs[cluster.members[i]].seq) })) });
    }
    clusters.sort((a, b) => b.members.length - a.members.length || (a.canonical < b.canonical ? -1 : a.canonical > b.canonical ? 1 : 0));
    clusters.forEach((cluster, i) => (cluster.id = clusterId(i + 1)));
    // Only labels that change are written: most documents stay without copies.
    const changed = [...labels.values()].filter((l) => {
      const doc = this.known.get(l.seq)!;
      return l.seq > 0 && ((doc.cluster ?? null) !== l.cluster || Boolean(doc.canonical) !== l.canonical);
    });
    return { clusters, labels: changed, done };
  }
}

export function toNewDocument(raw: RawDocument, context: ProcessContext): NewDocument | Skipped {
  const processed = processDocument(raw, context);
  if ('skipped' in processed) return processed.skipped;
  const { cleaned, fingerprint } = processed;
  const date = dateOf(raw, cleaned);
  return {
    id: raw.id,
    hash: contentHash(cleaned.text),
    path: raw.path,
    file: raw.file,
    record: raw.record,
    title: titleOf(raw, cleaned),
    url: urlOf(raw, cleaned),
    date,
    time: parseTime(date),
    cleanChars: cleaned.text.length,
    debris: debrisShare(raw.text.length, cleaned.text.length),
    shingles: fingerprint.shingles,
    tokens: fingerprint.tokens,
    // What a run compares: the compact signature, the whole shingle set of a short document, and
    // whether cleaning left too little to match on.
    signature: compactSignature(fingerprint.signature),
    figures: fingerprint.figures,
    slots: fingerprint.slots,
    lead: fingerprint.lead,
    shingleSet: fingerprint.shingleSet,
    tooLittleText: hasTooLittleText(cleaned.flags) || undefined,
    // What the first-words band and the opening rule read (NO_OPENING for a text of fewer words).
    opening: fingerprint.opening,
  };
}

/** The document of a read item, ready for the index; an input or document that gives none is recorded as skipped. */
function indexable(item: ReadItem, context: ProcessContext, run: IndexRun): NewDocument | undefined {
  if (!('doc' in item)) {
    run.skipped.push(item.skipped);
    return undefined;
  }
  const doc = toNewDocument(item.doc, context);
  if (!('id' in doc)) {
    run.skipped.push(doc);
    return undefined;
  }
  return doc;
}

/** Standard input read twice (the corpus lines are counted before documents are read): from a copy on disk, removed by `remove`. */
interface StdinReplays {
  open: () => Readable | undefined;
  remove: () => Promise<void>;
}

async function stdinReplays(files: readonly InputFile[], options: RunOptions): Promise<StdinReplays> {
  if (!options.stdin || !options.corpusLines || !files.some((f) => f.path === '-')) return { open: () => options.stdin, remove: async () => {} };
  const copy = await copyStandardInput(options.stdin);
  return { open: () => createReadStream(copy.path), remove: copy.remove };
}

/** The documents of the inputs, as read (what the corpus line counter counts). */
async function* rawDocuments(files: readonly InputFile[], options: RunOptions, stdin: StdinReplays): AsyncGenerator<RawDocument> {
  for (const file of files) {
    for await (const item of readFileDocuments(file, options.read, file.path === '-' ? stdin.open() : undefined)) if ('doc' in item) yield item.doc;
  }
}

/** The documents whose id the index does not hold: one indexed already was counted by the run that added it. */
async function* notIndexed(store: Pick<IndexStore, 'lookup'>, documents: AsyncIterable<RawDocument> | Iterable<RawDocument>): AsyncGenerator<RawDocument> {
  let batch: RawDocument[] = [];
  const flush = async function* () {
    const indexed = await store.lookup(batch.map((doc) => doc.id));
    for (const doc of batch) if (!indexed.has(doc.id)) yield doc;
    batch = [];
  };
  for await (const doc of documents) {
    batch.push(doc);
    if (batch.length >= DEFAULT_BATCH_SIZE) yield* flush();
  }
  yield* flush();
}

/** Where an index keeps its corpus lines; with lookup, documents whose id it holds are not counted again. */
type CorpusLineStore = Pick<IndexStore, 'corpusLines' | 'addCorpusLines'> & Partial<Pick<IndexStore, 'lookup'>>;

/**
 * The index's corpus lines with this run's input counted in, before any of it is cleaned: the
 * first run over an empty index learns from its input as a run without an index does, a later
 * one adds the counts of its documents not indexed yet to the stored ones
 * (engine/corpus-lines.ts). Stored unless query-only.
 */
async function learnCorpusLines(store: CorpusLineStore, documents: AsyncIterable<RawDocument> | Iterable<RawDocument>, queryOnly: boolean, lines?: IndexCorpusLines): Promise<IndexCorpusLines> {
  lines ??= new IndexCorpusLines(await store.corpusLines());
  const lookup = store.lookup?.bind(store);
  const update = await lines.add(lookup ? notIndexed({ lookup }, documents) : documents);
  if (!queryOnly && update.documents) await store.addCorpusLines(update);
  return lines;
}

/** A stream is read once: each chunk's lines are counted (and the learnt ones applied) just before it is cleaned. */
async function learnChunkLines(store: CorpusLineStore, chunk: { items: readonly ReadItem[] }, queryOnly: boolean, lines: IndexCorpusLines | undefined, context: ProcessContext): Promise<IndexCorpusLines> {
  const learnt = await learnCorpusLines(store, chunk.items.flatMap((item) => ('doc' in item ? [item.doc] : [])), queryOnly, lines);
  context.boilerplateLines = learnt.boilerplateLines;
  return learnt;
}

/** Writes the lines of a chunk's passed records as they came (a newline added to a last line without one); returns how many. */
async function passRecords(chunk: { lines: readonly Buffer[]; firstLine: number }, records: readonly { record?: number }[], filter: Pick<FilterOptions, 'onPassed'>): Promise<number> {
  let passed = 0;
  for (const { record } of records) {
    const line = record === undefined ? undefined : chunk.lines[record - chunk.firstLine];
    if (!line) continue;
    passed++;
    await filter.onPassed(line[line.length - 1] === 10 ? line : Buffer.concat([line, Buffer.from('\n')]));
  }
  return passed;
}

/**
 * Runs the `--index` flow. Lines repeated across the corpus are learned over the whole index:
 * this run's input is counted into the stored counts before it is cleaned (see learnCorpusLines).
 */
export async function runIncremental(inputs: readonly string[], options: RunOptions, incremental: IncrementalOptions): Promise<IncrementalResult> {
  const { files, problems, missing } = await discover(inputs, options.discover);
  if (files.length === 0) throw noInputFiles(problems);
  const params = runParams(options);
  const wanted = indexParams(params, options);
  const store = await openStore(incremental.target, incremental.queryOnly ? 'read' : 'write');
  let stdin: StdinReplays | undefined;
  try {
    if (incremental.queryOnly) {
      const stored = await store.readParams();
      if (!stored) throw new IndexTargetError(`index ${store.target} holds no documents to compare with`);
      checkParams(store.target, stored, wanted);
    } else {
      await store.ensureParams(wanted);
    }
    stdin = await stdinReplays(files, options);
    const replays = stdin;
    const indexedBefore = await store.documentCount();
    const run = new IndexRun(store, options, params, incremental.queryOnly);
    if (!incremental.queryOnly) await run.recover(incremental.batchSize);

    const lines = options.corpusLines ? await learnCorpusLines(store, rawDocuments(files, options, replays), incremental.queryOnly) : undefined;
    const context = processContext(options.fingerprint, lines?.boilerplateLines);
    const idsThisRun = new Map<string, string>();
    let batch: NewDocument[] = [];
    let documents = 0;
    const flush = async () => {
      await run.addBatch(batch);
      batch = [];
      incremental.onBatch?.({ read: documents, added: run.fresh.size });
    };
    for (const file of files) {
      for await (const item of readFileDocuments(file, options.read, file.path === '-' ? replays.open() : undefined)) {
        const doc = indexable(item, context, run);
        if (!doc) continue;
        documents++;
        const earlier = idsThisRun.get(doc.id);
        if (earlier !== undefined) {
          if (earlier === doc.hash) run.alreadyIndexed++;
          else run.skipped.push({ path: doc.path, reason: `id ${doc.id} appears twice with different content (ids must be unique; see --id-field)` });
          continue;
        }
        idsThisRun.set(doc.id, doc.hash);
        batch.push(doc);
        if (batch.length >= incremental.batchSize) await flush();
      }
    }
    if (batch.length) await flush();

    const { clusters } = incremental.queryOnly
      ? await run.cluster(run.fresh)
      : await store.withLabelLock(async () => {
          // Also documents an interrupted run (or another process) left unlabelled.
          const outcome = await run.cluster(new Set([...(await store.unlabelled()), ...run.fresh]));
          await store.setLabels(outcome.labels, outcome.done);
          return outcome;
        });
    if (documents === 0) throw noDocumentError([...problems, ...run.skipped]);
    const stats = await store.stats();
    return {
      target: store.target,
      mode: incremental.queryOnly ? 'query' : 'index',
      params,
      files: files.length,
      documents,
      added: run.fresh.size,
      alreadyIndexed: run.alreadyIndexed,
      recovered: run.recovered,
      indexedBefore,
      indexedAfter: stats.documents,
      clusters,
      indexDuplicates: stats.duplicates,
      skipped: [...problems, ...run.skipped],
      missing,
    };
  } finally {
    await store.close();
    await stdin?.remove();
  }
}

export interface FilterOptions {
  /** SQLite file or redis:// URL. */
  target: string;
  /** Compare with the index without adding anything to it. */
  queryOnly: boolean;
  /** Create a membership index (membership.ts) where the target holds none yet; an existing one is used as what it is. */
  membership: boolean;
  /** Called in input order, after each chunk of input, with each passed line as it was read. */
  onPassed: (line: Buffer) => void | Promise<void>;
  /** Called with what could not be read (or was not taken), as it is found. */
  onSkipped: (skipped: Skipped) => void;
}

export interface FilterResult {
  /** Records read with text left after cleaning. */
  documents: number;
  passed: number;
  missing: string[];
}

/**
 * `dedupe filter`: JSONL records in, the lines of those whose story the index does not hold yet
 * out, in input order and as they came. The incremental flow a chunk of lines at a time: a record
 * passes when it is new (its id not indexed) and has no verified copy among the documents indexed
 * before it or the earlier records of the stream; passed records are added (unless queryOnly).
 */
export async function runFilter(inputs: readonly string[], options: RunOptions, filter: FilterOptions): Promise<FilterResult> {
  const { files, problems, missing } = await discover(inputs, options.discover);
  if (files.length === 0) throw noInputFiles(problems);
  const notJsonl = files.filter((file) => file.kind !== 'jsonl');
  if (notJsonl.length) throw new UsageError(`dedupe filter reads JSONL only (- for standard input, or .jsonl files): ${notJsonl.map((f) => f.displayPath).join(', ')}`);
  for (const problem of problems) filter.onSkipped(problem);
  const membership = await openMembershipIfAsked(filter);
  if (membership) return runMembershipFilter(membership, files, missing, options, filter);
  const params = runParams(options);
  const wanted = indexParams(params, options);
  const store = await openStore(filter.target, filter.queryOnly ? 'read' : 'write');
  try {
    const stored = await store.readParams();
    if (stored) checkParams(store.target, stored, wanted);
    else if (!filter.queryOnly) await store.ensureParams(wanted);
    const run = new IndexRun(store, options, params, filter.queryOnly);
    if (!filter.queryOnly) await run.recover(DEFAULT_BATCH_SIZE);
    const context = processContext(options.fingerprint);
    let lines: IndexCorpusLines | undefined;
    const idsThisRun = new Map<string, string>();
    let documents = 0;
    let passed = 0;
    let reported = 0;
    const report = () => {
      for (; reported < run.skipped.length; reported++) filter.onSkipped(run.skipped[reported]);
    };
    for (const file of files) {
      for await (const chunk of readJsonLineChunks(file, options.read, file.path === '-' ? options.stdin : undefined)) {
        if (options.corpusLines) lines = await learnChunkLines(store, chunk, filter.queryOnly, lines, context);
        const batch: NewDocument[] = [];
        for (const item of chunk.items) {
          const doc = indexable(item, context, run);
          if (!doc) continue;
          // A record without an id is named by its place (<stdin>:3), which the next stream reuses
          // for another record: in the index it is named by its content instead.
          if (doc.id === `${doc.path}:${doc.record}`) doc.id = `content:${doc.hash}`;
          documents++;
          const earlier = idsThisRun.get(doc.id);
          if (earlier !== undefined) {
            // The same record again is a copy of an earlier one; other content under the same id is not taken.
            if (earlier !== doc.hash) run.skipped.push({ path: doc.path, reason: `id ${doc.id} appears twice with different content (ids must be unique; see --id-field)` });
            continue;
          }
          idsThisRun.set(doc.id, doc.hash);
          batch.push(doc);
        }
        const fresh = await run.addBatch(batch);
        report();
        passed += await passRecords(chunk, batch.filter((doc) => fresh.has(doc)), filter);
      }
    }
    if (!filter.queryOnly && run.fresh.size) {
      await store.withLabelLock(async () => {
        const outcome = await run.cluster(new Set([...(await store.unlabelled()), ...run.fresh]));
        await store.setLabels(outcome.labels, outcome.done);
      });
    }
    report();
    return { documents, passed, missing };
  } finally {
    await store.close();
  }
}

/**
 * The membership index at the filter's target, when it holds one or when --membership asks for a
 * new one; undefined for a clustering index (or none, without --membership).
 */
async function openMembershipIfAsked(filter: FilterOptions): Promise<RedisMembership | undefined> {
  if (!isRedisTarget(filter.target)) {
    if (filter.membership) throw new UsageError(`--membership needs a Redis index (redis:// or redis+cluster://), not ${filter.target}: a SQLite index keeps every document and so can cluster them`);
    return undefined;
  }
  const { RedisMembership } = await import('./membership.js');
  const membership = await RedisMembership.open(filter.target);
  const kind = await membership.kind();
  if (kind === 'membership' || (kind === 'empty' && filter.membership)) {
    if (kind === 'empty' && filter.queryOnly) {
      await membership.close();
      throw new IndexTargetError(`index ${membership.target} holds no documents to compare with`);
    }
    return membership;
  }
  await membership.close();
  if (filter.membership) throw new IndexTargetError(`index ${membership.target} is a clustering index: --membership is chosen when an index is created (give another prefix, or leave --membership out)`);
  return undefined;
}

/**
 * `dedupe filter` over a membership index: a record passes when none of its band keys is held
 * by the index or by an earlier passed record of this input. Passed lines are written before
 * their band keys are added, so a run stopped in between writes them again next time rather
 * than never (at least once, never lost); two workers given one new story at the same moment may
 * both pass it, never neither.
 */
async function runMembershipFilter(membership: RedisMembership, files: readonly InputFile[], missing: string[], options: RunOptions, filter: FilterOptions): Promise<FilterResult> {
  try {
    await membership.useParams(options.fingerprint, options.policy.threshold, filter.queryOnly);
    const context = processContext(options.fingerprint);
    let lines: IndexCorpusLines | undefined;
    // Band keys of this run's passed records not yet in the index, one set per band: a chunk's
    // with add, the whole run's with --query-only (which adds nothing).
    const passedKeys: Set<number>[] = [];
    const heldByRun = (keys: BandKeys) => keys.some((key, band) => passedKeys[band]?.has(key));
    const keep = (keys: BandKeys) => keys.forEach((key, band) => (passedKeys[band] ??= new Set()).add(key));
    let documents = 0;
    let passed = 0;
    for (const file of files) {
      for await (const chunk of readJsonLineChunks(file, options.read, file.path === '-' ? options.stdin : undefined)) {
        if (options.corpusLines) lines = await learnChunkLines(membership, chunk, filter.queryOnly, lines, context);
        // Band keys of each record with text to match on; null for one left with too little (a
        // cookie notice, a paywall stub), which never matches on it and so always passes.
        const batch: { record: number; keys: BandKeys | null }[] = [];
        for (const item of chunk.items) {
          if (!('doc' in item)) {
            filter.onSkipped(item.skipped);
            continue;
          }
          // Only the signature and the too-little-text flag are needed: no content hash, title or date.
          const processed = processDocument(item.doc, context);
          if ('skipped' in processed) {
            filter.onSkipped(processed.skipped);
            continue;
          }
          documents++;
          const tooLittleText = hasTooLittleText(processed.cleaned.flags);
          if (item.doc.record !== undefined) batch.push({ record: item.doc.record, keys: tooLittleText ? null : membership.keys({ signature: compactSignature(processed.fingerprint.signature) }) });
        }
        const matchable = batch.flatMap((doc) => (doc.keys ? [doc.keys] : []));
        const heldInIndex = await membership.held(matchable, false);
        const held = new Set(matchable.filter((_, i) => heldInIndex[i]));
        const fresh = batch.filter((doc) => {
          if (!doc.keys) return true;
          if (held.has(doc.keys) || heldByRun(doc.keys)) return false;
          keep(doc.keys);
          return true;
        });
        passed += await passRecords(chunk, fresh, filter);
        if (!filter.queryOnly) {
          await membership.held(fresh.flatMap((doc) => (doc.keys ? [doc.keys] : [])), true);
          passedKeys.length = 0;
        }
      }
    }
    return { documents, passed, missing };
  } finally {
    await membership.close();
  }
}

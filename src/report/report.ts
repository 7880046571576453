/**
 * Report stage: the run's outcome as terminal text, one JSON document, JSON lines, the
 * canonical texts, or a folder of canonical files with a manifest.
 */

import { writeFileAtomic, writeFileAtomicFrom } from '../io/atomic.js';
import { colours, plural, printable } from './format.js';
import path from 'node:path';
import type { RunParams, RunResult, RunStats } from '../engine/result.js';
import type { CleanedDocument, RawDocument, Removal, Skipped } from '../types.js';
import { clusterId, clusterRecord, reportedFile, singletonRecord, type ClusterRecord } from './model.js';

export const REPORT_VERSION = 1;

export interface ReportSummary {
  files: number;
  documents: number;
  clusters: number;
  duplicateClusters: number;
  /** Documents that are not their cluster's canonical. */
  duplicates: number;
  skipped: number;
}

export interface Report {
  version: number;
  params: RunParams;
  summary: ReportSummary;
  /** The matching work done: candidate, verified and accepted pairs. */
  stats: RunStats;
  /** Every cluster, or with singletons 'streamed' the clusters of two or more (see reportClusters). */
  clusters: ClusterRecord[];
  /**
   * With singletons 'streamed': the singletons, built one at a time as the report is written
   * after `clusters` (a million listed singletons held at once cost a few hundred megabytes).
   */
  streamedSingletons?: () => Iterable<ClusterRecord>;
  /** Documents kept with a note on their cleaning, in input order. */
  flagged: FlaggedDocument[];
  skipped: Skipped[];
}

/**
 * A document kept with a note on its cleaning, such as `budget:html-nesting` (a page over the
 * cleaning budget, kept as plain text) or `guard:kept-original`; where it is as a member says it.
 */
export interface FlaggedDocument {
  id: string;
  file: string | null;
  line: number | null;
  flags: string[];
}

/**
 * How buildReport lists the documents with no copy: `true` as records in `clusters`; `false`
 * counted only (a terminal report shows only duplicates); 'streamed' as records built one at a
 * time when the report is written (`streamedSingletons`), for the outputs that only write them.
 */
export type SingletonListing = boolean | 'streamed';

/**
 * Every document exactly once: clusters of two or more (largest first), then singletons in input
 * order, listed as `options.singletons` says (see SingletonListing).
 */
export function buildReport(result: RunResult, options: { singletons?: SingletonListing } = {}): Report {
  const { documents } = result;
  const keptApartOf = (doc: number): string | undefined => {
    const apart = result.keptApart.get(doc);
    if (apart === undefined) return undefined;
    return `a verified copy of ${documents[apart.partner].id}, kept out of its cluster: it does not match that cluster's canonical ${documents[apart.canonical].id}, and every member must (no chains)`;
  };
  const inCluster = new Uint8Array(documents.length);
  let clustered = 0;
  // Largest first, then by first member; each cluster's first member found once, not once per comparison.
  const ordered = result.clusters
    .map((cluster) => ({ cluster, first: Math.min(...cluster.members) }))
    .sort((a, b) => b.cluster.members.length - a.cluster.members.length || a.first - b.first)
    .map(({ cluster }) => cluster);
  const clusters: ClusterRecord[] = [];
  for (const cluster of ordered) {
    for (const m of cluster.members) inCluster[m] = 1;
    clustered += cluster.members.length;
    clusters.push(clusterRecord(clusterId(clusters.length + 1), cluster, documents, (m) => result.similarity.get(m), keptApartOf));
  }
  const duplicateClusters = clusters.length;
  const duplicates = clustered - duplicateClusters;
  /** The singletons' records in input order, numbered after the clusters of two or more. */
  const singletons = function* (): Generator<ClusterRecord> {
    let number = duplicateClusters;
    for (const doc of documents) if (!inCluster[doc.index]) yield singletonRecord(clusterId(++number), doc, keptApartOf(doc.index));
  };
  const listing = options.singletons ?? true;
  if (listing === true) for (const record of singletons()) clusters.push(record);
  return {
    version: REPORT_VERSION,
    params: result.params,
    summary: { files: result.files, documents: documents.length, clusters: duplicateClusters + documents.length - clustered, duplicateClusters, duplicates, skipped: result.skipped.length },
    stats: result.stats,
    clusters,
    ...(listing === 'streamed' ? { streamedSingletons: singletons } : {}),
    flagged: documents.filter((doc) => doc.flags.length > 0).map((doc) => ({ id: doc.id, file: reportedFile(doc.file), line: doc.record ?? null, flags: doc.flags })),
    skipped: result.skipped,
  };
}

/** Every cluster of a report in its order: `clusters`, then the streamed singletons, if any. */
export function* reportClusters(report: Report): Generator<ClusterRecord> {
  yield* report.clusters;
  if (report.streamedSingletons) yield* report.streamedSingletons();
}

/** Which document indexes are each report cluster's canonical, by report cluster id. */
export function canonicalIndexes(result: RunResult, report: Report): Map<string, number> {
  const byId = new Map(result.documents.map((d) => [d.id, d.index]));
  return new Map(report.clusters.map((c) => [c.id, byId.get(c.canonical)!]));
}


export function summaryLine(summary: ReportSummary): string {
  return (
    `${plural(summary.documents, 'document')} from ${plural(summary.files, 'file')}: ` +
    `${plural(summary.duplicateClusters, 'duplicate cluster')}, ${plural(summary.duplicates, 'duplicate')}, ` +
    `${plural(summary.clusters, 'unique story', 'unique stories')}` +
    (summary.skipped ? `, ${plural(summary.skipped, 'input')} skipped` : '')
  );
}

/** Writes the human-readable report: duplicate clusters with the canonical first (all clusters with `all`), streamed like the JSON reports. */
export function writeTerminalReport(stream: NodeJS.WritableStream, report: Report, options: { all: boolean; colour: boolean }): Promise<void> {
  return writePieces(stream, terminalPieces(report, options));
}

/** The terminal report in pieces of one cluster each. */
function* terminalPieces(report: Report, options: { all: boolean; colour: boolean }): Generator<string> {
  const c = colours(options.colour);
  let shown = 0;
  for (const cluster of options.all ? reportClusters(report) : report.clusters) {
    if (cluster.size < 2 && !options.all) continue;
    shown++;
    const out: string[] = [cluster.size > 1 ? `${c.bold(cluster.id)}  ${cluster.size} copies` : `${c.bold(cluster.id)}  unique`];
    for (const m of cluster.members) {
      const isCanonical = m.id === cluster.canonical;
      const marker = isCanonical ? c.green('*') : ' ';
      const name = isCanonical ? c.green(printable(m.id)) : printable(m.id);
      const figures = isCanonical ? c.dim(cluster.size > 1 ? 'canonical' : '') : c.dim(`similarity ${m.similarity.toFixed(2)}  containment ${m.containment.toFixed(2)}`);
      const title = m.title ? c.dim(`  "${printable(truncate(m.title, 60))}"`) : '';
      out.push(`  ${marker} ${name}  ${figures}${title}`);
    }
    if (cluster.reason) out.push(c.dim(`    canonical: ${cluster.reason}`));
    yield out.join('\n') + '\n\n';
  }
  if (shown === 0 && !options.all) yield c.dim('No duplicates found.') + '\n\n';
  yield c.bold(summaryLine(report.summary)) + '\n';
}

export function formatSkipped(skipped: readonly Skipped[], colour: boolean): string {
  const c = colours(colour);
  return skipped.map((s) => `${c.yellow('skipped')} ${printable(s.path)}: ${printable(s.reason)}`).join('\n') + (skipped.length ? '\n' : '');
}

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** One JSON line per cluster (singletons included), then nothing else: easy to stream. */
function* jsonLinesPieces(report: Report): Generator<string> {
  for (const cluster of reportClusters(report)) yield JSON.stringify(cluster) + '\n';
}

/**
 * The report as `JSON.stringify(report, null, 2)` prints it, plus a newline, in pieces of one
 * cluster each: a million documents make a text longer than a JavaScript string may be.
 */
function* jsonReportPieces(report: Report): Generator<string> {
  const { clusters, streamedSingletons, flagged, skipped, ...head } = report;
  const opening = JSON.stringify({ ...head, clusters: [] }, null, 2);
  // Everything up to the clusters' "[", then the clusters, the flagged documents and the skipped inputs likewise.
  yield opening.slice(0, opening.lastIndexOf('['));
  yield* jsonArrayPieces(reportClusters(report));
  yield ',\n  "flagged": ';
  yield* jsonArrayPieces(flagged);
  yield ',\n  "skipped": ';
  yield* jsonArrayPieces(skipped);
  yield '\n}\n';
}

/** Items of a top-level array stringified together: one call of JSON.stringify per this many. */
const ITEMS_PER_PIECE = 256;

/**
 * An array of the report's top level as `JSON.stringify(report, null, 2)` prints it, a few
 * hundred items a piece. Each piece is stringified as the array of an object's member, which
 * indents the items to their depth in the report: no pass over the text to indent it again.
 */
function* jsonArrayPieces(items: Iterable<unknown>): Generator<string> {
  const opening = '{\n  "items": [';
  const closing = '\n  ]\n}';
  let chunk: unknown[] = [];
  let written = 0;
  const piece = () => {
    const text = JSON.stringify({ items: chunk }, null, 2);
    const listed = text.slice(opening.length, text.length - closing.length);
    // "\n    {...},\n    {...}": the first piece opens the array, a later one follows a comma.
    const out = written === 0 ? listed : ',' + listed;
    written += chunk.length;
    chunk = [];
    return out;
  };
  yield '[';
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === ITEMS_PER_PIECE) yield piece();
  }
  if (chunk.length) yield piece();
  yield written ? '\n  ]' : ']';
}

/**
 * Writes pieces of text to a stream in blocks of about 64 KB, waiting whenever the stream asks
 * to (a slow pipe): memory holds one block, not the whole output.
 */
export async function writePieces(stream: NodeJS.WritableStream, pieces: Iterable<string>): Promise<void> {
  let block = '';
  const flush = async () => {
    const ok = stream.write(block);
    block = '';
    if (!ok) await new Promise<void>((resolve) => stream.once('drain', resolve));
  };
  for (const piece of pieces) {
    block += piece;
    if (block.length >= 1 << 16) await flush();
  }
  if (block.length) await flush();
}

/** Writes the report as one JSON document (`--json`), streamed. */
export function writeJsonReport(stream: NodeJS.WritableStream, report: Report): Promise<void> {
  return writePieces(stream, jsonReportPieces(report));
}

/** Writes the report as JSON lines (`--jsonl`), streamed. */
export function writeJsonLinesReport(stream: NodeJS.WritableStream, report: Report): Promise<void> {
  return writePieces(stream, jsonLinesPieces(report));
}

/**
 * Writes canonical texts (`--print canonical`) in report order, each under a header line that
 * names its cluster and copies, one text at a time: `textOf` gives a cluster's text (undefined
 * for none), so no more than one is held, and the writer waits whenever the stream asks it to.
 */
export async function printCanonicalTexts(stream: NodeJS.WritableStream, report: Report, textOf: (cluster: ClusterRecord) => Promise<string | undefined>, colour: boolean): Promise<void> {
  const c = colours(colour);
  let first = true;
  for (const cluster of report.clusters) {
    const text = await textOf(cluster);
    if (text === undefined) continue;
    const title = cluster.members.find((m) => m.id === cluster.canonical)?.title;
    const header = c.bold(`==> ${cluster.id} ${printable(cluster.canonical)}${cluster.size > 1 ? ` (${cluster.size} copies)` : ''} <==`);
    const piece = `${first ? '' : '\n'}${header}${title ? `\n${printable(title)}\n` : ''}\n${text.trim()}\n`;
    first = false;
    if (!stream.write(piece)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  }
}

/** File-name-safe slug of a title or id: never a path, never empty. */
export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return s || 'story';
}

/** Names manifest.json as dedupe's own, so a later run knows the folder is its output to replace. */
export const MANIFEST_GENERATOR = 'dedupe';

/**
 * Writes each cluster's canonical cleaned text to `folder` as `<cluster>-<slug>.txt` (names
 * built from the cluster number and a slug, never from raw ids, so nothing lands outside it)
 * and a manifest.json that maps every input document to its cluster and file. Texts come as
 * pairs of cluster id and text, in any order, each written as it comes: none is held. `folder`
 * is a fresh, empty temporary folder (see report/out-folder.ts), renamed into place afterwards.
 */
export async function writeOutputFolder(folder: string, report: Report, texts: AsyncIterable<[string, string]> | Iterable<[string, string]>): Promise<string[]> {
  const root = path.resolve(folder);
  const written: string[] = [];
  const fileOf = new Map<string, string>();
  const clusters = new Map(report.clusters.map((c) => [c.id, c]));
  for await (const [id, text] of texts) {
    const cluster = clusters.get(id);
    if (!cluster) throw new Error(`no cluster ${id} in the report`);
    const canonical = cluster.members.find((m) => m.id === cluster.canonical);
    const name = `${slug(cluster.id)}-${slug(canonical?.title ?? cluster.canonical)}.txt`;
    const target = path.join(root, name);
    // Names come from slugs, but check anyway: a write outside the folder is never right.
    if (path.dirname(target) !== root) throw new Error(`refusing to write ${target}: outside ${root}`);
    await writeFileAtomic(target, (canonical?.title ? `${canonical.title}\n\n` : '') + text.trim() + '\n');
    fileOf.set(cluster.id, name);
    written.push(target);
  }
  const manifestPath = path.join(root, 'manifest.json');
  const manifest: [string, unknown][] = [
    ['generator', MANIFEST_GENERATOR],
    ['version', report.version],
    ['params', report.params],
    ['summary', report.summary],
    ['clusters', report.clusters.map((c) => ({ ...c, file: fileOf.get(c.id) ?? null }))],
    ['documents', report.clusters.flatMap((c) => c.members.map((m) => ({ id: m.id, path: m.path, file: m.file, line: m.line, cluster: c.id, canonical: m.id === c.canonical })))],
    ['skipped', report.skipped],
  ];
  await writeFileAtomicFrom(manifestPath, prettyJsonPieces(manifest));
  written.push(manifestPath);
  return written;
}

/**
 * An object's JSON as JSON.stringify(object, null, 2) gives it, plus a newline, in pieces: one
 * per member, and one per element of its array members, so no string holds the whole (a
 * manifest of a million documents). JSON strings hold no raw line break, so indenting the
 * lines of a nested value is a plain replacement.
 */
export function* prettyJsonPieces(members: readonly [string, unknown][]): Generator<string> {
  const nested = (value: unknown, indent: string) => JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
  yield '{';
  for (let i = 0; i < members.length; i++) {
    const [key, value] = members[i];
    yield `${i === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `;
    if (!Array.isArray(value) || value.length === 0) {
      yield nested(value, '  ');
      continue;
    }
    for (let k = 0; k < value.length; k++) yield `${k === 0 ? '[' : ','}\n    ${nested(value[k], '    ')}`;
    yield '\n  ]';
  }
  yield '\n}\n';
}

/** What `dedupe clean --jsonl` prints per document. */
export interface CleanRecord {
  id: string;
  path: string;
  /** The JSONL line or 1-based JSON array index of a record, as in a run's members; null for a whole-file document. */
  line: number | null;
  title: string | null;
  text: string;
  removed: Removal[];
  flags: string[];
}

export function cleanRecord(raw: RawDocument, cleaned: CleanedDocument): CleanRecord {
  return { id: raw.id, path: raw.path, line: raw.record ?? null, title: raw.title ?? cleaned.title ?? null, text: cleaned.text, removed: cleaned.removed, flags: cleaned.flags };
}

/** Cleaned document for reading: a header, the title, the body. */
export function formatCleaned(raw: RawDocument, cleaned: CleanedDocument, colour: boolean): string {
  const c = colours(colour);
  const title = raw.title ?? cleaned.title;
  // The id and title are the input's: escaped, so that neither can forge a header or send escape sequences.
  return c.bold(`==> ${printable(raw.id)} <==`) + '\n' + (title ? `${printable(title)}\n\n` : '') + cleaned.text.trim() + '\n';
}

function removalSummary(removed: readonly Removal[]): string {
  const counts = new Map<string, number>();
  for (const r of removed) counts.set(r.rule, (counts.get(r.rule) ?? 0) + 1);
  return [...counts].map(([rule, n]) => `${rule} ${n}`).join(', ');
}

const MARKDOWN_PREFIX = /^\s{0,3}(#{1,6}\s+|[-*+]\s+|>\s?|\d+[.)]\s+)/;

/**
 * What cleaning did to one document, line by line: kept lines plain, removed lines dimmed with
 * a leading "-" and the rule that removed them. Plain text and Markdown are shown in their
 * original order; for HTML the kept text comes first, then the removed blocks.
 */
export function formatExplanation(raw: RawDocument, cleaned: CleanedDocument, colour: boolean): string {
  const c = colours(colour);
  const out: string[] = [];
  const title = raw.title ?? cleaned.title;
  const summary = cleaned.removed.length ? `removed ${cleaned.removed.length}: ${removalSummary(cleaned.removed)}` : 'nothing removed';
  out.push(c.bold(`==> ${printable(raw.id)} <==`) + c.dim(`  ${summary}${cleaned.flags.length ? `; ${cleaned.flags.join(', ')}` : ''}`));
  const removedLines = new Map<string, string[]>();
  for (const removal of cleaned.removed) {
    for (const line of removal.text.split('\n')) {
      const key = line.trim();
      if (!key) continue;
      const rules = removedLines.get(key);
      if (rules) rules.push(removal.rule);
      else removedLines.set(key, [removal.rule]);
    }
  }
  const takeRule = (line: string): string | undefined => {
    for (const key of [line, line.replace(MARKDOWN_PREFIX, '')]) {
      const rules = removedLines.get(key);
      if (rules?.length) return rules.shift();
    }
    return undefined;
  };
  const dimmed = (line: string, reason: string) => c.dim(`- ${line}  [${reason}]`);
  if (raw.format === 'html') {
    if (title) out.push(dimmed(printable(title), 'title'));
    for (const line of cleaned.text.split('\n')) out.push(`  ${line}`);
    for (const removal of cleaned.removed) for (const line of removal.text.split('\n')) if (line.trim()) out.push(dimmed(line.trim(), removal.rule));
  } else {
    let titleShown = false;
    for (const rawLine of raw.text.split(/\r?\n/)) {
      const line = rawLine.trim();
      if (!line) {
        out.push('');
        continue;
      }
      const rule = takeRule(line);
      if (rule) out.push(dimmed(line, rule));
      else if (!titleShown && title && (line === title.trim() || line.replace(MARKDOWN_PREFIX, '') === title.trim())) {
        titleShown = true;
        out.push(dimmed(line, 'title'));
      } else out.push(`  ${line}`);
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}

/** Reports of `--index` runs and of `dedupe index stats`: terminal text, JSON, JSON lines. */

import type { IncrementalResult } from '../index/incremental.js';
import { colours } from './format.js';
import type { IndexStats } from '../index/store.js';
import type { MembershipStats } from '../index/membership.js';

export const INDEX_REPORT_VERSION = 1;

/** The run's counts as the run itself reports them. */
type RunCounts = Pick<IncrementalResult, 'files' | 'documents' | 'added' | 'alreadyIndexed' | 'recovered' | 'indexedBefore' | 'indexedAfter' | 'indexDuplicates'>;

export interface IndexRunSummary extends RunCounts {
  /** Clusters whose members all came with this run. */
  newVsNew: number;
  /** Clusters joining new documents to indexed ones. */
  newVsIndexed: number;
  /** New documents that have a copy (new or indexed). */
  newWithCopies: number;
  skipped: number;
}

export function summarise(result: IncrementalResult): IndexRunSummary {
  return {
    files: result.files,
    documents: result.documents,
    added: result.added,
    alreadyIndexed: result.alreadyIndexed,
    recovered: result.recovered,
    indexedBefore: result.indexedBefore,
    indexedAfter: result.indexedAfter,
    newVsNew: result.clusters.filter((c) => c.kind === 'new-vs-new').length,
    newVsIndexed: result.clusters.filter((c) => c.kind === 'new-vs-indexed').length,
    newWithCopies: result.clusters.reduce((n, c) => n + c.members.filter((m) => !m.indexed).length, 0),
    indexDuplicates: result.indexDuplicates,
    skipped: result.skipped.length,
  };
}

/** The whole run as one JSON document. */
export function indexRunJson(result: IncrementalResult): object {
  return {
    version: INDEX_REPORT_VERSION,
    mode: result.mode,
    index: result.target,
    params: result.params,
    summary: summarise(result),
    clusters: result.clusters,
    skipped: result.skipped,
  };
}

export function indexRunJsonLines(result: IncrementalResult): string {
  return result.clusters.map((c) => JSON.stringify(c) + '\n').join('');
}

export function indexSummaryLine(result: IncrementalResult): string {
  const s = summarise(result);
  const verb = result.mode === 'query' ? 'compared with' : 'added to';
  return (
    `${s.added} new document${s.added === 1 ? '' : 's'} ${verb} ${result.target}` +
    (s.alreadyIndexed ? ` (${s.alreadyIndexed} already indexed)` : '') +
    `: ${s.newWithCopies} with copies, in ${s.newVsNew} new-vs-new and ${s.newVsIndexed} new-vs-indexed cluster${s.newVsIndexed === 1 ? '' : 's'}; ` +
    `the index holds ${s.indexedAfter} document${s.indexedAfter === 1 ? '' : 's'}` +
    (s.recovered ? `; finished ${s.recovered} left by an interrupted run` : '') +
    (s.skipped ? `; ${s.skipped} input${s.skipped === 1 ? '' : 's'} skipped` : '')
  );
}

export function formatIndexRun(result: IncrementalResult, colour: boolean): string {
  const c = colours(colour);
  const out: string[] = [];
  result.clusters.forEach((cluster) => {
    out.push(`${c.bold(cluster.id)}  ${cluster.members.length} copies  ${cluster.kind === 'new-vs-new' ? c.cyan('new-vs-new') : c.magenta('new-vs-indexed')}`);
    for (const m of cluster.members) {
      const isCanonical = m.id === cluster.canonical;
      const where = m.indexed ? c.dim('[indexed]') : c.cyan('[new]    ');
      const figures = isCanonical ? c.dim('canonical') : c.dim(`similarity ${m.similarity.toFixed(2)}  containment ${m.containment.toFixed(2)}`);
      out.push(`  ${isCanonical ? c.green('*') : ' '} ${where} ${isCanonical ? c.green(m.id) : m.id}  ${figures}`);
    }
    out.push(c.dim(`    canonical: ${cluster.reason}`), '');
  });
  if (result.clusters.length === 0) out.push(c.dim('No duplicates among the new documents.'), '');
  out.push(c.bold(indexSummaryLine(result)));
  return out.join('\n') + '\n';
}

export function formatStats(stats: IndexStats): string {
  const p = stats.params;
  const lines = [
    `index        ${stats.target}`,
    `documents    ${stats.documents}`,
    `pairs        ${stats.pairs} verified duplicate pairs`,
    `clusters     ${stats.duplicateClusters} with copies, ${stats.duplicates} duplicates`,
  ];
  if (stats.pending || stats.unlabelled) lines.push(`unfinished   ${stats.pending} pending, ${stats.unlabelled} unlabelled (run dedupe with --index again to finish)`);
  if (stats.bytes !== null) lines.push(`size         ${(stats.bytes / 1024 / 1024).toFixed(1)} MiB`);
  if (p) {
    lines.push(
      `parameters   shingle ${p.shingleSize}, permutations ${p.permutations}, seed ${p.seed}, bands ${p.bands} x rows ${p.rows}, ` +
        `threshold ${p.threshold}, containment ${p.containment ?? 'off'}, figures ${p.figures ?? 'off'}, canonical ${p.canonical}`,
    );
  }
  return lines.join('\n') + '\n';
}

export function formatMembershipStats(stats: MembershipStats): string {
  const p = stats.params;
  const lines = [`index        ${stats.target} (membership: band hashes only)`, `documents    ${stats.documents} added`];
  if (stats.bytes !== null) lines.push(`size         ${(stats.bytes / 1024 / 1024).toFixed(1)} MiB (the whole server${stats.target.includes('+cluster') ? 's' : ''})`);
  if (p) lines.push(`parameters   shingle ${p.shingleSize}, permutations ${p.permutations}, seed ${p.seed}, bands ${p.bands} x rows ${p.rows}, threshold ${p.threshold}`);
  return lines.join('\n') + '\n';
}

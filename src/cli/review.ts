/**
 * What `--html` shows, gathered from a run: the cleaned texts of duplicate clusters' members
 * (read and cleaned again, as `--out` does), the passages each copy shares with its canonical,
 * and the corpus's debris share. Rendered by report/html.ts.
 */

import { cleanedTexts, type RunOptions } from '../engine/run.js';
import type { RunResult } from '../engine/result.js';
import { sharedRanges, type Explanation } from '../explain.js';
import { renderHtmlReport, type HtmlReview, type ReviewCopy, type ReviewText, type ReviewTexts } from '../report/html.js';
import { clusterId, roundFigure } from '../report/model.js';
import type { Report } from '../report/report.js';
import type { CleanedDocument } from '../types.js';

const shown = (doc: CleanedDocument | undefined): ReviewText | null => (doc ? { text: doc.text, removed: doc.removed, flags: doc.flags } : null);

/** Sources the debris chart shows at most (the ones with most documents). */
const SOURCES_SHOWN = 20;

/**
 * A document's source for the debris chart: the outlet's folder (the first part of its path
 * under the input folder), or the file of a record; a file named alone is its own source.
 */
function sourceOf(doc: RunResult['documents'][number]): string {
  const { path: shown, record } = doc.source;
  if (record !== undefined) return shown;
  const slash = shown.indexOf('/');
  return slash > 0 ? shown.slice(0, slash) : shown;
}

/** The run's review page. */
export async function runReviewPage(result: RunResult, report: Report, options: RunOptions): Promise<HtmlReview> {
  const byId = new Map(result.documents.map((d) => [d.id, d.index]));
  const duplicates = report.clusters.filter((c) => c.size > 1);
  const wanted = duplicates.flatMap((c) => c.members.map((m) => byId.get(m.id)!));
  const cleaned = await cleanedTexts(result, wanted, options.read);
  const k = options.fingerprint.shingleSize;
  const byCluster = new Map(duplicates.map((c) => [c.id, c]));
  // Shared ranges are worked out as the page is written, one cluster at a time.
  const textsOf = (id: string): ReviewTexts | undefined => {
    const cluster = byCluster.get(id);
    if (!cluster) return undefined;
    const [canonical, ...copies] = cluster.members.map((m) => cleaned.get(byId.get(m.id)!));
    return {
      canonical: shown(canonical),
      copies: copies.map((copy): ReviewCopy | null => {
        if (!copy) return null;
        const ranges = canonical ? sharedRanges(canonical.text, copy.text, k) : { a: [], b: [] };
        return { ...shown(copy)!, shared: ranges.b, canonicalShared: ranges.a };
      }),
    };
  };
  let raw = 0;
  let clean = 0;
  const bySource = new Map<string, { documents: number; raw: number; clean: number }>();
  for (const d of result.documents) {
    raw += d.rawChars;
    clean += Math.min(d.cleanChars, d.rawChars);
    const source = sourceOf(d);
    const counts = bySource.get(source) ?? { documents: 0, raw: 0, clean: 0 };
    counts.documents++;
    counts.raw += d.rawChars;
    counts.clean += Math.min(d.cleanChars, d.rawChars);
    bySource.set(source, counts);
  }
  const debrisBySource = [...bySource]
    .sort((a, b) => b[1].documents - a[1].documents || (a[0] < b[0] ? -1 : 1))
    .slice(0, SOURCES_SHOWN)
    .map(([source, c]) => ({ source, documents: c.documents, debris: c.raw === 0 ? 0 : roundFigure((c.raw - c.clean) / c.raw) }));
  const review: HtmlReview = {
    title: `dedupe review: ${report.summary.documents} documents, ${report.summary.duplicateClusters} duplicate clusters`,
    summary: { ...report.summary, debris: raw === 0 ? 0 : roundFigure((raw - clean) / raw) },
    params: report.params,
    skipped: report.skipped,
    clusters: report.clusters,
    textsOf,
    debrisBySource,
  };
  return review;
}

/** `dedupe explain A B --html`: the pair as a cluster of two, A in the canonical's place. */
export function explainReviewPage(e: Explanation, texts: { a: CleanedDocument; b: CleanedDocument }, notes: readonly string[]): string {
  const ranges = sharedRanges(texts.a.text, texts.b.text, e.params.shingleSize);
  const member = (d: Explanation['a'], similarity: number, containment: number) => ({
    id: d.id,
    path: d.path,
    file: d.ref,
    line: null,
    url: null,
    title: d.title,
    date: d.date,
    similarity,
    containment,
  });
  const id = clusterId(1);
  return renderHtmlReport({
    title: `dedupe explain: ${e.verdict.duplicate ? 'duplicates' : 'different stories'}`,
    summary: { files: 2, documents: 2, clusters: e.verdict.duplicate ? 1 : 2, duplicateClusters: e.verdict.duplicate ? 1 : 0, duplicates: e.verdict.duplicate ? 1 : 0, skipped: 0, debris: roundFigure(1 - (e.a.cleanChars + e.b.cleanChars) / Math.max(1, e.a.rawChars + e.b.rawChars)) },
    params: e.params,
    skipped: [],
    clusters: [{ id, size: 2, canonical: e.a.id, reason: `${e.verdict.duplicate ? 'DUPLICATES' : 'DIFFERENT STORIES'}: ${e.verdict.reason}`, members: [member(e.a, 1, 1), member(e.b, e.estimated.jaccard, e.estimated.containment)] }],
    textsOf: (cluster) => (cluster === id ? { canonical: shown(texts.a), copies: [{ ...shown(texts.b)!, shared: ranges.b, canonicalShared: ranges.a }] } : undefined),
    notes,
  });
}

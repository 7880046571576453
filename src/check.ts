/**
 * CI check: `dedupe check <paths>` judges a dataset. Duplicates already accepted in a baseline
 * file are not failures; the check fails only when the share of new duplicate documents is over
 * `--max-duplicate-ratio`. Its output is rendered by report/check.ts.
 */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type RunResult } from './engine/result.js';
import { type Report } from './report/report.js';
import { describeFsError } from './input/discover.js';
import { writeFileAtomic } from './io/atomic.js';
import { UsageError, type Skipped } from './types.js';

export const CHECK_FORMATS = ['text', 'json', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export const DEFAULT_BASELINE_FILE = 'dedupe-baseline.json';
export const BASELINE_VERSION = 1;

/** A duplicate cluster a team has looked at and accepted, by document id. */
export interface BaselineCluster {
  canonical: string;
  members: string[];
}

export interface Baseline {
  version: number;
  clusters: BaselineCluster[];
}

/** A baseline file that cannot be used: a usage error, not a failed check. */
export class BaselineError extends UsageError {}

export interface CheckOptions {
  /** Largest allowed share of documents that are new duplicates (0 allows none). */
  maxDuplicateRatio: number;
  baseline?: Baseline;
  /** Folder that annotation paths are relative to (the repository root in CI). */
  cwd: string;
}

/** One document that is a copy of its cluster's canonical. */
export interface DuplicateFinding {
  id: string;
  /** File path relative to the working folder, as GitHub annotations want it. */
  file: string;
  /** Line in the file, for JSONL records. */
  line?: number;
  cluster: string;
  canonical: string;
  canonicalFile: string;
  similarity: number;
  containment: number;
  /** Listed in the baseline together with another member of its cluster. */
  accepted: boolean;
}

export interface CheckResult {
  verdict: 'pass' | 'fail';
  documents: number;
  duplicates: number;
  accepted: number;
  newDuplicates: number;
  /** newDuplicates / documents. */
  ratio: number;
  maxDuplicateRatio: number;
  duplicateClusters: number;
  /** Baseline clusters that no longer match any duplicates (fixed in the data, or renamed). */
  staleBaselineClusters: number;
  findings: DuplicateFinding[];
  skipped: Skipped[];
}

export function baselineFromReport(report: Report): Baseline {
  return {
    version: BASELINE_VERSION,
    clusters: report.clusters.filter((c) => c.size > 1).map((c) => ({ canonical: c.canonical, members: c.members.map((m) => m.id).sort() })),
  };
}

/** Parses and checks a baseline file's text; errors name the file and the bad entry. */
export function parseBaseline(text: string, file: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`baseline ${file}: not valid JSON: ${(error as Error).message}`);
  }
  const value = raw as Partial<Baseline> | null;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BaselineError(`baseline ${file}: must be a JSON object with "version" and "clusters"`);
  if (value.version !== BASELINE_VERSION) throw new BaselineError(`baseline ${file}: "version" must be ${BASELINE_VERSION}, got ${JSON.stringify(value.version)}`);
  if (!Array.isArray(value.clusters)) throw new BaselineError(`baseline ${file}: "clusters" must be a list`);
  value.clusters.forEach((cluster, i) => {
    const ok = cluster && typeof cluster === 'object' && typeof cluster.canonical === 'string' && Array.isArray(cluster.members) && cluster.members.every((m) => typeof m === 'string');
    if (!ok) throw new BaselineError(`baseline ${file}: clusters[${i}] must have "canonical" (a document id) and "members" (a list of document ids)`);
  });
  return { version: BASELINE_VERSION, clusters: value.clusters };
}

/** Reads a baseline; `file` is shown in errors as given, and read relative to the working folder. */
export async function loadBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(path.resolve(file), 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new BaselineError(`baseline ${file}: ${missing ? 'no such file (create it with --write-baseline)' : describeFsError(error)}`);
  }
  return parseBaseline(text, file);
}

export async function writeBaseline(file: string, baseline: Baseline): Promise<void> {
  await writeFileAtomic(path.resolve(file), JSON.stringify(baseline, null, 2) + '\n');
}

/** Judges a run: which duplicates are new, and whether their share is over the limit. */
export function evaluateCheck(result: RunResult, report: Report, options: CheckOptions): CheckResult {
  const byId = new Map(result.documents.map((d) => [d.id, d]));
  const fileOf = (id: string) => {
    const doc = byId.get(id);
    if (!doc || doc.source.file === '-') return doc?.path ?? id;
    return path.relative(options.cwd, doc.source.file).split(path.sep).join('/');
  };
  // Per document id, the baseline clusters that list it.
  const baselineOf = new Map<string, Set<string>[]>();
  for (const cluster of options.baseline?.clusters ?? []) {
    const members = new Set(cluster.members);
    for (const id of members) baselineOf.set(id, [...(baselineOf.get(id) ?? []), members]);
  }
  const usedBaseline = new Set<Set<string>>();
  const findings: DuplicateFinding[] = [];
  for (const cluster of report.clusters) {
    if (cluster.size < 2) continue;
    const ids = cluster.members.map((m) => m.id);
    for (const member of cluster.members) {
      if (member.id === cluster.canonical) continue;
      // Accepted when the baseline lists it together with another member of its cluster now.
      const accepting = (baselineOf.get(member.id) ?? []).find((b) => ids.some((other) => other !== member.id && b.has(other)));
      if (accepting) usedBaseline.add(accepting);
      const doc = byId.get(member.id);
      findings.push({
        id: member.id,
        file: fileOf(member.id),
        line: doc?.source.kind === 'jsonl' ? doc.source.record : undefined,
        cluster: cluster.id,
        canonical: cluster.canonical,
        canonicalFile: fileOf(cluster.canonical),
        similarity: member.similarity,
        containment: member.containment,
        accepted: accepting !== undefined,
      });
    }
  }
  const documents = report.summary.documents;
  const newDuplicates = findings.filter((f) => !f.accepted).length;
  const ratio = documents === 0 ? 0 : newDuplicates / documents;
  return {
    verdict: ratio > options.maxDuplicateRatio ? 'fail' : 'pass',
    documents,
    duplicates: findings.length,
    accepted: findings.length - newDuplicates,
    newDuplicates,
    ratio,
    maxDuplicateRatio: options.maxDuplicateRatio,
    duplicateClusters: report.summary.duplicateClusters,
    staleBaselineClusters: (options.baseline?.clusters.length ?? 0) - usedBaseline.size,
    findings,
    skipped: report.skipped,
  };
}

/**
 * The corpus written back: which document of each story is kept (the canonical, or the first in
 * input order), each document's cluster, the records marked with them, and the list of the
 * copies' files for `xargs -0 rm`.
 */

import type { RunResult } from '../engine/result.js';
import { reportedFile } from './model.js';
import type { Report } from './report.js';

export type KeepPolicy = 'canonical' | 'first';
export const KEEP_POLICIES: readonly KeepPolicy[] = ['canonical', 'first'];

/** Per document (by index): its report cluster id, and whether it is the one kept of its story. */
export interface CorpusPlan {
  cluster: string[];
  kept: boolean[];
}

/**
 * The plan of a run whose report lists every cluster (singletons included): each cluster keeps
 * its canonical, or with `first` the member that came first in input order (documents are
 * numbered in input order); a document with no copy is kept.
 */
export function corpusPlan(result: RunResult, report: Report, keep: KeepPolicy): CorpusPlan {
  const byId = new Map(result.documents.map((d) => [d.id, d.index]));
  const cluster: string[] = new Array<string>(result.documents.length);
  const kept: boolean[] = new Array<boolean>(result.documents.length).fill(false);
  for (const c of report.clusters) {
    const members = c.members.map((m) => byId.get(m.id)!);
    for (const m of members) cluster[m] = c.id;
    // (A loop, not Math.min(...members): a cluster can hold more members than a call has arguments.)
    kept[keep === 'first' ? members.reduce((a, b) => Math.min(a, b)) : byId.get(c.canonical)!] = true;
  }
  return { cluster, kept };
}

/** A record marked with its cluster and whether it is a copy not kept (its other fields as they were). */
export function markedRecord(value: Record<string, unknown>, cluster: string, duplicate: boolean): string {
  const marked: Record<string, unknown> = { ...value };
  delete marked.dedupe_cluster;
  delete marked.dedupe_duplicate;
  marked.dedupe_cluster = cluster;
  marked.dedupe_duplicate = duplicate;
  return JSON.stringify(marked);
}

/**
 * A file as the paths list names it: as reports name it (relative to the working folder when
 * inside it), with `./` before a name that would read as an option to rm.
 */
export function listedPath(file: string): string {
  const shown = reportedFile(file);
  return shown.startsWith('-') ? `./${shown}` : shown;
}

/** The files of the copies not kept, in input order. */
export function copiesNotKept(result: RunResult, plan: CorpusPlan): string[] {
  return result.documents.filter((d) => !plan.kept[d.index]).map((d) => listedPath(d.file));
}

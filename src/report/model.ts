/**
 * The one cluster model every output uses: a run's `--json` and `--jsonl`, `--index` reports,
 * `index export` and the `--out` folder's manifest.json all describe a cluster as a
 * ClusterRecord (schema/cluster.schema.json). Built here and nowhere else.
 */

import path from 'node:path';
import type { ClusterResult } from '../match/cluster.js';

export interface MemberRecord {
  id: string;
  path: string;
  /**
   * The document's file as a script opens it and `dedupe explain` takes it: relative to the
   * working folder when inside it, else absolute; "-" for standard input; null when unknown (a
   * document indexed by an older version of dedupe).
   */
  file: string | null;
  /** The JSONL line or 1-based JSON array index of a record (`dedupe explain FILE:line`); null for a whole-file document. */
  line: number | null;
  /** The record's url/link field or the page's canonical URL, or null. */
  url: string | null;
  title: string | null;
  /** The document's date as read (ISO 8601 where it could be parsed), or null. */
  date: string | null;
  /** Estimated Jaccard similarity to the cluster's canonical (1 for the canonical). */
  similarity: number;
  /** Estimated share of the smaller of the two (member, canonical) contained in the other. */
  containment: number;
  /** Present only for a document never matched, saying why (cleaning left too little text of it). */
  unmatched?: string;
  /** Present only for a verified copy of a document of another cluster that clustering kept out of it, saying why. */
  keptApart?: string;
}

export interface ClusterRecord {
  /** c000001, c000002, ... in the order of the output (see clusterId). */
  id: string;
  size: number;
  /** The id of the member kept as the story's best version; listed first. */
  canonical: string;
  /** Why the canonical member was chosen (null for a cluster of one). */
  reason: string | null;
  members: MemberRecord[];
}

/** What a member needs to be listed. */
export interface MemberFacts {
  id: string;
  path: string;
  /** Absolute path of the document's file, "-" for standard input (undefined: not known). */
  file?: string;
  /** JSONL line or 1-based JSON array index; undefined for a whole-file document. */
  record?: number;
  url?: string;
  title?: string;
  date?: string;
  /** Why the document is never matched, when it is not. */
  unmatched?: string;
}

/** Per document, why clustering kept it out of a verified copy's cluster (see KeptApart in engine/matching.ts). */
export type KeptApartOf = (doc: number) => string | undefined;

export interface Similarity {
  jaccard: number;
  containment: number;
}

const SAME: Similarity = { jaccard: 1, containment: 1 };

/** Similarities are reported to three decimals. */
export const roundFigure = (x: number): number => Math.round(x * 1000) / 1000;

/** Digits a cluster id has at least: the same rule in every output, whatever its size. */
export const CLUSTER_ID_DIGITS = 6;

/** The id of the n-th cluster (from 1) of an output: "c" and at least six digits (c000001; c1000000 past a million). */
export function clusterId(n: number): string {
  return `c${String(n).padStart(CLUSTER_ID_DIGITS, '0')}`;
}

/**
 * A file as reports name it: relative to the working folder when inside it, else absolute;
 * "-" (standard input) as it is.
 */
export function reportedFile(file: string, cwd?: string): string {
  if (cwd !== undefined) return relativeToFolder(file, cwd);
  let reported = reportedInWorkingFolder.get(file);
  if (reported === undefined) reportedInWorkingFolder.set(file, (reported = relativeToFolder(file, process.cwd())));
  return reported;
}

/** reportedFile of each file met, for the working folder: the million records of one JSONL file share one string. */
const reportedInWorkingFolder = new Map<string, string>();

function relativeToFolder(file: string, cwd: string): string {
  if (file === '-') return file;
  // A normal path under a normal folder (what discovery gives): its tail, without path's passes.
  if (SEPARATOR === 47 && file.length > cwd.length + 1 && file.charCodeAt(cwd.length) === SEPARATOR && file.startsWith(cwd) && isNormal(file) && isNormal(cwd)) return file.slice(cwd.length + 1);
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  if (relative === '') return absolute;
  if (relative.startsWith('..') && (relative === '..' || relative.startsWith(`..${path.sep}`))) return absolute;
  if (path.isAbsolute(relative)) return absolute;
  return relative;
}

/** The path separator's code; the shortcut is taken where it is "/" (47), which no other character stands for. */
const SEPARATOR = path.sep.charCodeAt(0);

/** An absolute path that path.resolve would leave as it is: no empty, "." or ".." part, no separator at its end. */
function isNormal(p: string): boolean {
  const sep = path.sep;
  return path.isAbsolute(p) && !p.endsWith(sep) && !p.includes(sep + sep) && !p.includes(`${sep}.${sep}`) && !p.includes(`${sep}..${sep}`) && !p.endsWith(`${sep}.`) && !p.endsWith(`${sep}..`);
}

export function memberRecord(doc: MemberFacts, similarity: Similarity = SAME, keptApart?: string): MemberRecord {
  return {
    id: doc.id,
    path: doc.path,
    file: doc.file === undefined ? null : reportedFile(doc.file),
    line: doc.record ?? null,
    url: doc.url ?? null,
    title: doc.title ?? null,
    date: doc.date ?? null,
    similarity: roundFigure(similarity.jaccard),
    containment: roundFigure(similarity.containment),
    ...(doc.unmatched !== undefined ? { unmatched: doc.unmatched } : {}),
    ...(keptApart !== undefined ? { keptApart } : {}),
  };
}

/**
 * A cluster found by match/cluster.ts as a record: members in the cluster's order (canonical
 * first), each with its similarity to the canonical.
 */
export function clusterRecord(id: string, cluster: ClusterResult, docs: ArrayLike<MemberFacts>, similarityOf: (member: number) => Similarity | undefined, keptApartOf?: KeptApartOf): ClusterRecord {
  return {
    id,
    size: cluster.members.length,
    canonical: docs[cluster.canonical].id,
    reason: cluster.reason,
    members: cluster.members.map((m) => memberRecord(docs[m], m === cluster.canonical ? SAME : (similarityOf(m) ?? SAME), keptApartOf?.(m))),
  };
}

/** A document with no copy: a cluster of one. */
export function singletonRecord(id: string, doc: MemberFacts, keptApart?: string): ClusterRecord {
  return { id, size: 1, canonical: doc.id, reason: null, members: [memberRecord(doc, SAME, keptApart)] };
}

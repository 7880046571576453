/**
 * The one cluster model every output uses: a run's `--json` and `--jsonl`, `--index` reports,
 * `index export` and the `--out` folder's manifest.json all describe a cluster as a
 * ClusterRecord (schema/cluster.schema.json). Built here and nowhere else.
 */

import type { ClusterResult } from '../match/cluster.js';

export interface MemberRecord {
  id: string;
  path: string;
  title: string | null;
  /** The document's date as read (ISO 8601 where it could be parsed), or null. */
  date: string | null;
  /** Estimated Jaccard similarity to the cluster's canonical (1 for the canonical). */
  similarity: number;
  /** Estimated share of the smaller of the two (member, canonical) contained in the other. */
  containment: number;
}

export interface ClusterRecord {
  /** c1, c2, ... in the order of the output, zero-padded to a common width. */
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
  title?: string;
  date?: string;
}

export interface Similarity {
  jaccard: number;
  containment: number;
}

const SAME: Similarity = { jaccard: 1, containment: 1 };

/** Similarities are reported to three decimals. */
export const roundFigure = (x: number): number => Math.round(x * 1000) / 1000;

/** The id of the n-th cluster (from 1) of an output that may hold up to `total` clusters. */
export function clusterId(n: number, total: number): string {
  return `c${String(n).padStart(String(total).length, '0')}`;
}

export function memberRecord(doc: MemberFacts, similarity: Similarity = SAME): MemberRecord {
  return { id: doc.id, path: doc.path, title: doc.title ?? null, date: doc.date ?? null, similarity: roundFigure(similarity.jaccard), containment: roundFigure(similarity.containment) };
}

/**
 * A cluster found by match/cluster.ts as a record: members in the cluster's order (canonical
 * first), each with its similarity to the canonical.
 */
export function clusterRecord(id: string, cluster: ClusterResult, docs: ArrayLike<MemberFacts>, similarityOf: (member: number) => Similarity | undefined): ClusterRecord {
  return {
    id,
    size: cluster.members.length,
    canonical: docs[cluster.canonical].id,
    reason: cluster.reason,
    members: cluster.members.map((m) => memberRecord(docs[m], m === cluster.canonical ? SAME : (similarityOf(m) ?? SAME))),
  };
}

/** A document with no copy: a cluster of one. */
export function singletonRecord(id: string, doc: MemberFacts): ClusterRecord {
  return { id, size: 1, canonical: doc.id, reason: null, members: [memberRecord(doc)] };
}

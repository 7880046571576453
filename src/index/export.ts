/**
 * `dedupe index export`: every document of an index once, grouped in clusters, as JSON lines.
 * Clusters are computed from the verified pairs (the index's ground truth), so the export is
 * exact even while labels written by concurrent workers are catching up.
 */

import { buildClusters } from '../match/cluster.js';
import { comparePair, type MatchPolicy } from '../match/verify.js';
import { clusterId, clusterRecord, singletonRecord, type ClusterRecord, type MemberFacts } from '../report/model.js';
import type { IndexParams, IndexStore } from './store.js';

const SKETCH_BATCH = 2_000;

function policyOf(params: IndexParams): MatchPolicy {
  const { threshold, containment, minContainedShingles, figures, minFigures, changedFigures, lead, nearIdentical, grouping, dateGap, recurringMaxShingles } = params;
  return { threshold, containment, minContainedShingles, figures, minFigures, changedFigures, lead, nearIdentical, grouping, dateGap, recurringMaxShingles };
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Clusters of two or more (largest first, then by canonical id), then every other document as
 * a cluster of one (by id): the same index gives the same lines whatever order it was built in.
 */
export async function* exportClusters(store: IndexStore): AsyncGenerator<ClusterRecord> {
  const params = await store.readParams();
  if (!params) return;
  const policy = policyOf(params);
  let emitted = 0;
  const partners = new Map<number, number[]>();
  const link = (a: number, b: number) => {
    const list = partners.get(a);
    if (list) list.push(b);
    else partners.set(a, [b]);
  };
  for await (const [a, b] of store.pairs()) {
    link(a, b);
    link(b, a);
  }

  const clustered = new Set<number>();
  const clusters: ClusterRecord[] = [];
  const seen = new Set<number>();
  for (const start of [...partners.keys()].sort((a, b) => a - b)) {
    if (seen.has(start)) continue;
    const component = [start];
    seen.add(start);
    for (let i = 0; i < component.length; i++) {
      for (const other of partners.get(component[i]) ?? []) {
        if (!seen.has(other)) {
          seen.add(other);
          component.push(other);
        }
      }
    }
    component.sort((a, b) => a - b);
    const sketches = new Map();
    for (let i = 0; i < component.length; i += SKETCH_BATCH) {
      for (const [seq, doc] of await store.getDocuments(component.slice(i, i + SKETCH_BATCH))) sketches.set(seq, doc);
    }
    const docs = component.map((seq) => sketches.get(seq)!);
    const local = new Map(component.map((seq, i) => [seq, i]));
    const pairs: [number, number][] = [];
    for (const seq of component) for (const other of partners.get(seq) ?? []) if (seq < other) pairs.push([local.get(seq)!, local.get(other)!]);
    for (const cluster of buildClusters(docs.length, pairs, docs, policy, params.canonical)) {
      for (const m of cluster.members) clustered.add(docs[m].seq);
      clusters.push(clusterRecord('', cluster, docs, (m) => comparePair(docs[cluster.canonical], docs[m], policy)));
    }
  }
  clusters.sort((a, b) => b.size - a.size || byString(a.canonical, b.canonical));
  for (const cluster of clusters) yield { ...cluster, id: clusterId(++emitted) };

  const singles: MemberFacts[] = [];
  for await (const doc of store.documents()) {
    if (!clustered.has(doc.seq)) singles.push({ id: doc.id, path: doc.path, file: doc.file, record: doc.record, url: doc.url, title: doc.title, date: doc.date });
  }
  singles.sort((a, b) => byString(a.id, b.id));
  for (const doc of singles) yield singletonRecord(clusterId(++emitted), doc);
}

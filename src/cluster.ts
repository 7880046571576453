/**
 * Cluster stage: verify candidate pairs (similarity or containment, leads, figures and dates),
 * join accepted pairs with union-find, then split each component around a canonical member so
 * that every member of a cluster itself matches the canonical (no A~B~C chains merging A with C).
 */

import { compareSlots, estimateContainment, estimateJaccard, figureContainment, leadOverlap, shingleSetStats, type Signature } from './fingerprint.js';

/** What verification needs of a document: its sketch, sizes and figure and lead samples, not its text. */
export interface Sketch {
  signature: Signature;
  shingles: number;
  figures: Uint32Array;
  slots: Uint32Array;
  lead: Uint32Array;
  /** Every distinct shingle hash of a short document (see Fingerprint.shingleSet); empty or absent otherwise. */
  shingleSet?: Uint32Array;
}

/**
 * Jaccard similarity and containment of two documents: exact when both are short enough to
 * keep their whole shingle sets, else estimated from their signatures and shingle counts.
 */
export function similarityOf(a: Sketch, b: Sketch): { jaccard: number; containment: number } {
  if (a.shingleSet && b.shingleSet && a.shingleSet.length > 0 && b.shingleSet.length > 0) return shingleSetStats(a.shingleSet, b.shingleSet);
  const jaccard = estimateJaccard(a.signature, b.signature);
  return { jaccard, containment: estimateContainment(jaccard, a.shingles, b.shingles) };
}

export interface MatchPolicy {
  /** Pairs whose estimated Jaccard reaches this match. */
  threshold: number;
  /** Pairs whose smaller document is this much contained in the larger match too; null turns containment off. */
  containment: number | null;
  /** Containment is only trusted when the smaller document has at least this many shingles. */
  minContainedShingles: number;
  /** Share of the smaller document's figures that must appear in the larger; null turns every figure check off. */
  figures: number | null;
  /** The figure-share check applies when the smaller document has at least this many distinct figures. */
  minFigures: number;
  /** Share of the figure slots both documents fill (same surrounding words) holding other figures at which they are different stories. */
  changedFigures: number;
  /** Share of lead word pairs two documents must share unless their texts are near-identical; null turns the lead check off. */
  lead: number | null;
  /** Estimated Jaccard at which two texts count as near-identical and the lead check is skipped. */
  nearIdentical: number;
  /** 'canonical' splits each component so every member matches its canonical; 'components' keeps connected components (chains). */
  grouping: 'canonical' | 'components';
}

export const DEFAULT_POLICY: MatchPolicy = {
  threshold: 0.5,
  containment: 0.6,
  minContainedShingles: 20,
  figures: 0.6,
  minFigures: 2,
  changedFigures: 0.5,
  lead: 0.2,
  nearIdentical: 0.8,
  grouping: 'canonical',
};

/** Which rule decided a verdict. */
export type VerdictRule = 'similar' | 'contained' | 'dissimilar' | 'lead' | 'figures' | 'dates';

export interface PairVerdict {
  jaccard: number;
  containment: number;
  /** Share of the smaller figure set present in the larger (1 when either has none). */
  figures: number;
  /** Share of the shorter lead's word pairs found in the other lead (1 when either is empty). */
  lead: number;
  /** Figure slots both fill, and how many of them hold other figures (dates among them). */
  slots: { shared: number; changed: number; datesChanged: number };
  match: boolean;
  rule: VerdictRule;
  reason: string;
}

/**
 * Decides whether two documents are copies of one story:
 * 1. similar (Jaccard >= threshold) or contained (the smaller one's share found in the larger
 *    >= containment, when it is big enough for the estimate to hold);
 * 2. and, unless the texts are near-identical, their leads agree: a copy starts like the
 *    story it copies, while a page that merely carries another story further down does not;
 * 3. and their figures agree: the smaller one's figures appear in the larger, no date that
 *    both put in the same words differs, and few other figures in shared words differ.
 */
export function comparePair(a: Sketch, b: Sketch, policy: MatchPolicy): PairVerdict {
  const { jaccard, containment } = similarityOf(a, b);
  const figures = figureContainment(a.figures, b.figures);
  const lead = leadOverlap(a.lead, b.lead);
  const slots = compareSlots(a.slots, b.slots);
  const verdict = (match: boolean, rule: VerdictRule, reason: () => string): PairVerdict => new Verdict(jaccard, containment, figures, lead, slots, match, rule, reason);

  const byJaccard = jaccard >= policy.threshold;
  const byContainment =
    policy.containment !== null &&
    containment >= policy.containment &&
    Math.min(a.shingles, b.shingles) >= policy.minContainedShingles;
  if (!byJaccard && !byContainment) {
    return verdict(false, 'dissimilar', () => `similarity ${fmt(jaccard)} < ${policy.threshold}` + (policy.containment !== null ? ` and containment ${fmt(containment)} < ${policy.containment}` : ''));
  }
  if (policy.lead !== null && jaccard < policy.nearIdentical && a.lead.length > 0 && b.lead.length > 0 && lead < policy.lead) {
    return verdict(false, 'lead', () => `the texts overlap (similarity ${fmt(jaccard)}, containment ${fmt(containment)}) but start differently: only ${fmt(lead)} of the lead is shared (< ${policy.lead}), so one carries the other's story further down`);
  }
  if (policy.figures !== null) {
    if (Math.min(a.figures.length, b.figures.length) >= policy.minFigures && figures < policy.figures) {
      return verdict(false, 'figures', () => `same wording but different figures: only ${fmt(figures)} of the figures agree (< ${policy.figures})`);
    }
    if (slots.datesChanged > 0) {
      return verdict(false, 'dates', () => `same wording but different dates: ${slots.datesChanged} date${slots.datesChanged === 1 ? '' : 's'} in the same words differ${slots.datesChanged === 1 ? 's' : ''}`);
    }
    if (slots.shared > 0 && slots.changed / slots.shared >= policy.changedFigures) {
      return verdict(false, 'figures', () => `same wording but different figures: ${slots.changed} of ${slots.shared} figures in the same words differ (>= ${Math.round(policy.changedFigures * 100)}%)`);
    }
  }
  return verdict(true, byJaccard ? 'similar' : 'contained', () => (byJaccard ? `similarity ${fmt(jaccard)} >= ${policy.threshold}` : `containment ${fmt(containment)} >= ${policy.containment}`));
}

/**
 * A verdict whose reason is written only when read: a run verifies far more pairs than anyone
 * reads about. A class, as an object literal with a getter is built on V8's slow path.
 */
class Verdict implements PairVerdict {
  constructor(
    readonly jaccard: number,
    readonly containment: number,
    readonly figures: number,
    readonly lead: number,
    readonly slots: PairVerdict['slots'],
    readonly match: boolean,
    readonly rule: VerdictRule,
    private readonly describe: () => string,
  ) {}

  get reason(): string {
    return this.describe();
  }
}

function fmt(x: number): string {
  return x.toFixed(2);
}

/** Union-find with path halving and union by size, on typed arrays. */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]];
      x = this.parent[x];
    }
    return x;
  }

  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.size[ra] < this.size[rb]) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] += this.size[rb];
  }

  /** Members of each component with two or more documents, keyed by root. */
  groups(): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (let i = 0; i < this.parent.length; i++) {
      const root = this.find(i);
      if (this.size[root] < 2) continue;
      let list = out.get(root);
      if (!list) out.set(root, (list = []));
      list.push(i);
    }
    return out;
  }
}

/** Each document's partners in a list of pairs, in typed arrays (compressed sparse rows). */
class PairNeighbours {
  private readonly starts: Uint32Array;
  private readonly partners: Uint32Array;

  constructor(count: number, pairs: readonly (readonly [number, number])[]) {
    const starts = new Uint32Array(count + 1);
    for (const [a, b] of pairs) {
      starts[a + 1]++;
      starts[b + 1]++;
    }
    for (let i = 0; i < count; i++) starts[i + 1] += starts[i];
    const next = starts.slice(0, count);
    const partners = new Uint32Array(pairs.length * 2);
    for (const [a, b] of pairs) {
      partners[next[a]++] = b;
      partners[next[b]++] = a;
    }
    this.starts = starts;
    this.partners = partners;
  }

  has(a: number, b: number): boolean {
    for (let i = this.starts[a]; i < this.starts[a + 1]; i++) if (this.partners[i] === b) return true;
    return false;
  }
}

/** What the canonical policies weigh, per document. */
export interface CanonicalFacts extends Sketch {
  id: string;
  path: string;
  /** Characters of cleaned text. */
  cleanChars: number;
  /** Share of the raw text the cleaner removed (0..1). */
  debris: number;
  /** Milliseconds since the epoch, if the document has a parseable date. */
  time?: number;
}

export const CANONICAL_POLICIES = ['complete', 'longest', 'cleanest', 'earliest', 'path'] as const;
export type CanonicalPolicy = (typeof CANONICAL_POLICIES)[number];

export interface ClusterResult {
  canonical: number;
  /** All members, canonical first. */
  members: number[];
  /** Why the canonical was chosen. */
  reason: string;
}

/** Above this size coverage scores (quadratic) give way to the cleaned length. */
const COVERAGE_LIMIT = 200;

/**
 * Share of a copy's text that may go unconfirmed by any other member (a tail that trimmed copies
 * dropped, an added paragraph) before it counts against the copy. Beyond it, each share of
 * unconfirmed text (an appended story, debris the cleaner left) costs as much as the same share
 * of coverage gains. So a full story beats its trimmed copies by this margin, and a page that
 * carries another story loses to the story alone once a third copy confirms which is which.
 */
const UNSHARED_TOLERANCE = 0.1;

/**
 * Orders members best-first for a canonical policy.
 * - complete: the copy that holds most of the other copies (mean containment of each other copy
 *   in it) less its unshared share beyond UNSHARED_TOLERANCE (the part of it no other member
 *   has: appended stories, debris the cleaner left); on a tie the one holding most of the others (a full story over
 *   its trimmed copy), then the least debris removed, the earliest date, the path;
 * - longest: most cleaned text; cleanest: least debris; earliest: oldest date; path: path order.
 */
export function rankCanonical(members: number[], docs: readonly CanonicalFacts[], policy: CanonicalPolicy): { order: number[]; coverage: Map<number, number>; unshared: Map<number, number> } {
  const coverage = new Map<number, number>();
  const unshared = new Map<number, number>();
  const score = new Map<number, number>();
  if (policy === 'complete' && members.length <= COVERAGE_LIMIT) {
    for (const i of members) {
      let covered = 0;
      let ownShared = 0;
      for (const j of members) {
        if (i === j) continue;
        const { jaccard } = similarityOf(docs[i], docs[j]);
        const shared = (jaccard * (docs[i].shingles + docs[j].shingles)) / (1 + jaccard);
        covered += docs[j].shingles === 0 ? 0 : Math.min(1, shared / docs[j].shingles);
        ownShared = Math.max(ownShared, docs[i].shingles === 0 ? 0 : Math.min(1, shared / docs[i].shingles));
      }
      const cov = members.length > 1 ? covered / (members.length - 1) : 1;
      coverage.set(i, cov);
      unshared.set(i, 1 - ownShared);
      score.set(i, cov - Math.max(0, 1 - ownShared - UNSHARED_TOLERANCE));
    }
  }
  const byPath = (a: number, b: number) => (docs[a].path < docs[b].path ? -1 : docs[a].path > docs[b].path ? 1 : docs[a].id < docs[b].id ? -1 : docs[a].id > docs[b].id ? 1 : 0);
  const byTime = (a: number, b: number) => (docs[a].time ?? Infinity) - (docs[b].time ?? Infinity);
  const byDebris = (a: number, b: number) => docs[a].debris - docs[b].debris;
  const byLength = (a: number, b: number) => docs[b].cleanChars - docs[a].cleanChars;
  // Score differences under 2% are noise in the estimate; let debris and date decide those.
  const byScore = (a: number, b: number) => {
    const d = (score.get(b) ?? 0) - (score.get(a) ?? 0);
    return Math.abs(d) < 0.02 ? 0 : d;
  };
  const byCoverage = (a: number, b: number) => {
    const d = (coverage.get(b) ?? 0) - (coverage.get(a) ?? 0);
    return Math.abs(d) < 0.02 ? 0 : d;
  };
  const chain: Record<CanonicalPolicy, ((a: number, b: number) => number)[]> = {
    complete: score.size ? [byScore, byCoverage, byDebris, byTime, byLength, byPath] : [byLength, byDebris, byTime, byPath],
    longest: [byLength, byDebris, byTime, byPath],
    cleanest: [byDebris, byLength, byTime, byPath],
    earliest: [byTime, byLength, byPath],
    path: [byPath],
  };
  const comparators = chain[policy];
  const order = [...members].sort((a, b) => {
    for (const compare of comparators) {
      const d = compare(a, b);
      if (d !== 0 && !Number.isNaN(d)) return d;
    }
    return 0;
  });
  return { order, coverage, unshared };
}

function describeChoice(canonical: number, docs: readonly CanonicalFacts[], policy: CanonicalPolicy, coverage: Map<number, number>, unshared: Map<number, number>, size: number): string {
  const doc = docs[canonical];
  const debris = `${Math.round(doc.debris * 100)}% debris removed`;
  switch (policy) {
    case 'complete':
      return coverage.has(canonical)
        ? `most complete: holds ${Math.round((coverage.get(canonical) ?? 0) * 100)}% of the other ${size - 1} cop${size === 2 ? 'y' : 'ies'} on average, ${Math.round((unshared.get(canonical) ?? 0) * 100)}% of its text is in no other copy; ${debris}`
        : `longest cleaned body (${doc.cleanChars} characters); ${debris}`;
    case 'longest':
      return `longest cleaned body (${doc.cleanChars} characters)`;
    case 'cleanest':
      return `least debris (${debris})`;
    case 'earliest':
      return doc.time !== undefined ? `earliest date (${new Date(doc.time).toISOString()})` : 'no member has a date; longest body';
    case 'path':
      return 'first by path';
  }
}

/**
 * Clusters documents from accepted pairs. Each union-find component is split around canonical
 * members: the best-ranked member becomes canonical, members that match it directly join, and
 * the rest are clustered again among themselves. Singletons are not returned. `verified` says
 * every pair was compared under `policy` and matched (as a run's candidate pairs are), so such a
 * pair is not compared again when one of its documents is the canonical.
 */
export function buildClusters(
  count: number,
  acceptedPairs: Iterable<readonly [number, number]>,
  docs: readonly CanonicalFacts[],
  policy: MatchPolicy,
  canonicalPolicy: CanonicalPolicy,
  verified = false,
): ClusterResult[] {
  const components = new UnionFind(count);
  const pairs = [...acceptedPairs];
  for (const [a, b] of pairs) components.union(a, b);
  const matched = verified ? new PairNeighbours(count, pairs) : undefined;
  const clusters: ClusterResult[] = [];
  for (const group of components.groups().values()) {
    let remaining = group;
    while (remaining.length > 1) {
      const { order, coverage, unshared } = rankCanonical(remaining, docs, canonicalPolicy);
      const canonical = order[0];
      const members = [canonical];
      const rest: number[] = [];
      for (const doc of order.slice(1)) {
        // A verified pair matches in either order: comparePair is symmetric.
        if (policy.grouping === 'components' || matched?.has(canonical, doc) || comparePair(docs[canonical], docs[doc], policy).match) members.push(doc);
        else rest.push(doc);
      }
      if (members.length > 1) {
        clusters.push({ canonical, members, reason: describeChoice(canonical, docs, canonicalPolicy, coverage, unshared, members.length) });
      }
      remaining = members.length > 1 ? rest : order.slice(1);
    }
  }
  return clusters;
}

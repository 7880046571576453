/**
 * Cluster stage: verify candidate pairs (similarity or containment, publication dates, leads, figures and dates),
 * join accepted pairs with union-find, then split each component around a canonical member so
 * that every member of a cluster itself matches the canonical (no A~B~C chains merging A with C).
 */

import { similarityOf, type MatchPolicy, comparePair, type Sketch } from './verify.js';

/**
 * Union-find with path halving and union by size, on typed arrays. With `tallies`, each
 * document also keeps a count beside its parent (read from the same cache line): a caller that
 * meets documents in random order and asks both of each pays one memory read, not two.
 */
export class UnionFind {
  /** Per document, its parent at doc * stride, and with tallies its count after it. */
  private readonly parent: Int32Array;
  private readonly size: Int32Array;
  private readonly stride: number;

  constructor(n: number, tallies = false) {
    this.stride = tallies ? 2 : 1;
    this.parent = new Int32Array(n * this.stride);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i * this.stride] = i;
  }

  find(x: number): number {
    const { parent, stride } = this;
    while (parent[x * stride] !== x) {
      parent[x * stride] = parent[parent[x * stride] * stride];
      x = parent[x * stride];
    }
    return x;
  }

  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.size[ra] < this.size[rb]) [ra, rb] = [rb, ra];
    this.parent[rb * this.stride] = ra;
    this.size[ra] += this.size[rb];
  }

  /** A document's count (made with tallies). */
  tally(x: number): number {
    return this.parent[x * 2 + 1];
  }

  /** Adds one to a document's count (made with tallies). */
  addToTally(x: number): void {
    this.parent[x * 2 + 1]++;
  }

  /** Its typed arrays, for a caller to free once it is done with it. */
  tables(): ArrayBufferLike[] {
    return [this.parent.buffer, this.size.buffer];
  }

  /**
   * The members of each component with two or more documents: components in the order of their
   * first member, members in order, found through a table of list numbers rather than a map: a
   * run's million documents, most of them alone, cost one find each.
   */
  groupLists(): number[][] {
    const lists: number[][] = [];
    const listOf = new Int32Array(this.size.length).fill(-1);
    for (let i = 0; i < this.size.length; i++) {
      if (this.parent[i * this.stride] === i && this.size[i] < 2) continue;
      const root = this.find(i);
      if (this.size[root] < 2) continue;
      let list = listOf[root];
      if (list < 0) {
        list = listOf[root] = lists.length;
        lists.push([]);
      }
      lists[list].push(i);
    }
    return lists;
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

  /** The partners of a document. */
  of(a: number): Uint32Array {
    return this.partners.subarray(this.starts[a], this.starts[a + 1]);
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

/**
 * Above this size coverage scores (quadratic) give way to the cleaned length, and a component is
 * split by splitLargeComponent: a document's clustering work stays bounded by it.
 */
const COVERAGE_LIMIT = 64;

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
export function rankCanonical(
  members: number[],
  docs: readonly CanonicalFacts[],
  policy: CanonicalPolicy,
  jaccardOf: (i: number, j: number) => number = (i, j) => similarityOf(docs[i], docs[j]).jaccard,
): { order: number[]; coverage: Map<number, number>; unshared: Map<number, number> } {
  const coverage = new Map<number, number>();
  const unshared = new Map<number, number>();
  // What the comparators weigh, read once per member rather than once per comparison, by the member's position.
  const count = members.length;
  const scores = new Float64Array(count);
  const coverages = new Float64Array(count);
  const times = new Float64Array(count);
  const debris = new Float64Array(count);
  const lengths = new Float64Array(count);
  for (let m = 0; m < count; m++) {
    const doc = docs[members[m]];
    times[m] = doc.time ?? Infinity;
    debris[m] = doc.debris;
    lengths[m] = doc.cleanChars;
  }
  const scored = policy === 'complete' && count <= COVERAGE_LIMIT && count > 0;
  if (scored) {
    const shingles = members.map((doc) => docs[doc].shingles);
    for (let m = 0; m < count; m++) {
      const i = members[m];
      const shinglesI = shingles[m];
      let covered = 0;
      let ownShared = 0;
      for (let n = 0; n < count; n++) {
        const j = members[n];
        if (i === j) continue;
        const jaccard = jaccardOf(i, j);
        const shared = (jaccard * (shinglesI + shingles[n])) / (1 + jaccard);
        covered += shingles[n] === 0 ? 0 : Math.min(1, shared / shingles[n]);
        ownShared = Math.max(ownShared, shinglesI === 0 ? 0 : Math.min(1, shared / shinglesI));
      }
      const cov = count > 1 ? covered / (count - 1) : 1;
      coverage.set(i, cov);
      unshared.set(i, 1 - ownShared);
      coverages[m] = cov;
      scores[m] = cov - Math.max(0, 1 - ownShared - UNSHARED_TOLERANCE);
    }
  }
  // Comparators of two members' positions.
  const byPath = (x: number, y: number) => {
    const a = docs[members[x]];
    const b = docs[members[y]];
    return a.path < b.path ? -1 : a.path > b.path ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
  const byTime = (x: number, y: number) => times[x] - times[y];
  const byDebris = (x: number, y: number) => debris[x] - debris[y];
  const byLength = (x: number, y: number) => lengths[y] - lengths[x];
  // Score differences under 2% are noise in the estimate; let debris and date decide those.
  const byScore = (x: number, y: number) => {
    const d = scores[y] - scores[x];
    return Math.abs(d) < 0.02 ? 0 : d;
  };
  const byCoverage = (x: number, y: number) => {
    const d = coverages[y] - coverages[x];
    return Math.abs(d) < 0.02 ? 0 : d;
  };
  // Only the policy's own chain is built: this runs once per component.
  const chain = (): ((x: number, y: number) => number)[] => {
    switch (policy) {
      case 'complete':
        return scored ? [byScore, byCoverage, byDebris, byTime, byLength, byPath] : [byLength, byDebris, byTime, byPath];
      case 'longest':
        return [byLength, byDebris, byTime, byPath];
      case 'cleanest':
        return [byDebris, byLength, byTime, byPath];
      case 'earliest':
        return [byTime, byLength, byPath];
      case 'path':
        return [byPath];
    }
  };
  const comparators = chain();
  // Positions sorted as the members they stand for would be (the sort is stable and sees the same comparisons).
  const positions = Array.from({ length: count }, (_, m) => m).sort((x, y) => {
    for (const compare of comparators) {
      const d = compare(x, y);
      if (d !== 0 && !Number.isNaN(d)) return d;
    }
    return 0;
  });
  const order = positions.map((m) => members[m]);
  return { order, coverage, unshared };
}

function describeChoice(canonical: number, docs: readonly CanonicalFacts[], policy: CanonicalPolicy, coverage: Map<number, number>, unshared: Map<number, number>, size: number, clusters?: ClusterList): string {
  const doc = docs[canonical];
  const debrisShare = Math.round(doc.debris * 100);
  const debris = `${debrisShare}% debris removed`;
  switch (policy) {
    case 'complete': {
      if (!coverage.has(canonical)) return `longest cleaned body (${doc.cleanChars} characters); ${debris}`;
      const held = Math.round((coverage.get(canonical) ?? 0) * 100);
      const alone = Math.round((unshared.get(canonical) ?? 0) * 100);
      const build = () => `most complete: holds ${held}% of the other ${size - 1} cop${size === 2 ? 'y' : 'ies'} on average, ${alone}% of its text is in no other copy; ${debris}`;
      return clusters ? clusters.completeReason(held, alone, debrisShare, size, build) : build();
    }
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
 * pair is not compared again when one of its documents is the canonical. `jaccardOf` gives two
 * documents' Jaccard similarity as similarityOf does, and `pairMatches` decides a pair as
 * comparePair does (a run reads both in place from its sketch store, with no views or verdicts
 * made per pair).
 */
export function buildClusters(
  count: number,
  acceptedPairs: Iterable<readonly [number, number]>,
  docs: readonly CanonicalFacts[],
  policy: MatchPolicy,
  canonicalPolicy: CanonicalPolicy,
  verified = false,
  jaccardOf: (i: number, j: number) => number = (i, j) => similarityOf(docs[i], docs[j]).jaccard,
  pairMatches: (a: number, b: number) => boolean = (a, b) => comparePair(docs[a], docs[b], policy).match,
): ClusterResult[] {
  const components = new UnionFind(count);
  const pairs = [...acceptedPairs];
  for (const [a, b] of pairs) components.union(a, b);
  const neighbours = new PairNeighbours(count, pairs);
  const matches = (canonical: number, doc: number) =>
    policy.grouping === 'components' || (verified && neighbours.has(canonical, doc)) || pairMatches(canonical, doc);
  const clusters = new ClusterList();
  for (const group of components.groupLists()) {
    if (group.length <= COVERAGE_LIMIT) splitComponent(group, docs, canonicalPolicy, matches, clusters, jaccardOf);
    else splitLargeComponent(group, docs, canonicalPolicy, neighbours, matches, clusters);
  }
  return clusters.found;
}

/**
 * The clusters found, their reasons kept once per distinct text: most clusters of a large run
 * give one of a few thousand reasons, each otherwise a string of its own (a million documents
 * make tens of MB of them).
 */
class ClusterList {
  readonly found: ClusterResult[] = [];
  private readonly reasons = new Map<string, string>();
  /** The reasons of the 'complete' policy by their four figures as one number, so that a reason met before is neither built nor hashed again. */
  private readonly completeReasons = new Map<number, string>();

  /** The reason of a 'complete' choice with these figures (whole percentages and a size), built by `build` when new. */
  completeReason(held: number, alone: number, debris: number, size: number, build: () => string): string {
    const percent = (x: number) => Number.isInteger(x) && x >= 0 && x <= 100;
    if (!percent(held) || !percent(alone) || !percent(debris) || !Number.isInteger(size) || size < 0 || size >= 1 << 20) return build();
    const key = ((held * 101 + alone) * 101 + debris) * (1 << 20) + size;
    // the figures make the text, so one string a key; push shares it among clusters as it shares every reason
    let reason = this.completeReasons.get(key);
    if (reason === undefined) this.completeReasons.set(key, (reason = build()));
    return reason;
  }

  push(cluster: ClusterResult): void {
    let reason = this.reasons.get(cluster.reason);
    if (reason === undefined) this.reasons.set(cluster.reason, (reason = cluster.reason));
    cluster.reason = reason;
    this.found.push(cluster);
  }
}

/**
 * Splits a component around canonicals: the best-ranked member becomes canonical, every member
 * that matches it joins, and the rest are ranked and split again among themselves.
 */
function splitComponent(
  group: number[],
  docs: readonly CanonicalFacts[],
  canonicalPolicy: CanonicalPolicy,
  matches: (canonical: number, doc: number) => boolean,
  clusters: ClusterList,
  similarity: (i: number, j: number) => number,
): void {
  // Each pair's similarity once, however many times the remaining members are ranked.
  const position = new Map(group.map((doc, i) => [doc, i]));
  const known = new Float64Array(group.length * group.length).fill(-1);
  const jaccardOf = (i: number, j: number) => {
    const at = i < j ? position.get(i)! * group.length + position.get(j)! : position.get(j)! * group.length + position.get(i)!;
    if (known[at] < 0) known[at] = similarity(i, j);
    return known[at];
  };
  let remaining = group;
  while (remaining.length > 1) {
    const { order, coverage, unshared } = rankCanonical(remaining, docs, canonicalPolicy, jaccardOf);
    const canonical = order[0];
    const members = [canonical];
    const rest: number[] = [];
    for (const doc of order.slice(1)) (matches(canonical, doc) ? members : rest).push(doc);
    if (members.length > 1) {
      clusters.push({ canonical, members, reason: describeChoice(canonical, docs, canonicalPolicy, coverage, unshared, members.length, clusters) });
    }
    remaining = members.length > 1 ? rest : order.slice(1);
  }
}

/**
 * Splits a component too large to compare every member with every canonical (pages chained by
 * shared passages make components of many thousands): ranked once, each canonical in rank order
 * takes the unclaimed members it matches among those it reaches through its accepted pairs and
 * through the members it takes. A member is compared once per canonical that reaches it, at most
 * once per accepted pair it is in, so the work grows with the accepted pairs, not with the
 * square of the component. Thousands of copies of one story, linked in any shape, all match
 * their canonical and join it.
 */
function splitLargeComponent(
  group: number[],
  docs: readonly CanonicalFacts[],
  canonicalPolicy: CanonicalPolicy,
  neighbours: PairNeighbours,
  matches: (canonical: number, doc: number) => boolean,
  clusters: ClusterList,
): void {
  const { order, coverage, unshared } = rankCanonical(group, docs, canonicalPolicy);
  const rank = new Map(order.map((doc, i) => [doc, i]));
  const claimed = new Set<number>();
  /** The canonical that last compared each member, so a member is compared once per canonical. */
  const comparedBy = new Map<number, number>();
  for (const canonical of order) {
    if (claimed.has(canonical)) continue;
    claimed.add(canonical);
    const members = [canonical];
    const frontier = [canonical];
    while (frontier.length) {
      for (const doc of neighbours.of(frontier.pop()!)) {
        if (claimed.has(doc) || comparedBy.get(doc) === canonical) continue;
        comparedBy.set(doc, canonical);
        if (!matches(canonical, doc)) continue;
        claimed.add(doc);
        members.push(doc);
        frontier.push(doc);
      }
    }
    if (members.length > 1) {
      // Members in rank order after the canonical, as a small component lists them.
      const rest = members.slice(1).sort((a, b) => rank.get(a)! - rank.get(b)!);
      clusters.push({ canonical, members: [canonical, ...rest], reason: describeChoice(canonical, docs, canonicalPolicy, coverage, unshared, members.length, clusters) });
    }
  }
}

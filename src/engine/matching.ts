/**
 * Matching: candidate pairs from the LSH bands, verified within bounds (a budget per document,
 * strong candidates first, the similarity bar read in place), then clustered.
 */

import { BoundedVerification } from '../match/bounded.js';
import { candidatePairSteps, OPENING_BANDS, type BandingParams } from '../match/candidates.js';
import { buildClusters, type CanonicalPolicy, type ClusterResult } from '../match/cluster.js';
import { decidePair, decisionMatches, jaccardBar, MIN_OPENING_SHINGLES, reachesSimilarityBar, timesBeyondDateGap, type MatchPolicy } from '../match/verify.js';
import { estimateContainment, shingleSetStats } from '../sketch/compare.js';
import type { ProgressState } from '../io/progress.js';
import { PairColumns, StoredPairSamples, type DocumentColumns, type SketchStore, type StoredDocument } from './document-table.js';
import type { RunParams, RunStats } from './result.js';
import { releaseBuffers } from '../io/memory.js';
import { EventLoopTurns } from './turns.js';

export interface MatchingOptions {
  policy: MatchPolicy;
  canonical: CanonicalPolicy;
  /** Candidate pairs verified per document at most (as the later member; see match/bounded.ts). */
  verifyBudget?: number;
  onProgress?: (state: ProgressState) => void;
}

/**
 * Earlier bucket mates a document is paired with in each band. A passage shared by hundreds of
 * pages makes buckets of hundreds in many bands; the most recent few per band keep a bucket
 * connected while a document's verifications stay bounded.
 */
const BUCKET_WINDOW = 8;

/** Rows per band of the first pass over strong candidates (see candidatePasses). */
const STRONG_ROWS = 4;

/** Marks the last pass: two bands keyed on each document's opening, not on its signature: its first words (openingKeyOf in sketch/features.ts) and its lead (openingKey in match/candidates.ts). */
const OPENING_ROWS = 0;

/**
 * The candidate passes in the order they are verified. First the strong candidates: pairs that
 * agree on a whole band of STRONG_ROWS values (two bands of the run's banding side by side;
 * Jaccard s does so with probability s^4 per band, 0.06 at 0.5 against 0.0016 at 0.2), then
 * every candidate of the run's banding. Copies share many values, so most are met and joined
 * in the first pass, where pages that share one passage rarely meet; the second pass skips
 * joined pairs for free and spends the verification budget on what is left. The first pass
 * reads only the values the second does, so it changes the order of verification, not the
 * candidates. Last, two bands keyed on each document's opening (its first 8 words; the smallest word pairs of
 * its first 40): a first take and
 * the full story sent after it start alike, but their Jaccard similarity is low when their sizes
 * differ, so the signature bands propose them only by chance.
 */
function candidatePasses(params: RunParams): BandingParams[] {
  const passes: BandingParams[] = [];
  if (params.rows * 2 <= STRONG_ROWS) passes.push({ bands: Math.floor((params.bands * params.rows) / STRONG_ROWS), rows: STRONG_ROWS });
  passes.push({ bands: params.bands, rows: params.rows });
  passes.push({ bands: OPENING_BANDS, rows: OPENING_ROWS });
  return passes;
}

/**
 * Whether two documents are copies, as comparePair decides (decidePair, the same rules, with no
 * verdict built): the similarity bar first, read in place from the store (after the publication
 * dates, which need no sketch), then the remaining rules for the few pairs that reach it (most
 * candidates of a corpus with shared passages do not), their numbers read from the columns and
 * their samples in place from the store. Short documents compared on their exact shingle sets
 * skip the bar's early exit.
 */
function pairMatcher(store: SketchStore, columns: PairColumns, policy: MatchPolicy): (earlier: number, later: number) => boolean {
  const k = store.permutations;
  const samples = new StoredPairSamples(store, columns);
  const decide = (earlier: number, later: number, jaccard: number, containment: number): boolean =>
    decisionMatches(
      decidePair(
        columns.tooLittleText(earlier) || columns.tooLittleText(later),
        columns.shingles(earlier),
        columns.shingles(later),
        columns.time(earlier),
        columns.time(later),
        jaccard,
        containment,
        samples.of(earlier, later),
        policy,
      ),
    );
  return (earlier, later) => {
    const shinglesA = columns.shingles(earlier);
    const shinglesB = columns.shingles(later);
    // Published too far apart: not copies whatever the texts (comparePair says so too), decided before reading any sketch.
    const timeA = columns.time(earlier);
    const timeB = columns.time(later);
    const smaller = Math.min(shinglesA, shinglesB);
    if (timeA === timeA && timeB === timeB && timesBeyondDateGap(timeA, timeB, smaller, policy)) return false;
    if (columns.hasShingleSet(earlier) && columns.hasShingleSet(later)) {
      // Both keep their whole shingle sets: the exact similarity (as similarityOf).
      const { jaccard, containment } = shingleSetStats(store.feature('shingleSet', earlier), store.feature('shingleSet', later));
      return decide(earlier, later, jaccard, containment);
    }
    // A document too short for containment may be the other's opening (see openingContained): its lead decides, whatever the signatures.
    if (smaller < policy.minContainedShingles && smaller >= MIN_OPENING_SHINGLES) {
      const jaccard = store.equalValues(earlier, later) / k;
      return decide(earlier, later, jaccard, estimateContainment(jaccard, shinglesA, shinglesB));
    }
    // One slot fewer than the bar's Jaccard needs, so rounding cannot exclude a pair that reaches it.
    const needed = Math.max(0, Math.ceil(jaccardBar(shinglesA, shinglesB, policy) * k) - 1);
    const equal = store.equalValues(earlier, later, needed);
    if (equal < 0) return false;
    const jaccard = equal / k;
    const containment = estimateContainment(jaccard, shinglesA, shinglesB);
    if (!reachesSimilarityBar(jaccard, containment, smaller, policy)) return false;
    return decide(earlier, later, jaccard, containment);
  };
}

/**
 * Two documents' similarity and containment as similarityOf gives them (exact on two whole
 * shingle sets, else from the share of equal signature values), read in place from the store:
 * clustering ranks every pair of each small component, and the report gives each member's
 * similarity to its canonical, with no signature or set views made per pair.
 */
function storedSimilarity(store: SketchStore, a: StoredDocument, b: StoredDocument): { jaccard: number; containment: number } {
  if (store.hasShingleSet(a.index) && store.hasShingleSet(b.index)) return shingleSetStats(store.feature('shingleSet', a.index), store.feature('shingleSet', b.index));
  const jaccard = store.equalValues(a.index, b.index) / store.permutations;
  return { jaccard, containment: estimateContainment(jaccard, a.shingles, b.shingles) };
}

/** Candidate pairs from the LSH bands, each verified within the bounds; the accepted ones clustered. */
export async function matchDocuments(documents: readonly StoredDocument[], store: SketchStore, params: RunParams, options: MatchingOptions, columns: DocumentColumns): Promise<{ clusters: ClusterResult[]; stats: RunStats; keptApart: Map<number, KeptApart> }> {
  const pairColumns = new PairColumns(store, columns);
  const matches = pairMatcher(store, pairColumns, options.policy);
  const verification = new BoundedVerification(documents.length, matches, options.verifyBudget);
  const passes = candidatePasses(params);
  const bands = passes.reduce((sum, pass) => sum + pass.bands, 0);
  let bandsBefore = 0;
  const turns = new EventLoopTurns();
  for (const { bands: passBands, rows } of passes) {
    const bandKeys = rows === OPENING_ROWS ? (band: number, keys: Uint32Array) => (band === 0 ? columns.openingKeys(keys) : store.leadKeys(keys)) : (band: number, keys: Uint32Array) => store.bandKeys(band, rows, keys);
    for (const step of candidatePairSteps(documents.length, passBands, bandKeys, verification.offer, { window: BUCKET_WINDOW, ahead: verification.ahead })) {
      options.onProgress?.({ phase: 'candidates', documents: documents.length, bytes: 0, bandsDone: bandsBefore + step.bandsDone, bands, pairs: verification.counts.verifiedPairs });
      await turns.take();
    }
    bandsBefore += passBands;
  }
  const { accepted } = verification;
  releaseBuffers(verification.tables());
  options.onProgress?.({ phase: 'clustering', documents: documents.length, bytes: 0, pairs: accepted.length });
  // Clustering compares a canonical with members it was not verified with by the run's own pair test (the same rules as comparePair, read in place).
  const clusters = buildClusters(documents.length, accepted, documents, options.policy, options.canonical, true, (a, b) => storedSimilarity(store, documents[a], documents[b]).jaccard, matches);
  releaseBuffers([pairColumns.times.buffer]);
  return { clusters, stats: verification.counts, keptApart: keptApartCopies(documents.length, accepted, clusters) };
}

/** A document verified as a copy of `partner` but not in its cluster, whose canonical it does not match. */
export interface KeptApart {
  partner: number;
  canonical: number;
}

/**
 * The documents clustering kept out of a verified copy's cluster: each member must match its
 * cluster's canonical (no chains), so a copy of a member that does not match the canonical
 * stands apart. The first such pair of each document, in the order pairs were accepted.
 */
function keptApartCopies(count: number, accepted: readonly (readonly [number, number])[], clusters: readonly ClusterResult[]): Map<number, KeptApart> {
  const clusterOf = new Int32Array(count).fill(-1);
  clusters.forEach((cluster, c) => {
    for (const m of cluster.members) clusterOf[m] = c;
  });
  const keptApart = new Map<number, KeptApart>();
  const note = (doc: number, partner: number): void => {
    const c = clusterOf[partner];
    if (c >= 0 && !keptApart.has(doc)) keptApart.set(doc, { partner, canonical: clusters[c].canonical });
  };
  for (const [a, b] of accepted) {
    if (clusterOf[a] === clusterOf[b] && clusterOf[a] >= 0) continue;
    note(a, b);
    note(b, a);
  }
  return keptApart;
}

/** Per clustered document, its similarity and containment to its cluster's canonical (see storedSimilarity). */
export function similarityToCanonicals(documents: readonly StoredDocument[], clusters: readonly ClusterResult[], store: SketchStore): Map<number, { jaccard: number; containment: number }> {
  const similarity = new Map<number, { jaccard: number; containment: number }>();
  for (const cluster of clusters) {
    const canonical = documents[cluster.canonical];
    for (const member of cluster.members) similarity.set(member, member === cluster.canonical ? { jaccard: 1, containment: 1 } : storedSimilarity(store, canonical, documents[member]));
  }
  return similarity;
}

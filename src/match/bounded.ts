/**
 * Bounded verification of candidate pairs: the work per document stays bounded whatever the
 * corpus (thousands of exact copies, pages sharing passages, templated notices), by two rules.
 *
 * 1. A pair whose documents are already joined through accepted pairs is not verified: it
 *    cannot change the clusters' components (the canonical split compares what it needs
 *    again), so this costs nothing in recall. Thousands of copies of one story cost one
 *    accepted pair each instead of a pair per copy and band.
 * 2. Each document is verified as the later member of at most `budget` pairs. Candidates come
 *    band by band, and a true copy shares many bands (Jaccard s shares a band with
 *    probability s^rows), so it is met early; the budget cuts the long tail of documents that
 *    share one passage or one template. What it costs in recall is measured in the README.
 */

import { UnionFind } from './cluster.js';

/** Default verifications per document (as the later member of a pair). */
export const DEFAULT_VERIFY_BUDGET = 100;

export interface VerificationCounts {
  /** Distinct candidate pairs offered. */
  candidatePairs: number;
  /** Pairs compared in full. */
  verifiedPairs: number;
  /** Verified pairs judged copies. */
  acceptedPairs: number;
  /** Pairs not verified because their documents were already joined. */
  joinedPairs: number;
  /** Pairs not verified because the later document's budget was spent. */
  overBudgetPairs: number;
}

export class BoundedVerification {
  readonly accepted: [number, number][] = [];
  private readonly joined: UnionFind;
  private readonly spent: Uint32Array;
  private candidates = 0;
  private verified = 0;
  private skippedJoined = 0;
  private skippedBudget = 0;

  constructor(
    documents: number,
    private readonly matches: (earlier: number, later: number) => boolean,
    private readonly budget = DEFAULT_VERIFY_BUDGET,
  ) {
    this.joined = new UnionFind(documents);
    this.spent = new Uint32Array(documents);
  }

  /** Offers one candidate pair (earlier < later in input order). */
  readonly offer = (earlier: number, later: number): void => {
    this.candidates++;
    if (this.joined.find(earlier) === this.joined.find(later)) {
      this.skippedJoined++;
      return;
    }
    if (this.spent[later] >= this.budget) {
      this.skippedBudget++;
      return;
    }
    this.spent[later]++;
    this.verified++;
    if (this.matches(earlier, later)) {
      this.accepted.push([earlier, later]);
      this.joined.union(earlier, later);
    }
  };

  get counts(): VerificationCounts {
    return { candidatePairs: this.candidates, verifiedPairs: this.verified, acceptedPairs: this.accepted.length, joinedPairs: this.skippedJoined, overBudgetPairs: this.skippedBudget };
  }
}

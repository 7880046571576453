/**
 * Bounded verification of candidate pairs: the work per document stays bounded whatever the
 * corpus (thousands of exact copies, pages sharing passages, templated notices), by two rules.
 * A pair may be offered once per band it shares; each document remembers the earlier partners
 * it was verified with (at most `budget` of them, in one fixed row per document), so a pair is
 * verified once and the memory is `budget` numbers per document whatever the overlap, where a
 * set of every candidate pair would grow with it.
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
export const DEFAULT_VERIFY_BUDGET = 32;

export interface VerificationCounts {
  /** Candidate pairs offered (a pair sharing several bands is offered once per band). */
  candidatePairs: number;
  /** Distinct pairs compared. */
  verifiedPairs: number;
  /** Verified pairs judged copies. */
  acceptedPairs: number;
  /** Offers not verified because their documents were already joined. */
  joinedPairs: number;
  /** Times a spent budget stopped a document's pairing in a band (its remaining bucket mates there are not offered). */
  overBudgetPairs: number;
}

/** Documents per page of the partner table: a page is allocated when one of its documents gets its first partner. */
const PAGE_DOCUMENTS = 4096;

export class BoundedVerification {
  readonly accepted: [number, number][] = [];
  private readonly joined: UnionFind;
  private readonly spent: Uint32Array;
  /** Per document, the earlier documents it was verified with: `budget` slots in a row, in pages. */
  private readonly partnerPages: (Uint32Array | undefined)[];
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
    this.partnerPages = new Array(Math.ceil(documents / PAGE_DOCUMENTS));
  }

  /** Offers one candidate pair (earlier < later in input order); false once the later document's budget is spent. */
  readonly offer = (earlier: number, later: number): boolean => {
    this.candidates++;
    const spent = this.spent[later];
    if (spent >= this.budget) {
      this.skippedBudget++;
      return false;
    }
    if (this.joined.find(earlier) === this.joined.find(later)) {
      this.skippedJoined++;
      return true;
    }
    const page = (this.partnerPages[Math.floor(later / PAGE_DOCUMENTS)] ??= new Uint32Array(PAGE_DOCUMENTS * this.budget));
    const row = (later % PAGE_DOCUMENTS) * this.budget;
    for (let i = row; i < row + spent; i++) if (page[i] === earlier) return true;
    page[row + spent] = earlier;
    this.spent[later] = spent + 1;
    this.verified++;
    if (this.matches(earlier, later)) {
      this.accepted.push([earlier, later]);
      this.joined.union(earlier, later);
    }
    return true;
  };

  get counts(): VerificationCounts {
    return { candidatePairs: this.candidates, verifiedPairs: this.verified, acceptedPairs: this.accepted.length, joinedPairs: this.skippedJoined, overBudgetPairs: this.skippedBudget };
  }
}

/**
 * Bounded verification of candidate pairs: the work per document stays bounded whatever the
 * corpus (thousands of exact copies, pages sharing passages, templated notices), by two rules.
 * A pair may be offered once per band it shares; each document remembers the earlier partners
 * it was verified with (at most `budget` of them: a short row per document, and a longer one
 * for the documents verified with more), so a pair is verified once and the memory is at most
 * `budget` numbers per document whatever the overlap, where a set of every candidate pair would
 * grow with it.
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

/** Documents per page of the partner table (a power of two): a page is allocated when one of its documents gets its first partner. */
const PAGE_SHIFT = 12;
const PAGE_DOCUMENTS = 1 << PAGE_SHIFT;

/**
 * Slots of a document's own row. A budget that fits takes the whole row; a larger one keeps its
 * first ROW_SLOTS - 1 partners there and, in the last slot, the overflow row that holds the rest
 * (read from the same cache line). Most documents are verified with a few partners (six on
 * average on news articles), so a million documents' table is about 40 MB instead of 128 MB at
 * the default budget of 32.
 */
const ROW_SLOTS = 8;

/** Overflow rows per overflow page (a power of two). */
const OVERFLOW_PAGE_SHIFT = 12;
const OVERFLOW_PAGE_ROWS = 1 << OVERFLOW_PAGE_SHIFT;

/**
 * Per document, the earlier documents it was verified with, in the order they were added: the
 * first ones in a row of the document's page, the rest in an overflow row of its own.
 */
class PartnerTable {
  private readonly rowPages: (Uint32Array | undefined)[];
  private readonly overflowPages: Uint32Array[] = [];
  private overflowRows = 0;
  /** Partners kept in a document's own row. */
  private readonly inRow: number;
  private readonly overflowWidth: number;

  constructor(documents: number, budget: number) {
    this.inRow = budget <= ROW_SLOTS ? budget : ROW_SLOTS - 1;
    this.overflowWidth = budget - this.inRow;
    this.rowPages = new Array(Math.ceil(documents / PAGE_DOCUMENTS));
  }

  tables(): ArrayBufferLike[] {
    return [...this.rowPages, ...this.overflowPages].flatMap((table) => (table ? [table.buffer] : []));
  }

  /** The first value of a document's row (0 when its page has none yet). */
  first(later: number): number {
    const page = this.rowPages[later >>> PAGE_SHIFT];
    return page === undefined ? 0 : page[(later & (PAGE_DOCUMENTS - 1)) * ROW_SLOTS];
  }

  /**
   * Adds `earlier` as partner number `count` of `later`, unless it is among the `count` partners
   * `later` has; whether it was added.
   */
  addNew(later: number, earlier: number, count: number): boolean {
    const { inRow } = this;
    const page = (this.rowPages[later >>> PAGE_SHIFT] ??= new Uint32Array(PAGE_DOCUMENTS * ROW_SLOTS));
    const row = (later & (PAGE_DOCUMENTS - 1)) * ROW_SLOTS;
    if (count < inRow) {
      for (let i = row; i < row + count; i++) if (page[i] === earlier) return false;
      page[row + count] = earlier;
      return true;
    }
    for (let i = row; i < row + inRow; i++) if (page[i] === earlier) return false;
    if (count === inRow) {
      if ((this.overflowRows & (OVERFLOW_PAGE_ROWS - 1)) === 0) this.overflowPages.push(new Uint32Array(OVERFLOW_PAGE_ROWS * this.overflowWidth));
      page[row + inRow] = this.overflowRows++;
    }
    const overflow = page[row + inRow];
    const values = this.overflowPages[overflow >>> OVERFLOW_PAGE_SHIFT];
    const start = (overflow & (OVERFLOW_PAGE_ROWS - 1)) * this.overflowWidth;
    const end = start + count - inRow;
    for (let i = start; i < end; i++) if (values[i] === earlier) return false;
    values[end] = earlier;
    return true;
  }
}

export class BoundedVerification {
  readonly accepted: [number, number][] = [];
  /**
   * Per document, its component of accepted pairs and, beside it, how many pairs it was verified
   * in as the later member: an offer's budget check and joined check read the later document's
   * two numbers from one cache line (candidates meet documents in random order; on a million
   * documents two tables would cost two memory reads per document met).
   */
  private readonly joined: UnionFind;
  /** Per document, the earlier documents it was verified with (at most `budget`). */
  private readonly partners: PartnerTable;
  private candidates = 0;
  private verified = 0;
  private skippedJoined = 0;
  private skippedBudget = 0;

  constructor(
    documents: number,
    private readonly matches: (earlier: number, later: number) => boolean,
    private readonly budget = DEFAULT_VERIFY_BUDGET,
  ) {
    this.joined = new UnionFind(documents, true);
    this.partners = new PartnerTable(documents, budget);
  }

  /** Offers one candidate pair (earlier < later in input order); false once the later document's budget is spent. */
  readonly offer = (earlier: number, later: number): boolean => {
    this.candidates++;
    const { joined } = this;
    const spent = joined.tally(later);
    if (spent >= this.budget) {
      this.skippedBudget++;
      return false;
    }
    if (joined.find(earlier) === joined.find(later)) {
      this.skippedJoined++;
      return true;
    }
    if (!this.partners.addNew(later, earlier, spent)) return true;
    joined.addToTally(later);
    this.verified++;
    if (this.matches(earlier, later)) {
      this.accepted.push([earlier, later]);
      joined.union(earlier, later);
    }
    return true;
  };

  /**
   * Reads what an offer with `later` as its later document reads first (its count and
   * component, and its row of partners), ahead of the offer (see CandidatePassOptions.ahead).
   */
  readonly ahead = (later: number): number => this.joined.tally(later) + this.partners.first(later);

  /** The tables that bound the verification, for a caller to free once every pair is offered. */
  tables(): ArrayBufferLike[] {
    return [...this.joined.tables(), ...this.partners.tables()];
  }

  get counts(): VerificationCounts {
    return { candidatePairs: this.candidates, verifiedPairs: this.verified, acceptedPairs: this.accepted.length, joinedPairs: this.skippedJoined, overBudgetPairs: this.skippedBudget };
  }
}

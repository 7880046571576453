/**
 * Verification: decides whether a candidate pair is two copies of one story (similarity or
 * containment, leads, figures and dates), and says why in words.
 */

import { compareSlots, estimateContainment, estimateJaccard, figureContainment, leadOverlap, shingleSetStats, type Signature, type SlotComparison } from '../sketch/compare.js';

/** What verification needs of a document: its sketch, sizes and figure and lead samples, not its text. */
export interface Sketch {
  signature: Signature;
  shingles: number;
  figures: Uint32Array;
  slots: Uint32Array;
  lead: Uint32Array;
  /** Every distinct shingle hash of a short document (see Fingerprint.shingleSet); empty or absent otherwise. */
  shingleSet?: Uint32Array;
  /** Cleaning left too little of the document (a cookie notice, a paywall stub): it matches nothing. */
  tooLittleText?: boolean;
  /** Publication time in milliseconds since the epoch, when the document has a date that says which one. */
  time?: number;
  /** Hash of the first words (sketch/features.ts openingKeyOf); 0 or absent for a text of fewer. */
  opening?: number;
}

/**
 * Jaccard similarity and containment of two documents: exact when both are short enough to
 * keep their whole shingle sets, else estimated from their signatures and shingle counts.
 */
export function similarityOf(a: Sketch, b: Sketch): { jaccard: number; containment: number } {
  // Each set read once: a stored document's sets are views made when asked for.
  const setA = a.shingleSet;
  if (setA && setA.length > 0) {
    const setB = b.shingleSet;
    if (setB && setB.length > 0) return shingleSetStats(setA, setB);
  }
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
  /**
   * Business days (Saturdays and Sundays left out) between two documents' publication times beyond
   * which they are different stories however alike (a notice re-run with the same wording two days
   * or a week later); null turns the rule off. Applies only when both have a publication time.
   */
  dateGap: number | null;
  /**
   * The date gap applies only when the smaller document has at most this many shingles: recurring
   * notices (a weekly tender, a daily rate, a dividend) are short items, while a full story
   * republished weeks later (an aggregator's repost, a feature re-run) is still a copy.
   */
  recurringMaxShingles: number;
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
  dateGap: 1.5,
  recurringMaxShingles: 150,
};

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Time zones change their offset only on a quarter hour. */
const QUARTER_HOUR_MS = 900_000;

/** The local time zone's offset at each quarter hour asked for: a time-zone lookup costs about 0.4 µs, a map read a tenth of it. */
const offsets = new Map<number, number>();

/** Milliseconds the local clock is behind UTC at a time (negative east of Greenwich). */
function localOffset(time: number): number {
  const quarter = Math.floor(time / QUARTER_HOUR_MS);
  let offset = offsets.get(quarter);
  if (offset === undefined) {
    if (offsets.size >= 1 << 16) offsets.clear();
    offset = new Date(time).getTimezoneOffset() * MINUTE_MS;
    offsets.set(quarter, offset);
  }
  return offset;
}

/**
 * Whether two publication times lie more business days apart than the policy's date gap, for a
 * pair whose smaller document has `smallerShingles` (at most recurringMaxShingles, else never).
 */
export function timesBeyondDateGap(timeA: number, timeB: number, smallerShingles: number, policy: Pick<MatchPolicy, 'dateGap' | 'recurringMaxShingles'>): boolean {
  if (policy.dateGap === null || smallerShingles > policy.recurringMaxShingles) return false;
  const days = Math.abs(timeA - timeB) / DAY_MS;
  // Most pairs are settled without reading the calendar. Business days never exceed calendar days, and any span of whole weeks and d more days
  // holds at least 5 per week and d - 2 more (an hour less across a daylight-saving change).
  if (days <= policy.dateGap) return false;
  const span = days - 1 / 24;
  const weeks = Math.floor(span / 7);
  if (5 * weeks + Math.max(0, span - 7 * weeks - 2) > policy.dateGap) return true;
  return businessDaysApart(timeA, timeB) > policy.dateGap;
}

/**
 * Days between two publication times less the Saturdays and Sundays between them: wires re-send
 * an item the same business day or the next, so a Friday item re-sent on Monday is one business
 * day on, while a daily notice two days later is two. Read on the local calendar, the clock a
 * date without a time zone is read in, so a date's weekday is the one it names.
 */
export function businessDaysApart(a: number, b: number): number {
  return Math.abs(businessTime(a) - businessTime(b)) / DAY_MS;
}

/** Milliseconds of weekdays from a Monday (1970-01-05) to a time: weekend time counts nothing. */
function businessTime(time: number): number {
  const local = time - localOffset(time);
  const day = Math.floor(local / DAY_MS);
  const sinceMonday = day - 4; // 1970-01-01 was a Thursday
  const week = Math.floor(sinceMonday / 7);
  const weekday = sinceMonday - week * 7; // 0 Monday ... 6 Sunday
  return week * 5 * DAY_MS + (weekday < 5 ? weekday * DAY_MS + (local - day * DAY_MS) : 5 * DAY_MS);
}

/** Days between two publication times; undefined when either is missing. */
export function daysApart(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : Math.abs(a - b) / DAY_MS;
}

/** Which rule decided a verdict. */
export type VerdictRule = 'similar' | 'contained' | 'opening' | 'dissimilar' | 'date-gap' | 'lead' | 'figures' | 'dates' | 'flash' | 'too-little-text';

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
 * Decides whether two documents are copies of one story (never when cleaning left too little
 * of either to tell):
 * 1. similar (Jaccard >= threshold) or contained (the smaller one's share found in the larger
 *    >= containment, when it is big enough for the estimate to hold);
 * 2. and, when both have a publication time, published at most the date gap apart (business
 *    days): newswires re-run templated items (daily forecasts, weekly tenders, monthly
 *    estimates) word for word, and there the date is the news;
 * 3. and, unless the texts are near-identical, their leads agree: a copy starts like the
 *    story it copies, while a page that merely carries another story further down does not;
 * 4. and their figures agree: the smaller one's figures appear in the larger, no date that
 *    both put in the same words differs, and few other figures in shared words differ;
 * 5. and, when both are flashes not near-identical, they open alike or one holds every word
 *    pair of the other (see differentFlashes).
 */
export function comparePair(a: Sketch, b: Sketch, policy: MatchPolicy): PairVerdict {
  return judgePair(a, b, similarityOf(a, b), policy);
}

/** comparePair with the pair's similarity already known (a run has it from the similarity bar). */
export function judgePair(a: Sketch, b: Sketch, { jaccard, containment }: { jaccard: number; containment: number }, policy: MatchPolicy): PairVerdict {
  const evidence = new PairEvidence(a, b);
  const decision = decidePair(!!a.tooLittleText || !!b.tooLittleText, a.shingles, b.shingles, a.time ?? NaN, b.time ?? NaN, jaccard, containment, evidence, policy);
  return new Verdict(jaccard, containment, evidence, decisionMatches(decision), DECISION_RULES[decision], () => reasonOf(decision, a, b, jaccard, containment, evidence, policy));
}

/**
 * How decidePair settled a pair: which rule, told apart where one rule has two reasons (a
 * figure share or figure slots). Every decision from Opening on is a match.
 */
export const Decision = {
  TooLittleText: 0,
  Dissimilar: 1,
  DateGap: 2,
  Lead: 3,
  FigureShare: 4,
  Dates: 5,
  FigureSlots: 6,
  Flash: 7,
  Opening: 8,
  Similar: 9,
  Contained: 10,
} as const;
export type Decision = (typeof Decision)[keyof typeof Decision];

const DECISION_RULES: readonly VerdictRule[] = ['too-little-text', 'dissimilar', 'date-gap', 'lead', 'figures', 'dates', 'figures', 'flash', 'opening', 'similar', 'contained'];

/** Whether a decision says the two documents are copies. */
export function decisionMatches(decision: Decision): boolean {
  return decision >= Decision.Opening;
}

/** What the rules weigh besides similarity: the pair's lead, figure and figure-slot samples, compared when first asked for. */
export interface PairSamples {
  /** Both documents have an opening key (see Sketch.opening) and it is the same. */
  readonly sameOpening: boolean;
  readonly bothHaveLeads: boolean;
  readonly lead: number;
  readonly figures: number;
  /** Figures in the smaller of the two figure sets. */
  readonly fewerFigures: number;
  readonly slots: SlotComparison;
}

/**
 * The rules of comparePair, in order, over a pair's numbers (times NaN when a document has none)
 * and its samples: what judgePair explains, and all a run's pair test asks for (see
 * pairMatcher in engine/matching.ts, which reads the numbers from columns and the samples in
 * place, with no verdict, evidence or reason built).
 */
export function decidePair(tooLittleText: boolean, shinglesA: number, shinglesB: number, timeA: number, timeB: number, jaccard: number, containment: number, samples: PairSamples, policy: MatchPolicy): Decision {
  if (tooLittleText) return Decision.TooLittleText;
  const smaller = Math.min(shinglesA, shinglesB);
  const similar = reachesSimilarityBar(jaccard, containment, smaller, policy);
  const byOpening = !similar && openingContained(shinglesA, shinglesB, samples, policy);
  if (!similar && !byOpening) return Decision.Dissimilar;
  if (timeA === timeA && timeB === timeB && timesBeyondDateGap(timeA, timeB, smaller, policy)) return Decision.DateGap;
  if (policy.lead !== null && jaccard < policy.nearIdentical && samples.bothHaveLeads && samples.lead < policy.lead) return Decision.Lead;
  if (policy.figures !== null) {
    if (samples.fewerFigures >= policy.minFigures && samples.figures < policy.figures) return Decision.FigureShare;
    const slots = samples.slots;
    if (slots.datesChanged > 0) return Decision.Dates;
    if (slots.shared > 0 && slots.changed / slots.shared >= policy.changedFigures) return Decision.FigureSlots;
  }
  if (byOpening) return Decision.Opening;
  if (differentFlashes(shinglesA, shinglesB, jaccard, samples, policy)) return Decision.Flash;
  return jaccard >= policy.threshold ? Decision.Similar : Decision.Contained;
}

/** Why judgePair decided as it did, in words. */
function reasonOf(decision: Decision, a: Sketch, b: Sketch, jaccard: number, containment: number, evidence: PairSamples, policy: MatchPolicy): string {
  const smaller = Math.min(a.shingles, b.shingles);
  switch (decision) {
    case Decision.TooLittleText:
      return `cleaning left too little text of ${a.tooLittleText && b.tooLittleText ? 'both' : 'one of them'} to match on (a notice or a stub, not a story)`;
    case Decision.Dissimilar:
      return `similarity ${fmt(jaccard)} < ${policy.threshold}` + containmentClause(containment, smaller, policy);
    case Decision.DateGap:
      return `alike (similarity ${fmt(jaccard)}, containment ${fmt(containment)}) but published ${businessDaysApart(a.time!, b.time!).toFixed(1)} business days apart (${isoTime(a.time!)} and ${isoTime(b.time!)}), more than the date gap of ${policy.dateGap} business day${policy.dateGap === 1 ? '' : 's'}: a recurring item, not a copy`;
    case Decision.Lead:
      return `the texts overlap (similarity ${fmt(jaccard)}, containment ${fmt(containment)}) but start differently: only ${fmt(evidence.lead)} of the lead is shared (< ${policy.lead}), so one carries the other's story further down`;
    case Decision.FigureShare:
      return `same wording but different figures: only ${fmt(evidence.figures)} of the figures agree (< ${policy.figures})`;
    case Decision.Dates: {
      const changed = evidence.slots.datesChanged;
      return `same wording but different dates: ${changed} date${changed === 1 ? '' : 's'} or time${changed === 1 ? '' : 's'} of day in the same words differ${changed === 1 ? 's' : ''}`;
    }
    case Decision.FigureSlots:
      return `same wording but different figures: ${evidence.slots.changed} of ${evidence.slots.shared} figures in the same words differ (>= ${Math.round(policy.changedFigures * 100)}%)`;
    case Decision.Flash:
      return `two flashes (${a.shingles} and ${b.shingles} shingles, under ${policy.minContainedShingles}) alike (similarity ${fmt(jaccard)}) but they open differently and only ${fmt(evidence.lead)} of the word pairs of one are in the other: a word put in place of another (a bank's name, a grade), the same template about another subject, not a re-send`;
    case Decision.Opening:
      return `the smaller (${smaller} shingles, too few to trust a containment estimate) starts with the other's first words and every word pair of it compared is in the other's lead: it is the other's opening`;
    case Decision.Similar:
      return `similarity ${fmt(jaccard)} >= ${policy.threshold}`;
    case Decision.Contained:
      return `containment ${fmt(containment)} >= ${policy.containment}`;
  }
}

/** Fewest distinct shingles (so words, about this plus 3) of a document that matches as another's opening. */
export const MIN_OPENING_SHINGLES = 8;

/**
 * Whether the smaller document, too short for a containment estimate to hold (under
 * minContainedShingles shingles, about 23 words: a flash, a first take of a line or two), is the
 * other's opening: the two start with the same OPENING_WORDS words (the same opening key), its
 * whole text lies within its lead (40 words), every word pair of it the lead samples compare is
 * found in the other's lead, and the other is longer. Containment would say the same were it
 * exact; the estimate from 128 values cannot say it of 10 to 19 shingles.
 */
export function openingContained(shinglesA: number, shinglesB: number, evidence: { sameOpening: boolean; bothHaveLeads: boolean; lead: number }, policy: MatchPolicy): boolean {
  if (policy.containment === null || policy.lead === null) return false;
  const smaller = Math.min(shinglesA, shinglesB);
  if (smaller >= policy.minContainedShingles || smaller < MIN_OPENING_SHINGLES || shinglesA === shinglesB) return false;
  if (!evidence.sameOpening) return false;
  return evidence.bothHaveLeads && evidence.lead >= 1;
}

/**
 * Whether two flashes (each under minContainedShingles shingles, about 23 words: a headline sent
 * alone, a one-line quote) that reach the similarity bar without being near-identical are
 * different items: they do not start with the same OPENING_WORDS words, and a word pair of the
 * one with fewer is missing from the other (every pair of a flash is in its lead sample). Such a
 * pair shares a template and differs by a word put in place of another, mostly its subject
 * (`BANK OF MONTREAL CUTS PRIME RATE TO 8-3/4 PCT` / `BANK OF NOVA SCOTIA CUTS ...`), and in
 * a flash the subject is the news. A re-sent flash keeps its opening when it fixes a later word,
 * or keeps every word pair and adds words (`NOT` / `NOT RPT NOT`), and matches.
 */
export function differentFlashes(shinglesA: number, shinglesB: number, jaccard: number, samples: { sameOpening: boolean; bothHaveLeads: boolean; lead: number }, policy: MatchPolicy): boolean {
  if (policy.lead === null || jaccard >= policy.nearIdentical) return false;
  if (Math.max(shinglesA, shinglesB) >= policy.minContainedShingles || samples.sameOpening) return false;
  return samples.bothHaveLeads && samples.lead < 1;
}

/**
 * A pair's samples read from its two sketches (see PairSamples), each read and
 * compared when first needed: most pairs that reach the similarity bar are decided on their
 * leads alone.
 */
class PairEvidence implements PairSamples {
  private leadShare = -1;
  private figureShare = -1;
  private smallerFigureSet = -1;
  private slotComparison: SlotComparison | undefined;
  private leads: [Uint32Array, Uint32Array] | undefined;

  constructor(
    private readonly a: Sketch,
    private readonly b: Sketch,
  ) {}

  private get bothLeads(): [Uint32Array, Uint32Array] {
    return (this.leads ??= [this.a.lead, this.b.lead]);
  }

  get sameOpening(): boolean {
    return !!this.a.opening && this.a.opening === this.b.opening;
  }

  get bothHaveLeads(): boolean {
    const [x, y] = this.bothLeads;
    return x.length > 0 && y.length > 0;
  }

  get lead(): number {
    if (this.leadShare < 0) this.leadShare = leadOverlap(...this.bothLeads);
    return this.leadShare;
  }

  get figures(): number {
    if (this.figureShare < 0) {
      const [x, y] = [this.a.figures, this.b.figures];
      this.figureShare = figureContainment(x, y);
      this.smallerFigureSet = Math.min(x.length, y.length);
    }
    return this.figureShare;
  }

  /** Figures in the smaller of the two figure sets. */
  get fewerFigures(): number {
    if (this.smallerFigureSet < 0) void this.figures;
    return this.smallerFigureSet;
  }

  get slots(): SlotComparison {
    return (this.slotComparison ??= compareSlots(this.a.slots, this.b.slots));
  }
}

/**
 * The first test of comparePair alone: similar, or contained with the smaller document big
 * enough for the containment estimate to hold. Most candidate pairs fail it, and it needs only
 * the signatures and sizes, so a run applies it before reading anything else of a pair.
 */
/** Why containment did not decide a dissimilar verdict: too low, or too few shingles to trust it. */
function containmentClause(containment: number, smallerShingles: number, policy: MatchPolicy): string {
  if (policy.containment === null) return '';
  if (containment >= policy.containment) {
    return `; containment ${fmt(containment)} is not trusted: the smaller has ${smallerShingles} shingle${smallerShingles === 1 ? '' : 's'} (< ${policy.minContainedShingles}), too few for the estimate to hold`;
  }
  return ` and containment ${fmt(containment)} < ${policy.containment}`;
}

export function reachesSimilarityBar(jaccard: number, containment: number, smallerShingles: number, policy: MatchPolicy): boolean {
  if (jaccard >= policy.threshold) return true;
  return policy.containment !== null && containment >= policy.containment && smallerShingles >= policy.minContainedShingles;
}

/**
 * The least Jaccard similarity at which two documents of these sizes reach the similarity bar:
 * the threshold, or lower where containment can decide (|A∩B| = J(|A|+|B|)/(1+J), so the
 * smaller set m is contained to c when J >= c·m / (|A|+|B| - c·m)).
 */
export function jaccardBar(shinglesA: number, shinglesB: number, policy: MatchPolicy): number {
  const smaller = Math.min(shinglesA, shinglesB);
  if (policy.containment === null || smaller < policy.minContainedShingles) return policy.threshold;
  const c = policy.containment;
  return Math.min(policy.threshold, (c * smaller) / (shinglesA + shinglesB - c * smaller));
}

/**
 * A verdict whose reason is written only when read: a run verifies far more pairs than anyone
 * reads about. A class, as an object literal with a getter is built on V8's slow path.
 */
class Verdict implements PairVerdict {
  constructor(
    readonly jaccard: number,
    readonly containment: number,
    private readonly evidence: PairEvidence,
    readonly match: boolean,
    readonly rule: VerdictRule,
    private readonly describe: () => string,
  ) {}

  get figures(): number {
    return this.evidence.figures;
  }

  get lead(): number {
    return this.evidence.lead;
  }

  get slots(): SlotComparison {
    return this.evidence.slots;
  }

  get reason(): string {
    return this.describe();
  }
}

/** A publication time as ISO 8601 to the minute, in UTC. */
export function isoTime(time: number): string {
  return new Date(time).toISOString().slice(0, 16) + 'Z';
}

function fmt(x: number): string {
  return x.toFixed(2);
}

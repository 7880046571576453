/**
 * `dedupe explain <a> <b>`: why two documents are, or are not, copies of one story. Reads and
 * cleans both, compares them with the same sketches and policy a run uses, and lays out the
 * evidence: estimated and exact similarity and containment, the passages they share and where
 * they differ, what cleaning removed from each, and the verdict with its reason.
 */
import { businessDaysApart, comparePair, daysApart, isoTime, type MatchPolicy, type PairVerdict, type Sketch } from './match/verify.js';
import { exactShingleStats } from './sketch/compare.js';
import type { Fingerprint, FingerprintOptions } from './sketch/minhash.js';
import { locateTokens, normalize, shingleStrings, tokenize } from './sketch/tokens.js';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { dateOf, hasTooLittleText, parseTime, processContext, processDocument, type ProcessContext } from './engine/process.js';
import type { DocumentEntry, RunResult } from './engine/result.js';
import { run, type RunOptions } from './engine/run.js';
import { ExplainInputError, loadDocument } from './engine/source.js';
import type { ReadOptions } from './input/records.js';
import type { CleanedDocument, RawDocument, Removal } from './types.js';
import { roundFigure } from './report/model.js';

export { ExplainInputError } from './engine/source.js';

/** A passage of one document, as normalised words. */
export interface Passage {
  /** Position of its first word in the cleaned document (0-based). */
  start: number;
  words: number;
  text: string;
}

export interface ExplainedDocument {
  /** As given on the command line. */
  ref: string;
  path: string;
  id: string;
  title: string | null;
  /** Its date as read (record field, front matter or page metadata); null when it has none. */
  date: string | null;
  /** That date as a publication time (ISO 8601, UTC, to the minute); null when it has none or the date does not say which day it is. */
  published: string | null;
  rawChars: number;
  cleanChars: number;
  words: number;
  shingles: number;
  removed: Removal[];
  flags: string[];
  /** Passages of this document found nowhere in the other. */
  onlyHere: Passage[];
}

export interface Explanation {
  a: ExplainedDocument;
  b: ExplainedDocument;
  /** Estimates from the sketches, which is what a run decides on. */
  estimated: { jaccard: number; containment: number; figures: number; lead: number; slots: PairVerdict['slots'] };
  /** Exact values on the cleaned texts, for reference. */
  exact: { jaccard: number; containment: number; sharedShingles: number };
  shared: Passage[];
  /** Days between the two publication times; null when either has none. */
  daysApart: number | null;
  /** The same less the Saturdays and Sundays between them (what --date-gap compares); null when either has none. */
  businessDaysApart: number | null;
  verdict: { duplicate: boolean; rule: PairVerdict['rule']; reason: string };
  params: { shingleSize: number; permutations: number; seed: number; policy: MatchPolicy };
  /** With `--in`: where a run over those inputs puts the two, and why they end apart. */
  run?: RunPlacement;
}

/** One document's place in a run: the canonical of its cluster and the cluster's size (1 alone). */
export interface PlacedDocument {
  canonical: string;
  size: number;
  /** Set when the run verified it as a copy of a member of another cluster whose canonical it does not match. */
  keptApart?: { copyOf: string; canonical: string; verdict: { rule: PairVerdict['rule']; reason: string } };
}

export interface RunPlacement {
  inputs: string[];
  documents: number;
  /** Lines the run learnt as repeated across its documents, removed from both here too. */
  corpusLines: number;
  a: PlacedDocument;
  b: PlacedDocument;
  together: boolean;
  /** The placement and its reason in one sentence. */
  summary: string;
}

export interface ExplainOptions {
  read: ReadOptions;
  fingerprint: FingerprintOptions;
  policy: MatchPolicy;
}

/**
 * Runs of consecutive shingle starts that pass `keep`, turned into passages of words.
 * A run of shingles starting at i..j covers words i..j+k-1.
 */
function passages(tokens: readonly string[], k: number, keep: (start: number) => boolean, minWords: number): Passage[] {
  const width = Math.min(k, tokens.length);
  const count = tokens.length === 0 ? 0 : tokens.length - width + 1;
  const out: Passage[] = [];
  let runStart = -1;
  for (let i = 0; i <= count; i++) {
    const inRun = i < count && keep(i);
    if (inRun && runStart < 0) runStart = i;
    if (!inRun && runStart >= 0) {
      const end = i - 1 + width;
      if (end - runStart >= minWords) out.push({ start: runStart, words: end - runStart, text: tokens.slice(runStart, end).join(' ') });
      runStart = -1;
    }
  }
  return out;
}

/** Word positions of the document whose shingle (starting there) is in `other`. */
function shingleMembership(tokens: readonly string[], k: number, other: Set<string>): (start: number) => boolean {
  const width = Math.min(k, tokens.length);
  return (start) => other.has(tokens.slice(start, start + width).join(' '));
}

/**
 * Explains a pair. With `within` (`--in PATH...`) the pair is seen as a run over those inputs sees
 * it: the run is made, both documents are cleaned with the lines it learns across its documents,
 * and the explanation says where the run puts them and, when apart, why.
 */
export async function explainPair(
  refA: string,
  refB: string,
  options: ExplainOptions,
  within?: { inputs: string[]; run: RunOptions },
): Promise<{ explanation: Explanation; notes: string[]; cleaned: { a: CleanedDocument; b: CleanedDocument } }> {
  const [loadedA, loadedB] = [await loadDocument(refA, options.read), await loadDocument(refB, options.read)];
  const notes = [loadedA.note, loadedB.note].filter((n): n is string => n !== undefined);
  const runResult = within ? await run(within.inputs, within.run) : undefined;
  if (!runResult) notes.push('cleaning here uses the rules of each document alone; a run over a folder also removes lines repeated across many of its documents (explain the pair within it with --in)');
  const context = processContext(options.fingerprint, runResult?.boilerplateLines);
  const k = options.fingerprint.shingleSize;
  const sides = [
    { ref: refA, raw: loadedA.doc },
    { ref: refB, raw: loadedB.doc },
  ].map(({ ref, raw }) => {
    const { cleaned, fingerprint, date, sketch } = sketchDocument(raw, ref, context);
    // The words themselves, for the passages shown: the sketch keeps only their hashes.
    const tokens = tokenize(cleaned.text);
    return { ref, raw, cleaned, tokens, fingerprint, shingleSet: shingleStrings(tokens, k), date, time: sketch.time, sketch };
  });
  const [A, B] = sides;
  const verdict = comparePair(A.sketch, B.sketch, options.policy);
  if (verdict.match && options.policy.grouping === 'canonical' && !runResult) {
    notes.push("copies as a pair; a run keeps them in one cluster only when both match that cluster's canonical (no chains): a copy that does not stands apart, and the report's keptApart says so for it");
  }
  const exact = exactShingleStats(A.tokens, B.tokens, k);
  const apart = daysApart(A.time, B.time);
  const minWords = Math.max(k, 8);
  const describe = (side: (typeof sides)[number], other: (typeof sides)[number]): ExplainedDocument => {
    const inOther = shingleMembership(side.tokens, k, other.shingleSet);
    return {
      ref: side.ref,
      path: side.raw.path,
      id: side.raw.id,
      title: side.raw.title ?? side.cleaned.title ?? null,
      date: side.date ?? null,
      published: side.time === undefined ? null : isoTime(side.time),
      rawChars: side.raw.text.length,
      cleanChars: side.cleaned.text.length,
      words: side.tokens.length,
      shingles: side.fingerprint.shingles,
      removed: side.cleaned.removed,
      flags: side.cleaned.flags,
      // Every difference counts, however short: a changed figure is a run of a few shingles.
      onlyHere: passages(side.tokens, k, (i) => !inOther(i), 1),
    };
  };
  const explanation: Explanation = {
    a: describe(A, B),
    b: describe(B, A),
    // To three decimals, as every report gives them (report/model.ts roundFigure).
    estimated: { jaccard: roundFigure(verdict.jaccard), containment: roundFigure(verdict.containment), figures: roundFigure(verdict.figures), lead: roundFigure(verdict.lead), slots: verdict.slots },
    exact: { jaccard: roundFigure(exact.jaccard), containment: roundFigure(exact.containment), sharedShingles: exact.shared },
    shared: passages(A.tokens, k, shingleMembership(A.tokens, k, B.shingleSet), minWords),
    daysApart: apart === undefined ? null : roundFigure(apart),
    businessDaysApart: A.time === undefined || B.time === undefined ? null : roundFigure(businessDaysApart(A.time, B.time)),
    verdict: { duplicate: verdict.match, rule: verdict.rule, reason: verdict.reason },
    params: { ...options.fingerprint, policy: options.policy },
  };
  if (runResult && within) {
    explanation.run = await placeInRun(runResult, within.inputs, [A, B], options, context, verdict.match);
  }
  return { explanation, notes, cleaned: { a: A.cleaned, b: B.cleaned } };
}

/** Where the run puts the two documents, with the verdict that keeps a copy out of a cluster. */
async function placeInRun(
  result: RunResult,
  inputs: string[],
  sides: [PairSide, PairSide],
  options: ExplainOptions,
  context: ProcessContext,
  copies: boolean,
): Promise<RunPlacement> {
  const entries = await Promise.all(sides.map((side) => entryOf(result, side.raw, side.ref, inputs)));
  const clusterOf = new Map<number, { canonical: number; size: number }>();
  for (const cluster of result.clusters) for (const m of cluster.members) clusterOf.set(m, { canonical: cluster.canonical, size: cluster.members.length });
  const place = async (entry: DocumentEntry, side: PairSide): Promise<PlacedDocument> => {
    const cluster = clusterOf.get(entry.index);
    const placed: PlacedDocument = { canonical: result.documents[cluster?.canonical ?? entry.index].id, size: cluster?.size ?? 1 };
    const apart = result.keptApart.get(entry.index);
    if (apart !== undefined) {
      const canonical = result.documents[apart.canonical];
      // the side is cleaned and sketched already; only the canonical is read here
      const { doc } = await loadDocument(refOf(canonical), options.read);
      const verdict = comparePair(side.sketch, sketchDocument(doc, refOf(canonical), context).sketch, options.policy);
      placed.keptApart = { copyOf: result.documents[apart.partner].id, canonical: canonical.id, verdict: { rule: verdict.rule, reason: verdict.reason } };
    }
    return placed;
  };
  const a = await place(entries[0], sides[0]);
  const b = await place(entries[1], sides[1]);
  const [clusterA, clusterB] = entries.map((entry) => clusterOf.get(entry.index));
  const together = clusterA !== undefined && clusterA.canonical === clusterB?.canonical;
  return { inputs, documents: result.documents.length, corpusLines: context.boilerplateLines.size, a, b, together, summary: placementSummary(a, b, together, copies) };
}

/** What placeInRun needs of each side of the pair. */
interface PairSide {
  ref: string;
  raw: RawDocument;
  sketch: Sketch;
}

/** A document cleaned and sketched as a run does, with what verification compares of it (publication time included). */
function sketchDocument(raw: RawDocument, ref: string, context: ProcessContext): { cleaned: CleanedDocument; fingerprint: Fingerprint; date: string | undefined; sketch: Sketch } {
  const processed = processDocument(raw, context);
  if ('skipped' in processed) throw new ExplainInputError(`${ref}: ${processed.skipped.reason}`);
  const { cleaned, fingerprint } = processed;
  const date = dateOf(raw, cleaned);
  return { cleaned, fingerprint, date, sketch: { ...fingerprint, tooLittleText: hasTooLittleText(cleaned.flags), time: parseTime(date) } };
}

/** The run's document for a raw document read by reference; an error when the run does not hold it. */
async function entryOf(result: RunResult, raw: RawDocument, ref: string, inputs: readonly string[]): Promise<DocumentEntry> {
  const candidates = result.documents.filter((entry) => entry.record === raw.record);
  const same = candidates.find((entry) => entry.file === raw.file);
  if (same) return same;
  // named through another path to the same file (a link, a relative path): one realpath per candidate, only then
  const file = await realpath(raw.file).catch(() => path.resolve(raw.file));
  for (const entry of candidates) if ((await realpath(entry.file).catch(() => entry.file)) === file) return entry;
  const skipped = result.skipped.find((s) => s.path === raw.path || s.path === `${raw.path}:${raw.record}`);
  throw new ExplainInputError(skipped ? `${ref}: the run over ${inputs.join(' ')} skips it: ${skipped.reason}` : `${ref} is not among the documents of ${inputs.join(' ')}; name inputs with --in that hold both documents`);
}

function refOf(entry: DocumentEntry): string {
  return entry.record === undefined ? entry.file : `${entry.file}:${entry.record}`;
}

function placementSummary(a: PlacedDocument, b: PlacedDocument, together: boolean, copies: boolean): string {
  if (together) return `the run puts both in one cluster of ${a.size}, whose canonical is ${a.canonical}`;
  const where = (label: string, d: PlacedDocument) => (d.size === 1 ? `${label} stands alone` : `${label} is in the cluster of ${d.canonical} (${d.size} copies)`);
  const apart = [a, b].map((d, i) => ({ d, label: i === 0 ? 'A' : 'B' })).filter(({ d }) => d.keptApart);
  const why = apart.map(({ d, label }) => `${label} is a verified copy of ${d.keptApart?.copyOf} kept out of its cluster: it does not match that cluster's canonical ${d.keptApart?.canonical} (${d.keptApart?.verdict.reason}), and every member must (no chains)`);
  // Copies as a pair that no rule kept apart: the run never verified them together.
  const unverified = copies && why.length === 0 ? '; the run did not verify the pair: LSH did not propose it (a candidate is found with a probability that falls with similarity) or a copy had spent its --verify-budget' : '';
  return `the run keeps them apart: ${where('A', a)}, ${where('B', b)}${why.length ? `; ${why.join('; ')}` : ''}${unverified}`;
}

/**
 * Where two cleaned texts agree, as character ranges of each: flat [start, end, start, end, ...]
 * lists covering the runs of words that lie in a word n-gram (`k` words, the shingle size) the
 * other text also holds. Words outside every range are found only in that text. The words are
 * those the sketches are built from (letters, digits and marks, normalised), located in the
 * original text so that it can be shown as written.
 */
export function sharedRanges(textA: string, textB: string, k: number): { a: number[]; b: number[] } {
  const A = locatedWords(textA);
  const B = locatedWords(textB);
  return { a: coveredRanges(A, shingleSet(B.tokens, k), k), b: coveredRanges(B, shingleSet(A.tokens, k), k) };
}

interface LocatedWords {
  tokens: string[];
  starts: number[];
  ends: number[];
}

function locatedWords(text: string): LocatedWords {
  return locateTokens(text);
}

function shingleSet(tokens: readonly string[], k: number): Set<string> {
  const width = Math.min(k, tokens.length);
  const set = new Set<string>();
  for (let i = 0; i + width <= tokens.length && width > 0; i++) set.add(tokens.slice(i, i + width).join(' '));
  return set;
}

function coveredRanges(words: LocatedWords, other: Set<string>, k: number): number[] {
  const n = words.tokens.length;
  const width = Math.min(k, n);
  const covered = new Uint8Array(n);
  for (let i = 0; i + width <= n && width > 0; i++) {
    if (other.has(words.tokens.slice(i, i + width).join(' '))) covered.fill(1, i, i + width);
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!covered[i]) continue;
    let j = i;
    while (j + 1 < n && covered[j + 1]) j++;
    out.push(words.starts[i], words.ends[j]);
    i = j;
  }
  return out;
}

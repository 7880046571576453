/**
 * `dedupe explain <a> <b>`: why two documents are, or are not, copies of one story. Reads and
 * cleans both, compares them with the same sketches and policy a run uses, and lays out the
 * evidence: estimated and exact similarity and containment, the passages they share and where
 * they differ, what cleaning removed from each, and the verdict with its reason.
 */

import path from 'node:path';
import { comparePair, type MatchPolicy, type PairVerdict } from './cluster.js';
import { kindOf } from './discover.js';
import { exactShingleStats, MinHasher, shingleStrings, type FingerprintOptions } from './fingerprint.js';
import { processDocument } from './pipeline.js';
import { readFileDocuments, type ReadOptions } from './read.js';
import { colours } from './report.js';
import type { InputFile, Removal } from './types.js';

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
  verdict: { duplicate: boolean; rule: PairVerdict['rule']; reason: string };
  params: { shingleSize: number; permutations: number; seed: number; policy: MatchPolicy };
}

export class ExplainInputError extends Error {}

/**
 * Parses a document reference: a file, or `FILE:N` for the N-th record of a JSON array or the
 * record on line N of a JSONL file (a file of one document needs no number).
 */
export function parseRef(ref: string): { file: string; record?: number } {
  const m = /^(.*\.(?:jsonl|ndjson|json)(?:\.gz)?):(\d+)$/i.exec(ref);
  if (m) return { file: m[1], record: Number(m[2]) };
  return { file: ref };
}

async function loadDocument(ref: string, read: ReadOptions) {
  const { file, record } = parseRef(ref);
  const absolute = path.resolve(file);
  const input: InputFile = { path: absolute, displayPath: file, kind: kindOf(absolute) ?? 'text' };
  for await (const item of readFileDocuments(input, read)) {
    if ('skipped' in item) {
      if (record === undefined || item.skipped.path.endsWith(`:${record}`) || item.skipped.path === file) throw new ExplainInputError(`${item.skipped.path}: ${item.skipped.reason}`);
      continue;
    }
    if (record === undefined || item.doc.record === record) {
      if (record === undefined && item.doc.record !== undefined && (input.kind === 'jsonl' || input.kind === 'json')) {
        // Several records: say which one was taken rather than guess silently.
        return { doc: item.doc, note: `${file} holds records; using the first (${file}:${item.doc.record}); name another with ${file}:N` };
      }
      return { doc: item.doc, note: undefined };
    }
  }
  throw new ExplainInputError(record === undefined ? `${file}: no document found` : `${file}: no record ${record} (give the line of a JSONL record or the 1-based index in a JSON array)`);
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

export async function explainPair(refA: string, refB: string, options: { read: ReadOptions; fingerprint: FingerprintOptions; policy: MatchPolicy }): Promise<{ explanation: Explanation; notes: string[] }> {
  const [loadedA, loadedB] = [await loadDocument(refA, options.read), await loadDocument(refB, options.read)];
  const notes = [loadedA.note, loadedB.note].filter((n): n is string => n !== undefined);
  notes.push('cleaning here uses the rules of each document alone; a run over a folder also removes lines repeated across many of its documents');
  const hasher = new MinHasher(options.fingerprint);
  const k = options.fingerprint.shingleSize;
  const sides = [
    { ref: refA, raw: loadedA.doc },
    { ref: refB, raw: loadedB.doc },
  ].map(({ ref, raw }) => {
    const { cleaned, tokens } = processDocument(raw, new Set());
    if (tokens.length === 0) throw new ExplainInputError(`${ref}: no text left after cleaning`);
    return { ref, raw, cleaned, tokens, fingerprint: hasher.fromTokens(tokens), shingleSet: shingleStrings(tokens, k) };
  });
  const [A, B] = sides;
  const verdict = comparePair(A.fingerprint, B.fingerprint, options.policy);
  const exact = exactShingleStats(A.tokens, B.tokens, k);
  const minWords = Math.max(k, 8);
  const describe = (side: (typeof sides)[number], other: (typeof sides)[number]): ExplainedDocument => {
    const inOther = shingleMembership(side.tokens, k, other.shingleSet);
    return {
      ref: side.ref,
      path: side.raw.path,
      id: side.raw.id,
      title: side.raw.title ?? side.cleaned.title ?? null,
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
    estimated: { jaccard: verdict.jaccard, containment: verdict.containment, figures: verdict.figures, lead: verdict.lead, slots: verdict.slots },
    exact: { jaccard: exact.jaccard, containment: exact.containment, sharedShingles: exact.shared },
    shared: passages(A.tokens, k, shingleMembership(A.tokens, k, B.shingleSet), minWords),
    verdict: { duplicate: verdict.match, rule: verdict.rule, reason: verdict.reason },
    params: { ...options.fingerprint, policy: options.policy },
  };
  return { explanation, notes };
}

const PREVIEW = 160;

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW ? `${flat.slice(0, PREVIEW - 1)}…` : flat;
}

function listPassages(list: readonly Passage[], limit: number): string[] {
  const out = list.slice(0, limit).map((p) => `    [word ${p.start}, ${p.words} words] ${preview(p.text)}`);
  if (list.length > limit) out.push(`    … and ${list.length - limit} more`);
  if (list.length === 0) out.push('    (none)');
  return out;
}

/** The explanation as terminal text. */
export function formatExplanation(e: Explanation, colour: boolean): string {
  const c = colours(colour);
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const f2 = (x: number) => x.toFixed(2);
  const out: string[] = [];
  const verdict = e.verdict.duplicate ? c.green.bold('DUPLICATES') : c.yellow.bold('DIFFERENT STORIES');
  out.push(`${verdict}: ${e.verdict.reason}`, '');
  for (const [label, d] of [['A', e.a], ['B', e.b]] as const) {
    out.push(`${c.bold(label)}  ${d.ref}${d.title ? `  "${preview(d.title)}"` : ''}`);
    out.push(`   ${d.words} words, ${d.shingles} shingles after cleaning; cleaning kept ${d.cleanChars} of ${d.rawChars} characters${d.flags.length ? ` (${d.flags.join(', ')})` : ''}`);
  }
  out.push('');
  out.push(c.bold('Similarity') + ` (word ${e.params.shingleSize}-grams)`);
  out.push(`   Jaccard       estimated ${f2(e.estimated.jaccard)}  exact ${f2(e.exact.jaccard)}   (match at >= ${e.params.policy.threshold})`);
  out.push(`   containment   estimated ${f2(e.estimated.containment)}  exact ${f2(e.exact.containment)}   (share of the smaller in the larger; match at >= ${e.params.policy.containment ?? 'off'})`);
  out.push(`   lead          ${pct(e.estimated.lead)} of the opening word pairs shared (needed: ${e.params.policy.lead === null ? 'off' : pct(e.params.policy.lead)} unless Jaccard >= ${e.params.policy.nearIdentical})`);
  const s = e.estimated.slots;
  out.push(`   figures       ${pct(e.estimated.figures)} of the smaller figure set in the larger; ${s.shared} figure${s.shared === 1 ? '' : 's'} in the same words, ${s.changed} changed${s.datesChanged ? ` (${s.datesChanged} date${s.datesChanged === 1 ? '' : 's'})` : ''}`);
  out.push('');
  out.push(c.bold(`Shared passages (${e.exact.sharedShingles} shared shingles)`));
  out.push(...listPassages(e.shared, 8));
  out.push(c.bold('Only in A'));
  out.push(...listPassages(e.a.onlyHere, 8));
  out.push(c.bold('Only in B'));
  out.push(...listPassages(e.b.onlyHere, 8));
  for (const [label, d] of [['A', e.a], ['B', e.b]] as const) {
    out.push(c.bold(`Cleaning removed from ${label} (${d.removed.length} block${d.removed.length === 1 ? '' : 's'})`));
    if (d.removed.length === 0) out.push('    (nothing)');
    for (const r of d.removed.slice(0, 12)) out.push(`    ${c.dim(r.rule)}  ${preview(r.text)}`);
    if (d.removed.length > 12) out.push(`    … and ${d.removed.length - 12} more`);
  }
  return out.join('\n') + '\n';
}

/**
 * The one per-document path: a raw document is cleaned, then sketched, and its derived facts
 * (title, date, debris share) are computed here and nowhere else. Every mode takes it: a run's
 * batches, `dedupe clean`, `--index` and `dedupe explain`.
 */

import { cleanDocument, NO_BOILERPLATE, TOO_LITTLE_TEXT, type BoilerplateLines } from '../clean/index.js';
import { MinHasher, type Fingerprint, type FingerprintOptions } from '../sketch/minhash.js';
import { timeOfDate } from '../input/dates.js';
import { hashString, tokenize } from '../sketch/tokens.js';
import type { CleanedDocument, RawDocument, Skipped } from '../types.js';

/** What processing needs besides the document: the hasher of this thread and the corpus's boilerplate lines. */
export interface ProcessContext {
  hasher: MinHasher;
  /** Corpus-level boilerplate lines the cleaner removes (none where none were learned). */
  boilerplateLines: BoilerplateLines;
}

export function processContext(fingerprint: FingerprintOptions, boilerplateLines: BoilerplateLines = NO_BOILERPLATE): ProcessContext {
  return { hasher: new MinHasher(fingerprint), boilerplateLines };
}

/** A document cleaned and sketched. */
export interface ProcessedDocument {
  raw: RawDocument;
  cleaned: CleanedDocument;
  fingerprint: Fingerprint;
}

/** Seed of rawTextHash, apart from the shingle hashes' seeds. */
const RAW_TEXT_SEED = 0x5eed7e47;

/**
 * A 32-bit hash of a document's raw text as read: with its length, what tells that a text read
 * again for an output (--out, --print canonical) is the text the run deduplicated.
 */
export function rawTextHash(text: string): number {
  return hashString(text, RAW_TEXT_SEED);
}

/** The cleaning half of the path, for the mode that prints cleaned texts only. */
export function cleanRaw(raw: RawDocument, boilerplateLines: BoilerplateLines): CleanedDocument {
  return cleanDocument(raw.text, raw.format, { boilerplateLines });
}

/**
 * The cleaning half for the mode that prints cleaned texts (`dedupe clean`): a document with no
 * word left is skipped, as a run skips it, so both modes list the same documents.
 */
export function cleanOrSkip(raw: RawDocument, boilerplateLines: BoilerplateLines): { cleaned: CleanedDocument } | { skipped: Skipped } {
  const cleaned = cleanRaw(raw, boilerplateLines);
  return tokenize(cleaned.text).length === 0 ? { skipped: noTextLeft(raw) } : { cleaned };
}

/**
 * Cleans and sketches one document; a document with no words left is skipped. With `out`, the
 * signature is written into `out` at `offset` and the fingerprint's samples are views of the
 * hasher's scratch memory, valid until its next sketch (a batch packs them at once).
 */
export function processDocument(raw: RawDocument, context: ProcessContext, out?: { signatures: Uint32Array; offset: number }): ProcessedDocument | { skipped: Skipped } {
  const cleaned = cleanRaw(raw, context.boilerplateLines);
  const fingerprint = out ? context.hasher.sketchTextScratch(cleaned.text, out.signatures, out.offset) : context.hasher.fromText(cleaned.text);
  if (fingerprint.tokens === 0) return { skipped: noTextLeft(raw) };
  return { raw, cleaned, fingerprint };
}

/** Why a document is skipped when cleaning leaves it no word (the tokens a sketch is made of). */
function noTextLeft(raw: RawDocument): Skipped {
  return { path: placeOf(raw), reason: 'no text left after cleaning' };
}

/** Where a document is: its file, and its record there if the file holds several. */
export function placeOf(raw: Pick<RawDocument, 'path' | 'record'>): string {
  return raw.record !== undefined ? `${raw.path}:${raw.record}` : raw.path;
}

/** Title and date as reported: the record's own, else what cleaning found in the page. */
export function titleOf(raw: RawDocument, cleaned: CleanedDocument): string | undefined {
  return raw.title ?? cleaned.title;
}

/** The record's url/link field, else the canonical URL cleaning found in the page. */
export function urlOf(raw: RawDocument, cleaned: CleanedDocument): string | undefined {
  return raw.url ?? cleaned.url;
}

export function dateOf(raw: RawDocument, cleaned: CleanedDocument): string | undefined {
  return raw.date ?? cleaned.date;
}

/** Whether cleaning left too little of a document to match on (its cleaner flags say so). */
export function hasTooLittleText(flags: readonly string[]): boolean {
  return flags.includes(TOO_LITTLE_TEXT);
}

/** Why a document is never matched, as reports say it; undefined for a document that can be. */
export function unmatchedReason(flags: readonly string[]): string | undefined {
  return hasTooLittleText(flags) ? 'too little text left after cleaning (a notice or a stub, not a story): never matched' : undefined;
}

/** Share of the raw text the cleaner removed (0..1). */
export function debrisShare(rawChars: number, cleanChars: number): number {
  return rawChars === 0 ? 0 : Math.max(0, 1 - cleanChars / rawChars);
}

/** Milliseconds since the epoch of a date text, undefined when it is not one date (see input/dates.ts). */
export const parseTime = timeOfDate;

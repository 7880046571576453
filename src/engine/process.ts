/**
 * The one per-document path: a raw document is cleaned, then sketched, and its derived facts
 * (title, date, debris share) are computed here and nowhere else. Every mode takes it: a run's
 * batches, `dedupe clean`, `--index` and `dedupe explain`.
 */

import { cleanDocument, NO_BOILERPLATE, type BoilerplateLines } from '../clean/index.js';
import { MinHasher, type Fingerprint, type FingerprintOptions } from '../sketch/minhash.js';
import { timeOfDate } from '../input/dates.js';
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

/** The cleaning half of the path, for the mode that prints cleaned texts only. */
export function cleanRaw(raw: RawDocument, boilerplateLines: BoilerplateLines): CleanedDocument {
  return cleanDocument(raw.text, raw.format, { boilerplateLines });
}

/**
 * Cleans and sketches one document; a document with no words left is skipped. With `out`, the
 * signature is written into `out` at `offset` and the fingerprint's samples are views of the
 * hasher's scratch memory, valid until its next sketch (a batch packs them at once).
 */
export function processDocument(raw: RawDocument, context: ProcessContext, out?: { signatures: Uint32Array; offset: number }): ProcessedDocument | { skipped: Skipped } {
  const cleaned = cleanRaw(raw, context.boilerplateLines);
  const fingerprint = out ? context.hasher.sketchTextScratch(cleaned.text, out.signatures, out.offset) : context.hasher.fromText(cleaned.text);
  if (fingerprint.tokens === 0) return { skipped: { path: placeOf(raw), reason: 'no text left after cleaning' } };
  return { raw, cleaned, fingerprint };
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

/** Share of the raw text the cleaner removed (0..1). */
export function debrisShare(rawChars: number, cleanChars: number): number {
  return rawChars === 0 ? 0 : Math.max(0, 1 - cleanChars / rawChars);
}

/** Milliseconds since the epoch of a date text, undefined when it is not one date (see input/dates.ts). */
export const parseTime = timeOfDate;

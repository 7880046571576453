/** Shared data shapes passed between pipeline stages. */

/** How a document's raw text is laid out, which decides how it is cleaned. */
export type SourceFormat = 'text' | 'markdown' | 'html';

/** A file found by discovery. */
export interface InputFile {
  /** Absolute path on disk, or "-" for standard input. */
  path: string;
  /** Path as shown to the user: relative to the input root it was found under. */
  displayPath: string;
  /** Which reader handles it. */
  kind: 'text' | 'markdown' | 'html' | 'json' | 'jsonl';
}

/** One document as read, before cleaning. A file holds one document, a JSON/JSONL file one per record. */
export interface RawDocument {
  id: string;
  /** The file it came from, as shown to the user. */
  path: string;
  /** The file's absolute path ("-" for standard input), so the text can be read again later. */
  file: string;
  /** 1-based line for JSONL records, index for JSON arrays; absent for whole-file documents. */
  record?: number;
  format: SourceFormat;
  text: string;
  title?: string;
  url?: string;
  date?: string;
}

/** A line or block the cleaner removed, with the rule that removed it. */
export interface Removal {
  rule: string;
  text: string;
}

export interface CleanedDocument {
  /** The article body. */
  text: string;
  /** Title found in the markup or the first heading-like line, kept as metadata. */
  title?: string;
  url?: string;
  siteName?: string;
  date?: string;
  removed: Removal[];
  /** Notes such as "guard:kept-original" when the rules would have removed nearly everything. */
  flags: string[];
}

/** An input that produced no document, and why. */
export interface Skipped {
  path: string;
  reason: string;
}

/** A mistake in how the tool was asked to run (a setting, a baseline, an input that is not there): exit status 2. */
export class UsageError extends Error {}

/**
 * Documents named by reference (`FILE` or `FILE:N` for the record on line N of a JSONL file, or
 * the N-th of a JSON array), read as every mode reads them: for `dedupe explain`.
 */

import path from 'node:path';
import { kindOf } from '../input/discover.js';
import { readFileDocuments } from '../input/documents.js';
import type { ReadOptions } from '../input/records.js';
import type { InputFile, RawDocument } from '../types.js';

/** A reference that names no readable document. */
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

/** The raw document a reference names, with a note when a file of several records was named without a number. */
export async function loadDocument(ref: string, read: ReadOptions): Promise<{ doc: RawDocument; note: string | undefined }> {
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

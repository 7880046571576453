/**
 * Documents of any input, read as a stream (for the modes that take documents one by one), and
 * read again by where they came from (to print or write canonical texts without holding them).
 */

import type { Readable } from 'node:stream';
import type { InputFile, RawDocument } from '../types.js';
import { readJsonLines } from './jsonl.js';
import { readWholeFile, type ReadItem, type ReadOptions } from './records.js';

/** Reads one input file into documents and skipped entries; `stdin` is standard input's stream. */
export async function* readFileDocuments(file: InputFile, options: ReadOptions, stdin?: Readable): AsyncGenerator<ReadItem> {
  if (file.kind === 'jsonl') {
    yield* readJsonLines(file, options, stdin);
    return;
  }
  yield* readWholeFile(file, options);
}


/** Where a document came from, enough to read it again. */
export interface DocumentSource {
  file: string;
  path: string;
  kind: InputFile['kind'];
  record?: number;
}

/**
 * Reads documents again (to print or write canonical versions without holding every text in
 * memory): each file is read once, and a JSONL file only up to the last record asked for.
 */
export async function rereadDocuments(sources: readonly DocumentSource[], options: ReadOptions): Promise<Map<DocumentSource, RawDocument>> {
  const found = new Map<DocumentSource, RawDocument>();
  const byFile = new Map<string, DocumentSource[]>();
  for (const source of sources) {
    if (source.file === '-') continue;
    const list = byFile.get(source.file);
    if (list) list.push(source);
    else byFile.set(source.file, [source]);
  }
  for (const [file, wanted] of byFile) {
    const byRecord = new Map(wanted.map((s) => [s.record ?? 0, s]));
    let left = byRecord.size;
    const input: InputFile = { path: file, displayPath: wanted[0].path, kind: wanted[0].kind };
    for await (const item of readFileDocuments(input, options)) {
      if (!('doc' in item)) continue;
      const source = byRecord.get(item.doc.record ?? 0);
      if (!source) continue;
      found.set(source, item.doc);
      if (--left === 0) break;
    }
  }
  return found;
}

/**
 * Documents of any input, read as a stream (for the modes that take documents one by one), and
 * read again by where they came from (to print or write canonical texts without holding them).
 */

import type { Readable } from 'node:stream';
import type { InputFile, RawDocument } from '../types.js';
import { isStreamedArray } from './json-array.js';
import { readJsonLines } from './jsonl.js';
import { readWholeFile, type ReadItem, type ReadOptions } from './records.js';

/** Whether an input is read in chunks of records (JSONL, a large JSON array) rather than whole. */
export function readInChunks(file: InputFile, maxFileSize: number): boolean {
  return file.kind === 'jsonl' || (file.kind === 'json' && file.path !== '-' && isStreamedArray(file.path, maxFileSize));
}

/** Reads one input file into documents and skipped entries; `stdin` is standard input's stream. */
export async function* readFileDocuments(file: InputFile, options: ReadOptions, stdin?: Readable): AsyncGenerator<ReadItem> {
  if (readInChunks(file, options.maxFileSize)) {
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
 * memory), one at a time as they are found: each file is read once, a file of records only up to
 * the last record asked for. A source not found again comes with no document. Standard input
 * ("-") is read from `standardInput`, a copy of it on disk, and not at all without one.
 */
export async function* rereadDocuments(sources: readonly DocumentSource[], options: ReadOptions, standardInput?: string): AsyncGenerator<{ source: DocumentSource; doc: RawDocument | undefined }> {
  const byFile = new Map<string, DocumentSource[]>();
  for (const source of sources) {
    const list = byFile.get(source.file);
    if (list) list.push(source);
    else byFile.set(source.file, [source]);
  }
  for (const [file, wanted] of byFile) {
    const byRecord = new Map(wanted.map((s) => [s.record ?? 0, s]));
    const readFrom = file === '-' ? standardInput : file;
    if (readFrom !== undefined) {
      const input: InputFile = { path: readFrom, displayPath: wanted[0].path, kind: wanted[0].kind };
      for await (const item of readFileDocuments(input, options)) {
        if (!('doc' in item)) continue;
        const source = byRecord.get(item.doc.record ?? 0);
        if (!source) continue;
        byRecord.delete(item.doc.record ?? 0);
        yield { source, doc: item.doc };
        if (byRecord.size === 0) break;
      }
    }
    for (const source of byRecord.values()) yield { source, doc: undefined };
  }
}

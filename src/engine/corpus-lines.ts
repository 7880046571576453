/**
 * Corpus-level lines for a persistent index. A run learns the lines repeated across its corpus
 * before it cleans anything; an index is one corpus read by many runs, so it keeps the counts
 * (documents holding each line) and the lines learnt from them, and every run cleans with the
 * lines of the whole index so far. The first run over an empty index learns from its own input,
 * exactly as a run without an index does; a later run adds its counts to the stored ones and
 * learns a line once the total passes the threshold for all the documents counted. A learnt
 * line is never forgotten, and documents indexed before it was learnt are not cleaned again.
 */

import { boilerplateThreshold, BoilerplateLines, CorpusLineCounter, NO_BOILERPLATE } from '../clean/index.js';
import type { RawDocument } from '../types.js';

/** What an index keeps of its corpus lines. */
export interface StoredCorpusLines {
  /** Documents counted by every run so far. */
  documents: number;
  /** Documents holding each line (by its hash), for lines seen in two documents at least. */
  counts: Map<number, number>;
  /** Lines learnt as boilerplate. */
  learnt: Set<number>;
}

/** What one run adds to the stored corpus lines. */
export interface CorpusLineUpdate {
  documents: number;
  /** Documents of this run holding each line: lines already stored, or seen twice in this run. */
  counts: Map<number, number>;
  /** Lines this run learnt. */
  learnt: number[];
}

export function emptyCorpusLines(): StoredCorpusLines {
  return { documents: 0, counts: new Map(), learnt: new Set() };
}

/** The corpus lines of an index as this run goes: the stored counts and learnt lines, with what the run counted added. */
export class IndexCorpusLines {
  private lines: BoilerplateLines;

  constructor(private readonly stored: StoredCorpusLines) {
    this.lines = stored.learnt.size ? new BoilerplateLines(stored.learnt) : NO_BOILERPLATE;
  }

  /** The lines the cleaner removes now. */
  get boilerplateLines(): BoilerplateLines {
    return this.lines;
  }

  /** The number of lines learnt. */
  get learnt(): number {
    return this.stored.learnt.size;
  }

  /**
   * Counts the lines of these documents, adds the counts to the stored ones and learns the lines
   * that now pass the threshold. Returns what the index should add (nothing is written here).
   */
  async add(documents: AsyncIterable<RawDocument> | Iterable<RawDocument>): Promise<CorpusLineUpdate> {
    const counter = new CorpusLineCounter();
    for await (const raw of documents) counter.add(raw.text, raw.format);
    const { stored } = this;
    stored.documents += counter.documents;
    const threshold = boilerplateThreshold(stored.documents);
    const update: CorpusLineUpdate = { documents: counter.documents, counts: new Map(), learnt: [] };
    for (const [hash, count] of counter.lineCounts()) {
      const before = stored.counts.get(hash);
      // A line seen once, and never before, is most lines of a corpus: it is not kept.
      if (before === undefined && count < 2) continue;
      const total = (before ?? 0) + count;
      stored.counts.set(hash, total);
      update.counts.set(hash, count);
      if (total >= threshold && !stored.learnt.has(hash)) {
        stored.learnt.add(hash);
        update.learnt.push(hash);
      }
    }
    if (update.learnt.length) this.lines = new BoilerplateLines(stored.learnt);
    return update;
  }
}

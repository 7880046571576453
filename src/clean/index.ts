/**
 * Clean stage: strips boilerplate and debris from scraped articles (plain
 * text, HTML, Markdown) and reports what was removed and by which rule.
 */
import type { CleanedDocument, SourceFormat } from '../types.js';
import { quickHtmlLines } from './html.js';
import { BoilerplateLines, corpusLineHash, NO_BOILERPLATE } from './lines.js';
import { shortBlocks } from './text.js';
import { markdownToText } from './markdown.js';
import { runPipeline } from './formats.js';

export interface CleanOptions {
  /** Lines that recur across many documents of the run (corpus-level boilerplate), from CorpusLineCounter. */
  boilerplateLines?: BoilerplateLines;
}

/**
 * Cleans one document. Never throws, and never returns more text than it got.
 * When the rules would remove nearly everything, the text is kept and the
 * flag `guard:kept-original` is set.
 */
export function cleanDocument(raw: string, format: SourceFormat, options?: CleanOptions): CleanedDocument {
  if (typeof raw !== 'string' || raw.length === 0) return { text: '', removed: [], flags: [] };
  return runPipeline(raw, format, { boilerplateLines: options?.boilerplateLines });
}

/** Normalised key of a line, and the set of corpus-level boilerplate lines. */
export { BoilerplateLines, lineKey, NO_BOILERPLATE } from './lines.js';

/**
 * Documents a line must be seen in to count as boilerplate: max(10, 0.05% of the documents
 * counted), above the number of syndicated copies one story usually has.
 */
export function boilerplateThreshold(documents: number): number {
  return Math.max(10, Math.ceil(documents * 0.0005));
}

/** Above this many distinct keys, keys seen in only one document are pruned now and then to bound memory. */
const PRUNE_AT = 2_000_000;

/**
 * First pass over a corpus: counts, per document, the distinct short lines
 * (normalised key) so lines repeated across many documents can be treated as
 * boilerplate.
 */
/**
 * Documents per line, by the 53-bit hash of the line's key, in an open-addressing table of
 * typed arrays: hundreds of thousands of lines a second go through it with no allocation (a
 * Map keyed by such numbers boxes each key), and each document counts a line once.
 */
class LineHashCounts {
  private high = new Uint32Array(0);
  /** Low 21 bits of the hash plus one: 0 marks an empty slot. */
  private low = new Uint32Array(0);
  private count = new Uint32Array(0);
  private lastDoc = new Uint32Array(0);
  private mask = -1;
  size = 0;

  get capacity(): number {
    return this.mask + 1;
  }

  constructor(capacity = 1 << 16) {
    this.allocate(capacity);
  }

  private allocate(capacity: number): void {
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
    this.count = new Uint32Array(capacity);
    this.lastDoc = new Uint32Array(capacity);
    this.mask = capacity - 1;
    this.size = 0;
  }

  /** Counts the hash for document `doc` (from 1), once per document: the new count, or 0 when `doc` counted it already. */
  add(hash: number, doc: number): number {
    const high = Math.floor(hash / 0x200000) >>> 0;
    const low = hash - high * 0x200000 + 1;
    return this.addParts(high, low, doc, 1);
  }

  private addParts(high: number, low: number, doc: number, by: number): number {
    let slot = (high ^ Math.imul(low, 0x9e3779b1)) & this.mask;
    for (;;) {
      const at = this.low[slot];
      if (at === 0) break;
      if (at === low && this.high[slot] === high) {
        if (this.lastDoc[slot] === doc) return 0;
        this.lastDoc[slot] = doc;
        return (this.count[slot] += by);
      }
      slot = (slot + 1) & this.mask;
    }
    this.high[slot] = high;
    this.low[slot] = low;
    this.count[slot] = by;
    this.lastDoc[slot] = doc;
    if (++this.size * 2 > this.mask + 1) this.rebuild((this.mask + 1) * 2, 0);
    return by;
  }

  /** Moves the entries counted more than `dropAtMost` times to a table of `capacity` slots. */
  rebuild(capacity: number, dropAtMost: number): void {
    const { high, low, count, lastDoc } = this;
    this.allocate(capacity);
    for (let i = 0; i < low.length; i++) if (low[i] !== 0 && count[i] > dropAtMost) this.addParts(high[i], low[i], lastDoc[i], count[i]);
  }

  /** The hash and count of every entry. */
  *entries(): Generator<[number, number]> {
    for (let i = 0; i < this.low.length; i++) if (this.low[i] !== 0) yield [this.high[i] * 0x200000 + this.low[i] - 1, this.count[i]];
  }
}

export class CorpusLineCounter {
  /** Documents holding each line, by the hash of its key (no key string is built). */
  private readonly table = new LineHashCounts();
  private docs = 0;

  /** Number of documents added. */
  get documents(): number {
    return this.docs;
  }

  /** Counts the lines of one document. */
  add(raw: string, format: SourceFormat): void {
    this.addHashes(corpusLineHashes(raw, format));
  }

  /** Counts one document given as the hashes of its lines (corpusLineHashes, computed in another thread). */
  addHashes(hashes: ArrayLike<number>, from = 0, to = hashes.length): void {
    this.docs++;
    for (let i = from; i < to; i++) this.table.add(hashes[i], this.docs);
    if (this.table.size > PRUNE_AT) this.prune();
  }

  /**
   * Lines seen in at least `minDocuments` documents (2 at the least: a line of one document is
   * not repeated). Default: boilerplateThreshold of the documents counted.
   */
  boilerplate(minDocuments?: number): BoilerplateLines {
    const min = Math.max(2, minDocuments ?? boilerplateThreshold(this.docs));
    const hashes: number[] = [];
    for (const [h, c] of this.table.entries()) if (c >= min) hashes.push(h);
    return hashes.length ? new BoilerplateLines(hashes) : NO_BOILERPLATE;
  }

  /** Each line's hash and the number of documents holding it. */
  lineCounts(): Iterable<[number, number]> {
    return this.table.entries();
  }

  private prune(): void {
    this.table.rebuild(this.table.capacity, 1);
  }
}

/**
 * The key hashes of a document's short lines that the corpus line counter counts: the blocks
 * the cleaner will test (lines, with hard-wrapped paragraphs merged, so the lines of a wire
 * story syndicated many times are not learned one by one), less sentences of story text and
 * lines of figures (corpusLineHash's -1) and empty keys.
 */
export function corpusLineHashes(raw: string, format: SourceFormat): number[] {
  if (typeof raw !== 'string') return [];
  let text: string;
  try {
    text = format === 'html' ? quickHtmlLines(raw) : format === 'markdown' ? markdownToText(raw).text : raw;
  } catch {
    return [];
  }
  const hashes: number[] = [];
  for (const line of shortBlocks(text)) {
    const hash = corpusLineHash(line, 0, line.length);
    if (hash > 0) hashes.push(hash);
  }
  return hashes;
}

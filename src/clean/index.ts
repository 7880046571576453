/**
 * Clean stage: strips boilerplate and debris from scraped articles (plain
 * text, HTML, Markdown) and reports what was removed and by which rule.
 */
import type { CleanedDocument, SourceFormat } from '../types.js';
import { quickHtmlLines } from './html.js';
import { CORPUS_LINE_MAX, endsLikeSentence, keyHash, lineKey } from './lines.js';
import { markdownToText } from './markdown.js';
import { runPipeline } from './formats.js';

export interface CleanOptions {
  /** Normalised-line keys that recur across many documents of the run (corpus-level boilerplate), from CorpusLineCounter. */
  boilerplateLines?: ReadonlySet<string>;
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

/** Normalised key of a line as used by CorpusLineCounter and CleanOptions.boilerplateLines. */
export { lineKey } from './lines.js';

function countWords(s: string): number {
  let w = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const sp = s.charCodeAt(i) <= 32;
    if (!sp && !inWord) w++;
    inWord = !sp;
  }
  return w;
}

/** Above this many distinct keys, keys seen in only one document are pruned now and then to bound memory. */
const PRUNE_AT = 2_000_000;

/**
 * First pass over a corpus: counts, per document, the distinct short lines
 * (normalised key) so lines repeated across many documents can be treated as
 * boilerplate.
 */
/** Separate runs of digits in a line. */
function countNumbers(line: string): number {
  let numbers = 0;
  let inNumber = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (digit && !inNumber) numbers++;
    inNumber = digit;
  }
  return numbers;
}

export class CorpusLineCounter {
  /** Documents holding each line, by the 53-bit hash of the line's key (no key string is built for a line seen once). */
  private readonly counts = new Map<number, number>();
  /** The key of every hash counted in two documents or more: only those can be boilerplate. */
  private readonly keys = new Map<number, string>();
  /** Hashes met in the document being added. */
  private readonly seen = new Set<number>();
  private docs = 0;

  /** Number of documents added. */
  get documents(): number {
    return this.docs;
  }

  add(raw: string, format: SourceFormat): void {
    if (typeof raw !== 'string') return;
    this.docs++;
    let text: string;
    try {
      text = format === 'html' ? quickHtmlLines(raw) : format === 'markdown' ? markdownToText(raw).text : raw;
    } catch {
      return;
    }
    const seen = this.seen;
    seen.clear();
    let pos = 0;
    const n = text.length;
    while (pos < n) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = n;
      const len = nl - pos;
      if (len > 0 && len <= CORPUS_LINE_MAX + 20) {
        const line = text.slice(pos, nl).trim();
        if (line.length > 0 && line.length <= CORPUS_LINE_MAX) {
          // sentences of story text are not counted: a wire story syndicated to many outlets is not boilerplate
          // nor are lines of figures ("Shr 28 cts vs 14 cts"): templated reports share their
          // wording, and their figures are the news
          if ((endsLikeSentence(line) && countWords(line) >= 12) || countNumbers(line) >= 2) {
            pos = nl + 1;
            continue;
          }
          // keyHash is 0 for an empty key only (a line of punctuation)
          const h = keyHash(line);
          if (h !== 0 && !seen.has(h)) {
            seen.add(h);
            const count = (this.counts.get(h) ?? 0) + 1;
            this.counts.set(h, count);
            if (count === 2) this.keys.set(h, lineKey(line));
          }
        }
      }
      pos = nl + 1;
    }
    if (this.counts.size > PRUNE_AT) this.prune();
  }

  /**
   * Keys seen in at least `minDocuments` documents (2 at the least: a line of one document is
   * not repeated). Default: max(10, 0.05% of the documents), above the number of syndicated
   * copies one story usually has.
   */
  boilerplate(minDocuments?: number): Set<string> {
    const min = Math.max(2, minDocuments ?? Math.max(10, Math.ceil(this.docs * 0.0005)));
    const out = new Set<string>();
    for (const [h, c] of this.counts) if (c >= min) out.add(this.keys.get(h)!);
    return out;
  }

  private prune(): void {
    for (const [h, c] of this.counts) if (c <= 1) this.counts.delete(h);
  }
}

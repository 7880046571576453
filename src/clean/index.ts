/**
 * Clean stage: strips boilerplate and debris from scraped articles (plain
 * text, HTML, Markdown) and reports what was removed and by which rule.
 */
import type { CleanedDocument, SourceFormat } from '../types.js';
import { quickHtmlLines } from './html.js';
import { CORPUS_LINE_MAX, endsLikeSentence, lineKey } from './lines.js';
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
  private readonly counts = new Map<string, number>();
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
    const seen = new Set<string>();
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
          const k = lineKey(line);
          if (k.length > 0 && !seen.has(k)) {
            seen.add(k);
            this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
          }
        }
      }
      pos = nl + 1;
    }
    if (this.counts.size > PRUNE_AT) this.prune();
  }

  /**
   * Keys seen in at least `minDocuments` documents. Default: max(10, 0.05% of
   * the documents), above the number of syndicated copies one story usually has.
   */
  boilerplate(minDocuments?: number): Set<string> {
    const min = minDocuments ?? Math.max(10, Math.ceil(this.docs * 0.0005));
    const out = new Set<string>();
    for (const [k, c] of this.counts) if (c >= min) out.add(k);
    return out;
  }

  private prune(): void {
    for (const [k, c] of this.counts) if (c <= 1) this.counts.delete(k);
  }
}

/**
 * The cleaning pipeline per source format, with the switches used to measure
 * each part (HTML extraction mode, plain-text rule families). The public entry
 * point is `cleanDocument` in index.ts, which runs the defaults.
 */
import type { CleanedDocument, Removal, SourceFormat } from '../types.js';
import { chooseCandidate, type HtmlMeta, fullText, otherCandidates, HTML_BUDGET, nestingWork, overBudgetBeforeParsing, parse, prunedText, quickHtmlLines, readabilityText, readMeta } from './html.js';
import { markdownToText } from './markdown.js';
import type { BoilerplateLines } from './lines.js';
import { cleanText, type TextRuleSwitches } from './text.js';

/**
 * How HTML main content is found:
 * - `readability+rules`: the article candidate chosen between Mozilla Readability's pick and the
 *   page's other candidates (see chooseCandidate), then the plain-text rules (core off) on it;
 * - `readability`: Mozilla Readability's output as is;
 * - `own`: our pruning of non-content containers, then the full plain-text rules;
 * - `full`: the whole page flattened, then the full plain-text rules.
 */
export type HtmlMode = 'readability+rules' | 'readability+core' | 'readability' | 'own' | 'full';

export interface PipelineOptions {
  boilerplateLines?: BoilerplateLines;
  htmlMode?: HtmlMode;
  text?: TextRuleSwitches;
}

export const DEFAULT_HTML_MODE: HtmlMode = 'readability+rules';

export function runPipeline(raw: string, format: SourceFormat, options: PipelineOptions = {}): CleanedDocument {
  try {
    const doc = format === 'html' ? cleanHtmlDoc(raw, options) : format === 'markdown' ? cleanMarkdownDoc(raw, options) : cleanTextDoc(raw, options);
    if (doc.text.length > raw.length) doc.text = doc.text.slice(0, raw.length);
    // Text cannot vanish without a rule that removed it: a page whose extraction came out empty
    // with nothing removed is kept as its stripped text, flagged.
    if (format === 'html' && doc.text.trim().length === 0 && doc.removed.length === 0) return strippedFallback(raw, format, 'html:empty-extraction');
    if (isThin(doc)) doc.flags.push(TOO_LITTLE_TEXT);
    return doc;
  } catch (err) {
    return strippedFallback(raw, format, `error:${(err as Error)?.message ?? String(err)}`.slice(0, 200));
  }
}

/** Flag of a document left with too little text after cleaning to be matched on it. */
export const TOO_LITTLE_TEXT = 'too-little-text';

/** Fewer words than this, kept of a page at least five times as long, are what a page left over (a cookie notice, a paywall stub), not a story. */
const THIN_WORDS = 50;
const THIN_SHARE = 0.2;

/**
 * Whether cleaning left too little of a document to match on: a few dozen words out of a page
 * that was mostly removed. Two such pages share their cookie notice, not their story. A short
 * text that came in short (a headline-only wire item) is not thin.
 */
function isThin(doc: CleanedDocument): boolean {
  const kept = doc.text.length;
  if (kept === 0) return false;
  // the share removed first: it is a sum over a few removals, and most documents keep most of their text
  let removed = 0;
  for (const r of doc.removed) removed += r.text.length;
  return kept < THIN_SHARE * (kept + removed) && countWords(doc.text, THIN_WORDS) < THIN_WORDS;
}

/**
 * Words in s, counted up to `limit`: blank-separated words, and in scripts written without spaces
 * (Han, kana, Hangul syllables aside; Thai, Lao, Khmer, Myanmar) two characters for a word, as
 * the lead check counts them.
 */
function countWords(s: string, limit: number): number {
  let words = 0;
  let unspaced = 0;
  let inWord = false;
  for (let i = 0; i < s.length && words + (unspaced >> 1) < limit; i++) {
    const c = s.charCodeAt(i);
    const blank = c <= 32;
    if (!blank && isUnspacedScript(c)) {
      unspaced++;
      inWord = false;
      continue;
    }
    if (!blank && !inWord) words++;
    inWord = !blank;
  }
  return words + (unspaced >> 1);
}

function isUnspacedScript(c: number): boolean {
  return (c >= 0x0e00 && c <= 0x0eff) || (c >= 0x1000 && c <= 0x109f) || (c >= 0x1780 && c <= 0x17ff) || (c >= 0x3040 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}

/**
 * The input with markup stripped, for when cleaning fails or a page is over its budget: the cleaner
 * never throws and never loses text silently.
 */
function strippedFallback(raw: string, format: SourceFormat, flag: string, meta: HtmlMeta = {}): CleanedDocument {
  const text = (format === 'html' ? quickHtmlLines(raw) : raw).replace(/\n{3,}/g, '\n\n').trim();
  return { text: text.slice(0, raw.length), ...meta, removed: [], flags: [flag] };
}

function cleanTextDoc(raw: string, o: PipelineOptions): CleanedDocument {
  const r = cleanText(raw, o.boilerplateLines, o.text);
  return { text: r.text, title: r.title, removed: r.removed, flags: r.flags };
}

function cleanMarkdownDoc(raw: string, o: PipelineOptions): CleanedDocument {
  const md = markdownToText(raw);
  const r = cleanText(md.text, o.boilerplateLines, o.text);
  const title = md.heading ?? r.title;
  // the heading is metadata; drop it if it leads the body
  const text = withoutLeadingTitle(r.text, md.heading, r.removed);
  return { text, title, removed: r.removed, flags: r.flags };
}

/**
 * The body without the title line that leads it (the title is kept as metadata), recorded as
 * removed; a document that is its title alone (a headline-only fragment) keeps it as its text.
 */
function withoutLeadingTitle(text: string, title: string | undefined, removed: Removal[]): string {
  if (!title || !text.startsWith(title)) return text;
  const rest = text.slice(title.length);
  if (rest.trim().length === 0 || !rest.startsWith('\n')) return text;
  removed.push({ rule: 'title', text: title });
  return rest.trimStart();
}

function cleanHtmlDoc(raw: string, o: PipelineOptions): CleanedDocument {
  const mode = o.htmlMode ?? DEFAULT_HTML_MODE;
  const overBudget = overBudgetBeforeParsing(raw);
  if (overBudget) return strippedFallback(raw, 'html', overBudget);
  const doc = parse(raw);
  const meta = readMeta(doc);
  if (nestingWork(doc.documentElement, HTML_BUDGET.nestingWork) > HTML_BUDGET.nestingWork) return strippedFallback(raw, 'html', 'budget:html-nesting', meta);
  const flags: string[] = [];
  let body: string | undefined;
  let removed: CleanedDocument['removed'] = [];
  let textTitle: string | undefined;
  let coreOff = false;
  /** Whether the body is one element of the page (an extraction), not the whole page pruned. */
  let bounded = false;
  if (mode === 'readability' || mode === 'readability+rules' || mode === 'readability+core') {
    // read before Readability, which changes the page
    const others = mode === 'readability' ? [] : otherCandidates(doc);
    const picked = readabilityText(doc);
    if (picked === undefined) flags.push('html:readability-empty');
    // Readability's pick is checked against the other candidates on the page, not returned unchecked
    const chosen = mode === 'readability' ? (picked === undefined ? undefined : { source: 'readability', text: picked }) : chooseCandidate(picked, others, meta.title);
    body = chosen?.text;
    // every candidate is an element of the page, bounded by its markup: no content core to find in it
    if (chosen !== undefined) {
      coreOff = mode !== 'readability+core';
      bounded = true;
    }
    if (mode === 'readability' && body !== undefined) {
      return { text: body, ...meta, removed: [], flags };
    }
  }
  if (body === undefined) {
    const fresh = mode === 'full' ? undefined : prunedText(parse(raw));
    if (fresh) {
      body = fresh.text;
      for (const t of fresh.pruned) removed.push({ rule: 'html:non-content', text: t });
    } else {
      body = fullText(parse(raw));
    }
  }
  const switches: TextRuleSwitches = coreOff ? { boundedArticle: bounded, ...o.text, core: false } : { boundedArticle: bounded, ...o.text };
  // a title from the markup is the title: no line of the text is taken for another one
  const r = cleanText(body, o.boilerplateLines, switches, meta.title);
  textTitle = r.title;
  removed = removed.concat(r.removed);
  const title = meta.title ?? textTitle;
  const text = withoutLeadingTitle(r.text, title, removed);
  return { text, title, url: meta.url, siteName: meta.siteName, date: meta.date, removed, flags: flags.concat(r.flags) };
}

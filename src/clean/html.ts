/**
 * HTML cleaning: parse with linkedom (no scripts run, nothing fetched), read
 * metadata from meta tags and JSON-LD, extract the main content with Mozilla
 * Readability (falling back to our own non-content pruning), flatten it to
 * text with block boundaries, then apply the plain-text rules.
 */
import { createRequire } from 'node:module';
import { Readability } from '@mozilla/readability';
import { lineRule } from './rules.js';

/** The small DOM surface used here (the project compiles without the DOM lib). */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode: DomNode | null;
}
export interface DomElement extends DomNode {
  tagName: string;
  getAttribute(name: string): string | null;
  querySelectorAll(sel: string): ArrayLike<DomElement>;
  remove(): void;
}
interface DomDocument {
  documentElement: DomElement;
  body: DomElement | null;
  title: string;
  querySelectorAll(sel: string): ArrayLike<DomElement>;
}

export interface HtmlMeta {
  title?: string;
  url?: string;
  siteName?: string;
  date?: string;
}

/** Elements whose text starts a new line. */
const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'CENTER', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL', 'DT',
  'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HGROUP', 'HR', 'LI',
  'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TFOOT', 'THEAD', 'TR', 'UL', 'HTML',
]);
/** Elements whose text is paragraph-like: separated by a blank line. */
const PARA = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'PRE', 'TABLE', 'UL', 'OL', 'FIGURE', 'HR']);
// table cells are inline (see flatten); rows are lines
/** Never article text (figure captions are image credits and descriptions, not the story). */
const SKIP = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'CANVAS', 'OBJECT', 'EMBED', 'HEAD', 'BUTTON', 'SELECT',
  'INPUT', 'TEXTAREA', 'OPTION', 'VIDEO', 'AUDIO', 'MAP', 'TITLE', 'META', 'LINK', 'FIGCAPTION',
]);

/** Flattens a subtree to text: block elements on their own lines, paragraphs separated by blank lines. */
export function flatten(root: DomNode): string {
  const parts: string[] = [];
  /** Newlines at the end of the output so far (-1: nothing written yet). */
  let trailing = -1;
  const brk = (k: number): void => {
    if (trailing < 0 || trailing >= k) return;
    parts.push(k - trailing === 2 ? '\n\n' : '\n');
    trailing = k;
  };
  const text = (t: string): void => {
    if (t.length === 0) return;
    if (trailing >= 0 && trailing > 0 && t.trim().length === 0) return;
    parts.push(t);
    if (t.trim().length > 0) trailing = 0;
  };
  const walk = (node: DomNode, pre: boolean): void => {
    const kids = node.childNodes;
    for (let i = 0; i < kids.length; i++) {
      const c = kids[i];
      if (c.nodeType === 3) {
        const t = c.textContent ?? '';
        text(pre ? t : t.replace(WS, ' '));
      } else if (c.nodeType === 1) {
        const tag = c.nodeName.toUpperCase();
        if (SKIP.has(tag)) continue;
        if (tag === 'BR') {
          if (trailing >= 0) {
            parts.push('\n');
            trailing++;
          }
          continue;
        }
        if (tag === 'TD' || tag === 'TH') {
          // cells stay on their row's line
          text(' ');
          walk(c, pre);
          text(' ');
          continue;
        }
        if (PARA.has(tag)) {
          brk(2);
          walk(c, pre || tag === 'PRE');
          brk(2);
        } else if (BLOCK.has(tag)) {
          brk(1);
          walk(c, pre);
          brk(1);
        } else {
          walk(c, pre);
        }
      }
    }
  };
  walk(root, false);
  return parts
    .join('')
    .replace(/[ \t\u00a0]{2,}/g, ' ')
    .replace(/[ \t\u00a0]*\n[ \t\u00a0]*/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
const WS = /\s+/g;

/** Class/id words of non-content containers. */
const NEGATIVE =
  /(?:^|[-_\s])(?:share|sharing|social|sociable|related|comments?|disqus|newsletter|subscribe|subscription|promo|promotion|advert|advertisement|ads?|adsense|sponsor(?:ed)?|breadcrumbs?|nav|navbar|navigation|menu|footer|sidebar|widget|popup|modal|cookie|banner|recommend(?:ed|ations)?|outbrain|taboola|tags?|tagcloud|byline|author-?bio|caption|credit|masthead|toolbar|signup|paywall|trending|most-?popular|more-?stories|read-?more|newsletters?)(?:[-_\s]|$)/i;
const POSITIVE = /(?:^|[-_\s])(?:article|content|entry|main|post|story|body|text)(?:[-_\s]|$)/i;
const NON_CONTENT_TAGS = 'nav, aside, footer, form[role=search], [role=navigation], [role=complementary], [role=contentinfo], [aria-hidden=true], [hidden]';

/** Our own pruning: drops navigation/aside/footer and containers whose class or id says share/related/comments/newsletter. */
export function pruneNonContent(doc: DomDocument): string[] {
  const removed: string[] = [];
  const drop = (el: DomElement): void => {
    const t = (el.textContent ?? '').replace(WS, ' ').trim();
    if (t) removed.push(t);
    el.remove();
  };
  for (const el of Array.from(doc.querySelectorAll(NON_CONTENT_TAGS))) {
    if (el.parentNode) drop(el);
  }
  for (const el of Array.from(doc.querySelectorAll('header'))) {
    if (!el.parentNode) continue;
    let p = el.parentNode as DomElement | null;
    let inArticle = false;
    while (p && p.nodeType === 1) {
      const tag = p.nodeName.toUpperCase();
      if (tag === 'ARTICLE' || tag === 'MAIN') inArticle = true;
      p = p.parentNode as DomElement | null;
    }
    if (!inArticle) drop(el);
  }
  for (const el of Array.from(doc.querySelectorAll('[class], [id]'))) {
    if (!el.parentNode) continue;
    const tag = el.nodeName.toUpperCase();
    if (tag === 'BODY' || tag === 'HTML' || tag === 'ARTICLE' || tag === 'MAIN') continue;
    const hint = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    if (NEGATIVE.test(hint) && !POSITIVE.test(hint)) drop(el);
  }
  return removed;
}

function attr(doc: DomDocument, sel: string, name: string): string | undefined {
  const els = doc.querySelectorAll(sel);
  for (let i = 0; i < els.length; i++) {
    const v = els[i].getAttribute(name)?.trim();
    if (v) return v;
  }
  return undefined;
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

function jsonLdArticles(doc: DomDocument): Record<string, Json>[] {
  const out: Record<string, Json>[] = [];
  const scripts = doc.querySelectorAll('script[type="application/ld+json"]');
  const visit = (v: Json, depth: number): void => {
    if (depth > 4 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    const graph = v['@graph'];
    if (graph) visit(graph, depth + 1);
    const type = v['@type'];
    const types = Array.isArray(type) ? type.map(String) : [String(type ?? '')];
    if (types.some((t) => /Article|Posting|Report|NewsArticle|WebPage|BlogPosting/i.test(t))) out.push(v);
  };
  for (let i = 0; i < scripts.length; i++) {
    try {
      visit(JSON.parse(scripts[i].textContent ?? '') as Json, 0);
    } catch {
      // malformed JSON-LD is common; ignore it
    }
  }
  // articles before generic web pages
  out.sort((x, y) => Number(/WebPage/i.test(String(x['@type']))) - Number(/WebPage/i.test(String(y['@type']))));
  return out;
}

function str(v: Json | undefined): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (Array.isArray(v)) return str(v[0]);
  if (v && typeof v === 'object') return str(v['name'] ?? v['@id']);
  return undefined;
}

/** Title, canonical URL, site name and publication date from meta tags and JSON-LD. */
export function readMeta(doc: DomDocument): HtmlMeta {
  const ld = jsonLdArticles(doc);
  const fromLd = (k: string): string | undefined => {
    for (const o of ld) {
      const v = str(o[k]);
      if (v) return v;
    }
    return undefined;
  };
  const publisher = (() => {
    for (const o of ld) {
      const v = str(o['publisher']);
      if (v) return v;
    }
    return undefined;
  })();
  const h1 = doc.querySelectorAll('h1');
  const siteName =
    attr(doc, 'meta[property="og:site_name"]', 'content') ??
    attr(doc, 'meta[name="application-name"]', 'content') ??
    publisher;
  // ranked: the page's own meta title, the article's JSON-LD headline, its <h1>, the <title>
  const title = [
    attr(doc, 'meta[property="og:title"]', 'content'),
    attr(doc, 'meta[name="twitter:title"]', 'content'),
    fromLd('headline'),
    h1.length > 0 ? (h1[0].textContent ?? '').replace(WS, ' ').trim() || undefined : undefined,
    doc.title?.replace(WS, ' ').trim() || undefined,
  ].find((t) => t !== undefined && isWorthShowing(t, siteName));
  const url =
    attr(doc, 'link[rel="canonical"]', 'href') ??
    attr(doc, 'meta[property="og:url"]', 'content') ??
    fromLd('url') ??
    fromLd('mainEntityOfPage');
  const date =
    attr(doc, 'meta[property="article:published_time"]', 'content') ??
    fromLd('datePublished') ??
    attr(doc, 'meta[itemprop="datePublished"]', 'content') ??
    attr(doc, 'meta[name="pubdate"]', 'content') ??
    attr(doc, 'meta[name="publishdate"]', 'content') ??
    attr(doc, 'meta[name="date"]', 'content') ??
    attr(doc, 'meta[name="DC.date.issued"]', 'content') ??
    attr(doc, 'meta[property="og:published_time"]', 'content') ??
    attr(doc, 'time[datetime]', 'datetime') ??
    fromLd('dateCreated');
  return { title, url, siteName, date };
}

/**
 * What a page may cost before it is kept as plain text (markup stripped by quickHtmlLines) instead of
 * being parsed and extracted, so that the work and memory per page stay bounded whatever it holds:
 * - `chars`: its length;
 * - `tags`: its tags and comments, counted before parsing: linkedom needs about 2.7 KB per node, so a
 *   10 MB page of `<i>w</i>` would take gigabytes;
 * - `nestingWork`: the sum of its elements' depths in the parsed DOM, which is also the sum of their
 *   subtree sizes. Readability asks many questions of each element's whole subtree (its text, links,
 *   images), so this is what its time grows with: a page of 1,500 nested `<div>` is over a million
 *   and took a minute, while the largest of 241 scraped news pages measured is 21,643 (1,737 tags,
 *   depth 51).
 */
export const HTML_BUDGET = { chars: 8_000_000, tags: 25_000, nestingWork: 100_000 } as const;

/** The flag of a page kept as plain text because it is over the budget before parsing, by its length or its tags; undefined when it is within. */
export function overBudgetBeforeParsing(raw: string, budget = HTML_BUDGET): string | undefined {
  if (raw.length > budget.chars) return 'budget:html-size';
  let tags = 0;
  for (let at = raw.indexOf('<'); at >= 0; at = raw.indexOf('<', at + 1)) {
    const next = raw.charCodeAt(at + 1) | 0x20;
    // a letter (an element) or `!` (0x21, a comment or doctype)
    if ((next >= 0x61 && next <= 0x7a) || next === 0x21) {
      if (++tags > budget.tags) return 'budget:html-tags';
    }
  }
  return undefined;
}

/** The sum of the depths of the elements under `root` (itself at depth 1), counted until it passes `limit`. */
export function nestingWork(root: DomNode, limit: number): number {
  let work = 0;
  const pending: DomNode[] = [root];
  const depths: number[] = [1];
  while (pending.length > 0 && work <= limit) {
    const node = pending.pop()!;
    const depth = depths.pop()!;
    work += depth;
    const kids = node.childNodes;
    for (let i = 0; i < kids.length; i++) {
      if (kids[i].nodeType !== 1) continue;
      pending.push(kids[i]);
      depths.push(depth + 1);
    }
  }
  return work;
}

/** A title that says what the page is: not the site's name alone, not a skip link or a cookie banner. */
function isWorthShowing(title: string, siteName: string | undefined): boolean {
  const name = siteName?.trim().toLowerCase();
  const bare = title.replace(/^[\s|·•–—-]+|[\s|·•–—-]+$/g, '').toLowerCase();
  if (bare.length === 0 || (name !== undefined && name.length > 0 && bare === name)) return false;
  return lineRule(title, title.length) === null && !COOKIE_BANNER.test(title);
}

const COOKIE_BANNER = /\b(?:cookies?|consent)\b.*\b(?:use|accept|settings|policy|preferences)\b|\b(?:we|this (?:site|website)) uses? cookies\b/i;

export function parse(raw: string): DomDocument {
  return loadLinkedom().parseHTML(asWholeDocument(raw)).document as unknown as DomDocument;
}

/**
 * The page as a document whose root is `<html>` with a head and a body. linkedom takes the first
 * element of its input as the root, so a fragment (`<p>…</p>`, `text <br> text`) or a valid
 * page that omits `<html>` (or puts `<meta>` before it) would parse with an empty body.
 */
export function asWholeDocument(raw: string): string {
  const start = prologueEnd(raw);
  if (/^<html[\s>]/i.test(raw.slice(start, start + 6))) return raw;
  const rest = raw.slice(start).replace(/<\/?html\b[^<>]*>/gi, '');
  if (/<body[\s>]/i.test(rest)) return `<!DOCTYPE html><html>${rest}</html>`;
  const headEnd = headElementsEnd(rest);
  const head = rest.slice(0, headEnd).replace(/<\/?head\b[^<>]*>/gi, '');
  return `<!DOCTYPE html><html><head>${head}</head><body>${rest.slice(headEnd)}</body></html>`;
}

/** End of the white space, comments, doctype and XML declarations before a page's first element (linear: one forward scan). */
function prologueEnd(raw: string): number {
  let at = 0;
  for (;;) {
    while (at < raw.length && (raw.charCodeAt(at) <= 32 || raw.charCodeAt(at) === 0xfeff)) at++;
    const end = raw.startsWith('<!--', at) ? raw.indexOf('-->', at + 4) + 3 : raw.startsWith('<!', at) || raw.startsWith('<?', at) ? raw.indexOf('>', at) + 1 : 0;
    if (end <= 0) return at;
    at = end;
  }
}

/** Elements that belong in a head (and `<head>` tags themselves). */
const HEAD_ELEMENT = /^<\/?(?:head|meta|link|base|title|style|script|noscript)\b/i;

/** End of the run of head elements a page without `<body>` starts with (one forward scan). */
function headElementsEnd(html: string): number {
  let lower: string | undefined;
  let at = 0;
  for (;;) {
    const from = at;
    while (at < html.length && html.charCodeAt(at) <= 32) at++;
    const element = HEAD_ELEMENT.exec(html.slice(at, at + 12));
    if (!element) return from;
    const name = element[0].slice(1).replace('/', '').toLowerCase();
    const closer = name === 'title' || name === 'style' || name === 'script' || name === 'noscript' ? (lower ??= html.toLowerCase()).indexOf(`</${name}`, at) : at;
    const end = closer < 0 ? -1 : html.indexOf('>', closer);
    if (end < 0) return from;
    at = end + 1;
  }
}

/** Main content by Mozilla Readability, flattened to text; undefined when it finds nothing. */
// linkedom takes most of a second to load: load it when the first HTML page comes, so runs
// over plain text start at once (and Ctrl-C is handled from the first moment).
let linkedom: typeof import('linkedom') | undefined;
function loadLinkedom(): typeof import('linkedom') {
  return (linkedom ??= createRequire(import.meta.url)('linkedom') as typeof import('linkedom'));
}

export function readabilityText(doc: DomDocument): string | undefined {
  try {
    dropAsides(doc);
    const reader = new Readability<DomNode>(doc as never, {
      serializer: (node) => node as unknown as DomNode,
      charThreshold: 300,
    });
    const res = reader.parse();
    if (!res || !res.content) return undefined;
    const text = flatten(res.content);
    return text.length > 0 ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes what the page's own markup calls tangential (`<aside>`, role=complementary) when the
 * page marks its story with `<article>` or `<main>` outside them: a box of other stories in full
 * beside a short story must not be taken for the page's text.
 */
function dropAsides(doc: DomDocument): void {
  const asides = Array.from(doc.querySelectorAll('aside, [role=complementary]'));
  if (asides.length === 0) return;
  const marked = Array.from(doc.querySelectorAll('article, main')).some((el) => !asides.some((aside) => contains(aside, el)));
  if (!marked) return;
  for (const aside of asides) if (aside.parentNode) aside.remove();
}

/** Whether `node` is `ancestor` or lies inside it. */
function contains(ancestor: DomNode, node: DomNode): boolean {
  for (let p: DomNode | null = node; p; p = p.parentNode) if (p === ancestor) return true;
  return false;
}

/** The whole page flattened after our own pruning of non-content containers. */
export function prunedText(doc: DomDocument): { text: string; pruned: string[] } {
  const pruned = pruneNonContent(doc);
  const root = doc.body ?? doc.documentElement;
  return { text: root ? flatten(root) : '', pruned };
}

/** The whole page flattened, nothing pruned. */
export function fullText(doc: DomDocument): string {
  const root = doc.body ?? doc.documentElement;
  return root ? flatten(root) : '';
}

/** Where an element whose content is never text starts, or a comment. */
const NON_TEXT_OPENER = /<(script|style|noscript|template|svg|head)\b|<!--/gi;
const TAGS = /<[^<>]*>/g;
const BLOCK_TAG = /<\/?(?:p|div|br|li|h[1-6]|tr|td|th|section|article|header|footer|nav|aside|ul|ol|table|blockquote|pre|figure|figcaption|main)\b[^<>]*>/gi;
const ENT = /&(?:amp|lt|gt|quot|apos|nbsp|#\d+|#x[0-9a-f]+);/gi;

/**
 * The page without its scripts, styles, heads and comments, in one forward scan: each closer is
 * looked for once, and a closer found missing is not looked for again, so a page of thousands of
 * unclosed `<!--` or `<script` costs what its length does. An unclosed opener is dropped alone
 * (its text is kept: nothing is lost silently).
 */
function withoutNonText(raw: string): string {
  /** Per closer, its pattern and the last search: where it started, and where the closer it found starts and ends (-1: none after the start). */
  const searched = new Map<string, { pattern: RegExp; from: number; at: number; end: number }>();
  /** End of the element or comment whose opener ends at `from`, -1 when it is never closed. */
  const endOf = (name: string | undefined, from: number): number => {
    const closer = name === undefined ? '-->' : `</${name.toLowerCase()}\\s*>`;
    let last = searched.get(closer);
    if (last && last.from <= from && (last.end < 0 || last.at >= from)) return last.end;
    last ??= { pattern: new RegExp(closer, 'gi'), from, at: -1, end: -1 };
    last.pattern.lastIndex = from;
    const found = last.pattern.exec(raw);
    last.from = from;
    last.at = found ? found.index : -1;
    last.end = found ? found.index + found[0].length : -1;
    searched.set(closer, last);
    return last.end;
  };
  const parts: string[] = [];
  let kept = 0;
  NON_TEXT_OPENER.lastIndex = 0;
  for (let opener = NON_TEXT_OPENER.exec(raw); opener; opener = NON_TEXT_OPENER.exec(raw)) {
    const openerEnd = opener.index + opener[0].length;
    const end = endOf(opener[1], openerEnd);
    // an unclosed element's opening tag is stripped with the other tags; an unclosed comment's opener goes here
    if (end < 0 && opener[1] !== undefined) continue;
    parts.push(raw.slice(kept, opener.index), ' ');
    kept = end < 0 ? openerEnd : end;
    NON_TEXT_OPENER.lastIndex = kept;
  }
  parts.push(raw.slice(kept));
  return parts.join('');
}

/** Cheap tag strip to lines, linear in the page's length: for counting corpus-level lines without building a DOM, and for pages kept as plain text. */
export function quickHtmlLines(raw: string): string {
  return withoutNonText(raw)
    .replace(BLOCK_TAG, '\n')
    .replace(TAGS, ' ')
    .replace(ENT, (e) => {
      const k = e.slice(1, -1).toLowerCase();
      if (k === 'amp') return '&';
      if (k === 'lt') return '<';
      if (k === 'gt') return '>';
      if (k === 'quot') return '"';
      if (k === 'apos') return "'";
      if (k === 'nbsp') return ' ';
      const code = k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
    });
}

/**
 * HTML cleaning: parse with linkedom (no scripts run, nothing fetched), read
 * metadata from meta tags and JSON-LD, extract the main content (Mozilla
 * Readability's pick, checked against the page's other candidates: the
 * elements marking the story, the densest text region, JSON-LD articleBody;
 * falling back to our own non-content pruning), flatten it to text with block
 * boundaries, then apply the plain-text rules.
 */
import { createRequire } from 'node:module';
import { Readability } from '@mozilla/readability';
import { lineRule } from './rules.js';
import { countWords } from './lines.js';

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
  removeAttribute(name: string): void;
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
export function flatten(root: DomNode, skip?: (el: DomElement) => boolean): string {
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
        if (SKIP.has(tag) || (skip !== undefined && skip(c as DomElement))) continue;
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
  /(?:^|[-_\s])(?:share|sharing|social|sociable|related|comments?|disqus|newsletter|subscribe|subscription|promo|promotion|advert|advertisement|ads?|adsense|sponsor(?:ed)?|breadcrumbs?|nav|navbar|navigation|menu|footer|sidebar|popup|modal|cookie|banner|recommend(?:ed|ations)?|outbrain|taboola|tags?|tagcloud|byline|author-?bio|caption|credit|masthead|toolbar|signup|paywall|trending|most-?popular|more-?stories|read-?more|newsletters?)(?:[-_\s]|$)/i;
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
  const doc = loadLinkedom().parseHTML(asWholeDocument(raw)).document as unknown as DomDocument;
  revealStreamedSegments(doc);
  return doc;
}

/**
 * Shows the parts of a page a server streamed after its shell: React sends each late part as
 * `<div hidden id="S:0">` at the end of the body, for a script to move into place. A scraper
 * saves the page before (or without) that script, so the story itself is often in them.
 */
function revealStreamedSegments(doc: DomDocument): void {
  for (const el of Array.from(doc.querySelectorAll('div[hidden][id^="S:"]'))) {
    if (/^S:\d+$/.test(el.getAttribute('id') ?? '')) el.removeAttribute('hidden');
  }
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

/** Where an article candidate came from. */
export type CandidateSource = 'readability' | 'json-ld' | 'container' | 'dense';

/** One answer to "where is the article on this page", flattened to text. */
export interface ArticleCandidate {
  source: CandidateSource;
  text: string;
}

/** Elements a page marks its story with. */
const ARTICLE_CONTAINERS = 'article, main, [role=main], [itemprop=articleBody]';
/** Elements whose own text is one block of the page: a paragraph, an item, a code block. */
const TEXT_BLOCKS = 'p, li, pre, blockquote, dd, td, h2, h3, h4';

/**
 * The article candidates a page offers besides Readability's pick: the JSON-LD articleBody, each
 * element the page marks as its story, and the densest text region (the deepest element holding
 * most of the page's prose), each flattened without its non-content containers and groups of
 * links. The page is read,
 * not changed, so Readability can run on it afterwards.
 */
export function otherCandidates(doc: DomDocument): ArticleCandidate[] {
  const out: ArticleCandidate[] = [];
  for (const ld of jsonLdArticles(doc)) {
    const body = ld['articleBody'];
    if (typeof body === 'string' && body.trim().length > 0) {
      // some sites put the article's markup in articleBody
      const text = /<\/?[a-z][^<>]*>/i.test(body) ? fullText(parse(body)) : body.trim();
      if (text.length > 0) out.push({ source: 'json-ld', text });
      break;
    }
  }
  const body = bodyOf(doc);
  const regions = body ? readRegions(body) : { dense: undefined, linkGroups: new Set<DomNode>() };
  // groups of links are left out of every candidate, as non-content containers are
  const skip = (el: DomElement): boolean => isNonContent(el) || regions.linkGroups.has(el);
  const containers = Array.from(doc.querySelectorAll(ARTICLE_CONTAINERS));
  // a page of many <article> teasers: only the largest few are worth flattening
  const sized = containers.map((el) => ({ el, size: (el.textContent ?? '').length })).sort((x, y) => y.size - x.size);
  for (const { el } of sized.slice(0, 3)) {
    const text = flatten(el, skip);
    if (text.length > 0) out.push({ source: 'container', text });
  }
  const dense = regions.dense;
  if (dense) {
    const text = flatten(dense, skip);
    if (text.length > 0) out.push({ source: 'dense', text });
  }
  return out;
}

/**
 * The page's <body>, found among the root's children: linkedom's `document.body` getter can change
 * the page (after it, Readability found nothing on a page where it finds the story).
 */
function bodyOf(doc: DomDocument): DomElement | undefined {
  const kids = doc.documentElement.childNodes;
  for (let i = 0; i < kids.length; i++) if (kids[i].nodeName.toUpperCase() === 'BODY') return kids[i] as DomElement;
  return undefined;
}

const NON_CONTENT_TAG = new Set(['NAV', 'ASIDE', 'FOOTER']);
const NON_CONTENT_ROLE = new Set(['navigation', 'complementary', 'contentinfo']);

/**
 * Whether an element is a non-content container, the test pruneNonContent makes (navigation,
 * asides, footers, hidden elements, class or id words of share bars, related links, comments),
 * less its test of headers, which needs the element's ancestors.
 */
function isNonContent(el: DomElement): boolean {
  const tag = el.nodeName.toUpperCase();
  if (NON_CONTENT_TAG.has(tag)) return true;
  if (tag === 'BODY' || tag === 'HTML' || tag === 'ARTICLE' || tag === 'MAIN') return false;
  const role = el.getAttribute('role');
  if (role !== null && NON_CONTENT_ROLE.has(role)) return true;
  if (el.getAttribute('aria-hidden') === 'true' || el.getAttribute('hidden') !== null) return true;
  const cls = el.getAttribute('class');
  const id = el.getAttribute('id');
  if (cls === null && id === null) return false;
  const hint = `${cls ?? ''} ${id ?? ''}`;
  return NEGATIVE.test(hint) && !POSITIVE.test(hint) && !wrapsStory(el);
}

/** Whether an element is all a story's container holds (the only element of an <article> or <main>): the story's own wrapper, whatever its class says ("sidebar-layout"). */
function wrapsStory(el: DomElement): boolean {
  const parent = el.parentNode;
  if (!parent || !STORY_TAGS.has(parent.nodeName.toUpperCase())) return false;
  const kids = parent.childNodes;
  for (let i = 0; i < kids.length; i++) if (kids[i].nodeType === 1 && kids[i] !== el) return false;
  return true;
}
const STORY_TAGS = new Set(['ARTICLE', 'MAIN']);

/** Elements that hold a group of items: a list, a grid of cards, a table. */
const GROUP_TAGS = new Set(['DIV', 'UL', 'OL', 'SECTION', 'TABLE', 'TBODY', 'DL']);

/** Block elements whose text the densest region counts as one paragraph (a <div> when it holds no other). */
const TEXT_BLOCK_TAGS = new Set(['P', 'LI', 'PRE', 'BLOCKQUOTE', 'DD', 'TD', 'H2', 'H3', 'H4', 'DIV']);

/** What one walk of a page finds outside its non-content containers. */
interface PageRegions {
  /**
   * The deepest element holding most (85%) of the page's prose: words of innermost text blocks
   * that read as running text (eight words or more, at most half of them link text), and code
   * blocks. Menus, link lists and footers hold little prose, so this is where the story is even
   * when no markup says so.
   */
  dense: DomElement | undefined;
  /**
   * Groups of links: elements holding three links or more whose words are nearly all (80%) link
   * text, such as a box of other stories' cards, a tag cloud or a menu left unmarked. Their words
   * are not the story's, whatever the element is called.
   */
  linkGroups: Set<DomNode>;
}

function readRegions(root: DomElement): PageRegions {
  const prose = new Map<DomNode, number>();
  const linkGroups = new Set<DomNode>();
  let total = 0;
  /** Words, link words and links under `node`, and whether it holds a text block. */
  const walk = (node: DomNode, inLink: boolean): { words: number; linked: number; links: number; block: boolean } => {
    let words = 0;
    let linked = 0;
    let links = 0;
    let block = false;
    const kids = node.childNodes;
    for (let i = 0; i < kids.length; i++) {
      const c = kids[i];
      if (c.nodeType === 3) {
        const w = countWords(c.textContent ?? '');
        words += w;
        if (inLink) linked += w;
      } else if (c.nodeType === 1) {
        const tag = c.nodeName.toUpperCase();
        if (SKIP.has(tag) || isNonContent(c as DomElement)) continue;
        const isLink = tag === 'A';
        const r = walk(c, inLink || isLink);
        words += r.words;
        linked += r.linked;
        links += r.links + (isLink && r.words > 0 ? 1 : 0);
        block ||= r.block;
        if (GROUP_TAGS.has(tag) && r.links >= 3 && r.words >= 8 && r.linked >= 0.8 * r.words) linkGroups.add(c);
        if (TEXT_BLOCK_TAGS.has(tag) && !r.block) {
          block = true;
          if ((tag === 'PRE' || r.words >= 8) && r.linked <= 0.5 * r.words) {
            total += r.words;
            for (let p: DomNode | null = node; p && p !== root; p = p.parentNode) prose.set(p, (prose.get(p) ?? 0) + r.words);
          }
        }
      }
    }
    return { words, linked, links, block };
  };
  walk(root, false);
  if (total === 0) return { dense: undefined, linkGroups };
  let at: DomNode = root;
  for (;;) {
    let next: DomNode | undefined;
    const kids = at.childNodes;
    for (let i = 0; i < kids.length; i++) if (kids[i].nodeType === 1 && (prose.get(kids[i]) ?? 0) >= 0.85 * total) next = kids[i];
    if (!next) break;
    at = next;
  }
  return { dense: at === root ? undefined : (at as DomElement), linkGroups };
}

/** How article-like a candidate's text is. */
export interface ArticleShape {
  /** All words. */
  words: number;
  /** Words of lines that read as sentences: six words or more, ending in sentence punctuation (not an ellipsis). */
  prose: number;
}

const SENTENCE_END = /[.!?:;…"'”’)\u3002\uff01\uff1f]$/;

export function articleShape(text: string): ArticleShape {
  let words = 0;
  let prose = 0;
  for (const line of text.split('\n')) {
    const w = countWords(line);
    words += w;
    const end = line.trimEnd();
    // a teaser cut short with an ellipsis is not the article's prose
    if (w >= 6 && SENTENCE_END.test(end) && !end.endsWith('...') && !end.endsWith('…')) prose += w;
  }
  return { words, prose };
}

/**
 * The candidate to clean. Readability's pick, unless
 * - it holds little of the most prose any candidate finds (a hero banner, a promo or a site
 *   footer beside the element holding the story): then the tightest candidate holding nearly all
 *   of that prose; or
 * - it is a part of the story: a candidate holds its lines and much more prose, starts with the
 *   page's headline, and is mostly prose (not a column of other stories): then that candidate.
 */
export function chooseCandidate(readability: string | undefined, others: readonly ArticleCandidate[], title?: string): ArticleCandidate | undefined {
  const all: { c: ArticleCandidate; shape: ArticleShape }[] = [];
  if (readability !== undefined) all.push({ c: { source: 'readability', text: readability }, shape: articleShape(readability) });
  for (const c of others) all.push({ c, shape: articleShape(c.text) });
  if (all.length === 0) return undefined;
  let most = 0;
  for (const x of all) most = Math.max(most, x.shape.prose);
  const tightest = (ok: (x: (typeof all)[number]) => boolean): ArticleCandidate | undefined => {
    let best: (typeof all)[number] | undefined;
    for (const x of all) if (ok(x) && (!best || x.shape.words < best.shape.words)) best = x;
    return best?.c;
  };
  if (readability === undefined) return tightest((x) => x.shape.prose >= CHOICE.holdsMost * most);
  // a page with little prose anywhere (an index, a catalogue) gives no ground to overrule Readability
  if (most < CHOICE.minProse) return all[0].c;
  if (all[0].shape.prose < CHOICE.keepReadability * most) return tightest((x) => x.shape.prose >= CHOICE.holdsMost * most);
  const picked = all[0].shape;
  // a pick about something else (a promo that reads as prose): none of the headline's words
  if (title !== undefined && titleShare(readability, title) < CHOICE.offTopic) {
    const onTopic = tightest((x) => x.c.source !== 'readability' && x.shape.prose >= CHOICE.wholeStory * picked.prose && titleShare(x.c.text, title) >= CHOICE.onTopic);
    if (onTopic) return onTopic;
  }
  const whole =
    title === undefined
      ? undefined
      : tightest(
          (x) =>
            x.c.source !== 'readability' &&
            x.shape.prose >= CHOICE.wholeStory * picked.prose &&
            x.shape.prose >= CHOICE.mostlyProse * x.shape.words &&
            startsWithHeadline(x.c.text, title) &&
            holdsLines(x.c.text, readability),
        );
  if (whole) return whole;
  // the pick holds the story and more around it (a header's lines above, cards of other stories
  // under it): a tighter candidate inside it that keeps nearly all of its prose and leaves out
  // little between its own first and last lines (code, lists, tables of the story) is the story alone
  const inside = tightest(
    (x) =>
      x.c.source !== 'readability' &&
      x.shape.words < picked.words &&
      x.shape.prose >= CHOICE.holdsMost * picked.prose &&
      holdsLines(readability, x.c.text) &&
      wordsLeftOutWithin(readability, x.c.text) <= CHOICE.leftOutWithin * picked.words,
  );
  return inside ?? all[0].c;
}

/** Lower-cased words of three letters or more. */
function keyWords(s: string): string[] {
  return s.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [];
}

/** The share of the title's words that `text` uses anywhere. */
function titleShare(text: string, title: string): number {
  const words = new Set(keyWords(title));
  if (words.size === 0) return 1;
  const used = new Set(keyWords(text));
  let found = 0;
  for (const w of words) if (used.has(w)) found++;
  return found / words.size;
}

/** Whether one of the first lines of `text` is the headline: holds most (60%) of the title's words. */
function startsWithHeadline(text: string, title: string): boolean {
  const words = new Set(keyWords(title));
  if (words.size === 0) return false;
  const lines = text.split('\n', 12);
  for (const line of lines) {
    let found = 0;
    for (const w of new Set(keyWords(line))) if (words.has(w)) found++;
    if (found >= 0.6 * words.size) return true;
  }
  return false;
}

/** Words of the lines of `outer` between the first and the last line it shares with `inner` that `inner` does not have. */
function wordsLeftOutWithin(outer: string, inner: string): number {
  const have = new Set(inner.split('\n').map((l) => l.trim()));
  const lines = outer.split('\n').map((l) => l.trim());
  let first = -1;
  let last = -1;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].length === 0 || !have.has(lines[i])) continue;
    if (first < 0) first = i;
    last = i;
  }
  let left = 0;
  for (let i = first + 1; i < last; i++) if (!have.has(lines[i])) left += countWords(lines[i]);
  return left;
}

/** Whether `outer` holds most (80%) of the lines of `inner`. */
function holdsLines(outer: string, inner: string): boolean {
  const have = new Set(outer.split('\n').map((l) => l.trim()));
  let lines = 0;
  let held = 0;
  for (const l of inner.split('\n')) {
    const t = l.trim();
    if (t.length === 0) continue;
    lines++;
    if (have.has(t)) held++;
  }
  return lines > 0 && held >= 0.8 * lines;
}

/**
 * keepReadability, holdsMost: shares of the most prose found: Readability's pick is kept above the
 * first; a replacement must hold the second. wholeStory: times the pick's prose a candidate that
 * holds it must have to replace it; mostlyProse: the share of that candidate's words in prose.
 * offTopic, onTopic: shares of the title's words below which a pick is about something else, and
 * from which a candidate is about the story. minProse: words of prose some candidate must hold
 * for Readability's pick to be overruled. leftOutWithin: the share of the pick's words a tighter
 * candidate inside it may leave out between its own first and last lines.
 */
export const CHOICE = {
  keepReadability: 0.3,
  holdsMost: 0.85,
  wholeStory: 1.5,
  mostlyProse: 0.5,
  minProse: 100,
  offTopic: 0.2,
  onTopic: 0.5,
  leftOutWithin: 0.1,
};

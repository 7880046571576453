/**
 * Markdown to plain text: headings, emphasis, links (to their text), images,
 * code fences, list markers, table pipes, block quotes and inline HTML tags are
 * stripped; the text and the line structure are kept.
 */

const FENCE = /^\s{0,3}(```|~~~)/;
const HEADING = /^\s{0,3}(#{1,6})\s(.*)$/;
/** A heading's optional closing sequence of `#`, after white space (or alone). */
const CLOSING_HASHES = /(?:^|\s)#+$/;
const SETEXT = /^\s{0,3}(=+|-+)\s*$/;
const HR = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const QUOTE = /^\s{0,3}(>\s?)+/;
const LIST = /^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?/;
// every optional part starts with its own character, so a long line of spaces or dashes is matched without backtracking
const TABLE_SEP = /^\s*(?:\|\s*)?:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*(?:\|\s*)?$/;
// Linear scans: the text between brackets and the target between parentheses never run over an
// opening bracket or parenthesis, so a match attempt from one opener stops at the next, and a
// line of thousands of `![` or `[a](` is read once instead of once per opener.
const IMAGE = /!\[([^[\]]*)\]\([^()[\]]*\)|!\[([^[\]]*)\]\[[^[\]]*\]/g;
const LINK = /\[([^[\]]*)\]\((?:[^()[\]]|\([^()[\]]*\))*\)|\[([^[\]]+)\]\[[^[\]]*\]/g;
const REF_DEF = /^\s{0,3}\[[^\]]+\]:\s+\S+/;
const AUTOLINK = /<((?:https?|mailto):[^<>\s]+)>/g;
const TAG = /<\/?[a-zA-Z][^<>]*>/g;
// Emphasis spans never run over their own opening delimiter (linear, as above): **strong**, __strong__, *em* or _em_, ~~struck~~.
const EMPH = /\*\*(?=\S)((?:[^*\n]|\*(?!\*))*?\S)\*\*|__(?=\S)((?:[^_\n]|_(?!_))*?\S)__|(\*|_)(?=\S)([^\n*_]*?\S)\3(?![\w])|~~(?=\S)((?:[^~\n]|~(?!~))*?\S)~~/g;
// from the first backtick of a run only: retrying from each backtick of a long run is quadratic
const CODE = /(?<!`)`+([^`]+)`+/g;
const ESCAPE = /\\([\\`*_{}\[\]()#+\-.!|>~])/g;
const ENTITY = /&(amp|lt|gt|quot|#39|nbsp);/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

export interface MarkdownResult {
  text: string;
  /** The first level-1 (or first) heading, if the document starts with one. */
  heading?: string;
}

function inline(s: string): string {
  return s
    .replace(IMAGE, '')
    .replace(LINK, (_m, a: string | undefined, b: string | undefined) => a ?? b ?? '')
    .replace(AUTOLINK, '$1')
    .replace(TAG, '')
    .replace(CODE, '$1')
    .replace(EMPH, (_m, strong?: string, underlined?: string, _d?: string, em?: string, struck?: string) => strong ?? underlined ?? em ?? struck ?? '')
    .replace(ESCAPE, '$1')
    .replace(ENTITY, (_m, e: string) => ENTITIES[e] ?? _m);
}

/** An ATX heading's text without its closing `#` sequence. */
function headingText(rest: string): string {
  const text = rest.trim();
  const closing = CLOSING_HASHES.exec(text);
  return closing ? text.slice(0, closing.index).trim() : text;
}

export function markdownToText(md: string): MarkdownResult {
  const lines = md.split(/\r?\n/);
  const out: string[] = [];
  let heading: string | undefined;
  let h1: string | undefined;
  let inFence = false;
  let sawContent = false;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (FENCE.test(line)) {
      inFence = !inFence;
      out.push('');
      continue;
    }
    if (inFence) {
      out.push(line);
      continue;
    }
    if (REF_DEF.test(line)) continue;
    if (HR.test(line)) {
      out.push('');
      continue;
    }
    if (TABLE_SEP.test(line) && line.includes('-')) continue;
    const h = HEADING.exec(line);
    if (h) {
      const t = inline(headingText(h[2])).trim();
      if (t.length > 0 && h1 === undefined && h[1].length === 1) h1 = t;
      if (heading === undefined && !sawContent && t.length > 0) heading = t;
      // headings become their own paragraph
      out.push('', t, '');
      if (t) sawContent = true;
      continue;
    }
    if (SETEXT.test(line) && out.length > 0 && out[out.length - 1].trim() !== '') {
      const prev = out.pop()!;
      if (heading === undefined && !sawContent) heading = prev.trim();
      out.push('', prev, '');
      continue;
    }
    line = line.replace(QUOTE, '').replace(LIST, '');
    if (line.includes('|')) {
      const t = line.trim();
      if (t.startsWith('|') || t.endsWith('|')) {
        line = t
          .replace(/^\||\|$/g, '')
          .split('|')
          .map((c) => c.trim())
          .filter((c) => c.length > 0)
          .join(' ');
      }
    }
    line = inline(line);
    if (line.trim().length > 0 && !sawContent) sawContent = true;
    out.push(line);
  }
  const text = out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, heading: h1 ?? heading };
}

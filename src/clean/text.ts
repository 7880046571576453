/**
 * Plain-text cleaning: split into blocks, score each block, find the main
 * run of prose (the content core), cut the tail at terminator lines, then
 * drop debris lines (promos, share bars, ad markers, photo credits,
 * corrections), repeated paragraphs and corpus-level boilerplate lines.
 */
import type { Removal } from '../types.js';
import { CORPUS_LINE_MAX, endsLikeSentence, keyHash, lineKey } from './lines.js';
import { isWeakTerminator, lineRule, terminatorKind, LINE_RULE_MAX } from './rules.js';

/** Rule families that can be switched off (used to measure what each one contributes). */
export interface TextRuleSwitches {
  /** Content-core selection and edge trimming. */
  core?: boolean;
  /** Cutting the tail at terminator lines. */
  terminators?: boolean;
  /** Promo, share, ad-marker, photo-credit, correction and copyright lines. */
  lineRules?: boolean;
  /** Paragraphs repeated inside the document. */
  repeated?: boolean;
  /** Lines repeated across the corpus. */
  corpus?: boolean;
  /** Keep the original when nearly everything would be removed. */
  guard?: boolean;
}

export interface TextCleanResult {
  text: string;
  title?: string;
  removed: Removal[];
  flags: string[];
}

class Block {
  text: string;
  group: number;
  /** Effective length: characters, CJK/kana/hangul weighted x3. */
  eff = 0;
  words = 0;
  /** Sentence punctuation marks. */
  punct = 0;
  letters = 0;
  digits = 0;
  /** Menu separators: pipes and bullets. */
  seps = 0;
  sentence = false;
  /** The line starts with two or more blanks: in hard-wrapped wire copy that opens a paragraph. */
  indented = false;
  /** Words set apart by runs of blanks: a row of a table laid out in columns. */
  columns = false;
  score = 0;
  /** Rule that removed the block, or null while it is kept. */
  rule: string | null = null;
  constructor(text: string, group: number) {
    this.text = text;
    this.group = group;
  }
}

const ALL_ON: Required<TextRuleSwitches> = {
  core: true,
  terminators: true,
  lineRules: true,
  repeated: true,
  corpus: true,
  guard: true,
};

/**
 * Splits text into blocks (one per non-empty line) in a single pass over the
 * characters, measuring each line on the way; then merges hard-wrapped
 * paragraphs into one block.
 */
function toBlocks(raw: string): Block[] {
  const lines: Block[] = [];
  const n = raw.length;
  let group = 0;
  let groupHasLines = false;
  let first = -1;
  let last = -1;
  let eff = 0;
  let words = 0;
  let punct = 0;
  let letters = 0;
  let digits = 0;
  let seps = 0;
  let inWord = false;
  let lineStart = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? raw.charCodeAt(i) : 10;
    if (c >= 97 && c <= 122) {
      // a-z: the common case
      eff++;
      letters++;
      if (!inWord) {
        words++;
        inWord = true;
      }
      if (first < 0) first = i;
      last = i;
      continue;
    }
    if (c === 10) {
      if (first >= 0) {
        const b = new Block(raw.slice(first, last + 1), group);
        b.eff = eff;
        b.words = words;
        b.punct = punct;
        b.letters = letters;
        b.digits = digits;
        b.seps = seps;
        b.sentence = endsLikeSentence(b.text);
        b.indented = first - lineStart >= 2;
        b.columns = COLUMN_GAP.test(b.text);
        lines.push(b);
        groupHasLines = true;
        eff = words = punct = letters = digits = seps = 0;
        first = last = -1;
      } else if (groupHasLines) {
        group++;
        groupHasLines = false;
      }
      inWord = false;
      lineStart = i + 1;
      continue;
    }
    if (c <= 32 || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200b)) {
      inWord = false;
      continue;
    }
    if (!inWord) {
      words++;
      inWord = true;
    }
    if (first < 0) first = i;
    last = i;
    if (c < 128) {
      eff++;
      if (c >= 65 && c <= 90) letters++;
      else if (c >= 48 && c <= 57) digits++;
      else if (c === 46 || c === 44 || c === 59 || c === 33 || c === 63) punct++;
      else if (c === 124) seps++;
    } else if (c >= 0x2e80 && c <= 0xd7af) {
      eff += 3;
      letters++;
    } else if (c === 0x3001 || c === 0x3002 || c === 0xff0c || c === 0xff01 || c === 0xff1f) {
      eff++;
      punct++;
    } else if (c === 0x2022 || c === 0xb7 || c === 0xbb || c === 0xab || c === 0x203a) {
      eff++;
      seps++;
    } else {
      eff++;
      letters++;
    }
  }
  return mergeWrapped(lines);
}

const COLUMN_GAP = /\S {3,}\S/;

/**
 * Where the paragraph that starts at line i ends (exclusive). Paragraphs end at a blank line;
 * inside a block of lines with no blank lines (hard-wrapped wire copy), also before an indented
 * line that follows an unindented one, and after a line that ends a sentence well short of the
 * wrap width.
 */
function paragraphEnd(lines: Block[], i: number, n: number): number {
  let groupEnd = i + 1;
  let width = lines[i].text.length;
  while (groupEnd < n && lines[groupEnd].group === lines[i].group) {
    if (lines[groupEnd].text.length > width) width = lines[groupEnd].text.length;
    groupEnd++;
  }
  let j = i + 1;
  while (j < groupEnd) {
    const previous = lines[j - 1];
    if (lines[j].indented && !previous.indented) break;
    if (lines[j].columns || previous.columns) break;
    if (previous.sentence && previous.text.length < width * 0.75 && width >= 40) break;
    j++;
  }
  return j;
}

/** Merges each run of lines that is one hard-wrapped paragraph into a single block. */
function mergeWrapped(lines: Block[]): Block[] {
  const n = lines.length;
  let out: Block[] | null = null;
  let i = 0;
  while (i < n) {
    const j = paragraphEnd(lines, i, n);
    if (j - i > 1 && isWrapped(lines, i, j)) {
      if (out === null) out = lines.slice(0, i);
      const parts: string[] = [];
      const m = new Block('', lines[i].group);
      for (let k = i; k < j; k++) {
        const l = lines[k];
        parts.push(l.text);
        m.eff += l.eff;
        m.words += l.words;
        m.punct += l.punct;
        m.letters += l.letters;
        m.digits += l.digits;
        m.seps += l.seps;
      }
      m.text = parts.join(' ');
      m.sentence = lines[j - 1].sentence;
      m.indented = lines[i].indented;
      out.push(m);
    } else if (out !== null) {
      for (let k = i; k < j; k++) out.push(lines[k]);
    }
    i = j;
  }
  return out ?? lines;
}

/** A run of lines of near-constant width that mostly do not end sentences: one paragraph hard-wrapped. */
function isWrapped(lines: Block[], from: number, to: number): boolean {
  let max = 0;
  let min = Infinity;
  let ends = 0;
  const last = to - 1;
  for (let i = from; i < last; i++) {
    const len = lines[i].text.length;
    if (len > max) max = len;
    if (len < min) min = len;
    if (lines[i].sentence) ends++;
  }
  if (max < 40 || max > 120) return false;
  if (min < max - 25) return false;
  if (lines[last].text.length > max + 10) return false;
  return ends * 2 <= last - from;
}

/** Score of a block for the content core: positive for prose, negative for navigation and debris. */
function scoreBlock(b: Block): number {
  const { eff, punct, seps, words } = b;
  if (seps >= 2 && eff < 300) return -30;
  // A row of figures laid out in columns belongs to the story it sits in (a wire table).
  if (b.columns && b.digits > 0) return -2;
  if (eff >= 80 && (punct >= 1 || eff >= 160)) return eff;
  if (b.sentence && words >= 3 && eff >= 15) return eff * 0.5;
  if (eff >= 80) return -10;
  return eff < 40 ? -20 : -25;
}

/** A short line between two short non-sentence lines of its own group: an entry of a menu or share bar ("Facebook / Comments / Print"). */
function isMenuItem(blocks: Block[], i: number): boolean {
  const p = blocks[i - 1];
  const q = blocks[i + 1];
  const b = blocks[i];
  return (
    p !== undefined &&
    q !== undefined &&
    p.group === b.group &&
    q.group === b.group &&
    p.eff < 30 &&
    q.eff < 30 &&
    !p.sentence &&
    !q.sentence
  );
}

/** Hashes of a boilerplate key set, computed once per set: a cheap first test before building a line's key. */
const hashCache = new WeakMap<ReadonlySet<string>, Set<number>>();
function hashesOf(keys: ReadonlySet<string>): Set<number> {
  let h = hashCache.get(keys);
  if (!h) {
    h = new Set<number>();
    for (const k of keys) h.add(keyHash(k));
    hashCache.set(keys, h);
  }
  return h;
}

const LOWER_START = /^[\p{Ll}]/u;

export function cleanText(
  raw: string,
  boilerplateLines?: ReadonlySet<string>,
  switches?: TextRuleSwitches,
): TextCleanResult {
  const sw = switches ? { ...ALL_ON, ...switches } : ALL_ON;
  const blocks = toBlocks(raw);
  const flags: string[] = [];
  const n = blocks.length;
  if (n === 0) return { text: '', removed: [], flags };

  // Corpus-level boilerplate and in-document repeats are removed before scoring,
  // so a footer that repeats on every page cannot pull the core towards it.
  const useCorpus = sw.corpus && boilerplateLines !== undefined && boilerplateLines.size > 0;
  const seen = sw.repeated ? new Map<string, number>() : null;
  const firstOf = new Map<number, number>();
  const corpusHashes = useCorpus ? hashesOf(boilerplateLines!) : undefined;
  for (let idx = 0; idx < n; idx++) {
    const b = blocks[idx];
    if (
      corpusHashes !== undefined &&
      b.text.length <= CORPUS_LINE_MAX &&
      corpusHashes.has(keyHash(b.text)) &&
      boilerplateLines!.has(lineKey(b.text))
    ) {
      b.rule = 'corpus-repeated';
      continue;
    }
    if (seen && b.eff >= 40) {
      const first = seen.get(b.text);
      if (first === undefined) seen.set(b.text, idx);
      else {
        b.rule = 'repeated-paragraph';
        firstOf.set(idx, first);
      }
    }
  }
  // A repeat is debris when it is a long paragraph or part of a repeated run
  // (a teaser or an article appended again); lone short repeats (list items,
  // recipe lines, refrains) are content.
  if (firstOf.size > 0) {
    const lone: number[] = [];
    for (const [i, j] of firstOf) {
      if (blocks[i].eff >= 200) continue;
      const nextRepeat = firstOf.get(i + 1) === j + 1;
      const prevRepeat = firstOf.get(i - 1) === j - 1;
      if (!nextRepeat && !prevRepeat) lone.push(i);
    }
    // one or two lone repeats are a teaser shown again; many are the document's own structure
    if (lone.length > 2) for (const i of lone) blocks[i].rule = null;
  }

  // Content core: the maximum-sum run of block scores.
  let a = 0;
  let z = n - 1;
  for (const b of blocks) b.score = b.rule ? 0 : scoreBlock(b);
  if (sw.core) {
    let best = -Infinity;
    let sum = 0;
    let start = 0;
    a = 0;
    z = -1;
    for (let i = 0; i < n; i++) {
      if (sum <= 0) {
        sum = 0;
        start = i;
      }
      sum += blocks[i].score;
      if (sum > best) {
        best = sum;
        a = start;
        z = i;
      }
    }
    if (best <= 0) z = -1;
  }

  // Title: the heading-like line nearest before the core, preferring one the first line (page title) contains.
  const title = findTitle(blocks, a, z);

  // Terminators: cut the tail once enough article text precedes them.
  if (sw.terminators && z >= a) {
    let total = 0;
    for (let i = a; i <= z; i++) if (!blocks[i].rule && blocks[i].score > 0) total += blocks[i].eff;
    let pre = 0;
    for (let i = a; i <= z; i++) {
      const b = blocks[i];
      // a corpus-repeated "Related Articles" heading still ends the article
      if (b.rule && b.rule !== 'corpus-repeated') continue;
      if (b.rule) {
        const kind = b.eff <= 60 ? terminatorKind(b.text, b.eff) : null;
        if (kind && pre >= 150 && pre >= 0.15 * total) {
          for (let k = i; k <= z; k++) if (!blocks[k].rule || k === i) blocks[k].rule = `terminator:${kind}`;
          z = i - 1;
          break;
        }
        continue;
      }
      if (b.eff <= 60 && !isMenuItem(blocks, i)) {
        const kind = terminatorKind(b.text, b.eff);
        if (kind) {
          let j = i + 1;
          while (j <= z && blocks[j].rule) j++;
          const next = j <= z ? blocks[j] : undefined;
          const nextProse = next !== undefined && next.score >= 80;
          const continues = nextProse && LOWER_START.test(next!.text);
          const enough = pre >= 150 && pre >= 0.15 * total;
          if (enough && !continues && !(isWeakTerminator(kind) && nextProse)) {
            for (let k = i; k <= z; k++) if (!blocks[k].rule) blocks[k].rule = `terminator:${kind}`;
            z = i - 1;
            break;
          }
          // not the end of the article: drop just the line ("Read more" between paragraphs)
          b.rule = 'terminator-line';
          continue;
        }
      } else if (b.eff <= 60 && terminatorKind(b.text, b.eff)) {
        b.rule = 'terminator-line';
        continue;
      }
      if (b.score > 0) pre += b.eff;
    }
  }

  // Line rules inside the core.
  if (sw.lineRules) {
    for (let i = a; i <= z; i++) {
      const b = blocks[i];
      if (b.rule || b.eff > LINE_RULE_MAX) continue;
      const r = lineRule(b.text, b.eff);
      if (r) b.rule = r;
    }
  }

  // Edges: everything outside the core, then non-prose lines left at the core's edges.
  if (sw.core) {
    for (let i = 0; i < n; i++) {
      if (i >= a && i <= z) continue;
      const b = blocks[i];
      if (b.rule) continue;
      // next to the core, name debris lines by their own rule (a correction line after the last paragraph)
      const near = z >= a && ((i < a && a - i <= 3) || (i > z && i - z <= 3));
      const named = near && sw.lineRules && b.eff <= LINE_RULE_MAX ? lineRule(b.text, b.eff) : null;
      b.rule = named ?? (b.eff < 80 ? 'edge-short-line' : 'outside-core');
    }
    while (a <= z && (blocks[a].rule || blocks[a].score <= 0)) {
      if (!blocks[a].rule) blocks[a].rule = 'edge-short-line';
      a++;
    }
    while (z >= a && (blocks[z].rule || blocks[z].score <= 0)) {
      if (!blocks[z].rule) blocks[z].rule = 'edge-short-line';
      z--;
    }
  }

  // The title is metadata: drop it from the body if it is the body's first line.
  if (title !== undefined) {
    for (let i = 0; i < n; i++) {
      const b = blocks[i];
      if (b.rule) continue;
      if (b.text === title) b.rule = 'title';
      break;
    }
  }

  // Trimming on shape alone (short lines, text outside the core) needs some sign of debris to
  // back it: with no line matched by an in-document debris rule, a page that would lose most of its text is
  // more likely clean copy with tables and short lines (wire copy) than a scrape; keep it.
  if (sw.guard && sw.core && z >= a) {
    let shapeOnly = 0;
    let evidence = false;
    let inChars = 0;
    for (const b of blocks) {
      inChars += b.text.length;
      if (b.rule === 'edge-short-line' || b.rule === 'outside-core') shapeOnly += b.text.length;
      // lines repeated across the corpus are not evidence here: a wire's templates repeat too
      else if (b.rule && b.rule !== 'title' && b.rule !== 'corpus-repeated') evidence = true;
    }
    if (!evidence && shapeOnly > 0.5 * inChars) {
      for (const b of blocks) if (b.rule === 'edge-short-line' || b.rule === 'outside-core') b.rule = null;
      flags.push('guard:no-debris-signal');
    }
  }

  const out: string[] = [];
  const removed: Removal[] = [];
  let keptChars = 0;
  let prevGroup = -1;
  let lastRule: string | null = null;
  for (const b of blocks) {
    if (b.rule) {
      const r = removed.length > 0 ? removed[removed.length - 1] : undefined;
      if (r && lastRule === b.rule) r.text += '\n' + b.text;
      else removed.push({ rule: b.rule, text: b.text });
      lastRule = b.rule;
      continue;
    }
    lastRule = null;
    if (out.length > 0) out.push(b.group === prevGroup ? '\n' : '\n\n');
    out.push(b.text);
    keptChars += b.text.length;
    prevGroup = b.group;
  }

  if (sw.guard) {
    let inChars = 0;
    for (const b of blocks) inChars += b.text.length;
    if (keptChars < Math.min(100, 0.1 * inChars)) {
      flags.push('guard:kept-original');
      return { text: raw.trim(), title, removed: [], flags };
    }
  }
  return { text: out.join(''), title, removed, flags };
}

const BYLINE = /^(?:by|von|par|por|di|door)\s/i;

function isHeadingLike(b: Block): boolean {
  const { eff, words, seps, digits, letters } = b;
  if (eff > 200 || eff < 10 || words < 2 || seps > 0) return false;
  if (digits * 3 > letters) return false;
  if (b.text.endsWith('.') && !b.text.endsWith('...')) return false;
  return !BYLINE.test(b.text);
}

function findTitle(blocks: Block[], a: number, z: number): string | undefined {
  const first = blocks[0];
  const firstKey = first.text.toLowerCase();
  let nearest: Block | undefined;
  const lo = Math.max(0, a - 15);
  const hi = z >= a ? a - 1 : Math.min(blocks.length - 1, 15);
  for (let i = hi; i >= lo; i--) {
    const b = blocks[i];
    if (b.rule || !isHeadingLike(b)) continue;
    if (b !== first && firstKey.includes(b.text.toLowerCase())) return b.text;
    if (!nearest && !lineRule(b.text, b.eff) && !terminatorKind(b.text, b.eff)) nearest = b;
  }
  if (nearest) return nearest.text;
  return isHeadingLike(first) ? first.text : undefined;
}

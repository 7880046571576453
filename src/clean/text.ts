/**
 * Plain-text cleaning: split into blocks, score each block, find the main
 * run of prose (the content core), cut the tail at terminator lines, then
 * drop debris lines (promos, share bars, ad markers, photo credits,
 * corrections), repeated paragraphs and corpus-level boilerplate lines.
 */
import type { Removal } from '../types.js';
import { CORPUS_LINE_MAX, endsLikeSentence, lineKey, measure, type LineStats } from './lines.js';
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

interface Block {
  text: string;
  group: number;
  st: LineStats;
  sentence: boolean;
  score: number;
  /** Rule that removed the block, or null while it is kept. */
  rule: string | null;
}

const ALL_ON: Required<TextRuleSwitches> = {
  core: true,
  terminators: true,
  lineRules: true,
  repeated: true,
  corpus: true,
  guard: true,
};

/** Splits text into blocks: one per line, or one per hard-wrapped paragraph. */
function toBlocks(raw: string): Block[] {
  const blocks: Block[] = [];
  let group = 0;
  let cur: string[] = [];
  const flush = (): void => {
    if (cur.length === 0) return;
    if (cur.length > 1 && isWrapped(cur)) {
      pushBlock(blocks, cur.join(' '), group);
    } else {
      for (const l of cur) pushBlock(blocks, l, group);
    }
    cur = [];
    group++;
  };
  let pos = 0;
  const n = raw.length;
  while (pos <= n) {
    let nl = raw.indexOf('\n', pos);
    if (nl < 0) nl = n;
    let end = nl;
    if (end > pos && raw.charCodeAt(end - 1) === 13) end--;
    const line = raw.slice(pos, end).trim();
    if (line.length === 0) flush();
    else cur.push(line);
    pos = nl + 1;
  }
  flush();
  return blocks;
}

function pushBlock(blocks: Block[], text: string, group: number): void {
  const st = measure(text);
  blocks.push({ text, group, st, sentence: endsLikeSentence(text), score: 0, rule: null });
}

/** A run of lines of near-constant width that mostly do not end sentences: one paragraph hard-wrapped. */
function isWrapped(lines: string[]): boolean {
  let max = 0;
  let min = Infinity;
  let ends = 0;
  const last = lines.length - 1;
  for (let i = 0; i < last; i++) {
    const len = lines[i].length;
    if (len > max) max = len;
    if (len < min) min = len;
    if (endsLikeSentence(lines[i])) ends++;
  }
  if (max < 40 || max > 120) return false;
  if (min < max - 25) return false;
  if (lines[last].length > max + 10) return false;
  return ends * 2 <= last;
}

/** Score of a block for the content core: positive for prose, negative for navigation and debris. */
function scoreBlock(b: Block): number {
  const { eff, punct, seps, words } = b.st;
  if (seps >= 2 && eff < 300) return -30;
  if (eff >= 80 && (punct >= 1 || eff >= 160)) return eff;
  if (b.sentence && words >= 3 && eff >= 15) return eff * 0.5;
  if (eff >= 80) return -10;
  return eff < 40 ? -20 : -25;
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
  const seen = sw.repeated ? new Set<string>() : null;
  for (const b of blocks) {
    if (useCorpus && b.text.length <= CORPUS_LINE_MAX && boilerplateLines!.has(lineKey(b.text))) {
      b.rule = 'corpus-repeated';
      continue;
    }
    if (seen && b.st.eff >= 40) {
      const k = lineKey(b.text);
      if (k.length > 0) {
        if (seen.has(k)) b.rule = 'repeated-paragraph';
        else seen.add(k);
      }
    }
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
    for (let i = a; i <= z; i++) if (!blocks[i].rule && blocks[i].score > 0) total += blocks[i].st.eff;
    let pre = 0;
    for (let i = a; i <= z; i++) {
      const b = blocks[i];
      if (b.rule) continue;
      if (b.st.eff <= 60) {
        const kind = terminatorKind(b.text, b.st.eff);
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
        }
      }
      if (b.score > 0) pre += b.st.eff;
    }
  }

  // Line rules inside the core.
  if (sw.lineRules) {
    for (let i = a; i <= z; i++) {
      const b = blocks[i];
      if (b.rule || b.st.eff > LINE_RULE_MAX) continue;
      const r = lineRule(b.text, b.st.eff);
      if (r) b.rule = r;
    }
  }

  // Edges: everything outside the core, then non-prose lines left at the core's edges.
  if (sw.core) {
    for (let i = 0; i < n; i++) {
      if (i >= a && i <= z) continue;
      const b = blocks[i];
      if (!b.rule) b.rule = b.st.eff < 80 ? 'edge-short-line' : 'outside-core';
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
  const { eff, words, seps, digits, letters } = b.st;
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
    if (!nearest && !lineRule(b.text, b.st.eff) && !terminatorKind(b.text, b.st.eff)) nearest = b;
  }
  if (nearest) return nearest.text;
  return isHeadingLike(first) ? first.text : undefined;
}

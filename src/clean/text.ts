/**
 * Plain-text cleaning: split into blocks, score each block, find the main
 * run of prose (the content core), cut the tail at terminator lines, then
 * drop debris lines (promos, share bars, ad markers, photo credits,
 * corrections), repeated paragraphs and corpus-level boilerplate lines.
 */
import type { Removal } from '../types.js';
import { CORPUS_LINE_MAX, endsLikeSentence, type BoilerplateLines } from './lines.js';
import { markDebrisBoxes } from './boxes.js';
import { hasDateOrTime, isDateWord, isTimestampLine, isWeakTerminator, lineRule, terminatorKind, FINE_PRINT_MAX } from './rules.js';

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
  /**
   * The text is one article already bounded by its page's markup (an HTML extraction): a
   * "Related"/"More from" card followed by more of the article's paragraphs is a card inside the
   * article, dropped alone, not its end. Off for plain text, where a whole other story may follow.
   */
  boundedArticle?: boolean;
}

export interface TextCleanResult {
  text: string;
  title?: string;
  removed: Removal[];
  flags: string[];
}

/** Counts that only headings and short sentences are judged by: taken on first use. */
interface WordCounts {
  /** Blank-separated words. */
  words: number;
  /** Letters (any script). */
  letters: number;
  /** ASCII digits. */
  digits: number;
}

class Block {
  text: string;
  group: number;
  /** Effective length: non-blank characters, CJK/kana/hangul weighted x3. */
  eff = 0;
  /** CJK, kana and hangul characters: each takes two columns of a hard-wrapped line. */
  wide = 0;
  /** Sentence punctuation marks. */
  punct = 0;
  /** Menu separators: pipes, bullets and guillemets that no other guillemet pairs. */
  seps = 0;
  /** Closing guillemets less opening ones: a quotation wrapped over two lines pairs them across the lines. */
  unpairedGuillemets = 0;
  sentence = false;
  /** The line starts with two or more blanks: in hard-wrapped wire copy that opens a paragraph. */
  indented = false;
  /** Words set apart by runs of blanks: a row of a table laid out in columns. */
  columns = false;
  score = 0;
  /** The site's fine print (muteFinePrint): no paragraph of a story. */
  finePrint = false;
  /** Rule that removed the block, or null while it is kept. */
  rule: string | null = null;
  private counts: WordCounts | null = null;
  /** lineRule of the block once taken (undefined until then): the lead-in test, the title search, the line rules and the edges all ask. */
  private lineRuleTaken: string | null | undefined = undefined;
  /** terminatorKind of the block once taken (undefined until then): the terminator cuts, the title search and the lead-in test ask. */
  private terminatorTaken: string | null | undefined = undefined;
  constructor(text: string, group: number) {
    this.text = text;
    this.group = group;
  }
  get words(): number {
    return (this.counts ??= countWords(this.text)).words;
  }
  get letters(): number {
    return (this.counts ??= countWords(this.text)).letters;
  }
  get digits(): number {
    return (this.counts ??= countWords(this.text)).digits;
  }
  /** The line rule that names the block as debris, or null (lineRule of its text, taken once). */
  matchedLineRule(): string | null {
    if (this.lineRuleTaken === undefined) this.lineRuleTaken = lineRule(this.text, this.eff);
    return this.lineRuleTaken;
  }
  /** The kind of terminator the block is, or null (terminatorKind of its text, taken once). */
  terminator(): string | null {
    if (this.terminatorTaken === undefined) this.terminatorTaken = terminatorKind(this.text, this.eff);
    return this.terminatorTaken;
  }
}

const ALL_ON: Required<TextRuleSwitches> = {
  core: true,
  terminators: true,
  lineRules: true,
  repeated: true,
  corpus: true,
  guard: true,
  boundedArticle: false,
};

/**
 * Splits text into blocks, one per non-empty line, measuring each line as it goes (scanLine);
 * hard-wrapped paragraphs are merged afterwards (mergeWrapped).
 */
function toBlocks(raw: string): Block[] {
  const lines: Block[] = [];
  const n = raw.length;
  let group = 0;
  let groupHasLines = false;
  for (let pos = 0; pos <= n; ) {
    let nl = raw.indexOf('\n', pos);
    if (nl < 0) nl = n;
    const b = scanLine(raw, pos, nl, group);
    if (b !== null) {
      lines.push(b);
      groupHasLines = true;
    } else if (groupHasLines) {
      // a blank line ends the group (paragraph)
      group++;
      groupHasLines = false;
    }
    pos = nl + 1;
  }
  return lines;
}

/** Blank characters: ASCII controls and space, NBSP, ideographic space, the typographic spaces U+2000-U+200B. */
function isBlank(c: number): boolean {
  return c <= 32 || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200b);
}

/** Lines with two or more separators (pipes, bullets) shorter than this are menus. */
const MENU_EFF_MAX = 300;

/** Longest heading (effective length). */
const HEADING_EFF_MAX = 200;

/**
 * Measures the line raw[start, end) and returns it as a block, or null when it is blank.
 * This is the cleaner's hottest code (see measureLine).
 */
function scanLine(raw: string, start: number, end: number, group: number): Block | null {
  let first = start;
  while (first < end && isBlank(raw.charCodeAt(first))) first++;
  if (first === end) return null;
  let last = end - 1;
  while (isBlank(raw.charCodeAt(last))) last--;
  const text = raw.slice(first, last + 1);
  const b = new Block(text, group);
  b.sentence = endsLikeSentence(text);
  b.indented = first - start >= 2;
  measureLine(b, raw, first, last);
  return b;
}

/**
 * Increments, per ASCII character, of the counts measureLine packs ten bits each into one
 * integer: blanks | punct << 10 | seps << 20. A table lookup and an add per character replace
 * a chain of hard-to-predict branches (whether a character is a space is hard to predict).
 */
const COUNTS = new Int32Array(128);
for (let c = 0; c <= 32; c++) COUNTS[c] = 1;
for (const c of '.,;!?') COUNTS[c.charCodeAt(0)] = 1 << 10;
COUNTS[124] = 1 << 20; // |
/** Characters per chunk of measureLine: no packed count can exceed 1023. */
const CHUNK = 1023;

/**
 * The counts every line needs, in one pass over raw[first..last] (a trimmed line): effective
 * length, sentence punctuation, separators, and whether it is laid out in columns. Branch-free
 * for ASCII; characters outside ASCII take a slower path (CJK, NBSP, typographic spaces,
 * bullets). Words, letters and digits are counted later for the few lines that need them.
 */
function measureLine(b: Block, raw: string, first: number, last: number): void {
  let blanks = 0;
  /** CJK, kana and hangul: dense scripts, one glyph carries roughly a word, so it weighs x3. */
  let wide = 0;
  let punct = 0;
  let seps = 0;
  /** Blanks that follow a blank: three spaces in a row make two. */
  let pairs = 0;
  let prevBlank = 0;
  /** Guillemets: a breadcrumb repeats one of them ("Accueil » Monde"), a quotation pairs them (« … », »…«). */
  let opening = 0;
  let closing = 0;
  for (let i = first; i <= last; ) {
    const stop = Math.min(last, i + CHUNK - 1);
    let packed = 0;
    for (; i <= stop; i++) {
      const c = raw.charCodeAt(i);
      let blank = 0;
      if (c < 128) {
        const k = COUNTS[c];
        packed += k;
        blank = k & 1;
      } else if (c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200b)) {
        blanks++;
        blank = 1;
      } else if (c >= 0x2e80 && c <= 0xd7af) wide++;
      else if (c === 0x3001 || c === 0x3002 || c === 0xff0c || c === 0xff01 || c === 0xff1f) punct++;
      else if (c === 0x2022 || c === 0xb7 || c === 0x203a) seps++;
      else if (c === 0xab) opening++;
      else if (c === 0xbb) closing++;
      pairs += blank & prevBlank;
      prevBlank = blank;
    }
    blanks += packed & 1023;
    punct += (packed >>> 10) & 1023;
    seps += packed >>> 20;
  }
  b.eff = last + 1 - first - blanks + 2 * wide;
  b.wide = wide;
  b.punct = punct;
  b.unpairedGuillemets = closing - opening;
  b.seps = seps + Math.abs(b.unpairedGuillemets);
  // a row of columns has three spaces in a row
  b.columns = pairs >= 2 && COLUMN_GAP.test(b.text);
}

/** Words, letters and digits of a line (or of lines joined by spaces). */
function countWords(s: string): WordCounts {
  let words = 0;
  let nonLetters = 0;
  let blanks = 0;
  let digits = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isBlank(c)) {
      blanks++;
      inWord = false;
      continue;
    }
    if (!inWord) words++;
    inWord = true;
    if (c >= 48 && c <= 57) digits++;
    if (c < 128 ? !((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) : isNonLetter(c)) nonLetters++;
  }
  return { words, letters: s.length - blanks - nonLetters, digits };
}

/** Characters outside ASCII that are not counted as letters: CJK punctuation and bullets (CJK ideographs are letters). */
function isNonLetter(c: number): boolean {
  if (c >= 0x2e80 && c <= 0xd7af) return false;
  return c === 0x3001 || c === 0x3002 || c === 0xff0c || c === 0xff01 || c === 0xff1f || c === 0x2022 || c === 0xb7 || c === 0xbb || c === 0xab || c === 0x203a;
}

const COLUMN_GAP = /\S {3,}\S/;

/**
 * Where the paragraph that starts at line i ends (exclusive), within its group of lines
 * [i, groupEnd) whose longest line is `width` characters long. Paragraphs end at a blank line;
 * inside a block of lines with no blank lines (hard-wrapped wire copy), also before an indented
 * line where indentation marks paragraphs, after a line that ends a sentence well short of the
 * wrap width or where the next line's first word would have fitted, and before a sign-off.
 */
function paragraphEnd(lines: Block[], i: number, groupEnd: number, width: number, group: GroupShape): number {
  let j = i + 1;
  while (j < groupEnd) {
    const previous = lines[j - 1];
    const next = lines[j];
    if (next.indented && (group.indentStartsParagraphs || !previous.indented || previous.sentence)) break;
    if (next.columns || previous.columns || isSignOff(next.text)) break;
    if (previous.sentence && width >= 40) {
      if (columns(previous) < width * 0.75) break;
      // in hard-wrapped text, the next line's first word would have fitted after the sentence: the paragraph ended there
      if (group.width <= 120 && columns(previous) + 1 + firstWordLength(next.text) <= group.width) break;
    }
    j++;
  }
  return j;
}

function firstWordLength(s: string): number {
  const space = s.indexOf(' ');
  return space < 0 ? s.length : space;
}

/** The agency's sign-off that ends a wire story: its name alone on the last line. */
const SIGN_OFF = /^(?:reuters?|ap|afp|upi|dpa|xinhua|bloomberg|ians|pti|ani|efe|ansa|kyodo|tass)$/i;

export function isSignOff(line: string): boolean {
  return line.length <= 10 && SIGN_OFF.test(line);
}

/** What paragraphEnd needs to know of the group of lines (between blank lines) it splits. */
interface GroupShape {
  /** The widest line of the group. */
  width: number;
  /** Some lines are indented and some not: an indented line opens a paragraph. */
  indentStartsParagraphs: boolean;
}

/** Scratch space of mergeWrapped, reused from one document to the next. */
let widthFrom = new Int32Array(256);

/** Merges each run of lines that is one hard-wrapped paragraph into a single block. */
function mergeWrapped(lines: Block[]): Block[] {
  const n = lines.length;
  let out: Block[] | null = null;
  // widest line from each line to the end of its group: the wrap width paragraphEnd compares with
  if (widthFrom.length < n) widthFrom = new Int32Array(n * 2);
  for (let k = n - 1; k >= 0; k--) {
    const len = columns(lines[k]);
    widthFrom[k] = k + 1 < n && lines[k + 1].group === lines[k].group && widthFrom[k + 1] > len ? widthFrom[k + 1] : len;
  }
  let i = 0;
  let groupEnd = 0;
  const group: GroupShape = { width: 0, indentStartsParagraphs: false };
  while (i < n) {
    if (i >= groupEnd) {
      // the next group of lines (between blank lines)
      groupEnd = i + 1;
      let indented = lines[i].indented ? 1 : 0;
      while (groupEnd < n && lines[groupEnd].group === lines[i].group) if (lines[groupEnd++].indented) indented++;
      group.width = widthFrom[i];
      group.indentStartsParagraphs = indented > 0 && indented < groupEnd - i;
    }
    const j = paragraphEnd(lines, i, groupEnd, widthFrom[i], group);
    if (j - i > 1 && isWrapped(lines, i, j, widthFrom[i])) {
      if (out === null) out = lines.slice(0, i);
      const parts: string[] = [];
      const m = new Block('', lines[i].group);
      for (let k = i; k < j; k++) {
        const l = lines[k];
        // a line break inside a run of Han or kana is no space: those scripts write none
        if (k > i && !(endsNoSpace(lines[k - 1].text) && startsNoSpace(l.text))) parts.push(' ');
        parts.push(l.text);
        m.eff += l.eff;
        m.wide += l.wide;
        m.punct += l.punct;
        m.seps += l.seps - Math.abs(l.unpairedGuillemets);
        m.unpairedGuillemets += l.unpairedGuillemets;
      }
      m.seps += Math.abs(m.unpairedGuillemets);
      m.text = parts.join('');
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

/** Columns a line takes: a wide (CJK) character takes two. */
function columns(b: Block): number {
  return b.text.length + b.wide;
}

/** Han, kana and their punctuation (full-width forms included): scripts that put no space between words; Hangul does. */
function writesNoSpace(c: number): boolean {
  return (c >= 0x2e80 && c <= 0x9fff && !(c >= 0x3130 && c <= 0x318f)) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef);
}

function endsNoSpace(text: string): boolean {
  return writesNoSpace(text.charCodeAt(text.length - 1));
}

function startsNoSpace(text: string): boolean {
  return writesNoSpace(text.charCodeAt(0));
}

/**
 * A run of lines that is one paragraph hard-wrapped. Its first line may be shorter when it leads
 * into the rest (wire copy whose dateline was cut off the first line: "Standard Oil Co and BP
 * North America" / "Inc said it plans to ..."); `width` is the wrap width of the group.
 */
function isWrapped(lines: Block[], from: number, to: number, width: number): boolean {
  // after a short first line, the rest must be filled to the wrap width, or a list would pass
  const wrapped = hasWrapWidth(lines, from, to, false) || (isLeadIn(lines, from, to, width) && (to - from === 2 || hasWrapWidth(lines, from + 1, to, true)));
  // the shape first, on counts taken already: the words of the lines are read only for a run that has it
  return wrapped && !isHeadlineList(lines, from, to);
}

/** Lines of near-constant width (with `filled`, each filled up to it) that mostly do not end sentences; the last one no wider. */
function hasWrapWidth(lines: Block[], from: number, to: number, filled: boolean): boolean {
  let max = 0;
  let min = Infinity;
  let ends = 0;
  const last = to - 1;
  for (let i = from; i < last; i++) {
    const len = columns(lines[i]);
    if (len > max) max = len;
    if (len < min) min = len;
    if (lines[i].sentence) ends++;
  }
  if (max < 40 || max > 120) return false;
  if (min < max - 25) return false;
  if (columns(lines[last]) > max + 10) return false;
  if (ends * 2 > last - from) return false;
  // wrapping fills each line: the next line's first word did not fit on it (on a list's lines it does)
  if (filled) for (let i = from; i < last; i++) if (columns(lines[i]) + 1 + firstWordLength(lines[i + 1].text) <= max) return false;
  return true;
}

/**
 * Lines each written in title case (most words capitalised, some letters in lower case): a list
 * of headlines one a line, which wrapped prose, its lines starting mid-sentence, never is.
 */
function isHeadlineList(lines: Block[], from: number, to: number): boolean {
  // from the last line up: wrapped prose runs on in lower case after its first line, which may
  // open on names (a wire story's dateline), and its last line is the shortest to read
  for (let i = to - 1; i >= from; i--) if (!isTitleCase(lines[i].text)) return false;
  return true;
}

/**
 * At least three words, at least 70% of the words of four letters or more capitalised, letters in
 * lower case, and at most one figure (a row of a table is no headline).
 */
function isTitleCase(s: string): boolean {
  let long = 0;
  let capitalised = 0;
  let words = 0;
  let figures = 0;
  let lower = false;
  for (let i = 0; i < s.length; ) {
    while (i < s.length && s.charCodeAt(i) <= 32) i++;
    if (i >= s.length) break;
    const start = i;
    while (i < s.length && s.charCodeAt(i) > 32) i++;
    words++;
    const lead = s.charCodeAt(start);
    if (lead >= 48 && lead <= 57 && ++figures > 1) return false;
    if (i - start < 4) continue;
    long++;
    const c = s.charCodeAt(start);
    if (c >= 65 && c <= 90) capitalised++;
    else if (c < 97 || c > 122) long--; // a word led by a figure or a quote mark says nothing
    // too many words in lower case already for the line to end capitalised even if every long
    // word left (a blank and four characters each at the least) were: prose stops here
    else if ((long - capitalised) * 10 > 3 * (long + Math.floor((s.length - i) / 5)) + 1) return false;
    if (!lower) for (let k = start + 1; k < i && !lower; k++) lower = s.charCodeAt(k) >= 97 && s.charCodeAt(k) <= 122;
  }
  return words >= 3 && lower && long > 0 && capitalised >= 0.7 * long;
}

/**
 * Whether the first line of the run [from, to) is a short line that begins the paragraph the
 * next lines wrap: short of the wrap width, not a sentence, not a heading in capitals, not a
 * debris line; followed by a line at the wrap width, and by lines of which one at least starts
 * in lower case (a sentence running on).
 */
function isLeadIn(lines: Block[], from: number, to: number, width: number): boolean {
  if (to - from < 2 || width < 40 || width > 120) return false;
  const first = lines[from];
  const next = lines[from + 1];
  const len = columns(first);
  // at the wrap width the next line's first word would not have fitted
  const full = len >= width - 25 && len + 1 + firstWordLength(next.text) > width;
  if (full || first.sentence || first.columns || columns(next) < width - 25) return false;
  // prose runs on in lower case somewhere; the lines of a list, each capitalised, do not
  if (!continuesInLowerCase(lines, from + 1, to)) return false;
  const c = first.text.charCodeAt(first.text.length - 1);
  if (c === 58 /* : */ || isUpperCaseLine(first.text)) return false;
  // a single word leads in only as the end of a longer one ("anti-" / "inflation")
  if (first.words < 2 && !startsLowerCase(first.text)) return false;
  return !isDebrisLine(first);
}

function continuesInLowerCase(lines: Block[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (startsLowerCase(lines[i].text)) return true;
  return false;
}

/** A line whose letters are all capitals (a wire headline, a section label). */
function isUpperCaseLine(s: string): boolean {
  // ASCII read in place (capitals and no small letter); other text through its case mappings
  let capitals = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) return s.toUpperCase() === s && s.toLowerCase() !== s;
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) capitals = true;
  }
  return capitals;
}

/** Score of a block for the content core: positive for prose, negative for navigation and debris. */
function scoreBlock(b: Block): number {
  const { eff, punct, seps } = b;
  if (seps >= 2 && eff < MENU_EFF_MAX) return -30;
  // A row of figures laid out in columns belongs to the story it sits in (a wire table).
  if (b.columns && b.digits > 0) return -2;
  if (eff >= 80 && (punct >= 1 || eff >= 160)) return eff;
  if (b.sentence && eff >= 15 && b.words >= 3) return eff * 0.5;
  if (eff >= 80) return -10;
  return eff < 40 ? -20 : -25;
}

/** Rows a run of lines needs to be taken for a table. */
const TABLE_MIN_ROWS = 5;
/** Score of a row of a table flattened to single spaces: the story's data, a small cost only. */
const TABLE_ROW_SCORE = -2;
/** Blocks between a table and the story's paragraphs above and below it (its caption, its credit). */
const TABLE_PROSE_REACH = 3;
const NUMBER_TOKEN = /(?:^|\s)[-+$(]?\d[\d,.%]*\)?(?=\s|$)/g;

/** Figures standing as words of their own in a line ("107,764,591", "16.4", "-4.9"). */
function numberTokens(text: string): number {
  return text.match(NUMBER_TOKEN)?.length ?? 0;
}

/**
 * Rows of a table flattened to single spaces (a ranking: "3 Progressive Group 74,411,830 21.0")
 * set between two of the story's paragraphs: a run of short non-sentence lines in one paragraph,
 * each holding the same number (two or more) of figures. Scored as the story's data, as rows
 * laid out in columns are; a table standing alone (a chart's data after the story) keeps its cost.
 */
function scoreTableRows(blocks: Block[]): void {
  for (let i = 0; i < blocks.length; ) {
    const first = blocks[i];
    const figures = first.rule || first.sentence || first.eff > HEADING_EFF_MAX ? 0 : numberTokens(first.text);
    let j = i + 1;
    if (figures >= 2) {
      while (j < blocks.length) {
        const b = blocks[j];
        if (b.rule || b.sentence || b.group !== first.group || b.eff > HEADING_EFF_MAX || numberTokens(b.text) !== figures) break;
        j++;
      }
      const between = hasProseParagraph(blocks, i - TABLE_PROSE_REACH, i - 1) && hasProseParagraph(blocks, j, j + TABLE_PROSE_REACH - 1);
      if (j - i >= TABLE_MIN_ROWS && between) for (let k = i; k < j; k++) if (blocks[k].score < TABLE_ROW_SCORE) blocks[k].score = TABLE_ROW_SCORE;
    }
    i = j;
  }
}

/** Code lines a block of code holds at least. */
const CODE_MIN_LINES = 5;
/** Longest code line (effective length) read, and other short lines in a row a block of code may hold (a string, a word of markup). */
const CODE_LINE_MAX = 120;
const CODE_LOOSE_LINES = 3;
const CODE_LOOSE_MAX = 120;
/** Blocks between a block of code and the story's paragraphs above and below it (a lead-in or two, a heading). */
const CODE_PROSE_REACH = 6;

/**
 * A block of code set between two of the story's paragraphs (a tutorial's listing, a lead-in or
 * a heading between them): a run of five or more short lines that end as statements, brackets
 * and markup end (";", "{", "}", "(", "[", ",", "=", ">"), open with a closing bracket or a tag,
 * or are comments ("//"), none a sentence, with at most three other short lines in a row between
 * them (a string, an attribute), and a brace in one of them at least. Scored as the story's data, as a table's rows are, so the story
 * goes on past the listing: a menu's entries end in none of these.
 */
function scoreCodeRows(blocks: Block[]): void {
  for (let i = 0; i < blocks.length; i++) {
    if (!isCodeLine(blocks[i])) continue;
    let code = 1;
    let braces = hasBrace(blocks[i].text) ? 1 : 0;
    let last = i;
    let loose = 0;
    let j = i + 1;
    for (; j < blocks.length; j++) {
      const b = blocks[j];
      if (b.rule) continue;
      if (isCodeLine(b)) {
        code++;
        if (hasBrace(b.text)) braces++;
        last = j;
        loose = 0;
      } else if (b.sentence || b.eff > CODE_LOOSE_MAX || ++loose > CODE_LOOSE_LINES) break;
    }
    if (code >= CODE_MIN_LINES && braces > 0 && hasProseParagraph(blocks, i - CODE_PROSE_REACH, i - 1) && hasProseParagraph(blocks, last + 1, last + CODE_PROSE_REACH)) {
      for (let k = i; k <= last; k++) if (!blocks[k].rule && blocks[k].score < TABLE_ROW_SCORE) blocks[k].score = TABLE_ROW_SCORE;
    }
    // no code line lies between the run's last line and the line that stopped it
    i = j;
  }
}

function isCodeLine(b: Block): boolean {
  const t = b.text;
  const first = t.charCodeAt(0);
  const last = t.charCodeAt(t.length - 1);
  // ends with ; { } ( [ , = > or opens with } ) ] < or a comment's "//" (which may end as a sentence)
  const comment = first === 47 && t.charCodeAt(1) === 47;
  const opens = first === 125 || first === 41 || first === 93 || first === 60;
  if (!comment && !opens && (last > 127 || CODE_END[last] === 0)) return false;
  return !b.rule && b.eff <= CODE_LINE_MAX && (comment || !b.sentence);
}

function hasBrace(text: string): boolean {
  return text.includes('{') || text.includes('}');
}

/** Last characters of a line of code, by ASCII code: ; { } ( [ , = > */
const CODE_END = new Uint8Array(128);
for (const c of ';{}([,=>') CODE_END[c.charCodeAt(0)] = 1;

/** Whether blocks [from, to] (clipped to the text) hold a paragraph scored as prose. */
function hasProseParagraph(blocks: readonly Block[], from: number, to: number): boolean {
  for (let k = Math.max(0, from); k <= Math.min(blocks.length - 1, to); k++) if (!blocks[k].rule && blocks[k].score >= 80 && blocks[k].sentence) return true;
  return false;
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

/**
 * First occurrence of each block's text, for the repeated-paragraph rule. Keyed by the length
 * and a few sampled characters rather than by the string: a string key is hashed over all its
 * characters, and nearly all paragraphs of a document are distinct anyway.
 */
class FirstOccurrence {
  private readonly bySample = new Map<number, number>();
  /** Texts whose sample key an earlier, different text already holds. */
  private exact: Map<string, number> | null = null;
  constructor(private readonly blocks: readonly Block[]) {}

  /** Index of the first block before `idx` with the same text, or -1 when `idx` is the first. */
  firstOf(idx: number): number {
    const text = this.blocks[idx].text;
    const key = sampleKey(text);
    const j = this.bySample.get(key);
    if (j === undefined) {
      this.bySample.set(key, idx);
      return -1;
    }
    if (this.blocks[j].text === text) return j;
    this.exact ??= new Map();
    const f = this.exact.get(text);
    if (f !== undefined) return f;
    this.exact.set(text, idx);
    return -1;
  }
}

/** Hash of the length and five sampled characters of a non-empty string; 30 bits, a small integer for the map. */
function sampleKey(s: string): number {
  const n = s.length;
  let h = Math.imul(n, 0x9e3779b1) ^ s.charCodeAt(0);
  h = Math.imul(h, 0x85ebca6b) ^ s.charCodeAt(n >> 2);
  h = Math.imul(h, 0xc2b2ae35) ^ s.charCodeAt(n >> 1);
  h = Math.imul(h, 0x27d4eb2f) ^ s.charCodeAt((3 * n) >> 2);
  h = Math.imul(h, 0x165667b1) ^ s.charCodeAt(n - 1);
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

const LOWER_START = /^[\p{Ll}]/u;

/** LOWER_START.test(s), read off the first character when it is ASCII (a-z are ASCII's only lower-case letters). */
function startsLowerCase(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c < 128) return c >= 97 && c <= 122;
  return LOWER_START.test(s);
}

/**
 * The short blocks of a text as the cleaner sees them (lines, hard-wrapped paragraphs merged):
 * what the corpus line counter counts, so that it learns the very lines markRepeats tests.
 */
export function shortBlocks(raw: string): string[] {
  const out: string[] = [];
  for (const b of mergeWrapped(toBlocks(raw))) if (b.text.length <= CORPUS_LINE_MAX) out.push(b.text);
  return out;
}

/**
 * Cleans plain text. `knownTitle` is the title the page's markup gives (an HTML page's meta
 * title): it is then the title, and no other line of the text is taken for one and removed.
 */
export function cleanText(
  raw: string,
  boilerplateLines?: BoilerplateLines,
  switches?: TextRuleSwitches,
  knownTitle?: string,
): TextCleanResult {
  const sw = switches ? { ...ALL_ON, ...switches } : ALL_ON;
  const blocks = mergeWrapped(toBlocks(raw));
  const flags: string[] = [];
  if (blocks.length === 0) return { text: '', removed: [], flags };

  // Corpus-level boilerplate and in-document repeats are removed before scoring,
  // so a footer that repeats on every page cannot pull the core towards it.
  if (sw.lineRules) markSignOff(blocks);
  markRepeats(blocks, sw, boilerplateLines);
  if (sw.lineRules) markRepetitive(blocks);
  for (const b of blocks) b.score = b.rule ? 0 : scoreBlock(b);
  if (sw.core) {
    scoreTableRows(blocks);
    // a listing holds a brace (see scoreCodeRows): most texts hold none, and are spared the pass
    if (raw.includes('{') || raw.includes('}')) scoreCodeRows(blocks);
  }
  const core: Core = sw.core ? coreWithoutFinePrint(blocks, sw.lineRules) : { a: 0, z: blocks.length - 1 };
  if (sw.core) {
    extendOverNumberedSections(blocks, core);
    extendOverNumberedList(blocks, core);
  }
  const textTitle = findTitle(blocks, core.a, core.z);
  // with a title from the markup, a line of the text other than that headline in other words (an
  // h1 worded apart from og:title) is removed as a title only when short enough to be a label
  // above the story ("Staff Reports", "Published 1 day ago"), never a first paragraph
  const title = knownTitle === undefined || textTitle === undefined || sameHeadlineWords(textTitle, knownTitle) || countWords(textTitle).words <= CORE_HEADLINE_MAX_WORDS ? (textTitle ?? knownTitle) : knownTitle;
  if (sw.terminators && core.z >= core.a) {
    cutAtTerminator(blocks, core, sw.boundedArticle);
    cutTeaserTail(blocks, core, sw.boundedArticle);
    // an article its markup bounds holds no thread: what looks like one there is the article's
    // own (letters quoted in it, its readers' reviews)
    if (!sw.boundedArticle) {
      cutCommentThread(blocks, core);
      cutDatedListing(blocks, core);
      cutCatalogMenus(blocks, core);
      cutHeadedHeadlines(blocks, core);
    }
  }
  if (sw.lineRules) applyLineRules(blocks, core);
  if (sw.core) trimOutsideCore(blocks, core, sw.lineRules);
  // debris known by the shape of neighbouring blocks (src/clean/boxes.ts), among the blocks still kept
  if (sw.lineRules) markDebrisBoxes(blocks, sw.boundedArticle);
  if (title !== undefined) markTitleLine(blocks, title);
  if (sw.guard && sw.core && undoShapeOnlyTrim(blocks, core.z >= core.a)) flags.push('guard:no-debris-signal');
  if (sw.lineRules && sw.core) for (let pass = 0; pass < DETACHED_PASSES && markDetachedTail(blocks); pass++);

  const { text, removed, keptChars } = assemble(blocks);
  if (sw.guard) {
    let inChars = 0;
    for (const b of blocks) inChars += b.text.length;
    if (keptChars < Math.min(100, 0.1 * inChars)) {
      // a page left with nothing but its fine print keeps that (a stub, too little text to match
      // on), not its whole text back: the menus and teasers around the notice are no story either
      if (keepFinePrint(blocks)) {
        const stub = assemble(blocks);
        if (stub.keptChars >= Math.min(100, 0.1 * inChars)) return { text: stub.text, title, removed: stub.removed, flags };
      }
      flags.push('guard:kept-original');
      return { text: raw.trim(), title, removed: [], flags };
    }
  }
  return { text, title, removed, flags };
}

/** Takes back the fine print (a cookie notice, a form's consent) into the kept text; false when there is none. */
function keepFinePrint(blocks: Block[]): boolean {
  let any = false;
  for (const b of blocks) {
    if (b.rule !== 'fine-print') continue;
    b.rule = null;
    any = true;
  }
  return any;
}

/** The article's core: blocks a..z (z < a when there is none). */
interface Core {
  a: number;
  z: number;
}

/**
 * Marks lines the corpus repeats and paragraphs repeated within the document. A repeat is
 * debris when it is a long paragraph or part of a repeated run (a teaser or an article appended
 * again); lone short repeats (list items, recipe lines, refrains) are content.
 */
function markRepeats(blocks: Block[], sw: Required<TextRuleSwitches>, boilerplateLines?: BoilerplateLines): void {
  const corpus = sw.corpus && boilerplateLines !== undefined && boilerplateLines.size > 0 ? boilerplateLines : undefined;
  const seen = sw.repeated ? new FirstOccurrence(blocks) : null;
  /** Each repeat's first occurrence; made for the first repeat (most documents have none). */
  let firstOf: Map<number, number> | null = null;
  for (let idx = 0; idx < blocks.length; idx++) {
    const b = blocks[idx];
    if (b.rule) continue;
    if (corpus !== undefined && corpus.hasLine(b.text, b.sentence)) {
      b.rule = 'corpus-repeated';
      continue;
    }
    if (seen && b.eff >= 40) {
      const first = seen.firstOf(idx);
      if (first >= 0) {
        b.rule = 'repeated-paragraph';
        (firstOf ??= new Map()).set(idx, first);
      }
    }
  }
  if (firstOf === null) return;
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

/** Words a line must hold for the repetition rule to read it. */
const REPETITIVE_MIN_WORDS = 30;
/** Share of distinct words below which such a line repeats itself. */
const REPETITIVE_DISTINCT_SHARE = 0.3;
/** Shortest line (effective length) the repetition rule reads. */
const REPETITIVE_EFF_MIN = 150;

/**
 * Long lines that repeat their own words over and over and end no sentence: a page's keyword
 * footer ("Plumbing in Eastholm, Plumbing in Westholm, ..."), a row of share buttons flattened
 * to one line, a comparison table's row read across its columns ("1 year 2 year 1 year ...").
 * Fewer than 30% of their words are distinct; prose, even a list of a story's items, uses far
 * more. Marked before the core is sought, so that their length draws no core towards them.
 */
function markRepetitive(blocks: Block[]): void {
  for (const b of blocks) {
    if (b.rule || b.sentence || b.eff < REPETITIVE_EFF_MIN) continue;
    if (repeatsItsWords(b.text)) b.rule = 'repetitive-line';
  }
}

/** Open-addressing table of word hashes (0 is empty), reused from one line to the next; a power of two long. */
let wordTable = new Int32Array(1024);

/**
 * Whether a line holds REPETITIVE_MIN_WORDS words or more (blank-separated, ASCII letters folded
 * to lower case) of which fewer than REPETITIVE_DISTINCT_SHARE are distinct. One pass over the
 * line, each word hashed as it is read into a table of the line's distinct words; no string is built.
 */
function repeatsItsWords(text: string): boolean {
  const n = text.length;
  // a table longer than the line, at least twice as long as its words can be many (one per two
  // characters); only its first `size` slots are used and cleared
  const size = 1 << (32 - Math.clz32(n));
  if (wordTable.length < size) wordTable = new Int32Array(size);
  const table = wordTable;
  const mask = size - 1;
  table.fill(0, 0, size);
  let words = 0;
  let distinct = 0;
  let h = 0;
  let inWord = false;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 32;
    if (c <= 32 || c === 0xa0) {
      if (!inWord) continue;
      inWord = false;
      words++;
      const key = h | 1;
      let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
      while (table[slot] !== 0 && table[slot] !== key) slot = (slot + 1) & mask;
      if (table[slot] === 0) {
        table[slot] = key;
        distinct++;
        // The rest of the line holds at most one word per two characters: once the distinct words
        // already read reach the share of every word it can hold, it is not repetitive (prose stops about two thirds in).
        if ((distinct & 7) === 0 && distinct >= REPETITIVE_DISTINCT_SHARE * (words + ((n - i + 1) >> 1))) return false;
      }
      continue;
    }
    if (!inWord) {
      inWord = true;
      h = 0x811c9dc5;
    }
    h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), 0x01000193);
  }
  return words >= REPETITIVE_MIN_WORDS && distinct < REPETITIVE_DISTINCT_SHARE * words;
}

/** Score of the site's fine print in the search for the core: kept where it stands in the story, drawing no core towards it. */
const FINE_PRINT_SCORE = 1;

/**
 * The site's disclaimer of advice, in its own voice: "This material is not intended to replace
 * the advice of a qualified advisor", "for informational purposes only", "does not constitute
 * legal advice". Set under every page of a site (its footer), at times under a story as its own.
 */
const DISCLAIMER = /\bnot intended (?:to|as)\b.{0,80}\badvice\b|\bfor (?:general )?information(?:al)?(?: purposes)? only\b|\bdoes not constitute\b.{0,40}\badvice\b/i;

/**
 * Parts of the words each match of DISCLAIMER holds, in lower case or in capitals: one scan of
 * a pattern without the i flag rules out most paragraphs (six searches of the text did before).
 */
const DISCLAIMER_KEYS = /ntended|nformation|onstitute|NTENDED|NFORMATION|ONSTITUTE/;

/** DISCLAIMER, tried only on a paragraph holding one of the words each of its matches holds (most hold none). */
function isDisclaimer(t: string): boolean {
  return DISCLAIMER_KEYS.test(t) && DISCLAIMER.test(t);
}

/** Times the core is sought again once fine print at its ends is scored down. */
const FINE_PRINT_PASSES = 3;

/**
 * The site's fine print (a cookie notice, a form's consent, an affiliate or advice disclaimer)
 * scores as a paragraph of prose by its length: a footer's few long notices then outscore a short
 * story above them. The core's fine print the line rules name, and its disclaimers read from
 * either end up to the first paragraph that is none (a story may close on one of its own), are
 * scored next to nothing, so that they join a core they stand in or next to but draw none
 * towards them; the line rules still remove what they name. Whether any was.
 */
function muteFinePrint(blocks: Block[], core: Core): boolean {
  let muted = false;
  for (let i = core.a; i <= core.z; i++) {
    const b = blocks[i];
    if (b.score <= FINE_PRINT_SCORE || b.eff > FINE_PRINT_MAX || b.matchedLineRule() !== 'fine-print') continue;
    b.score = FINE_PRINT_SCORE;
    b.finePrint = true;
    muted = true;
  }
  for (let i = core.a; i <= core.z; i++) {
    const r = muteIfFinePrint(blocks[i]);
    if (r === 0) break;
    if (r > 0) muted = true;
  }
  for (let i = core.z; i >= core.a; i--) {
    const r = muteIfFinePrint(blocks[i]);
    if (r === 0) break;
    if (r > 0) muted = true;
  }
  return muted;
}

/** Scores a paragraph of fine print next to nothing: 1 when it was, 0 for prose that is no fine print, -1 for a block that is no prose or was already. */
function muteIfFinePrint(b: Block): number {
  if (b.score <= FINE_PRINT_SCORE) return -1;
  if (b.eff > FINE_PRINT_MAX || (b.matchedLineRule() !== 'fine-print' && !isDisclaimer(b.text))) return 0;
  b.score = FINE_PRINT_SCORE;
  b.finePrint = true;
  return 1;
}

/** The content core, sought again (a few times at most: a footer's notices are few) while fine print at its ends is scored down. */
function coreWithoutFinePrint(blocks: Block[], lineRules: boolean): Core {
  let core = contentCore(blocks);
  for (let pass = 0; pass < FINE_PRINT_PASSES && lineRules && muteFinePrint(blocks, core); pass++) core = contentCore(blocks);
  return core;
}

/** Content core: the maximum-sum run of block scores. */
function contentCore(blocks: readonly Block[]): Core {
  let best = -Infinity;
  let sum = 0;
  let start = 0;
  let a = 0;
  let z = -1;
  for (let i = 0; i < blocks.length; i++) {
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
  return { a, z: best <= 0 ? -1 : z };
}

/** Terminators ("Related Articles", "Comments"): cut the core's tail once enough article text precedes them. */
function cutAtTerminator(blocks: Block[], core: Core, bounded: boolean): void {
  const { a } = core;
  let z = core.z;
  let total = 0;
  for (let i = a; i <= z; i++) if (!blocks[i].rule && blocks[i].score > 0) total += blocks[i].eff;
  let pre = 0;
  for (let i = a; i <= z; i++) {
    const b = blocks[i];
    // a corpus-repeated "Related Articles" heading still ends the article
    if (b.rule && b.rule !== 'corpus-repeated') continue;
    if (b.rule) {
      const kind = b.eff <= 60 ? b.terminator() : null;
      const card = kind && pre >= 150 ? inArticleCardEnd(blocks, i, z, kind, bounded) : -1;
      if (card > i) {
        for (let k = i + 1; k < card; k++) if (!blocks[k].rule) blocks[k].rule = `card:${kind}`;
        i = card - 1;
        continue;
      }
      if (kind && pre >= 150 && pre >= 0.15 * total && (bounded || !storyGoesOn(blocks, a, i, z, kind, total, pre, bounded))) {
        for (let k = i; k <= z; k++) if (!blocks[k].rule || k === i) blocks[k].rule = `terminator:${kind}`;
        z = i - 1;
        break;
      }
      continue;
    }
    if (b.eff <= 60 && !isMenuItem(blocks, i)) {
      const kind = b.terminator();
      if (kind) {
        let j = i + 1;
        while (j <= z && blocks[j].rule) j++;
        const next = j <= z ? blocks[j] : undefined;
        const nextProse = next !== undefined && next.score >= 80;
        const continues = nextProse && startsLowerCase(next!.text);
        const enough = pre >= 150 && pre >= 0.15 * total;
        const card = enough && !continues ? inArticleCardEnd(blocks, i, z, kind, bounded) : -1;
        if (card > i) {
          for (let k = i; k < card; k++) if (!blocks[k].rule) blocks[k].rule = `card:${kind}`;
          i = card - 1;
          continue;
        }
        if (enough && !continues && !storyGoesOn(blocks, a, i, z, kind, total, pre, bounded)) {
          for (let k = i; k <= z; k++) if (!blocks[k].rule) blocks[k].rule = `terminator:${kind}`;
          z = i - 1;
          break;
        }
        // not the end of the article: drop just the line ("Read more" between paragraphs)
        b.rule = 'terminator-line';
        continue;
      }
    } else if (b.eff <= 60 && b.terminator()) {
      b.rule = 'terminator-line';
      continue;
    }
    if (b.score > 0) pre += b.eff;
  }
  core.z = z;
}

/**
 * Whether the story goes on after the terminator at i, which then ends nothing: a weak one
 * ("Share this", "Read more") right above a paragraph or with more of the story after it than
 * before, a line between two entries of the story's numbered list ("11. …" above it, "12. …"
 * below), or a heading with more of the story's paragraphs right after it (storyResumes).
 */
function storyGoesOn(blocks: readonly Block[], a: number, i: number, z: number, kind: string, total: number, pre: number, bounded: boolean): boolean {
  // in an article bounded by its markup, cards inside it are found as such (cardEnd)
  if (bounded) return isWeakTerminator(kind) && nextIsProse(blocks, i, z);
  // the weak one seen on many pages ("Share" as a site's share bar) may stand above the story: only the next block tells
  if (isWeakTerminator(kind) && (nextIsProse(blocks, i, z) || (blocks[i].rule === null && total - pre > pre))) return true;
  // "Read more about the new range." written as a sentence naming its subject is a pointer set in the story
  if (kind === 'read-more' && blocks[i].words > 3 && blocks[i].sentence) return true;
  // so is a longer sentence that opens with a terminator's words ("More on that in a follow-up
  // post.") when the story's prose resumes right after it, past a subheading at most
  if (blocks[i].sentence && blocks[i].words > SENTENCE_TERMINATOR_WORDS && FULL_STOP.test(blocks[i].text) && proseWithinTwo(blocks, i, z)) return true;
  // a "Related" heading with twice as much of the story's prose below it as above sits inside the story (a card of links), not over another story appended
  const after = kind === 'related' ? (total - pre) / RELATED_RESUMES_FACTOR : total - pre;
  return numberingContinues(blocks, a, i, z) || (kind !== 'comments' && storyResumes(blocks, i, z, after, pre));
}

/** How many times the prose above it a "Related" heading needs below it to be read as a card inside the story. */
const RELATED_RESUMES_FACTOR = 2;

/** Words beyond which a terminator's line ending in a full stop is a sentence of the story. */
const SENTENCE_TERMINATOR_WORDS = 6;

/** Whether one of the next two blocks after i that no rule removed, up to z, is a paragraph of prose. */
function proseWithinTwo(blocks: readonly Block[], i: number, z: number): boolean {
  let seen = 0;
  for (let j = i + 1; j <= z && seen < 2; j++) {
    if (blocks[j].rule) continue;
    if (blocks[j].score >= PROSE_SCORE) return true;
    seen++;
  }
  return false;
}

/** Whether the next block after i that no rule removed, up to z, is a paragraph of prose. */
function nextIsProse(blocks: readonly Block[], i: number, z: number): boolean {
  const next = nextKept(blocks, i, z);
  return next !== undefined && next.score >= 80;
}

/** Paragraphs of the story's length a heading must have below it to be read as a heading inside the story. */
const RESUMED_PARAGRAPHS = 3;
/** Blocks below the heading the first of those paragraphs must come within: the story goes on right after it. */
const RESUMED_REACH = 15;

/**
 * More of the story below a heading than above it, in paragraphs of a story's length: the
 * heading ("More on the artist", "Share this") sits inside the story. Teasers under a "More
 * from" or "Most read" heading are headlines and a line of text, not such paragraphs; another
 * story appended under "Related articles" is, and that heading keeps cutting.
 */
function storyResumes(blocks: readonly Block[], i: number, z: number, after: number, before: number): boolean {
  if (after <= before) return false;
  let paragraphs = 0;
  for (let k = i + 1; k <= z && paragraphs < RESUMED_PARAGRAPHS; k++) {
    if (paragraphs === 0 && k > i + RESUMED_REACH) return false;
    if (isArticleParagraph(blocks[k])) paragraphs++;
  }
  return paragraphs >= RESUMED_PARAGRAPHS;
}

/** Entries a numbered list right after the core must hold to be taken into it. */
const LIST_MIN_ENTRIES = 3;
/** Most blocks from one entry of such a list to the next (an entry's link or note between them). */
const LIST_ENTRY_GAP = 4;

/**
 * The story's numbered list right after its core ("1) …", "2) …", …): entries too short to score
 * as prose, which the core's run stops before. Taken into the core when it starts at 1 (or goes
 * on from the core's last entry), within a few blocks of the core's end, and holds at least three
 * entries numbered in sequence; its entries then count as the story's.
 */
function extendOverNumberedList(blocks: Block[], core: Core): void {
  if (core.z < core.a) return;
  let expected = 1;
  for (let k = core.z; k >= Math.max(core.a, core.z - NUMBERING_REACH); k--) {
    const n = entryNumber(blocks[k]);
    if (n >= 0) {
      expected = n + 1;
      break;
    }
  }
  let last = -1;
  let entries = 0;
  let gap = 0;
  for (let k = core.z + 1; k < blocks.length; k++) {
    const b = blocks[k];
    if (!b.rule && entryNumber(b) === expected) {
      last = k;
      entries++;
      expected++;
      gap = 0;
      continue;
    }
    if (++gap > LIST_ENTRY_GAP || b.score > 0) break;
  }
  if (entries < LIST_MIN_ENTRIES) return;
  // the last entry's own lines (its link, its price) follow it in its paragraph
  const lastEntry = last;
  for (let k = lastEntry + 1; k < blocks.length && k - lastEntry < LIST_ENTRY_GAP && blocks[k].group === blocks[lastEntry].group && blocks[k].score <= 0; k++) last = k;
  for (let k = core.z + 1; k <= last; k++) if (!blocks[k].rule && blocks[k].score <= 0) blocks[k].score = LIST_ENTRY_SCORE;
  core.z = last;
}

/** Most blocks from one numbered section's heading to the next. */
const SECTION_REACH = 40;
/** Sections beyond the core's own a listicle must hold to be taken in. */
const SECTION_MIN_ADDED = 2;
/** Short blocks in a row after the last section's prose that end it. */
const SECTION_END_GAP = 4;

/**
 * A listicle's numbered sections ("3. Heading", then its paragraphs) on either side of the core:
 * each section's short lines (facts, links, captions) can outweigh its paragraph, so the core's
 * run holds only a few of them. Sections whose numbers go on from an entry at the core's edge
 * are taken in, each when a paragraph of prose stands under its heading; a teaser list numbers
 * headlines with no paragraph under them.
 */
function extendOverNumberedSections(blocks: readonly Block[], core: Core): void {
  if (core.z < core.a) return;
  // backwards: the first numbered heading in the core, then the headings numbered before it
  let p = -1;
  let n = -1;
  for (let k = core.a; k <= Math.min(core.z, core.a + NUMBERING_REACH) && n < 0; k++) if (isSectionHeading(blocks, k)) [p, n] = [k, entryNumber(blocks[k])];
  let start = -1;
  let added = 0;
  if (n < 0) {
    // none in the core: the last section may stand right above it, its paragraph outweighed too
    for (let k = core.a - 1; k >= Math.max(0, core.a - SECTION_REACH) && n < 0; k--) if (isSectionHeading(blocks, k)) [p, n] = [k, entryNumber(blocks[k])];
    if (n < 0 || !hasProse(blocks, p + 1, core.a - 1)) n = -1;
    else {
      start = p;
      added++;
    }
  }
  if (n > 1) {
    for (let expected = n - 1; expected >= 1; expected--) {
      const q = findHeading(blocks, p - 1, Math.max(0, p - SECTION_REACH), expected);
      if (q < 0 || !hasProse(blocks, q + 1, p - 1)) break;
      start = q;
      p = q;
      added++;
    }
  }
  if (added >= SECTION_MIN_ADDED && start >= 0 && start < core.a) core.a = start;
  // forwards: the last numbered heading in the core, then the headings numbered after it
  p = -1;
  n = -1;
  for (let k = core.z; k >= Math.max(core.a, core.z - NUMBERING_REACH) && n < 0; k--) if (isSectionHeading(blocks, k)) [p, n] = [k, entryNumber(blocks[k])];
  if (n < 1) return;
  added = 0;
  let lastHeading = p;
  for (let expected = n + 1; ; expected++) {
    const q = findHeading(blocks, p + 1, Math.min(blocks.length - 1, p + SECTION_REACH), expected);
    if (q < 0 || !hasProse(blocks, p + 1, q - 1)) break;
    lastHeading = q;
    p = q;
    added++;
  }
  if (added < SECTION_MIN_ADDED || lastHeading <= core.z) return;
  // the last section runs on to its last paragraph before a run of short lines
  let end = -1;
  for (let k = lastHeading + 1, gap = 0; k < blocks.length && gap <= SECTION_END_GAP; k++) {
    const b = blocks[k];
    if (b.rule) continue;
    if (b.score >= PROSE_SCORE) {
      end = k;
      gap = 0;
    } else gap++;
  }
  if (end > core.z) core.z = end;
}

/** A block scored as prose at least this high is a paragraph, not a caption or a link. */
const PROSE_SCORE = 80;

/** A numbered heading standing alone in its paragraph. */
function isSectionHeading(blocks: readonly Block[], k: number): boolean {
  const b = blocks[k];
  return !b.rule && entryNumber(b) >= 0 && isAloneInGroup(blocks, k);
}

/** The nearest numbered section heading numbered `n` from `from` towards `to` (either direction), or -1. */
function findHeading(blocks: readonly Block[], from: number, to: number, n: number): number {
  const step = to >= from ? 1 : -1;
  for (let k = from; step > 0 ? k <= to : k >= to; k += step) if (isSectionHeading(blocks, k) && entryNumber(blocks[k]) === n) return k;
  return -1;
}

/** Whether blocks [from, to] hold a paragraph of prose ending as a sentence. */
function hasProse(blocks: readonly Block[], from: number, to: number): boolean {
  for (let k = from; k <= to; k++) if (!blocks[k].rule && blocks[k].score >= PROSE_SCORE && blocks[k].sentence) return true;
  return false;
}

/** Score given to the blocks of a numbered list taken into the core: the story's, so the edges are not trimmed back over them. */
const LIST_ENTRY_SCORE = 1;

/** Blocks looked through for a numbered entry above and below a terminator. */
const NUMBERING_REACH = 40;

/** "12. Wire strippers", "3) Screwdrivers": the number of an entry of a numbered list heading a short block, else -1. */
function entryNumber(b: Block): number {
  if (b.eff > HEADING_EFF_MAX || !mayBeNumbered(b.text)) return -1;
  const m = ENTRY_NUMBER.exec(b.text);
  return m === null ? -1 : Number(m[1]);
}
// a label word may lead the number of a section's heading ("Trend 5: Functional fitness", "Step 2. Dig")
const ENTRY_NUMBER = /^(?:\p{Lu}\p{Ll}{1,11} )?(\d{1,3})[.):]\s+\S/u;

/**
 * False when ENTRY_NUMBER cannot match s, read on its first characters: it starts with a digit,
 * or with a capital, one to eleven lower-case letters, a space and a digit. ASCII is read here;
 * a line with a character outside ASCII before the number is left to the pattern. Most lines
 * (prose starts with a word longer than a label, or a label with no number after it) are ruled out.
 */
function mayBeNumbered(s: string): boolean {
  const c = s.charCodeAt(0);
  if ((c >= 48 && c <= 57) || c >= 128) return true;
  if (c < 65 || c > 90) return false;
  let i = 1;
  for (; i < s.length; i++) {
    const d = s.charCodeAt(i);
    if (d >= 128) return true;
    if (d < 97 || d > 122) break;
  }
  if (i < 2 || i > 12 || s.charCodeAt(i) !== 32) return false;
  const d = s.charCodeAt(i + 1);
  return d >= 48 && d <= 57;
}

/** Whether the nearest numbered entry below block i carries the next number after the nearest one above it. */
function numberingContinues(blocks: readonly Block[], a: number, i: number, z: number): boolean {
  let above = -1;
  for (let k = i - 1; k >= Math.max(a, i - NUMBERING_REACH) && above < 0; k--) above = entryNumber(blocks[k]);
  if (above < 0) return false;
  for (let k = i + 1; k <= Math.min(z, i + NUMBERING_REACH); k++) {
    const below = entryNumber(blocks[k]);
    if (below >= 0) return below === above + 1;
  }
  return false;
}

/** Terminator kinds that can head a card set inside an article (comment threads and tags end it; a weak "Read more" has its own test). */
const IN_ARTICLE_CARDS: ReadonlySet<string> = new Set(['related', 'more', 'recommended', 'popular']);

/**
 * Whether a terminator line can head a card inside an article: a kind above, or a "Read more"
 * that names its subject ("Read more about the new gates"), a pointer set in the story. A bare
 * "Read more" is a teaser's or an expander's link.
 */
function headsInArticleCard(kind: string, line: Block): boolean {
  return IN_ARTICLE_CARDS.has(kind) || (kind === 'read-more' && line.words > 3);
}

/**
 * Where a card headed at `i` ends when the story goes on after it, else -1: in an article
 * bounded by its markup (cardEnd), and in plain text a teaser card (teaserCardEnd), whose
 * "Read more about ..." lines are not told from a story's end.
 */
function inArticleCardEnd(blocks: Block[], i: number, z: number, kind: string, bounded: boolean): number {
  if (bounded) return headsInArticleCard(kind, blocks[i]) ? cardEnd(blocks, i, z) : -1;
  return IN_ARTICLE_CARDS.has(kind) ? teaserCardEnd(blocks, i, z) : -1;
}

/** An article's own paragraph: long, ending as a sentence ends, not a teaser cut with an ellipsis. */
function isArticleParagraph(b: Block): boolean {
  return !b.rule && b.eff >= 250 && b.sentence && !endsCut(b.text);
}

/**
 * Where a card headed at `i` ends when the article goes on after it: the next of the article's
 * paragraphs, when at least two follow; -1 when the heading ends the article.
 */
function cardEnd(blocks: readonly Block[], i: number, z: number): number {
  let first = -1;
  let paragraphs = 0;
  for (let k = i + 1; k <= z; k++) {
    if (!isArticleParagraph(blocks[k])) continue;
    if (first < 0) first = k;
    if (++paragraphs >= 2) return first;
  }
  return -1;
}

/** Most headlines a card inside a plain-text article lists. */
const CARD_MAX_TEASERS = 6;

/**
 * Where a card headed at `i` ends in plain text, where a whole other story may follow a heading:
 * only when the heading is followed on the next lines of its paragraph by two or more distinct
 * teaser headlines (short lines ending no sentence) and then by at least two of the article's
 * paragraphs. An appended story has one headline over its paragraphs, and stays cut. -1 otherwise.
 */
function teaserCardEnd(blocks: readonly Block[], i: number, z: number): number {
  let k = i + 1;
  while (k <= z && k - i - 1 < CARD_MAX_TEASERS && isTeaserHeadline(blocks[k]) && blocks[k].group === blocks[i + 1].group && blocks[k].text !== blocks[k - 1].text) k++;
  const teasers = k - i - 1;
  if (teasers < 2 || k > z || !isProseParagraph(blocks[k]) || blocks[k].group === blocks[k - 1].group) return -1;
  for (let m = k + 1; m <= z; m++) if (isProseParagraph(blocks[m])) return k;
  return -1;
}

/** A paragraph of prose: a few lines' worth of text ending as a sentence ends, not a teaser cut short. */
function isProseParagraph(b: Block): boolean {
  return !b.rule && b.eff >= 120 && b.sentence && !endsCut(b.text);
}

/** A teaser's headline: a short line of words that ends no sentence. */
function isTeaserHeadline(b: Block): boolean {
  return !b.rule && b.eff >= 15 && b.eff < 150 && !b.sentence && b.seps === 0 && b.words >= 3;
}

/**
 * Prose ending as sentences end (kept, positive-scoring), in characters, from each block of the
 * core to its end (index i - core.a; one more slot, 0, past the end): a listing's long lines of
 * entries run together are not such prose.
 */
function sentenceSuffix(blocks: readonly Block[], core: Core): Float64Array {
  const below = new Float64Array(core.z - core.a + 2);
  for (let i = core.z; i >= core.a; i--) {
    const b = blocks[i];
    below[i - core.a] = below[i - core.a + 1] + (!b.rule && b.score > 0 && b.sentence ? b.eff : 0);
  }
  return below;
}

/** Prose (kept, positive-scoring) characters in blocks [from, to]. */
function proseBetween(blocks: readonly Block[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i <= to; i++) if (!blocks[i].rule && blocks[i].score > 0) sum += blocks[i].eff;
  return sum;
}

/**
 * A teaser card's source line: an outlet and how long ago, apart by a middle dot or bullet
 * ("La Sentinella Online · 45 minuti fa", "东方新闻网 · 49分钟前"), alone or ending a teaser's
 * headline. The age holds a figure; whatever its language, the shape is the card's.
 */
const TEASER_SOURCE = /(?:^|\s)[·•]\s[^·•|]{0,24}\p{N}[^·•|]{0,24}$/u;

/** A teaser's text cut short with an ellipsis ("… un giovane, derubato…"), not an elision "(...)". */
function endsCut(text: string): boolean {
  if (text.endsWith('\u2026')) return text.length < 2 || text.charCodeAt(text.length - 2) !== 0x28;
  return text.endsWith('...') && !text.endsWith('(...)') && !text.endsWith('[...]');
}

function isTeaserSource(b: Block): boolean {
  // the pattern needs a middle dot or a bullet, which measureLine counts among the separators
  return b.eff <= 200 && b.seps > 0 && TEASER_SOURCE.test(b.text) && !isFactsRow(b.text);
}

/**
 * A row of facts set apart by middle dots or bullets, a figure in every part ("1-4 Players •
 * Ages 12+ • 60 minutes"): a review's or a listing's data under its own entry. A teaser's
 * source line names its outlet in words before the age.
 */
function isFactsRow(text: string): boolean {
  const parts = text.split(/\s[·•]\s/u);
  return parts.length >= 3 && parts.every((part) => /\p{N}/u.test(part));
}

/**
 * The teaser list a page ends with, found by its shape in any language: from the end of the
 * core back over teaser cards (headlines cut with an ellipsis, "outlet · 5 minutes ago" lines and
 * the headlines they follow) and the short lines between them (their heading, a promo), up to
 * the story's last paragraph. Cut when it holds at least two cards and enough story precedes it.
 * In an article bounded by its markup (`bounded`), a long paragraph before a source line is the
 * article's (a review's "2-4 players • 60 minutes" facts), not a card's headline.
 */
function cutTeaserTail(blocks: Block[], core: Core, bounded: boolean): void {
  let cards = 0;
  let start = core.z + 1;
  for (let i = core.z; i >= core.a; i--) {
    const b = blocks[i];
    if (b.rule) {
      start = i;
      continue;
    }
    const next = nextKept(blocks, i, core.z);
    // in an article bounded by its markup, a long paragraph is the article's, not a card's headline
    const card = endsCut(b.text) || isTeaserSource(b) || (next !== undefined && isTeaserSource(next) && !isTeaserSource(b) && !(bounded && isArticleParagraph(b)));
    if (card) cards++;
    else if (b.eff >= 60) break;
    start = i;
  }
  if (cards < 2) return;
  // the run begins at a card or a heading, not at the story's sign-off ("(ANSA)", "— Reuters")
  while (start <= core.z && (blocks[start].rule || isClosingLine(blocks[start].text)) && !endsCut(blocks[start].text)) start++;
  if (start > core.z) return;
  const before = proseBetween(blocks, core.a, start - 1);
  if (before < 150 || before < 0.15 * proseBetween(blocks, core.a, core.z)) return;
  for (let k = start; k <= core.z; k++) if (!blocks[k].rule) blocks[k].rule = 'teaser-list';
  core.z = start - 1;
}

/** Comment headers a thread needs. */
const THREAD_MIN_HEADERS = 3;
/** Most blocks from one comment header to the next: a comment's paragraphs and its reply links. */
const THREAD_GAP_MAX = 12;
/** Prose the story holds above its comments: a thread never starts at a byline. */
const THREAD_PROSE_BEFORE = 400;
/** Short headings walked back over from the first comment ("12 Comments on …", "Leave a Reply"). */
const THREAD_HEADINGS_MAX = 3;

/**
 * A comment thread after the story, found by its shape: a run of at least three comment headers,
 * each a short line holding a date or a clock time, with the comment's text between them. A
 * header is a line of words and a date ("Dana commented Mar 3, 2021"), or a date alone under a
 * short name line ("Dana says:" / "March 3, 2021 at 9:05 pm"); a live blog's time stamps, each
 * under the previous entry's prose, are not. Cut from the first header that has the story above
 * it, with its name line and the thread's headings, to the end of the core.
 */
function cutCommentThread(blocks: Block[], core: Core): void {
  const headers: number[] = [];
  for (let i = core.a; i <= core.z; i++) if (isCommentHeader(blocks, i)) headers.push(i);
  if (headers.length < THREAD_MIN_HEADERS) return;
  let prose = 0;
  let from = core.a;
  // the chain of headers k belongs to ends at header `last`, with `after` prose below it (each
  // measured once a chain: linear in the core)
  let last = -1;
  let after = 0;
  for (let k = 0; k + THREAD_MIN_HEADERS - 1 < headers.length; k++) {
    prose += proseBetween(blocks, from, headers[k] - 1);
    from = headers[k];
    if (k > last) {
      last = k;
      while (last + 1 < headers.length && headers[last + 1] - headers[last] >= 2 && headers[last + 1] - headers[last] <= THREAD_GAP_MAX) last++;
      after = last - k + 1 >= THREAD_MIN_HEADERS ? proseBetween(blocks, headers[last] + 1, core.z) : Infinity;
    }
    if (prose < THREAD_PROSE_BEFORE || last - k + 1 < THREAD_MIN_HEADERS) continue;
    // the story does not resume after the thread: letters or messages quoted inside a story,
    // with more of the story after them than before, stay
    if (after >= prose) continue;
    let start = headers[k];
    if (isTimestampLine(blocks[start].text, blocks[start].eff)) start--;
    for (let back = 0; back < THREAD_HEADINGS_MAX && start - 1 > core.a && isThreadHeading(blocks[start - 1]); back++) start--;
    for (let i = start; i <= core.z; i++) if (!blocks[i].rule) blocks[i].rule = 'comment-thread';
    core.z = start - 1;
    return;
  }
}

/** Longest header holding a name and a date on one line ("Dana commented Mar 3, 2021"): effective length and words. */
const INLINE_HEADER_MAX = 60;
const INLINE_HEADER_WORDS = 7;

/** Dated lines a listing holds at least. */
const LISTING_MIN_ENTRIES = 4;

/**
 * A listing after the story: a run of four or more lines each holding a date or a clock time
 * (an archive's "Headline - 3 May 2022", an event's date and venue), with nothing between them
 * but short lines (a month's heading): entries with no text of their own. Cut from the run, with
 * the headings above it, to the end of the core when the story stands above it and does not
 * resume below it. Entries each with a paragraph of their own are the story's (an events guide).
 */
function cutDatedListing(blocks: Block[], core: Core): void {
  let prose = 0;
  let sentencesBelow: Float64Array | null = null;
  for (let i = core.a; i <= core.z; i++) {
    const b = blocks[i];
    if (!isListingEntry(b)) {
      if (!b.rule && b.score > 0) prose += b.eff;
      continue;
    }
    let entries = 1;
    let last = i;
    for (let k = i + 1; k <= core.z; k++) {
      if (isListingEntry(blocks[k])) {
        entries++;
        last = k;
      } else if (blocks[k].rule === null && (blocks[k].eff >= 40 || blocks[k].sentence)) break;
    }
    if (entries >= LISTING_MIN_ENTRIES && prose >= THREAD_PROSE_BEFORE) {
      sentencesBelow ??= sentenceSuffix(blocks, core);
      if (sentencesBelow[last + 1 - core.a] < prose) {
        cutFrom(blocks, core, i);
        return;
      }
    }
    i = last;
  }
}

/** Headlines a list under a heading at the story's end holds at least. */
const HEADLINE_LIST_MIN = 4;
/** Share of the story's prose above the heading that the prose below it stays under. */
const HEADLINE_LIST_AFTER_SHARE = 0.1;
/** Heading over such a list: at most this many words and this effective length. */
const HEADLINE_HEADING_WORDS = 6;
const HEADLINE_HEADING_MAX = 50;
/** A headline in such a list: this many words, shorter than this effective length. */
const LIST_HEADLINE_MIN_WORDS = 5;
const LIST_HEADLINE_MAX_WORDS = 20;
const LIST_HEADLINE_MAX = 150;
/** Longest one-sentence blurb under a headline. */
const LIST_BLURB_MAX = 260;
/** A paragraph of the story's prose, for the share above: ending as a sentence, at least this long. */
const LIST_PROSE_MIN = 80;

/**
 * A list of other stories under a heading of its own after the story ("More reading", "Latest"):
 * a short heading (six words at most, no colon leading into it), then four or more headlines
 * (five to twenty words, opening with a capital or a figure, no sentence, few figures, no code),
 * each with at most a one-sentence blurb and a meta line ("32M ago", "5 min read") under it, with
 * nearly none of the story's prose below the heading (under a tenth of that above it). Cut from
 * the heading to the end of the core. A story's own closing list (steps, picks) leads in with a
 * colon or ends its items as sentences; whatever its heading, a list the story's prose resumes
 * after stays.
 */
function cutHeadedHeadlines(blocks: Block[], core: Core): void {
  let total = 0;
  for (let i = core.a; i <= core.z; i++) if (isListProse(blocks[i])) total += blocks[i].eff;
  let before = 0;
  for (let i = core.a; i <= core.z; i++) {
    const b = blocks[i];
    if (b.rule) continue;
    if (before >= THREAD_PROSE_BEFORE && total - before < HEADLINE_LIST_AFTER_SHARE * before && isListHeading(b) && headlinesBelow(blocks, i, core.z) >= HEADLINE_LIST_MIN) {
      for (let k = i; k <= core.z; k++) if (!blocks[k].rule) blocks[k].rule = 'headline-list';
      core.z = i - 1;
      return;
    }
    if (isListProse(b)) before += b.eff;
  }
}

function isListProse(b: Block): boolean {
  return !b.rule && b.sentence && b.eff >= LIST_PROSE_MIN;
}

/** A heading over a list of headlines: a few words starting with a letter, no colon leading into the list. */
function isListHeading(b: Block): boolean {
  // a heading may end as a sentence ends ("Keep reading.", "You might enjoy…"): six words say no more
  if (b.eff > HEADLINE_HEADING_MAX || b.words > HEADLINE_HEADING_WORDS) return false;
  return !endsWithColon(b.text) && /^\P{L}{0,2}\p{L}/u.test(b.text);
}

/** Whether a line ends with a colon (ASCII or full-width), leading into what follows it. */
function endsWithColon(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return last === 58 || last === 0xff1a;
}

/** Headlines in the run of headlines, their blurbs and meta lines right below the heading at i (kept blocks, up to z). */
function headlinesBelow(blocks: readonly Block[], i: number, z: number): number {
  let headlines = 0;
  for (let k = i + 1; k <= z; k++) {
    const b = blocks[k];
    if (b.rule) continue;
    if (isListHeadline(b)) headlines++;
    else if (headlines > 0 && isCardMeta(b)) continue;
    else if (headlines === 0 || !b.sentence || b.eff > LIST_BLURB_MAX) break;
  }
  return headlines;
}

/** Longest meta line of a teaser card (effective length, words): "32M ago", "5 min read", "Dec 3, 2024", "12 comments". */
const CARD_META_MAX = 20;
const CARD_META_WORDS = 3;

/** A teaser card's meta line under its headline or blurb: a few words with a figure, ending no sentence. */
function isCardMeta(b: Block): boolean {
  return !b.sentence && b.eff <= CARD_META_MAX && b.words <= CARD_META_WORDS && b.digits > 0;
}

/**
 * A headline in a list of other stories: opening with a capital or a figure, no sentence or
 * colon at its end, few figures, no code.
 */
function isListHeadline(b: Block): boolean {
  if (b.sentence || b.eff >= LIST_HEADLINE_MAX || b.words < LIST_HEADLINE_MIN_WORDS || b.words > LIST_HEADLINE_MAX_WORDS) return false;
  const t = b.text;
  if (endsWithColon(t) || b.digits * 4 >= t.length || /[{};=<>]|\/\//.test(t)) return false;
  // a listicle's headline opens with its count ("9 ways to ...")
  return /^[\p{Lu}\p{Nd}]/u.test(t);
}

/** Label-and-tagline pairs one run of a catalog menu holds at least. */
const CATALOG_MIN_PAIRS = 6;
/** Longest label (effective length) and most words in it: a product's or a section's name. */
const CATALOG_LABEL_MAX = 45;
const CATALOG_LABEL_WORDS = 6;
/** Longest tagline (effective length), and its fewest and most words: one short sentence. */
const CATALOG_TAGLINE_MAX = 140;
const CATALOG_TAGLINE_MIN_WORDS = 4;
const CATALOG_TAGLINE_MAX_WORDS = 22;
/** Longest tagline (effective length) that may hold more than one sentence: a blurb of fragments. */
const CATALOG_BLURB_MAX = 100;
/** Labels (section names, "See all") a run may hold between two pairs. */
const CATALOG_LOOSE_LABELS = 2;
/** Shortest paragraph of the story (effective length): longer than any tagline. */
const CATALOG_PARAGRAPH = 150;
/** Most of the story's paragraphs above a menu at the head, and how many times as much lies below it. */
const CATALOG_LEAD_MAX = 400;
const CATALOG_BELOW_FACTOR = 10;

/**
 * A site's catalog menu flattened to text: a run of six or more pairs, each a short label with
 * no end punctuation over a tagline of one short sentence or a short blurb ("Cloud Storage" /
 * "Object storage for every workload."), with at most a couple of loose labels between pairs (a
 * section's name, "See all"). The story's own glossary pairs a heading with a paragraph, its
 * tips a heading with two full sentences, not with a tagline. Removed when it stands above the
 * story (less than a paragraph or two of prose above it, ten times as much below) or after it
 * (no paragraph of the story below, the story above).
 */
function cutCatalogMenus(blocks: Block[], core: Core): void {
  // the head: runs above the story, read until its paragraphs above reach CATALOG_LEAD_MAX
  let above = 0;
  let i = core.a;
  for (; i < core.z && above < CATALOG_LEAD_MAX; i++) {
    const b = blocks[i];
    const end = catalogRunAt(blocks, i, core.z);
    if (end < 0) {
      if (isStoryParagraph(b)) above += b.eff;
      continue;
    }
    if (storyParagraphs(blocks, end + 1, core.z) >= CATALOG_BELOW_FACTOR * Math.max(above, CATALOG_PARAGRAPH)) markCatalog(blocks, i, end);
    i = end;
  }
  if (above < CATALOG_LEAD_MAX) return;
  // the tail: runs below the story's last paragraph
  let from = core.z;
  while (from >= i && !isStoryParagraph(blocks[from])) from--;
  for (let k = Math.max(from + 1, i); k < core.z; k++) {
    const end = catalogRunAt(blocks, k, core.z);
    if (end < 0) continue;
    markCatalog(blocks, k, end);
    k = end;
  }
}

/** Last block of a catalog menu's run starting at i, or -1; a label is short and ends no sentence, read before the pair is. */
function catalogRunAt(blocks: readonly Block[], i: number, z: number): number {
  const b = blocks[i];
  return b.eff > CATALOG_LABEL_MAX || b.sentence ? -1 : catalogRunEnd(blocks, i, z);
}

function markCatalog(blocks: Block[], from: number, to: number): void {
  for (let k = from; k <= to; k++) if (!blocks[k].rule) blocks[k].rule = 'catalog-menu';
}

/** A paragraph of the story: kept, scored as prose, paragraph-long. */
function isStoryParagraph(b: Block): boolean {
  return !b.rule && b.score > 0 && b.eff >= CATALOG_PARAGRAPH;
}

/** Effective length of the story's paragraphs in blocks [from, to]. */
function storyParagraphs(blocks: readonly Block[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i <= to; i++) if (isStoryParagraph(blocks[i])) sum += blocks[i].eff;
  return sum;
}

/** Last block of a catalog menu's run starting at i (see cutCatalogMenus), or -1 when none starts there. */
function catalogRunEnd(blocks: readonly Block[], i: number, z: number): number {
  if (!isCatalogPair(blocks, i)) return -1;
  let pairs = 0;
  let j = i;
  while (j < z) {
    if (isCatalogPair(blocks, j)) {
      pairs++;
      j += 2;
      continue;
    }
    if (pairs === 0) break;
    let k = j;
    while (k < z && k - j < CATALOG_LOOSE_LABELS && isCatalogLabel(blocks[k]) && !isCatalogTagline(blocks[k + 1])) k++;
    if (k > j && k < z && isCatalogPair(blocks, k)) {
      j = k;
      continue;
    }
    break;
  }
  return pairs >= CATALOG_MIN_PAIRS ? j - 1 : -1;
}

/** A label at i over a tagline; the lengths and the sentence flags, read first, rule out most lines. */
function isCatalogPair(blocks: readonly Block[], i: number): boolean {
  const label = blocks[i];
  const tagline = blocks[i + 1];
  if (label.eff > CATALOG_LABEL_MAX || label.sentence || !tagline.sentence || tagline.eff > CATALOG_TAGLINE_MAX) return false;
  return isCatalogLabel(label) && isCatalogTagline(tagline);
}

function isCatalogLabel(b: Block): boolean {
  if (b.eff > CATALOG_LABEL_MAX || b.sentence || b.words > CATALOG_LABEL_WORDS || b.words === 0) return false;
  const last = b.text.charCodeAt(b.text.length - 1);
  // ",", ":" and ";" end a line that goes on below it
  return last !== 44 && last !== 58 && last !== 59;
}

/** A sentence ending inside a line, another starting after it. */
const INNER_SENTENCE_END = /[.!?]["'\u201d\u2019)]?\s+["'\u201c\u2018(]?\p{Lu}/u;

/**
 * A tagline is one sentence, or terse fragments that fit in a short line ("Fast results. Two
 * menus."): the story's tips and glossary entries run to two or more full sentences.
 */
function isCatalogTagline(b: Block): boolean {
  if (!b.sentence || b.eff > CATALOG_TAGLINE_MAX || b.words < CATALOG_TAGLINE_MIN_WORDS || b.words > CATALOG_TAGLINE_MAX_WORDS) return false;
  return b.eff <= CATALOG_BLURB_MAX || !INNER_SENTENCE_END.test(b.text);
}

function isListingEntry(b: Block): boolean {
  return !b.rule && !b.sentence && hasDateOrTime(b.text, b.eff);
}

/** Cuts blocks from `start`, with the short headings right above it, to the end of the core. */
function cutFrom(blocks: Block[], core: Core, start: number): void {
  for (let back = 0; back < THREAD_HEADINGS_MAX && start - 1 > core.a && isThreadHeading(blocks[start - 1]); back++) start--;
  for (let i = start; i <= core.z; i++) if (!blocks[i].rule) blocks[i].rule = 'dated-listing';
  core.z = start - 1;
}

function isCommentHeader(blocks: readonly Block[], i: number): boolean {
  const b = blocks[i];
  if (b.rule || b.sentence || !hasDateOrTime(b.text, b.eff)) return false;
  // a name and a date on one line: a few words besides the date (an embedded post's credit or an event's line holds more)
  if (!isTimestampLine(b.text, b.eff)) return b.eff <= INLINE_HEADER_MAX && b.words >= 3 && b.words <= INLINE_HEADER_WORDS && wordsBesideDate(b.text) >= 2;
  const name = blocks[i - 1];
  return name !== undefined && !name.rule && isNameLine(name);
}

/** Words led by a letter in a line that are no part of a date or time ("dana_k", "commented"; not "March", "GMT", "pm"). */
function wordsBesideDate(s: string): number {
  let words = 0;
  for (const word of s.split(' ')) if (WORD_OF_LETTERS.test(word) && !isDateWord(word)) words++;
  return words;
}
const WORD_OF_LETTERS = /^\p{L}[\p{L}\p{N}_.-]*[,:]?$/u;

/** A commenter's name line: a few words, no sentence, no date. */
function isNameLine(b: Block): boolean {
  return b.eff <= 50 && b.words <= 5 && !b.sentence && !hasDateOrTime(b.text, b.eff);
}

/** A heading over a thread: a short line that is no sentence. */
function isThreadHeading(b: Block): boolean {
  return b.eff <= 120 && !b.sentence && b.score <= 0;
}

/** The next block after i up to z that no rule removed. */
function nextKept(blocks: readonly Block[], i: number, z: number): Block | undefined {
  for (let j = i + 1; j <= z; j++) if (!blocks[j].rule) return blocks[j];
  return undefined;
}

/** A story's closing line: a sentence, an agency in brackets, a dash-led credit. */
function isClosingLine(text: string): boolean {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return endsLikeSentence(text) || first === 40 || first === 0x2014 || first === 0x2013 || first === 45 || last === 41 || last === 0xff09;
}

/** Line rules (share lines, bylines, promos...) inside the core. */
function applyLineRules(blocks: Block[], core: Core): void {
  for (let i = core.a; i <= core.z; i++) {
    const b = blocks[i];
    if (b.rule || b.eff > FINE_PRINT_MAX) continue;
    const r = b.matchedLineRule();
    if (r) b.rule = r;
  }
}

/** Edges: everything outside the core, then non-prose lines left at the core's edges. */
function trimOutsideCore(blocks: Block[], core: Core, lineRules: boolean): void {
  const { a, z } = core;
  for (let i = 0; i < blocks.length; i++) {
    if (i >= a && i <= z) continue;
    const b = blocks[i];
    if (b.rule) continue;
    // next to the core, name debris lines by their own rule (a correction line after the last paragraph)
    const near = z >= a && ((i < a && a - i <= 3) || (i > z && i - z <= 3));
    const named = near && lineRules && b.eff <= FINE_PRINT_MAX ? b.matchedLineRule() : null;
    b.rule = named ?? (b.eff < 80 ? 'edge-short-line' : 'outside-core');
  }
  while (core.a <= core.z && (blocks[core.a].rule || blocks[core.a].score <= 0)) {
    if (!blocks[core.a].rule) blocks[core.a].rule = 'edge-short-line';
    core.a++;
  }
  while (core.z >= core.a && (blocks[core.z].rule || blocks[core.z].score <= 0)) {
    if (!blocks[core.z].rule) blocks[core.z].rule = 'edge-short-line';
    core.z--;
  }
}

/**
 * The title is metadata: drop it from the body when it is the body's first line, or a paragraph
 * of its own above it that was trimmed for its shape or as a line the corpus repeats (a
 * headline is removed as the title).
 */
function markTitleLine(blocks: Block[], title: string): void {
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (b.text === title && (b.rule === null || (isAloneInGroup(blocks, i) && (isShapeRule(b.rule) || b.rule === 'corpus-repeated')))) {
      b.rule = 'title';
      return;
    }
    if (b.rule === null) return;
  }
}

/** Removed blocks in a row that set a kept run apart from the story above it. */
const DETACHED_GAP = 3;
/** Share of the kept text (effective length) that the kept runs after such a gap may hold at most. */
const DETACHED_SHARE = 0.1;
/** Passes of the cut: once an island goes, the kept text above may end in another (most pages settle in two). */
const DETACHED_PASSES = 3;

/**
 * Islands after the story: once the rules are done, kept text that follows DETACHED_GAP or more
 * removed blocks in a row and holds, with all kept after it, no more than DETACHED_SHARE of the
 * kept text is what the rules missed among the page's debris below the story (a card's blurb,
 * a footer's line between removed menus), not the story's end: the story is the kept text above.
 * The first such gap from the end within that share is the cut. Returns true when it cut.
 */
function markDetachedTail(blocks: Block[]): boolean {
  let total = 0;
  for (const b of blocks) if (b.rule === null) total += b.eff;
  const limit = DETACHED_SHARE * total;
  let after = 0;
  let gap = 0;
  let cut = -1;
  let runStart = -1;
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i];
    if (b.rule !== null) {
      gap++;
      continue;
    }
    // a kept block: i is the top of the kept run seen so far when the next block up is removed
    if (gap >= DETACHED_GAP && runStart >= 0) cut = runStart;
    gap = 0;
    after += b.eff;
    if (after > limit) break;
    runStart = i;
  }
  if (cut < 0) return false;
  for (let k = cut; k < blocks.length; k++) if (blocks[k].rule === null) blocks[k].rule = 'detached-tail';
  return true;
}

/** Rules that remove a block for its shape or place alone, with no debris rule matching it. */
function isShapeRule(rule: string): boolean {
  return rule === 'edge-short-line' || rule === 'outside-core' || rule === 'edge-menu';
}

/** The agency sign-off on the last line is debris (" Reuter" under a wire story). */
function markSignOff(blocks: Block[]): void {
  const last = blocks[blocks.length - 1];
  if (blocks.length > 1 && isSignOff(last.text)) {
    last.rule = 'sign-off';
    return;
  }
  splitInlineSignOff(blocks);
}

/** A sign-off set on the story's last line after its final sentence ("... 5.0 MM. REUTER"). */
const INLINE_SIGN_OFF = /[.!?"'\u201d\u2019)]\s{1,3}(REUTERS?|Reuters?|AP|AFP|UPI)$/;

/**
 * Splits a sign-off written at the end of the story's last line into a block of its own, marked
 * as the sign-off: the story is then known as wire copy and kept whole, its last line included.
 */
function splitInlineSignOff(blocks: Block[]): void {
  const last = blocks[blocks.length - 1];
  const match = INLINE_SIGN_OFF.exec(last.text);
  if (match === null || blocks.length < 2) return;
  const storyEnd = last.text.length - match[1].length;
  const story = scanLine(last.text, 0, storyEnd, last.group);
  const signOff = scanLine(last.text, storyEnd, last.text.length, last.group);
  if (story === null || signOff === null) return;
  signOff.rule = 'sign-off';
  blocks.splice(blocks.length - 1, 1, story, signOff);
}

/**
 * Trimming on shape alone (short lines, text outside the core) needs some sign of debris to
 * back it: with no line matched by an in-document debris rule, a page that would lose most of
 * its text is more likely clean copy with tables and short lines (wire copy) than a scrape; keep
 * it, and keep it whole when it ends in an agency's sign-off (even with no prose in it: a results
 * table). Returns true when it undid the trim.
 */
function undoShapeOnlyTrim(blocks: Block[], coreFound: boolean): boolean {
  let shapeOnly = 0;
  let evidence = false;
  let inChars = 0;
  let signedOff = false;
  for (const b of blocks) {
    if (b.rule === 'sign-off') signedOff = true;
    inChars += b.text.length;
    if (b.rule !== null && isShapeRule(b.rule)) shapeOnly += b.text.length;
    // lines repeated across the corpus are not evidence here: a wire's templates repeat too; nor is
    // a publication stamp, which a clean page carries as much as a scraped one
    else if (b.rule && b.rule !== 'title' && b.rule !== 'corpus-repeated' && b.rule !== 'sign-off' && b.rule !== 'timestamp') evidence = true;
  }
  if (evidence || (!coreFound && !signedOff)) return false;
  if (signedOff) {
    // a story that ends in its agency's sign-off with no debris in it is clean wire copy: keep it
    // whole, its lines the corpus repeats too (a templated lead, a table's labels)
    let undone = false;
    for (const b of blocks) {
      if (b.rule !== null && (isShapeRule(b.rule) || b.rule === 'corpus-repeated')) {
        b.rule = null;
        undone = true;
      }
    }
    return undone;
  }
  if (shapeOnly <= 0.5 * inChars || !trimmedIsStory(blocks)) return false;
  for (const b of blocks) if (b.rule !== null && isShapeRule(b.rule)) b.rule = null;
  return true;
}

/** Share of the kept sentences' length that the sentences trimmed for their shape must reach for the trim to be doubted. */
const TRIMMED_PROSE_SHARE = 0.25;

/**
 * Whether what shape alone trimmed is the story's: mostly rows of a table laid out in columns
 * (wire copy), or prose, paragraphs ending as sentences as long together as a quarter of those
 * kept at least (a story whose core was taken too narrow). A page's navigation and link lists
 * are neither.
 */
function trimmedIsStory(blocks: readonly Block[]): boolean {
  let trimmedProse = 0;
  let keptProse = 0;
  let trimmed = 0;
  let rows = 0;
  for (const b of blocks) {
    const shape = b.rule !== null && isShapeRule(b.rule);
    if (shape) {
      trimmed += b.eff;
      if (b.columns) rows += b.eff;
    }
    // the site's fine print trimmed with a footer is no story's prose
    if (!b.sentence || b.eff < 80 || b.finePrint) continue;
    if (b.rule === null) keptProse += b.eff;
    else if (shape) trimmedProse += b.eff;
  }
  return rows * 2 >= trimmed || trimmedProse >= TRIMMED_PROSE_SHARE * keptProse;
}

/** The kept blocks as text (paragraphs of one group on adjacent lines), and runs of removed blocks by rule. */
function assemble(blocks: readonly Block[]): { text: string; removed: Removal[]; keptChars: number } {
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
  return { text: out.join(''), removed, keptChars };
}

const BYLINE = /^(?:by|von|par|por|di|door)\s/i;

/** Full stops: Latin, CJK, Devanagari danda, Urdu, Myanmar, Ethiopic. */
const FULL_STOP = /[.\u3002\uff0e\u0964\u0965\u06d4\u104b\u1362]$/;

function isHeadingLike(b: Block): boolean {
  const { eff, seps } = b;
  if (eff > HEADING_EFF_MAX || eff < 10 || seps > 0 || b.columns || b.words < 2) return false;
  if (b.digits * 3 > b.letters) return false;
  // a full stop in any script ends a sentence, not a headline (a question may be a headline)
  if (FULL_STOP.test(b.text) && !b.text.endsWith('...')) return false;
  return !BYLINE.test(b.text);
}

/**
 * The title among the heading-like lines above the core, ranked: one the first line repeats (a
 * page title "Headline | Site"), then one printed twice in a row (a page's title over its own
 * headline), then the nearest that stands alone between blank lines (a headline over its story),
 * then the nearest, then the first line. Never a debris line ("Skip to main content"). A line the
 * page repeats may be the title when it reads like a headline (four words or more), and a line the
 * corpus repeats only when printed twice in a row: the copies of one story share their headline,
 * but so do the pages of one site share a slogan.
 */
function findTitle(blocks: Block[], a: number, z: number): string | undefined {
  const first = blocks[0];
  /** The first line in lower case, made for the first candidate that may repeat it. */
  let firstKey: string | undefined;
  let nearest: string | undefined;
  let nearestAlone: string | undefined;
  let doubled: string | undefined;
  const lo = Math.max(0, a - 15);
  const hi = z >= a ? a - 1 : Math.min(blocks.length - 1, 15);
  for (let i = hi; i >= lo; i--) {
    const b = blocks[i];
    const headline = titleCandidate(b);
    if (headline === undefined) continue;
    if (b !== first && b.rule === null && (firstKey ??= first.text.toLowerCase()).includes(b.text.toLowerCase())) return b.text;
    if (isDebrisLine(b)) continue;
    if (doubled === undefined && i > 0 && sameHeadline(blocks[i - 1], headline)) doubled = headline;
    if (nearestAlone !== undefined || b.rule === 'corpus-repeated') continue;
    nearest ??= headline;
    if (isAloneInGroup(blocks, i)) nearestAlone = headline;
  }
  // a first line removed by a rule (a site's logo line the corpus repeats) is no title
  return doubled ?? nearestAlone ?? nearest ?? coreHeadline(blocks, a, z) ?? (first.rule === null && isHeadingLike(first) && !isDebrisLine(first) ? first.text : undefined);
}

/**
 * The core's first block when it is a headline over the story: heading-like, a paragraph of its
 * own, with more of the core after it. The core takes a headline in when nothing but chrome
 * stands above it.
 */
function coreHeadline(blocks: Block[], a: number, z: number): string | undefined {
  if (z <= a) return undefined;
  const b = blocks[a];
  if (b.rule !== null || !isHeadingLike(b) || isDebrisLine(b) || !isAloneInGroup(blocks, a)) return undefined;
  // a sentence ending in a quotation is the story's first line, not its headline
  if (b.words > CORE_HEADLINE_MAX_WORDS || QUOTED_SENTENCE_END.test(b.text)) return undefined;
  return b.text;
}

/** Whether two headlines share most of their words (at least half of the longer's). */
function sameHeadlineWords(a: string, b: string): boolean {
  const words = (text: string) => new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean));
  const [x, y] = [words(a), words(b)];
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared * 2 >= Math.max(x.size, y.size) && shared > 0;
}

/** Longest headline taken from inside the core, in words: news headlines run to about twenty. */
const CORE_HEADLINE_MAX_WORDS = 20;
const QUOTED_SENTENCE_END = /[.!?,]\s*['"\u2019\u201d]+$/;

/** Words a repeated line needs to be taken for a headline rather than a menu item. */
const REPEATED_TITLE_MIN_WORDS = 4;

/**
 * The headline a block offers as a title: its text when it is heading-like, or the headline of a
 * page title "Headline | Site" (one separator, a site name of at most four words after it);
 * undefined for a block a debris rule removed, or a repeated line too short to be a headline.
 */
function titleCandidate(b: Block): string | undefined {
  if (b.rule !== null && b.rule !== 'corpus-repeated' && b.rule !== 'repeated-paragraph') return undefined;
  let text: string | undefined;
  if (isHeadingLike(b)) text = b.text;
  else if (b.seps === 1) text = headlineOfPageTitle(b);
  if (text === undefined) return undefined;
  if (b.rule !== null && countWords(text).words < REPEATED_TITLE_MIN_WORDS) return undefined;
  return text;
}

const PAGE_TITLE = /^(.{10,200}?)\s+[|\u2022\u00b7]\s+([^|\u2022\u00b7]{2,40})$/u;

/** "Headline | Site" as the headline, when the site part is a name of at most four words. */
function headlineOfPageTitle(b: Block): string | undefined {
  if (b.eff > HEADING_EFF_MAX || b.columns || FULL_STOP.test(b.text)) return undefined;
  const m = PAGE_TITLE.exec(b.text);
  if (!m || countWords(m[2]).words > 4 || countWords(m[1]).words < 2 || BYLINE.test(m[1])) return undefined;
  return m[1];
}

/** The block above holds the same headline (as it is, or as a page title with its site). */
function sameHeadline(b: Block, headline: string): boolean {
  return b.text === headline || (b.seps === 1 && headlineOfPageTitle(b) === headline);
}

function isDebrisLine(b: Block): boolean {
  return b.matchedLineRule() !== null || b.terminator() !== null;
}

/** A block with a blank line (or the text's edge) above and below it: a paragraph of its own. */
function isAloneInGroup(blocks: readonly Block[], i: number): boolean {
  const group = blocks[i].group;
  return (i === 0 || blocks[i - 1].group !== group) && (i + 1 === blocks.length || blocks[i + 1].group !== group);
}

/**
 * Debris of a plain-text page told apart by the shape of a few neighbouring blocks rather than by
 * one line: what a page sets around the story (an author's bio card under it, a menu with a promo
 * above it) reads as prose or as a heading line by line, and only the run of blocks gives it away.
 * These rules read the blocks the cleaner still keeps, after its core and line rules.
 */

/** What the box rules read of a block of the plain-text cleaner. */
export interface ShapedBlock {
  readonly text: string;
  rule: string | null;
  /** Effective length: non-blank characters. */
  readonly eff: number;
  /** The block ends like a sentence. */
  readonly sentence: boolean;
}

/**
 * A person's name on a line of its own: two or three capitalised words (a middle initial and a
 * "Dr."/"Prof." allowed), no article first ("The Bleu Garten" is a place), no sentence mark.
 */
const PERSON_NAME = /^(?:(?:Dr|Prof)\.?\s)?(?!(?:The|A|An)\s)\p{Lu}[\p{L}'\u2019-]+(?:\s\p{Lu}\.)?(?:\s\p{Lu}[\p{L}'\u2019-]+){1,2}$/u;

/** Verbs a bio opens with after the name ("Jane Doe is a senior editor", "Jane covers energy"). */
const BIO_VERBS = 'is|was|has|holds|serves|writes|covers|joined|leads|brings|specializes|specialises|works';

/** A bio speaks of the person as he or she ("She has covered ..."); an entry about a product or a place does not. */
const PERSONAL_PRONOUN = /\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Hh]im)\b/u;

/** Length of a name line at most. */
const NAME_EFF_MAX = 40;
/** Words a bio paragraph has at least: a sentence about the person, not a caption. */
const BIO_MIN_WORDS = 10;
/** Lines between the name and the bio (a job title, "Author"), at most. */
const BIO_TITLE_LINES = 2;
/** Blocks after the name line, removed ones included, that its bio must start within. */
const BIO_REACH = 6;
/** Length of a job-title line at most. */
const BIO_TITLE_EFF_MAX = 80;
/** Share of the kept text that must stand above a bio card: the card follows the story. */
const BIO_AFTER_SHARE = 0.6;

/**
 * Marks the debris boxes among the blocks still kept. An article its markup bounds (`bounded`)
 * has no page header or footer left at its edges.
 */
export function markDebrisBoxes(blocks: ShapedBlock[], bounded: boolean): void {
  let total = 0;
  for (const b of blocks) if (b.rule === null) total += b.eff;
  if (total === 0) return;
  total -= markAuthorBio(blocks, total);
  total -= markTailBios(blocks, total);
  if (!bounded) trimMenuEdges(blocks, total);
}

/**
 * An author's bio card under the story: a name line, at most two short lines (the job title),
 * then a paragraph that opens with that name, or its first word, and a bio verb ("Jane Doe is a
 * senior editor at ..."), with the job title above it or a "he"/"she" in it. Removed only when
 * the page holds one such card, in its last 40%: a listicle of people or places ("Memorial Park"
 * / "Memorial Park is home to ...") repeats the shape for each entry, and is the story. Returns
 * the length it removed.
 */
function markAuthorBio(blocks: ShapedBlock[], total: number): number {
  const card = bioCard(blocks, keptShareStart(blocks, total, BIO_AFTER_SHARE), blocks.length);
  if (card === undefined) return 0;
  // a second card is a list of entries, not one author under the story
  if (bioCard(blocks, 0, card.from) !== undefined || bioCard(blocks, card.to + 1, blocks.length) !== undefined) return 0;
  let removed = 0;
  for (let k = card.from; k <= card.to; k++) {
    if (blocks[k].rule !== null) continue;
    blocks[k].rule = 'author-bio';
    removed += blocks[k].eff;
  }
  return removed;
}

/** The first bio card whose name line stands in blocks [from, to): the name line and the bio paragraph. */
function bioCard(blocks: readonly ShapedBlock[], from: number, to: number): { from: number; to: number } | undefined {
  for (let i = from; i < to; i++) {
    const b = blocks[i];
    if (b.rule !== null || b.eff > NAME_EFF_MAX || !startsCapitalised(b.text)) continue;
    const bio = bioAfterName(blocks, i);
    if (bio >= 0 && PERSON_NAME.test(b.text) && isBio(blocks[bio], b.text, bio > nextKept(blocks, i))) return { from: i, to: bio };
  }
  return undefined;
}

/** Index of the first block with at least `share` of the kept blocks' length above it: only the tail below it is read. */
function keptShareStart(blocks: readonly ShapedBlock[], total: number, share: number): number {
  let after = 0;
  let i = blocks.length;
  for (; i > 0; i--) {
    const b = blocks[i - 1];
    if (b.rule !== null) continue;
    if (after + b.eff > (1 - share) * total) break;
    after += b.eff;
  }
  return i;
}

/** A first character in upper case, or outside ASCII (a letter PERSON_NAME then tests): the cheap test first. */
function startsCapitalised(text: string): boolean {
  const c = text.charCodeAt(0);
  return (c >= 65 && c <= 90) || c >= 0xc0;
}

/**
 * Index of the paragraph below the line at i that may be its bio, or -1: the first kept block
 * too long for a job title, after at most two short lines, opening with the line's first word
 * (or the first name after an honorific). The cheap test before the name pattern.
 */
function bioAfterName(blocks: readonly ShapedBlock[], i: number): number {
  let titles = 0;
  for (let k = i + 1; k < blocks.length && k <= i + BIO_REACH; k++) {
    const b = blocks[k];
    if (b.rule !== null) continue;
    if (b.eff > BIO_TITLE_EFF_MAX || hasWords(b.text, BIO_MIN_WORDS)) return opensWithName(b.text, blocks[i].text) ? k : -1;
    if (++titles > BIO_TITLE_LINES) return -1;
  }
  return -1;
}

/** Whether a text opens with the name's first word, or with its first name after an honorific. */
function opensWithName(text: string, name: string): boolean {
  const space = name.indexOf(' ');
  if (space < 0) return false;
  if (text.charCodeAt(0) === name.charCodeAt(0) && text.startsWith(name.slice(0, space + 1))) return true;
  return HONORIFIC_START.test(name) && text.startsWith(firstName(name));
}

const HONORIFIC_START = /^(?:Dr|Prof)\.?\s/;

/** Index of the first kept block after i. */
function nextKept(blocks: readonly ShapedBlock[], i: number): number {
  let k = i + 1;
  while (k < blocks.length && blocks[k].rule !== null) k++;
  return k;
}

const BIO_OPENING = new RegExp(`^\\s(?:${BIO_VERBS})\\b`, 'u');

/**
 * Whether a paragraph is the named person's bio: it opens with the name, or its first word, and a
 * bio verb; a job title under the name, or the person named as he or she, then tells a person
 * from a product or a place.
 */
function isBio(b: ShapedBlock, name: string, titled: boolean): boolean {
  const first = firstName(name);
  const rest = b.text.startsWith(name) ? name.length : b.text.startsWith(first) ? first.length : -1;
  return rest >= 0 && BIO_OPENING.test(b.text.slice(rest, rest + 16)) && hasWords(b.text, BIO_MIN_WORDS) && (titled || PERSONAL_PRONOUN.test(b.text));
}

/**
 * A paragraph that is a person's bio on its own: it opens with the name (an honorific, a handle
 * or credentials in brackets, credentials between commas allowed) and what the person is or does
 * ("Jane Doe is a senior editor at ...", "Jane Doe (@jdoe) has been covering ..."), and speaks of
 * the person as he or she.
 */
const BIO_PARAGRAPH =
  /^(?:(?:Dr|Prof)\.?\s)?(?!(?:The|A|An|This|Our|We)\s)\p{Lu}[\p{L}'\u2019-]+(?:\s\p{Lu}\.)?(?:\s\p{Lu}[\p{L}'\u2019-]+){1,2}(?:\s\([^)]{1,60}\))?(?:,\s[\p{Lu}\p{N}.,\u00ae ]{2,24},)?\s(?:(?:is|was)\s(?:a|an|the|one)\s|has been\s|(?:holds|serves|writes|covers|joined|leads|specializes|specialises|works)\s)/u;

/** Short lines (a name, a job title, "Email Jane") around the bios at the end of the text, at most. */
const TAIL_SHORT_LINES = 3;

function isBioParagraph(b: ShapedBlock): boolean {
  return startsCapitalised(b.text) && hasWords(b.text, BIO_MIN_WORDS) && BIO_PARAGRAPH.test(b.text) && PERSONAL_PRONOUN.test(b.text);
}

/**
 * The authors' bios the text ends with, with no name line over them or with several of them
 * (a story by two authors): read from the end, bio paragraphs (isBioParagraph) with at most
 * three short lines between and after them, and the name line right above the first. Removed
 * only when they stand in the last 40% of the kept text and no paragraph of that shape stands
 * above them (a listicle of people repeats it for each entry, and is the story). Returns the
 * length it removed.
 */
function markTailBios(blocks: ShapedBlock[], total: number): number {
  const marks: number[] = [];
  let pending: number[] = [];
  let i = blocks.length - 1;
  for (; i >= 0; i--) {
    const b = blocks[i];
    if (b.rule !== null) continue;
    if (isBioParagraph(b)) {
      marks.push(...pending, i);
      pending = [];
      continue;
    }
    if (b.sentence || b.eff > NAME_EFF_MAX || pending.length >= TAIL_SHORT_LINES) break;
    pending.push(i);
  }
  if (marks.length === 0) return 0;
  // the name line over the first bio
  if (pending.length > 0 && PERSON_NAME.test(blocks[pending[0]].text)) marks.push(pending[0]);
  let removed = 0;
  for (const k of marks) removed += blocks[k].eff;
  if (removed > (1 - BIO_AFTER_SHARE) * total) return 0;
  const top = Math.min(...marks);
  for (let k = 0; k < top; k++) if (blocks[k].rule === null && isBioParagraph(blocks[k])) return 0;
  for (const k of marks) blocks[k].rule = 'author-bio';
  return removed;
}

/** Entries a run of menu lines has at least. */
const MENU_RUN_MIN = 3;
/** Words of a menu entry at most ("Treatments", "Save with sets", "Student Services"). */
const MENU_ENTRY_MAX_WORDS = 5;
/** Length of a menu entry at most. */
const MENU_ENTRY_EFF_MAX = 60;
/** Share of the kept text a page's header above a menu run may hold at most. */
const MENU_HEAD_SHARE = 0.2;
/** Share of the kept text a page's footer below a menu run may hold at most. */
const MENU_TAIL_SHARE = 0.1;
/** Words of a paragraph that is the story's prose: an edge holding one is no header or footer. */
const EDGE_PROSE_WORDS = 15;

/**
 * The page's header and footer left at the edges of the kept text: a run of three or more menu
 * entries (short lines without figures, none ending as a sentence or as a lead-in with a colon)
 * with little text beyond it and no paragraph of prose there (a promo, a breadcrumb, a teaser),
 * the story's prose on the other side. The run and what lies beyond it go; a short header above
 * the story's first paragraph with no run under it stays.
 */
function trimMenuEdges(blocks: ShapedBlock[], total: number): void {
  // each edge only with the story's prose on the other side of it
  let headEnd = edgeEnd(blocks, total, MENU_HEAD_SHARE, 1);
  if (headEnd >= 0 && !hasProse(blocks, headEnd + 1, blocks.length)) headEnd = -1;
  let footStart = edgeEnd(blocks, total, MENU_TAIL_SHARE, -1);
  if (footStart >= 0 && !hasProse(blocks, 0, footStart)) footStart = -1;
  if (headEnd >= 0 && (footStart < 0 || footStart > headEnd)) markKept(blocks, 0, headEnd + 1);
  if (footStart >= 0 && footStart > headEnd) markKept(blocks, footStart, blocks.length);
}

function markKept(blocks: ShapedBlock[], from: number, to: number): void {
  for (let i = from; i < to; i++) if (blocks[i].rule === null) blocks[i].rule = 'edge-menu';
}

function isMenuEntry(b: ShapedBlock): boolean {
  if (b.sentence || b.eff > MENU_ENTRY_EFF_MAX) return false;
  const last = b.text.charCodeAt(b.text.length - 1);
  // ':' and ';' lead into what follows; a row of figures is a table's, which belongs to the story it sits in
  return last !== 58 && last !== 59 && !hasDigit(b.text) && !hasWords(b.text, MENU_ENTRY_MAX_WORDS + 1);
}

/** Whether the text holds an ASCII digit. */
function hasDigit(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** Whether the text holds n blank-separated words or more: read only as far as the n-th word. */
function hasWords(text: string, n: number): boolean {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 32 || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200b)) inWord = false;
    else if (!inWord) {
      inWord = true;
      if (++words >= n) return true;
    }
  }
  return false;
}

/**
 * The innermost block of the page's header (step 1, read from the top) or footer (step -1, read
 * from the bottom), or -1 when that edge has none: the inner end of the last run of menu entries
 * (kept blocks, removed ones between them skipped) that starts within `share` of the kept text
 * from the edge, with no prose between it and the edge. Only that edge of the text is read.
 */
function edgeEnd(blocks: readonly ShapedBlock[], total: number, share: number, step: 1 | -1): number {
  let end = -1;
  let outside = 0;
  let run = 0;
  for (let i = step > 0 ? 0 : blocks.length - 1; i >= 0 && i < blocks.length; i += step) {
    const b = blocks[i];
    if (b.rule !== null) continue;
    if (isMenuEntry(b)) {
      if (run === 0 && outside > share * total) break;
      if (++run >= MENU_RUN_MIN) end = i;
    } else {
      if (isEdgeProse(b) || outside > share * total) break;
      run = 0;
    }
    outside += b.eff;
  }
  return end;
}

function isEdgeProse(b: ShapedBlock): boolean {
  return b.sentence && hasWords(b.text, EDGE_PROSE_WORDS);
}

/** Whether the kept blocks in [from, to) hold a paragraph of prose. */
function hasProse(blocks: readonly ShapedBlock[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (blocks[i].rule === null && isEdgeProse(blocks[i])) return true;
  return false;
}

/** The name's first word, after an honorific ("Dr. Jane Doe": "Jane"). */
function firstName(name: string): string {
  const space = name.indexOf(' ');
  if (space < 0) return name;
  const first = name.slice(0, space);
  if (!HONORIFIC.test(first)) return first;
  const next = name.indexOf(' ', space + 1);
  return name.slice(space + 1, next < 0 ? name.length : next);
}

const HONORIFIC = /^(?:Dr|Prof)\.?$/;


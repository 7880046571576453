/**
 * Verification features: the compact samples pair verification uses besides the MinHash
 * signature (the figure set, the figure slots and the lead), computed from token hashes so the
 * one-pass token scanner never has to build token strings.
 */

import { combine, hashString, TOKEN_CHARACTER, TOKEN_DIGIT, TOKEN_TIME } from './tokens.js';

/** Most figures kept per document; beyond this the smallest hashes are kept (a bottom-k sample). */
export const MAX_FIGURES = 48;

/** Most figure slots (context -> value) kept per document, a bottom-k sample by context. */
export const MAX_FIGURE_SLOTS = 48;

/** Words at the start of a document that make up its lead. */
export const LEAD_WORDS = 40;

/**
 * Characters of an unspaced script (Han, kana, Thai...) that count as one word in the lead: a
 * Chinese word is about two characters, so the lead of a Chinese text spans about as much of
 * the story as that of a spaced text.
 */
export const CHARACTERS_PER_WORD = 2;

/** Words at the start of a document whose hash is its opening key (see openingKeyOf). */
export const OPENING_WORDS = 8;

/** A document too short for an opening key has this one (no key is this value by construction: see openingKeyOf). */
export const NO_OPENING = 0;

/**
 * A document's opening key: a hash of its first OPENING_WORDS words (CHARACTERS_PER_WORD character
 * tokens make a word), or NO_OPENING when it has fewer. A first take of a story and the full story
 * sent after it start with the same words, whatever their lengths.
 */
export function openingKeyOf(tokenHashes: Uint32Array, tokenFlags: Uint8Array, n: number, seed: number): number {
  let weight = 0;
  let h = combine(seed ^ 0x0be1, OPENING_WORDS);
  for (let i = 0; i < n && weight < OPENING_WORDS * CHARACTERS_PER_WORD; i++) {
    weight += tokenFlags[i] & TOKEN_CHARACTER ? 1 : CHARACTERS_PER_WORD;
    h = combine(h, tokenHashes[i]);
  }
  if (weight < OPENING_WORDS * CHARACTERS_PER_WORD) return NO_OPENING;
  return h >>> 0 || 1;
}

/** Most lead word pairs kept per document (bottom-k). */
export const MAX_LEAD_PAIRS = 24;

/**
 * Numbers written as words, compared as digits: "ten pct" and "10 pct" agree, while "six pct"
 * and "6-1/16 pct" report different rates.
 */
const NUMBER_WORDS = new Map([
  ['zero', '0'], ['nil', '0'], ['one', '1'], ['two', '2'], ['three', '3'], ['four', '4'], ['five', '5'], ['six', '6'], ['seven', '7'],
  ['eight', '8'], ['nine', '9'], ['ten', '10'], ['eleven', '11'], ['twelve', '12'], ['twenty', '20'], ['thirty', '30'], ['forty', '40'],
  ['fifty', '50'], ['sixty', '60'], ['seventy', '70'], ['eighty', '80'], ['ninety', '90'], ['hundred', '100'],
]);

/**
 * Month and weekday names make a figure a date. "may" counts only next to a number; short
 * weekday names are left out ("sun", "sat" and "wed" are words too).
 */
const DATE_WORDS = new Set([
  'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
]);
const DATE_WORDS_WITH_DIGITS = new Set(['may']);
const MAX_DATE_TOKENS = 4;

/** Samples a fingerprint keeps besides its signature. */
export interface Samples {
  figures: Uint32Array;
  slots: Uint32Array;
  lead: Uint32Array;
}

/** Hashes of the number words and date words for one seed, so features need no token strings. */
interface WordTables {
  /** Number word's hash -> hash of its digits. */
  numbers: Map<number, number>;
  dates: Set<number>;
  /** Words that are dates only next to a number ("may"). */
  datesWithDigits: Set<number>;
  /** Bit set of the low 16 bits of every hash above (8 KB, stays in cache): most tokens are ruled out by one read, not three map lookups. */
  known: Int32Array;
}

const wordTables = new Map<number, WordTables>();

function tablesFor(seed: number): WordTables {
  let tables = wordTables.get(seed);
  if (!tables) {
    tables = {
      numbers: new Map([...NUMBER_WORDS].map(([word, digits]) => [hashString(word, seed), hashString(digits, seed)])),
      dates: new Set([...DATE_WORDS].map((word) => hashString(word, seed))),
      datesWithDigits: new Set([...DATE_WORDS_WITH_DIGITS].map((word) => hashString(word, seed))),
      known: new Int32Array(2048),
    };
    for (const hash of [...tables.numbers.keys(), ...tables.dates, ...tables.datesWithDigits]) tables.known[(hash >>> 5) & 2047] |= 1 << (hash & 31);
    wordTables.set(seed, tables);
  }
  return tables;
}

/**
 * The figure set, figure slots and lead of a tokenised text: about 0.5 KB per document at most.
 * Number and date words are recognised by their hashes. The samples are views of per-thread
 * scratch buffers, valid until the next call: a caller copies what it keeps.
 */
export function scratchFeatures(tokenHashes: Uint32Array, tokenFlags: Uint8Array, n: number, seed: number): Samples {
  const { numbers, dates, datesWithDigits, known } = tablesFor(seed);
  const scratch = featureScratch.reserve(n);
  // A token is a figure when it holds a digit (amounts, rates, dates, years, week numbers) or
  // is a number written as a word. A time of day is a figure that dates its run, as a month name
  // does: two snapshots of one market taken at 11:31 and 12:31 put other times in the same words.
  const kind = scratch.kind; // 0 word, 1 figure, 2 date word, 3 time of day
  kind.fill(0, 0, n);
  const valueHashes = scratch.valueHashes;
  const figures = scratch.figures;
  // Figures and date words are few: later passes visit only them (ascending) and the "may"s.
  const marked = scratch.marked;
  let markedCount = 0;
  const maybeDates = scratch.maybeDates;
  let maybeDateCount = 0;
  let figureCount = 0;
  for (let i = 0; i < n; i++) {
    const hash = tokenHashes[i];
    if (((known[(hash >>> 5) & 2047] >>> (hash & 31)) & 1) === 0) {
      if (tokenFlags[i] & TOKEN_DIGIT) {
        kind[i] = tokenFlags[i] & TOKEN_TIME ? 3 : 1;
        valueHashes[i] = hash;
        figures[figureCount++] = hash;
        marked[markedCount++] = i;
      }
      continue;
    }
    const digits = numbers.get(hash);
    if (digits !== undefined || tokenFlags[i] & TOKEN_DIGIT) {
      const value = digits === undefined ? hash : digits;
      kind[i] = tokenFlags[i] & TOKEN_TIME ? 3 : 1;
      valueHashes[i] = value;
      figures[figureCount++] = value;
      marked[markedCount++] = i;
    } else if (dates.has(hash)) {
      kind[i] = 2;
      valueHashes[i] = hash;
      marked[markedCount++] = i;
    } else if (datesWithDigits.has(hash)) maybeDates[maybeDateCount++] = i;
  }
  // "may" is a month only next to a number ("May 7"), not in "may rise".
  for (let m = 0; m < maybeDateCount; m++) {
    const i = maybeDates[m];
    if ((i > 0 && isFigure(kind[i - 1])) || (i + 1 < n && isFigure(kind[i + 1]))) {
      kind[i] = 2;
      valueHashes[i] = tokenHashes[i];
    }
  }
  // A run of adjacent figure and date tokens ("March 4", "1,914,388", "6-1/16") is one value;
  // the word before and the word after it are its slot.
  const slots = scratch.slots;
  let slotCount = 0;
  let end = 0;
  for (let m = 0; m < markedCount; m++) {
    let start = marked[m];
    if (start < end) continue;
    // A run may begin with a "may" that only its figure made a date (never one already taken).
    while (start > end && kind[start - 1] !== 0) start--;
    end = start;
    let value = seed >>> 0;
    let calendar = false; // holds a month or weekday name
    let clock = false; // holds a time of day
    let values = 0;
    for (;;) {
      while (end < n && kind[end] !== 0) {
        value = combine(value, valueHashes[end]);
        if (kind[end] === 2) calendar = true;
        else if (kind[end] === 3) clock = true;
        values++;
        end++;
      }
      // A date and a time one word apart ("December 6, 2020 at 6:07 p.m.") are one date-time, in
      // the words around both: an outlet's byline stamp is not another's snapshot time.
      if (calendar && !clock && end + 1 < n && kind[end] === 0 && kind[end + 1] === 3) {
        end++;
        continue;
      }
      break;
    }
    // A date is short ("Tuesday, March 4 2025", "12:31"); a long run with month names is a table row.
    const isDate = (calendar || clock) && values <= MAX_DATE_TOKENS ? 1 : 0;
    const before = start > 0 ? slotContext(tokenHashes, tokenFlags, start - 1, -1, n) : 0x13579bdf;
    const after = end < n ? slotContext(tokenHashes, tokenFlags, end, 1, n) : 0x2468ace0;
    const slot = combine(combine(seed ^ 0x51ed27, before), after);
    slots[slotCount++] = (((slot >>> 12) << 12) | ((value & 0x7ff) << 1) | isDate) >>> 0;
  }
  const lead = scratch.lead;
  let leadCount = 0;
  const leadEnd = leadLength(tokenFlags, n);
  for (let i = 0; i + 1 < leadEnd; i++) lead[leadCount++] = combine(combine(seed ^ 0x1ead, tokenHashes[i]), tokenHashes[i + 1]);
  if (leadEnd === 1) lead[leadCount++] = tokenHashes[0];
  return {
    figures: bottomK(figures, figureCount, MAX_FIGURES, scratch.keptFigures),
    slots: bottomK(slots, slotCount, MAX_FIGURE_SLOTS, scratch.keptSlots),
    lead: bottomK(lead, leadCount, MAX_LEAD_PAIRS, scratch.keptLead),
  };
}

/** Whether a token kind is a figure (a time of day among them). */
function isFigure(kind: number): boolean {
  return kind === 1 || kind === 3;
}

/** Tokens in the lead: LEAD_WORDS words, where CHARACTERS_PER_WORD character tokens make a word. */
function leadLength(tokenFlags: Uint8Array, n: number): number {
  let weight = 0;
  let i = 0;
  while (i < n && weight < LEAD_WORDS * CHARACTERS_PER_WORD) weight += tokenFlags[i++] & TOKEN_CHARACTER ? 1 : CHARACTERS_PER_WORD;
  return i;
}

/**
 * The words beside a figure that make its slot: the token at `at`, and in an unspaced script,
 * where a token is one character, the characters up to a word's worth in direction `step`.
 */
function slotContext(tokenHashes: Uint32Array, tokenFlags: Uint8Array, at: number, step: number, n: number): number {
  let context = tokenHashes[at];
  if ((tokenFlags[at] & TOKEN_CHARACTER) === 0) return context;
  for (let k = 1, i = at + step; k < CHARACTERS_PER_WORD && i >= 0 && i < n && (tokenFlags[i] & TOKEN_CHARACTER) !== 0; k++, i += step) context = combine(context, tokenHashes[i]);
  return context;
}

/** Reusable per-thread buffers for scratchFeatures and the samples it keeps. */
class FeatureScratch {
  kind = new Uint8Array(4096);
  valueHashes = new Uint32Array(4096);
  figures = new Uint32Array(4096);
  slots = new Uint32Array(4096);
  /** Positions of figures and date words, ascending. */
  marked = new Uint32Array(4096);
  /** Positions of words that are dates only next to a figure. */
  maybeDates = new Uint32Array(4096);
  lead = new Uint32Array(LEAD_WORDS * CHARACTERS_PER_WORD);
  /** The samples bottomK keeps, returned as views. */
  keptFigures = new Uint32Array(MAX_FIGURES);
  keptSlots = new Uint32Array(MAX_FIGURE_SLOTS);
  keptLead = new Uint32Array(MAX_LEAD_PAIRS);

  reserve(n: number): this {
    if (n > this.kind.length) {
      let length = this.kind.length;
      while (length < n) length *= 2;
      this.kind = new Uint8Array(length);
      this.valueHashes = new Uint32Array(length);
      this.figures = new Uint32Array(length);
      this.slots = new Uint32Array(length);
      this.marked = new Uint32Array(length);
      this.maybeDates = new Uint32Array(length);
    }
    return this;
  }
}

const featureScratch = new FeatureScratch();

/**
 * The k smallest distinct values of values[0 .. count), sorted, as a view of `kept`. Kept by insertion into a sorted
 * run of at most k: the inputs are hashes in random order, so once the run is full nearly every
 * value is ruled out by one comparison with its largest, and sorting a few dozen values this
 * way costs far less than a call to the typed-array sort.
 */
export function bottomK(values: Uint32Array, count: number, k: number, kept = new Uint32Array(k)): Uint32Array {
  if (kept.length < k) throw new RangeError(`bottomK needs room for ${k} values`);
  let size = 0;
  for (let i = 0; i < count; i++) {
    const value = values[i];
    if (size === k && value >= kept[k - 1]) continue;
    let at = size - 1;
    while (at >= 0 && kept[at] > value) at--;
    if (at >= 0 && kept[at] === value) continue;
    // Shift the larger ones up one place; a full run drops its largest.
    for (let m = size < k ? size : k - 1; m > at + 1; m--) kept[m] = kept[m - 1];
    kept[at + 1] = value;
    if (size < k) size++;
  }
  return kept.subarray(0, size);
}

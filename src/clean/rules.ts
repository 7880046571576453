/**
 * Line rules: patterns for lines that are debris wherever they appear
 * (promos, share bars, ad markers, photo credits, corrections/contact lines)
 * and terminator lines that end an article. All patterns are compiled once.
 */
import { languageAdMarkers, languageCreditLabels, languageReadAlsoLabels, languageTerminators, phraseKey } from './languages.js';
import { endsLikeSentence } from './lines.js';
import { WordSet } from './words.js';

/** Longest line (effective length) the line rules look at: prose longer than this is never a promo. */
export const LINE_RULE_MAX = 260;

const PROMO_START =
  /^(?:sign[ -]?up\b|sign in\b|log ?in\b|subscribe\b|register (?:now|for free|here)\b|download (?:the|our|it)\b|get (?:the|our) (?:free |latest )?(?:app|apps|newsletter)|follow us\b|join (?:us|our)\b|like us on\b|click (?:here|to)\b|tap here\b|try our\b|install (?:the|our)\b|become a (?:member|subscriber|patron)\b|support (?:our|us)\b|donate\b|newsletters?\b|get (?:our|the) .{0,40}newsletter|don'?t miss\b|want more\b|sign up for\b|already a subscriber|create (?:a|your) (?:free )?account)/i;

const PROMO_ANY =
  /(?:newsletter|download (?:our|the) app|app store|google play|sign up (?:for|to|now)|subscribe (?:to|now|for|today)|(?:follow|find|like) us on|click here|in your inbox|our free app|opt-in|unlimited (?:digital )?access)/i;

const SHARE =
  /^(?:share(?: this| on| via| the| article| story| post|:|$)|share this:|tweet(?: this)?$|e-?mail(?: this)?$|print(?: this)?$|facebook$|twitter$|linkedin$|whatsapp$|pinterest$|reddit$|flipboard$|telegram$|copy link|copy url|sharing is caring|\d+ shares?$|(?:click|tap) to (?:share|print|email))/i;

const AD_MARKER =
  /^(?:advertisement|advertising|advertisment|sponsored(?: content| post| links?)?|ad$|ads by|continue reading(?: the main story| below| after)?|article continues|story continues|scroll (?:down )?to continue|skip (?:ad|to (?:main )?content|to site index)|read more below|paid (?:post|content))/i;

const PHOTO_START =
  /^(?:photos?|images?|pictures?|pic|credits?|fotos?|source|illustration|graphic|video|file photo|getty images|ap photo|reuters|afp|epa|shutterstock)\s*(?:by\b|credit|courtesy|:|\/|\||-|–|—|\.\.\.|©)/i;

const PHOTO_ANY =
  /(?:(?:^|[\s.])(?:photos?|images?|pictures?|credits?|fotos?)\s*:\s*\S|getty ?images|\bap photo\b|shutterstock|\((?:photo|credit|image|picture|foto)\b[^)]*\)|\bcredit\s*(?:\.\.\.|:)|\bphoto(?:graph)?(?: courtesy| credit| by)\b|\/\s*(?:afp|reuters|ap|epa|getty)\b\s*$|\bimage (?:source|credit|courtesy)\b)/i;

/** Promo and photo-credit phrases in one scan: group 1 is a promo. */
export const ANY = new RegExp(`(${PROMO_ANY.source})|${PHOTO_ANY.source}`, 'i');

/**
 * Lower-case substrings one of which every match of ANY contains: PROMO_ANY's phrases and
 * PHOTO_ANY's words (its ':' and '(' alternatives hold one of them too). PHOTO_ANY's '/'
 * alternative is tested apart. Read as a WordSet, which skips most of a line's characters where
 * a regular expression engine tries every one.
 */
const ANY_KEY_WORDS = ['letter', 'download', 'app store', 'google', 'sign up', 'subscribe', 'us on', 'click', 'inbox', 'free app', 'opt-in', 'unlimited', 'getty', 'photo', 'shutterstock', 'credit', 'image', 'picture', 'foto'];
const ANY_KEYS = new WordSet(ANY_KEY_WORDS);

/** Longest agency PHOTO_ANY's '/' alternative names ("Boats at dawn / Reuters"). */
const SLASH_AGENCY_MAX = 'reuters'.length;

/**
 * False only when ANY cannot match: the line holds none of ANY_KEYS, and no agency's name
 * after its last '/' (PHOTO_ANY's '/' alternative ends the line). Most lines with a colon, a
 * bracket or a slash are ruled out too.
 */
export function mayMatchAny(s: string): boolean {
  return ANY_KEYS.test(s) || endsWithSlashAgency(s);
}

/** Whether the text after a line's last '/' is short enough to be an agency's name (PHOTO_ANY's '/' alternative). */
function endsWithSlashAgency(s: string): boolean {
  // most lines hold no slash: the forward search is a fast builtin, the backward one is not
  if (!s.includes('/')) return false;
  const slash = s.lastIndexOf('/');
  return slash >= 0 && s.slice(slash + 1).trim().length <= SLASH_AGENCY_MAX;
}

/**
 * ANY_KEYS with the words the fine-print patterns (bar a consent's leading "By") and the stamp
 * label need: a line of up to 200 characters holding none of them is ruled out of all three in
 * one scan.
 */
const LINE_KEYS = new WordSet([...ANY_KEY_WORDS, 'cookie', 'commission', 'compensation', 'published', 'updated', 'posted', 'modified']);

const CORRECTION =
  /^(?:for corrections\b|corrections?:|correction \(|clarification:|an earlier version of this\b|this (?:article|story|post) (?:has been|was) (?:updated|corrected|amended)\b|contact (?:us|the (?:author|writer|reporter|newsroom))\b|to contact\b|write to (?:us|the)\b|e-?mail (?:us|the (?:author|writer|reporter))\b|send (?:us )?(?:your )?(?:news )?tips\b|got a (?:news )?tip\b|have a (?:news )?tip\b|report an error\b|spotted an error\b|if you have (?:a|any) (?:tip|correction)|we welcome (?:your )?feedback)/i;

const EMAIL = /[\w.+-]+@[\w-]+\.[\w.]+|\[email(?:&#160;|\s)protected\]/i;

const COPYRIGHT = /^(?:©|\(c\)|copyright\b|all rights reserved|\d{4} ©)/i;

const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY = '(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\\.?';
const DAY = '\\d{1,2}(?:st|nd|rd|th)?';
const YEAR = '(?:19|20)\\d\\d';
const CALENDAR_DATE = `(?:${MONTH}\\s+${DAY}(?:,?\\s+${YEAR})?|${DAY}\\.?\\s+${MONTH},?(?:\\s+${YEAR})?|${YEAR}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./](?:${YEAR}|\\d\\d(?=\\D*\\d[:.]\\d\\d))|${YEAR}年\\d{1,2}月\\d{1,2}日)`;
const TIME_OF_DAY = '\\d{1,2}[:.h]\\d\\d(?::\\d\\d)?\\s*(?:[ap]\\.?\\s?m\\.?)?(?:\\s*(?:[a-z]{1,4}t|utc|gmt|uhr)(?:[+-]\\d{1,2})?)?';
const STAMP_LABEL = '(?:(?:first |last )?(?:published|updated|posted|modified)(?:\\s+(?:on|at))?\\s*:?\\s*)';

/**
 * A line that is a page's publication stamp and nothing else ("October 9, 2020 at 5:35 a.m.",
 * "Published Apr 11, 2019 7:00 PM ET", "2019-11-20 06:02"): a date with its year or a time of
 * day, optionally labelled and led by a weekday. It is the page's metadata, not the story's
 * text: every outlet stamps its copy with its own time, so left in, the stamps of two copies read
 * as one date "in the same words" that differs, and the copies are told apart. A date alone with
 * no year and no time ("March 4") may head a timeline's entry and stays.
 */
const TIMESTAMP = new RegExp(
  `^${STAMP_LABEL}?(?:${WEEKDAY},?\\s+)?${CALENDAR_DATE}(?:\\s*(?:,|at|@|-|–|—|\\||•|·)?\\s*${TIME_OF_DAY})?$`,
  'i',
);

/** Longest timestamp line (effective length) the rule looks at. */
const TIMESTAMP_MAX = 64;

/** ASCII letters a stamp can start with (months, weekdays, labels; either case), besides digits. */
const STAMP_FIRST = new Uint8Array(128);
for (const c of 'jfmasondtwpul') STAMP_FIRST[c.charCodeAt(0)] = STAMP_FIRST[c.toUpperCase().charCodeAt(0)] = 1;
/** Characters a stamp can end with: a digit, the end of a.m./pm, of a zone (ET, GMT, UTC), of "Uhr", a full stop. */
const STAMP_LAST = new Uint8Array(128);
for (const c of 'mMtTcCrR.') STAMP_LAST[c.charCodeAt(0)] = 1;
for (let c = 48; c <= 57; c++) STAMP_FIRST[c] = STAMP_LAST[c] = 1;

/** Whether a short line is a publication stamp alone (see TIMESTAMP). Most lines fail on the first character or the digit count. */
export function isTimestampLine(s: string, eff: number): boolean {
  if (eff > TIMESTAMP_MAX || eff < 6) return false;
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  if (first >= 128 || STAMP_FIRST[first] === 0 || (last < 128 ? STAMP_LAST[last] === 0 : last !== 0x65e5 /* 日 */)) return false;
  // a year or a time of day holds at least three digits
  if (!hasThreeDigits(s) || !TIMESTAMP.test(s)) return false;
  return YEAR_OR_TIME.test(s);
}

const YEAR_OR_TIME = /(?:19|20)\d\d|\d[:.h]\d\d/;

/** Whether a line holds three ASCII digits or more: a year or a time of day needs them. */
function hasThreeDigits(s: string): boolean {
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57 && ++digits >= 3) return true;
  }
  return false;
}

/** Longest stamp line (effective length) isStampLine looks at: a byline and two stamps at most. */
const STAMP_LINE_MAX = 110;
const STAMP_WORD = /published|updated|posted|modified/i;

/**
 * A stamp label right before a date or a time ("Updated 11:21 pm CST, Tuesday, ...", "Posted by
 * Dana Reyes on August 21, 2019", "Last Updated on Dec. 11, 2025"), wherever it stands in the line;
 * not a verb of a clause ("the report was updated on March 3").
 */
const LABELLED_STAMP = new RegExp(
  `(?<!\\b(?:was|were|been|be|being|is|are|has|have|had|will|to)\\s)\\b(?:published|updated|posted|modified)\\b\\s*:?\\s*(?:by\\s+(?:[^\\s]+\\s+){1,4}?)?(?:on\\s+|at\\s+)?(?:${WEEKDAY},?\\s+)?(?:${CALENDAR_DATE}|${TIME_OF_DAY})`,
  'i',
);

/**
 * A line that stamps the page with when it was published or updated, a byline or a second
 * stamp beside it ("PUBLISHED: 00:01, Tue, Nov 19, 2019 | UPDATED: 10:43, ...", "By Dana Reyes ·
 * Updated May 6, 2025"): page metadata, as a stamp alone on its line is (isTimestampLine). A
 * short line that ends no sentence, with a date's year or a clock time in it.
 */
export function isStampLine(s: string, eff: number): boolean {
  if (eff > STAMP_LINE_MAX || !hasThreeDigits(s) || !STAMP_WORD.test(s) || endsLikeSentence(s) || !YEAR_OR_TIME.test(s)) return false;
  return LABELLED_STAMP.test(s);
}

/** Longest line (effective length) hasDateOrTime looks at: a comment's header, not a paragraph. */
const DATED_LINE_MAX = 120;

/**
 * A date with its year, or a clock time ("10:42", "9:05 pm"), anywhere in a line: what the
 * header of a comment or of a listing's entry carries ("Dana says: March 3, 2021 at 9:05 pm").
 * A decimal ("3.50") is no time here: only a colon marks one.
 */
const DATED = new RegExp(
  `(?:^|[^\\w])(?:${MONTH}\\s+${DAY},?\\s+${YEAR}|${DAY}\\.?\\s+${MONTH},?\\s+${YEAR}|${YEAR}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./]${YEAR}|\\d{1,2}:\\d\\d(?!\\d))`,
  'i',
);

/** A word that is part of a date or a time: a month, a weekday, a.m./p.m., a time zone ("GMT", "EST"), "at", "on". */
const DATE_WORD = new RegExp(`^(?:${MONTH}|${WEEKDAY}|[ap]\\.?m\\.?|[a-z]{1,3}t|utc|at|on)[,:]?$`, 'i');

export function isDateWord(word: string): boolean {
  return DATE_WORD.test(word);
}

/** Whether a short line holds a date with its year or a clock time (see DATED). */
export function hasDateOrTime(s: string, eff: number): boolean {
  if (eff > DATED_LINE_MAX) return false;
  return hasThreeDigits(s) && DATED.test(s);
}

/** Longest paragraph (effective length) the fine-print rule looks at: a form's consent runs to several sentences. */
export const FINE_PRINT_MAX = 800;

/**
 * Words one of which every match of the cookie and affiliate patterns holds, with or without a
 * capital, or in capitals (a consent line starts with "By", tested apart): most lines are ruled
 * out on them. A pattern without the i flag, which the engine scans faster.
 */
const FINE_PRINT_KEYS = /[Cc]ookie|COOKIE|[Cc]ommission|COMMISSION|[Cc]ompensation|COMPENSATION/;

/** A form's consent: "By submitting this form, you agree to ...", "By clicking Subscribe, I consent to ...". */
const CONSENT =
  /^by (?:submitting|clicking|signing|providing|checking|entering|subscribing|continuing|using|registering|tapping|opting|proceeding)\b.{0,200}?\b(?:agree|consent|authori[sz]e|acknowledge|accept)/i;

/** A consent manager's words: what it asks the reader to allow and where it keeps the choice. */
const CONSENT_WORDS = '(?:device|personal data|consent|consenting|settings|preferences|opt[- ]?out|accept all|switched off|necessary|functional|analytics|targeting|partners)';

/** A cookie notice: the site telling its reader that it sets cookies. */
const COOKIE_NOTICE = /\b(?:we|this (?:web)?site|our (?:web)?site) uses? cookies\b|\byou (?:agree|consent|accept)\b.{0,60}\bcookies\b/i;

/**
 * A line of a consent manager's panel flattened to text: "cookies" within a few words of a
 * consent manager's words ("Necessary Cookies", "These cookies are necessary for the website to
 * function", "Cookie Settings"), in a line no longer than the line rules read (a paragraph of a
 * story about cookies runs longer).
 */
const CONSENT_PANEL = new RegExp(`\\bcookies?\\b.{0,60}\\b${CONSENT_WORDS}\\b|\\b${CONSENT_WORDS}\\b.{0,60}\\bcookies?\\b`, 'i');

/** An affiliate disclosure: "When you buy through our links, we may earn a commission." */
const AFFILIATE = /\b(?:may|might|will|could|can) (?:earn|receive|get) (?:a |an )?(?:small )?(?:share of |portion of )?(?:affiliate |referral )?(?:commission|compensation|share of the)/i;

/**
 * The site's fine print set in the page's text: a form's consent, a cookie notice, an affiliate
 * disclosure. Each is a paragraph of its own in the site's voice, addressed to the reader, and
 * no part of any story; a quoted sentence that speaks of them stays.
 */
function finePrintRule(s: string): string | null {
  if (startsWithBy(s) && CONSENT.test(s)) return 'fine-print';
  if (!FINE_PRINT_KEYS.test(s)) return null;
  if (COOKIE_NOTICE.test(s) || (s.length <= LINE_RULE_MAX && CONSENT_PANEL.test(s))) return 'fine-print';
  return AFFILIATE.test(s) && !isStoryQuote(s) ? 'fine-print' : null;
}

/** Whether a line starts with the word "by" (either case) and a space: the cheap test before CONSENT. */
function startsWithBy(s: string): boolean {
  return s.length > 3 && (s.charCodeAt(0) | 32) === 98 && (s.charCodeAt(1) | 32) === 121 && s.charCodeAt(2) === 32;
}

/**
 * The patterns anchored at a line's start, in the order lineRule tests them, as the alternatives
 * of one pattern, each in a group of its own: one call rules a line out of all of them (most
 * lines fail them at their first characters, and a call costs more than that), and the first
 * alternative that matches is the first of the patterns that would. Each index is its group's.
 */
const LINE_START_RULES: readonly [RegExp, string][] = [
  [AD_MARKER, 'ad-marker'],
  [SHARE, 'share'],
  [PHOTO_START, 'photo-credit'],
  [CORRECTION, 'correction'],
  [COPYRIGHT, 'copyright'],
  [PROMO_START, 'promo'],
];
// one '^' before the alternatives, so the engine tries the line's start alone (a '^' in each alternative does not tell it so)
const LINE_START = new RegExp(`^(?:${LINE_START_RULES.map(([re]) => `(${anchoredBody(re)})`).join('|')})`, 'i');
/** Each alternative's group: one past the groups of the alternatives before it (each its own and those of its pattern). */
const LINE_START_GROUPS: number[] = [];
let nextLineStartGroup = 1;
for (const [re] of LINE_START_RULES) {
  LINE_START_GROUPS.push(nextLineStartGroup);
  nextLineStartGroup += 1 + groupCount(re);
}
/** Index in LINE_START_RULES of the promo pattern, which lineRule tests after the timestamps. */
const PROMO_AT = LINE_START_RULES.length - 1;

/**
 * The pattern of `re` after its leading '^', for a case-insensitive pattern anchored as a whole:
 * it starts with '^' and has no '|' outside brackets and groups (else the '^' would anchor only
 * its first alternative). Throws otherwise, so a pattern changed to another shape is not
 * silently read otherwise.
 */
function anchoredBody(re: RegExp): string {
  const src = re.source;
  if (re.flags !== 'i' || src[0] !== '^') throw new Error(`LINE_START: /${src}/${re.flags} is not a case-insensitive pattern anchored at the start`);
  let depth = 0;
  let inClass = false;
  for (let i = 1; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) throw new Error(`LINE_START: /${src}/ has an alternative outside its groups`);
  }
  return src.slice(1);
}

/** Capturing groups of a pattern. */
function groupCount(re: RegExp): number {
  return new RegExp(`${re.source}|`).exec('')!.length - 1;
}

/** Which of LINE_START_RULES the line matches first (its index), or -1. */
function lineStartRule(s: string): number {
  const m = LINE_START.exec(s);
  if (m === null) return -1;
  for (let k = 0; k < LINE_START_GROUPS.length; k++) if (m[LINE_START_GROUPS[k]] !== undefined) return k;
  return -1;
}

/**
 * Classifies a short line as debris, or returns null. `eff` is the line's
 * effective length. A promo word anywhere in a line makes it a promo unless the
 * line reads as a quote from the story (isStoryQuote), so a quote that mentions a
 * newsletter stays.
 */
export function lineRule(line: string, eff: number): string | null {
  if (eff > LINE_RULE_MAX) return eff <= FINE_PRINT_MAX ? finePrintRule(line) : null;
  const s = line.trim();
  // one scan for the words the promo, photo-credit, fine-print and stamp patterns need (up to 200 characters)
  const keyed = eff > 200 || LINE_KEYS.test(s);
  const fine = keyed ? finePrintRule(s) : startsWithBy(s) && CONSENT.test(s) ? 'fine-print' : null;
  if (fine !== null) return fine;
  // the anchored patterns in one call: the ad-marker, share, photo-credit, correction and copyright ones, then the promo one after the timestamps
  const start = lineStartRule(s);
  if (start >= 0 && start < PROMO_AT) return LINE_START_RULES[start][1];
  if (isTimestampLine(s, eff) || (keyed && isStampLine(s, eff))) return 'timestamp';
  if (start === PROMO_AT) return 'promo';
  if (eff <= 200) {
    const m = keyed || endsWithSlashAgency(s) ? ANY.exec(s) : null;
    if (m) {
      if (m[1] !== undefined) {
        if (!isStoryQuote(s)) return 'promo';
        if (PHOTO_ANY.test(s)) return 'photo-credit';
      } else return 'photo-credit';
    }
    if (eff < 120 && (s.includes('@') || s.includes('[email')) && EMAIL.test(s) && !endsLikeSentence(s)) return 'correction';
  }
  return labelledLineRule(s, eff);
}

const READ_ALSO_LABELS = languageReadAlsoLabels();
for (const label of ['read more', 'read also', 'also read', 'related', 'see also', 'related story', 'related article']) READ_ALSO_LABELS.add(label);
const CREDIT_LABELS = languageCreditLabels();
const AD_MARKERS = languageAdMarkers();

/** ASCII characters that some key (a phraseKey) starts with. */
function asciiFirsts(keys: Iterable<string>): Uint8Array {
  const firsts = new Uint8Array(128);
  for (const key of keys) if (key.charCodeAt(0) < 128) firsts[key.charCodeAt(0)] = 1;
  return firsts;
}
const AD_MARKER_FIRSTS = asciiFirsts(AD_MARKERS);
const LABEL_FIRSTS = asciiFirsts([...READ_ALSO_LABELS, ...CREDIT_LABELS]);

/**
 * Whether the phraseKey of s (a text that starts with no blank) may start with one of `firsts`:
 * s starts outside ASCII, or with one of them in either case. Most lines are ruled out before
 * their key is built.
 */
function mayStartKey(s: string, firsts: Uint8Array): boolean {
  const c = s.charCodeAt(0);
  return !(c < 128) || firsts[c >= 65 && c <= 90 ? c + 32 : c] === 1;
}

/** A label of at most this many characters, ended by a colon or a slash, opens a labelled line. */
const LABEL_MAX = 32;

/**
 * Lines named by a label in any language: an advertising marker alone ("Anzeige", "Реклама",
 * "إعلان", "广告"), an inline "read also: <headline>" ("Читайте также: …", "相关阅读：…") and a
 * photo credit ("Fot. PAP/…", "Фото: …", "图片来源：…").
 */
function labelledLineRule(s: string, eff: number): string | null {
  if (eff <= 40 && mayStartKey(s, AD_MARKER_FIRSTS) && AD_MARKERS.has(phraseKey(trimTrail(s)))) return 'ad-marker';
  if (!mayStartKey(s, LABEL_FIRSTS)) return null;
  const end = labelEnd(s);
  if (end < 0) return null;
  const label = phraseKey(s.slice(0, end));
  if (READ_ALSO_LABELS.has(label)) return 'read-also';
  if (eff <= 160 && CREDIT_LABELS.has(label)) return 'photo-credit';
  return null;
}

/** Where the label of a labelled line ends: its first colon (ASCII or full-width) or slash, or the dot of an abbreviation ("Fot."); -1 when there is none close to the start. */
function labelEnd(s: string): number {
  const n = Math.min(s.length, LABEL_MAX + 1);
  // a dot ends the label only right before the line's first space ("Fot. PAP"): found by the
  // builtin search, the loop reads colons and slashes up to that dot alone
  const space = s.indexOf(' ');
  const dot = space >= 2 && space <= n && s.charCodeAt(space - 1) === 46 ? space - 1 : n;
  for (let i = 1; i < dot; i++) {
    const c = s.charCodeAt(i);
    if (c === 58 || c === 0xff1a || c === 47) return i;
  }
  return dot < n ? space : -1;
}

function trimTrail(s: string): string {
  let end = s.length;
  while (end > 0 && isTrail(s.charCodeAt(end - 1))) end--;
  return s.slice(0, end);
}

/** A quoted sentence ("...," she said.) is story text even when it mentions a promo word. */
function isStoryQuote(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c === 34 || c === 0x201c || c === 0x2018 || c === 0xab) return true;
  return / (?:said|says|told|added|wrote)\b/i.test(s);
}

/** Terminator kinds, keyed by the normalised line (lower case, trailing punctuation dropped). */
const TERMINATOR_EXACT: ReadonlyMap<string, string> = new Map(
  Object.entries({
    'related': 'related',
    'related posts': 'related',
    'related articles': 'related',
    'related stories': 'related',
    'related content': 'related',
    'related news': 'related',
    'related coverage': 'related',
    'related reading': 'related',
    'related links': 'related',
    'related topics': 'related',
    'related tags': 'tags',
    'related video': 'related',
    'related videos': 'related',
    'see also': 'related',
    'also read': 'related',
    'further reading': 'related',
    'read next': 'related',
    'read more': 'read-more',
    'read more stories': 'read-more',
    'more stories': 'more',
    'more news': 'more',
    'more articles': 'more',
    'more to read': 'more',
    'more on this story': 'more',
    'more on this topic': 'more',
    'you might also like': 'recommended',
    'you may also like': 'recommended',
    'you might like': 'recommended',
    'you may like': 'recommended',
    'you might be interested in': 'recommended',
    'you may be interested in': 'recommended',
    'we recommend': 'recommended',
    'recommended': 'recommended',
    'recommended for you': 'recommended',
    'recommended stories': 'recommended',
    'recommended articles': 'recommended',
    'recommended reading': 'recommended',
    'editors picks': 'recommended',
    "editor's picks": 'recommended',
    'most popular': 'popular',
    'most read': 'popular',
    'most viewed': 'popular',
    'popular posts': 'popular',
    'popular stories': 'popular',
    'trending': 'popular',
    'trending now': 'popular',
    'trending stories': 'popular',
    'top stories': 'popular',
    'latest news': 'popular',
    'latest stories': 'popular',
    'latest posts': 'popular',
    'recent posts': 'popular',
    'around the web': 'sponsored',
    'from the web': 'sponsored',
    'sponsored stories': 'sponsored',
    'promoted stories': 'sponsored',
    'comments': 'comments',
    'comment': 'comments',
    'leave a comment': 'comments',
    'leave a reply': 'comments',
    'post a comment': 'comments',
    'add a comment': 'comments',
    'add comment': 'comments',
    'join the conversation': 'comments',
    'join the discussion': 'comments',
    'show comments': 'comments',
    'view comments': 'comments',
    'discussion': 'comments',
    'responses': 'comments',
    'tags': 'tags',
    'topics': 'tags',
    'filed under': 'tags',
    'about the author': 'author',
    'share this': 'share',
    'share this article': 'share',
    'share this post': 'share',
    'share this story': 'share',
    'whats next': 'more',
    "what's next": 'more',
    // the list of the sources a piece cites, set under it: no part of its text
    'sources': 'sources',
    'article sources': 'sources',
    'sources and references': 'sources',
    'references': 'sources',
    'citations': 'sources',
    'footnotes': 'sources',
    'endnotes': 'sources',
    'bibliography': 'sources',
    'works cited': 'sources',
  }),
);

const TERMINATOR_PREFIX =
  /^(?:more (?:from|in|on|about|stories from|news from) \S|related (?:posts|articles|stories|coverage|news|reading|content)\b|\d+ (?:comments?|responses|replies)\b|comments? \(\d+\)|tags?:|topics?:|filed under:|categories?:|you (?:might|may) also (?:like|enjoy)|recommended (?:for|by)\b|read more (?:from|on|about|stories)\b|see more\b|also on\b|other stories\b|more like this\b)/i;

/** Headings of other languages ("Lesen Sie auch", "Похожие новости", "相关新闻"), keyed by phraseKey. */
const LANGUAGE_TERMINATORS = languageTerminators();

/**
 * FNV-1a hash of text[start, end) folded as phraseKey folds ASCII (lower case, a run of blanks
 * one space), or -1 when the text holds a character outside ASCII.
 */
function asciiFoldedHash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  let blank = false;
  for (let i = start; i < end; i++) {
    const raw = text.charCodeAt(i);
    if (raw >= 128) return -1;
    const c = foldAscii(raw);
    if (c === 32) {
      if (blank) continue;
      blank = true;
    } else blank = false;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
}

/** An ASCII character as asciiFoldedHash folds it: a blank to a space, a capital to its small letter. */
function foldAscii(c: number): number {
  return c === 32 || (c >= 9 && c <= 13) ? 32 : c >= 65 && c <= 90 ? c + 32 : c;
}

/** asciiFoldedHash of every heading of the exact and language tables written in ASCII. */
const TERMINATOR_KEY_HASHES: ReadonlySet<number> = new Set(
  [...TERMINATOR_EXACT.keys(), ...LANGUAGE_TERMINATORS.keys()].map((key) => asciiFoldedHash(key, 0, key.length)).filter((h) => h >= 0),
);

/** Terminators that may also close a story that just gives a "read more" pointer: only cut when what follows is not prose. */
const WEAK: ReadonlySet<string> = new Set(['read-more', 'tags', 'share', 'author']);

/** First letters of TERMINATOR_PREFIX's alternatives (digits are always let through). */
const PREFIX_FIRST = 'mrctfysao';

/** ASCII characters a normalised terminator line can start with: the first test of terminatorKind. */
const TERMINATOR_FIRST = new Uint8Array(128);
for (const k of [...TERMINATOR_EXACT.keys(), ...LANGUAGE_TERMINATORS.keys(), ...PREFIX_FIRST]) if (k.charCodeAt(0) < 128) TERMINATOR_FIRST[k.charCodeAt(0)] = 1;
for (let c = 48; c <= 57; c++) TERMINATOR_FIRST[c] = 1;

/** First two letters of TERMINATOR_PREFIX's alternatives that start with a letter. */
const PREFIX_PAIRS = ['mo', 're', 'co', 'ta', 'to', 'fi', 'ca', 'yo', 'se', 'al', 'ot'];

/**
 * Pairs of ASCII characters (first << 7 | second) that a heading of the exact and language
 * tables, or an alternative of TERMINATOR_PREFIX, starts with, folded as asciiFoldedHash folds:
 * the second test of terminatorKind, which rules out most short lines its first letter lets through.
 */
const TERMINATOR_PAIRS = new Uint8Array(128 * 128);
for (const k of [...TERMINATOR_EXACT.keys(), ...LANGUAGE_TERMINATORS.keys(), ...PREFIX_PAIRS]) {
  const a = k.charCodeAt(0);
  const b = k.charCodeAt(1);
  if (a < 128 && b < 128) TERMINATOR_PAIRS[(a << 7) | b] = 1;
}

/** Whether text[start, end) is all ASCII. */
function isAscii(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) >= 128) return false;
  return true;
}

/** JavaScript's white space (\s, and what String.prototype.trim removes). */
function isSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Characters dropped from the end of a terminator line: spaces and : . - – — » › > | • · ) ] */
function isTrail(c: number): boolean {
  return (
    isSpace(c) ||
    c === 58 ||
    c === 46 ||
    c === 45 ||
    c === 0x2013 ||
    c === 0x2014 ||
    c === 0xbb ||
    c === 0x203a ||
    c === 62 ||
    c === 124 ||
    c === 0x2022 ||
    c === 0xb7 ||
    c === 41 ||
    c === 93 ||
    c === 0xff1a || // full-width colon
    c === 0x3002 // ideographic full stop
  );
}

/** Characters dropped from the start of a terminator line: spaces and ( [ « ‹ < | • · */
function isLead(c: number): boolean {
  return isSpace(c) || c === 40 || c === 91 || c === 0xab || c === 0x2039 || c === 60 || c === 124 || c === 0x2022 || c === 0xb7;
}

/**
 * If the line is a terminator ("Related Articles", "12 Comments", "More from
 * Sports"), returns its kind, else null. Only short lines qualify.
 */
export function terminatorKind(line: string, eff: number): string | null {
  if (eff > 60 || isBracketedPointer(line)) return null;
  let end = line.length;
  while (end > 0 && isTrail(line.charCodeAt(end - 1))) end--;
  let start = 0;
  while (start < end && isLead(line.charCodeAt(start))) start++;
  if (start === end) return null;
  // fast path: most short lines start with a letter no terminator starts with
  // (a character outside ASCII may lower-case to one, so it takes the full test)
  const c = line.charCodeAt(start);
  const first = foldAscii(c);
  if (c < 128 && TERMINATOR_FIRST[first] === 0) return null;
  // then the first two: an ASCII line starting as no heading does folds to none (digits, which
  // lead the prefix pattern's counts, go on)
  if (c < 128 && (c < 48 || c > 57) && end - start >= 2) {
    const d = line.charCodeAt(start + 1);
    if (d < 128 && TERMINATOR_PAIRS[(first << 7) | foldAscii(d)] === 0 && isAscii(line, start + 2, end)) return null;
  }
  // an ASCII line that folds to no heading of the tables can only match the prefix pattern, which
  // reads ASCII alike in either case: no lower-case copy is made for it
  const folded = asciiFoldedHash(line, start, end);
  if (folded >= 0 && !TERMINATOR_KEY_HASHES.has(folded) && !TERMINATOR_PREFIX.test(line.slice(start, end))) return null;
  const s = line.slice(start, end).toLowerCase();
  const exact = TERMINATOR_EXACT.get(s);
  if (exact) return exact;
  if (TERMINATOR_PREFIX.test(s)) {
    if (s.startsWith('tag') || s.startsWith('topic') || s.startsWith('filed') || s.startsWith('categor')) return 'tags';
    if (/^\d|comment/.test(s)) return 'comments';
    if (s.startsWith('read more')) return 'read-more';
    if (s.startsWith('you')) return 'recommended';
    return s.startsWith('related') ? 'related' : 'more';
  }
  return LANGUAGE_TERMINATORS.get(phraseKey(s)) ?? null;
}

/**
 * A pointer written inside the story in brackets, label and all ("(Related reading: <headline>.)"):
 * an aside between paragraphs, which a heading over a list never is.
 */
function isBracketedPointer(line: string): boolean {
  const s = line.trim();
  return s.charCodeAt(0) === 40 && s.charCodeAt(s.length - 1) === 41 && s.indexOf(':') > 0;
}

export function isWeakTerminator(kind: string): boolean {
  return WEAK.has(kind);
}

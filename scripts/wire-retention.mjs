#!/usr/bin/env node
/**
 * How much of each newswire story survives cleaning. Takes the JSONL records as they went in
 * (text = "<headline>\n\n<body>", the body ending in an agency sign-off such as " Reuter") and
 * the output of `dedupe clean --jsonl` on them, and prints:
 *   - stories lost: a story with a body whose cleaned text is empty or missing;
 *   - lead kept: share of stories whose first eight body words are in the cleaned text, in order;
 *   - words kept: share of stories that keep at least 98% of their body words.
 * The headline and the sign-off are not body words (cleaning may drop them). A record without
 * a headline paragraph (its title empty, or its text not starting with it) is body throughout.
 *
 *   dedupe clean --jsonl feed.jsonl > clean.jsonl
 *   node scripts/wire-retention.mjs feed.jsonl clean.jsonl [--sign-off Reuter] [--list N]
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
};
const signOff = option('--sign-off', 'Reuter').toLowerCase();
const listWorst = Number(option('--list', '0'));
const [inputPath, cleanPath] = args;
if (!inputPath || !cleanPath) {
  console.error('usage: wire-retention.mjs INPUT.jsonl CLEAN.jsonl [--sign-off WORD] [--list N]');
  process.exit(2);
}

const LEAD_WORDS = 8;
const WORDS_KEPT = 0.98;

async function* records(path) {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim()) yield JSON.parse(line);
}

function words(text) {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/** The body's words: the text less its headline paragraph and a trailing sign-off. */
function bodyWords(record) {
  const text = String(record.text ?? '');
  const title = String(record.title ?? '').trim();
  let body = text;
  if (title && text.startsWith(title)) {
    const rest = text.slice(title.length);
    if (rest.trim() === '' || /^\s*\n/.test(rest)) body = rest;
  }
  const w = words(body);
  if (w.length > 0 && w[w.length - 1] === signOff) w.pop();
  return w;
}

function containsInOrder(haystack, needle) {
  if (needle.length === 0) return true;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let k = 0; k < needle.length; k++) if (haystack[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

/** Share of the body's words (as a multiset) found in the cleaned text. */
function keptShare(body, cleaned) {
  const have = new Map();
  for (const w of cleaned) have.set(w, (have.get(w) ?? 0) + 1);
  let kept = 0;
  for (const w of body) {
    const n = have.get(w) ?? 0;
    if (n > 0) {
      kept++;
      have.set(w, n - 1);
    }
  }
  return body.length === 0 ? 1 : kept / body.length;
}

const cleanedById = new Map();
for await (const r of records(cleanPath)) cleanedById.set(String(r.id), String(r.text ?? ''));

let stories = 0;
let withBody = 0;
let lost = 0;
let leadKept = 0;
let wordsKept = 0;
const worst = [];
for await (const record of records(inputPath)) {
  const body = bodyWords(record);
  stories++;
  if (body.length === 0) continue;
  withBody++;
  const cleanedText = cleanedById.get(String(record.id));
  const cleaned = words(cleanedText ?? '');
  if (cleaned.length === 0) lost++;
  if (containsInOrder(cleaned, body.slice(0, LEAD_WORDS))) leadKept++;
  const share = keptShare(body, cleaned);
  if (share >= WORDS_KEPT) wordsKept++;
  else if (listWorst > 0) worst.push([share, record.id]);
}

const pct = (n) => `${((100 * n) / withBody).toFixed(2)}%`;
console.log(`stories ${stories}, with a body ${withBody}`);
console.log(`stories lost: ${lost}`);
console.log(`first ${LEAD_WORDS} body words kept: ${leadKept} (${pct(leadKept)})`);
console.log(`${WORDS_KEPT * 100}% of body words kept: ${wordsKept} (${pct(wordsKept)})`);
if (listWorst > 0) {
  worst.sort((x, y) => x[0] - y[0]);
  for (const [share, id] of worst.slice(0, listWorst)) console.log(`  ${id}  ${(100 * share).toFixed(1)}%`);
}

/**
 * Deterministic synthetic news corpus for the benchmark: invented words (a Zipf-weighted
 * vocabulary built from syllables, plus common English function words), articles of about 3 KB
 * with headlines, datelines and figures, about 20% near-duplicate copies (reworded words,
 * dropped sentences, trimmed endings) and per-site debris (menus, share lines, footers) that
 * recurs across each site's pages. No real text is used.
 */

import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const GENERATOR_VERSION = 4;

/** mulberry32: a small seeded PRNG, so every run writes the same corpus. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FUNCTION_WORDS = 'the of and to in a is that for on was with said as at by from he it his be has have will are not an but were which had its this their after over also been who more they than two new one about would could when year up out into last there first other some million per people while where under three before should between'.split(' ');
const SYLLABLES = 'ba be bi bo bu ca co cu da de di do du fa fe fi fo ga ge go ha he hi ho ka ke ki ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zo bran cor dell fen gar hol lin mar nor port sel ter val wen ston ley ton ham ford bury wick shire ment tion ance ing er al ic ous ive'.split(' ');

export class Vocabulary {
  constructor(random, size = 30000) {
    const seen = new Set(FUNCTION_WORDS);
    this.words = [];
    while (this.words.length < size) {
      const n = 1 + Math.floor(random() * 3);
      let w = '';
      for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
      if (!seen.has(w)) {
        seen.add(w);
        this.words.push(w);
      }
    }
    // Zipf weights, as a lookup table: one uniform draw picks a word.
    let total = 0;
    for (let i = 0; i < size; i++) total += 1 / (i + 10);
    this.table = new Uint16Array(1 << 20);
    let cumulative = 0;
    let word = 0;
    for (let slot = 0; slot < this.table.length; slot++) {
      const x = ((slot + 0.5) / this.table.length) * total;
      while (word < size - 1 && cumulative + 1 / (word + 10) < x) cumulative += 1 / (word++ + 10);
      this.table[slot] = word;
    }
  }

  word(random) {
    const r = random();
    if (r < 0.35) return FUNCTION_WORDS[Math.floor((r / 0.35) * FUNCTION_WORDS.length)];
    return this.words[this.table[Math.floor(((r - 0.35) / 0.65) * this.table.length)]];
  }
}

const capital = (w) => w[0].toUpperCase() + w.slice(1);

function sentence(vocab, random) {
  const n = 8 + Math.floor(random() * 18);
  const words = [];
  for (let i = 0; i < n; i++) {
    const r = random();
    if (r < 0.03) words.push(String(Math.floor(random() * 5000)));
    else if (r < 0.04) words.push(`$${(random() * 100).toFixed(1)}m`);
    else if (r < 0.1) words.push(capital(vocab.word(random)));
    else words.push(vocab.word(random));
  }
  words[0] = capital(words[0]);
  if (random() < 0.15) return `“${words.join(' ')},” said ${capital(vocab.word(random))} ${capital(vocab.word(random))}.`;
  return words.join(' ') + (random() < 0.05 ? '?' : '.');
}

/** An original article: headline, dateline and about 3 KB of paragraphs. */
function article(vocab, random) {
  const headline = Array.from({ length: 6 + Math.floor(random() * 6) }, () => vocab.word(random)).join(' ');
  const target = 2000 + Math.floor(random() * 2000);
  const paragraphs = [];
  let size = 0;
  while (size < target) {
    const p = Array.from({ length: 2 + Math.floor(random() * 3) }, () => sentence(vocab, random)).join(' ');
    paragraphs.push(p);
    size += p.length;
  }
  paragraphs[0] = `${capital(vocab.word(random)).toUpperCase()} (Wire) — ${paragraphs[0]}`;
  return { headline: capital(headline), paragraphs };
}

/** A near-duplicate copy: a few words changed, sentences dropped, sometimes the end trimmed. */
function copyOf(original, vocab, random) {
  const keep = random() < 0.3 ? Math.max(2, Math.ceil(original.paragraphs.length * (0.5 + random() * 0.4))) : original.paragraphs.length;
  const paragraphs = original.paragraphs.slice(0, keep).map((p) => {
    if (random() < 0.1) return p;
    const sentences = p.split(/(?<=[.?”]) /).filter(() => random() > 0.04);
    return sentences
      .map((s) => s.split(' ').map((w) => (random() < 0.03 ? vocab.word(random) : w)).join(' '))
      .join(' ');
  });
  const headline = random() < 0.5 ? original.headline : capital(Array.from({ length: 7 }, () => vocab.word(random)).join(' '));
  return { headline, paragraphs: paragraphs.filter((p) => p.length > 0) };
}

function site(index, vocab, random) {
  const name = `${capital(vocab.word(random))} ${['Herald', 'Times', 'Post', 'Daily', 'News', 'Gazette', 'Wire', 'Courier'][index % 8]}`;
  const sections = Array.from({ length: 5 }, () => capital(vocab.word(random)));
  return {
    slug: `site-${String(index).padStart(3, '0')}`,
    name,
    header: [`${name} | Home | ${sections.join(' | ')}`, `Subscribe to ${name}`],
    footer: [
      'Share this article',
      'Facebook Twitter Email',
      `Sign up for the ${name} newsletter`,
      `© 2025 ${name}. All rights reserved.`,
    ],
  };
}

/** Debris around a body: the site's menu and footer, a timestamp, sometimes a teaser. */
function withDebris(body, s, vocab, random) {
  const lines = [...s.header, `Updated ${1 + Math.floor(random() * 23)} hours ago`, '', ...body];
  if (random() < 0.3) lines.push('', 'Related stories', capital(Array.from({ length: 8 }, () => vocab.word(random)).join(' ')));
  lines.push('', ...s.footer);
  return lines.join('\n');
}

/**
 * N documents: { id, site, title, url, date, text, html } where text is plain text with debris,
 * or (a share `htmlShare` of them, none by default) a web page.
 */
export function* generate(n, seed = 20250101, htmlShare = 0) {
  const random = rng(seed);
  const vocab = new Vocabulary(random);
  const sites = Array.from({ length: 200 }, (_, i) => site(i, vocab, random));
  const originals = [];
  for (let i = 0; i < n; i++) {
    let story;
    if (originals.length > 10 && random() < 0.2) story = copyOf(originals[Math.floor(random() * originals.length)], vocab, random);
    else {
      story = article(vocab, random);
      // Keep a bounded pool of recent originals to copy from.
      if (originals.length < 5000) originals.push(story);
      else originals[Math.floor(random() * 5000)] = story;
    }
    const s = sites[Math.floor(random() * sites.length)];
    const day = 1 + (i % 28);
    const date = `2025-03-${String(day).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z`;
    const id = `doc-${String(i).padStart(7, '0')}`;
    const html = htmlShare > 0 && (i * 0.618034) % 1 < htmlShare;
    const text = html
      ? `<html><head><title>${story.headline}</title></head><body><nav>${s.header.join(' ')}</nav><article><h1>${story.headline}</h1>${story.paragraphs.map((p) => `<p>${p}</p>`).join('')}</article><footer>${s.footer.join(' ')}</footer></body></html>`
      : withDebris([story.headline, '', ...story.paragraphs.flatMap((p) => [p, ''])], s, vocab, random);
    yield { id, site: s.slug, title: story.headline, url: `https://${s.slug}.example/${id}`, date, text, html };
  }
}

/** Writes the corpus as JSONL; returns its size in bytes. */
export async function writeJsonl(file, n, htmlShare = 0) {
  await mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  let buffer = '';
  let bytes = 0;
  const flush = async () => {
    bytes += Buffer.byteLength(buffer);
    if (!out.write(buffer)) await new Promise((resolve) => out.once('drain', resolve));
    buffer = '';
  };
  for (const doc of generate(n, undefined, htmlShare)) {
    buffer += JSON.stringify({ id: doc.id, title: doc.title, url: doc.url, date: doc.date, text: doc.text }) + '\n';
    if (buffer.length > 1 << 20) await flush();
  }
  await flush();
  await new Promise((resolve) => out.end(resolve));
  return bytes;
}

/** Writes the corpus as one file per document (.txt, or .html for pages) under site folders. */
export async function writeFolder(dir, n, htmlShare = 0) {
  let bytes = 0;
  for (let i = 0; i < 200; i++) await mkdir(path.join(dir, `site-${String(i).padStart(3, '0')}`), { recursive: true });
  const source = generate(n, undefined, htmlShare);
  for (;;) {
    const docs = [];
    for (let doc = source.next(); !doc.done; doc = docs.length < 256 ? source.next() : { done: true }) docs.push(doc.value);
    if (docs.length === 0) break;
    await Promise.all(
      docs.map(async (doc) => {
        const folder = path.join(dir, doc.site);
        bytes += Buffer.byteLength(doc.text);
        await writeFile(path.join(folder, `${doc.id}.${doc.html ? 'html' : 'txt'}`), doc.text);
      }),
    );
  }
  return bytes;
}

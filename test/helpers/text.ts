/** Made-up words and stories for tests. */

import { random } from './random.js';

/** Letter-only name for a number (0 -> "a", 26 -> "ba"): synthetic words without digits. */
export function letters(n: number): string {
  let out = '';
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26);
  } while (n > 0);
  return out;
}

/** n distinct letter-only words with a prefix (digits would count as figures). */
export function words(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => prefix + letters(i));
}

const WORDS = (
  'harbour council river market school bridge library station garden museum festival ferry orchard quarry ' +
  'lantern valley meadow tunnel archive workshop theatre hospital stadium airport canal village mill forest ' +
  'engineer teacher farmer mayor nurse captain baker painter pilot miner sailor student judge doctor ranger ' +
  'opens closes repairs expands delays approves rejects funds studies restores builds counts visits plans ' +
  'quietly early late twice slowly again finally briefly openly jointly locally widely firmly newly rarely'
).split(' ');

/** A made-up story of about `length` words; different seeds give unrelated texts. */
export function story(seed: number, length = 90): string {
  const next = random(seed);
  const below = (n: number) => Math.floor(next() * n);
  const sentences: string[] = [];
  let count = 0;
  while (count < length) {
    const size = 8 + below(6);
    const sentence = Array.from({ length: size }, () => WORDS[below(WORDS.length)]);
    sentence[0] = sentence[0][0].toUpperCase() + sentence[0].slice(1);
    sentence.push(String(1000 + below(9000)));
    sentences.push(sentence.join(' ') + '.');
    count += size + 1;
  }
  const paragraphs: string[] = [];
  for (let i = 0; i < sentences.length; i += 3) paragraphs.push(sentences.slice(i, i + 3).join(' '));
  return paragraphs.join('\n\n') + '\n';
}

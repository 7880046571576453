/**
 * First takes and flashes with their full stories, on invented prose: the shape the opening
 * bands and the `opening` rule exist for (docs/matching.md, "Candidates by opening"). A take (the
 * story's first 70 words) and its 640-word story are about 0.1 similar, so the signature bands
 * alone propose them about half the time; a flash (the first 15 words) is too short for a
 * containment estimate and matches as the story's opening.
 */

/** Invented prose: sentences of made-up words (letters only: no figures, no real text), the same for the same story. */
export function inventedStory(s: number, words: number): string {
  let x = (s + 7) * 2654435761;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  const out: string[] = [];
  let sentence = 0;
  for (let i = 0; i < words; i++) {
    let n = (next() >>> 8) % 9000;
    let word = '';
    for (let k = 0; k < 3; k++, n = Math.floor(n / 21)) word += 'bcdfghjklmnprstvwxyzq'[n % 21] + 'aeiou'[(n >> 2) % 5];
    if (sentence === 0) word = word[0].toUpperCase() + word.slice(1);
    sentence++;
    if (sentence >= 12 + (next() % 8) || i === words - 1) {
      word += '.';
      sentence = 0;
    }
    out.push(word);
  }
  return out.join(' ');
}

/** The first n words of a text, ending as a sentence. */
export function firstWords(text: string, n: number): string {
  return text.split(' ').slice(0, n).join(' ').replace(/\.?$/, '.');
}

export interface FirstTakeDocument {
  id: string;
  text: string;
}

/**
 * Per story (ids with a prefix and the story's number): its full text (`full`), an unrelated
 * story that starts with its first three words (`other`), a first take (`take`) and a flash
 * (`flash`). `full` holds the full texts and the unrelated ones, `takes` the takes and flashes,
 * and `clusters` the clusters every mode must find, as sorted ids joined by " | ".
 */
export function firstTakes(stories: number, prefix = ''): { full: FirstTakeDocument[]; takes: FirstTakeDocument[]; clusters: string[] } {
  const full: FirstTakeDocument[] = [];
  const takes: FirstTakeDocument[] = [];
  const clusters: string[] = [];
  for (let s = 0; s < stories; s++) {
    const text = inventedStory(s, 640);
    full.push({ id: `${prefix}full${s}`, text });
    full.push({ id: `${prefix}other${s}`, text: `${firstWords(text, 3).slice(0, -1)} ${inventedStory(s + 100, 300)}` });
    takes.push({ id: `${prefix}take${s}`, text: firstWords(text, 70) });
    takes.push({ id: `${prefix}flash${s}`, text: firstWords(text, 15) });
    clusters.push([`${prefix}flash${s}`, `${prefix}full${s}`, `${prefix}take${s}`].join(' | '));
  }
  return { full, takes, clusters: clusters.sort() };
}

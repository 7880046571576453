/**
 * Candidates by opening: a first take of a story and the full story sent after it start alike,
 * and are proposed for verification whatever the signature bands say (their Jaccard similarity
 * is low when their sizes differ).
 */

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine/run.js';
import { openingKey, OPENING_KEY_PAIRS } from '../../src/match/candidates.js';
import { MinHasher } from '../../src/sketch/minhash.js';
import { NO_OPENING } from '../../src/sketch/features.js';
import { comparePair, DEFAULT_POLICY } from '../../src/match/verify.js';
import { IN_THREAD_OPTIONS } from '../helpers/run-options.js';

/** Deterministic invented words (letters only, no figures, no real text): the first words of story s. */
function story(s: number, words: number): string[] {
  const out: string[] = [];
  let x = (s + 1) * 2654435761;
  for (let i = 0; i < words; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    let n = (x >>> 8) % 5000;
    let word = '';
    for (let k = 0; k < 3; k++, n = Math.floor(n / 26)) word += String.fromCharCode(97 + (n % 26));
    out.push(`z${word}`);
  }
  return out;
}

describe('lead key', () => {
  const hasher = new MinHasher();

  it('is the same for texts that start alike and differs for texts that do not', () => {
    const full = story(1, 600);
    const take = hasher.fromText(full.slice(0, 70).join(' ') + '.');
    const whole = hasher.fromText(full.join(' ') + '.');
    const other = hasher.fromText(story(2, 600).join(' ') + '.');
    expect(openingKey(take.lead)).toBeGreaterThanOrEqual(0);
    expect(openingKey(take.lead)).toBe(openingKey(whole.lead));
    expect(openingKey(other.lead)).not.toBe(openingKey(whole.lead));
  });

  it('is -1 for a lead of fewer word pairs than it reads', () => {
    const tiny = hasher.fromText('zab zac.');
    expect(tiny.lead.length).toBeLessThan(OPENING_KEY_PAIRS);
    expect(openingKey(tiny.lead)).toBe(-1);
  });
});

describe('first takes in a run', () => {
  it('clusters each first take with its full story, though their Jaccard similarity is about 0.1', async () => {
    const records: { id: string; text: string }[] = [];
    for (let s = 0; s < 8; s++) {
      const full = story(s + 10, 640);
      records.push({ id: `take${s}`, text: full.slice(0, 70).join(' ') + '.' });
      records.push({ id: `full${s}`, text: full.join(' ') + '.' });
      // Unrelated stories in between, one of them starting with the same few words as the take.
      records.push({ id: `other${s}`, text: [...full.slice(0, 3), ...story(s + 100, 300)].join(' ') + '.' });
    }
    const stdin = Readable.from([Buffer.from(records.map((r) => JSON.stringify(r)).join('\n') + '\n')]);
    const result = await run(['-'], { ...IN_THREAD_OPTIONS, stdin });
    const clusters = result.clusters.map((c) => c.members.map((i) => result.documents[i].id).sort());
    expect(clusters).toHaveLength(8);
    for (let s = 0; s < 8; s++) expect(clusters).toContainEqual([`full${s}`, `take${s}`]);
  });
});

describe('a flash too short for containment, matched as the opening of its story', () => {
  const hasher = new MinHasher();
  const STORY =
    'Harbourview Savings Bank said it raised its base lending rate to 6-1/2 pct from 6-1/4 pct effective immediately. ' +
    'The bank said the move followed a rise in its cost of funds over the past two weeks and that deposit rates would be reviewed on Friday. ' +
    'Analysts said other lenders in the region were expected to follow within days, as funding costs had risen across the market since the start of the month. ' +
    'The bank, which has branches in eleven towns along the coast, last changed its base rate in the autumn.';
  const story = hasher.fromText(STORY);

  it('joins a flash made of the story\'s first words', () => {
    const flash = hasher.fromText('Harbourview Savings Bank said it raised its base lending rate to 6-1/2 pct from 6-1/4 pct');
    expect(flash.shingles).toBeLessThan(DEFAULT_POLICY.minContainedShingles);
    expect(flash.opening).not.toBe(NO_OPENING);
    expect(flash.opening).toBe(story.opening);
    const verdict = comparePair(flash, story, DEFAULT_POLICY);
    expect(verdict.match).toBe(true);
    expect(verdict.rule).toBe('opening');
  });

  it('keeps apart another bank\'s flash with the same wording after the name', () => {
    const other = hasher.fromText('Northgate Trust Co said it raised its base lending rate to 6-1/2 pct from 6-1/4 pct');
    expect(other.opening).not.toBe(story.opening);
    expect(comparePair(other, story, DEFAULT_POLICY).match).toBe(false);
  });

  it('keeps apart a flash that starts like the story and then says something else', () => {
    const other = hasher.fromText('Harbourview Savings Bank said it raised its base fee for mortgage advice to twelve dlrs a session');
    expect(other.opening).toBe(story.opening);
    expect(comparePair(other, story, DEFAULT_POLICY).match).toBe(false);
  });

  it('is off with the lead check or containment off, and needs a text of at least 8 words', () => {
    const flash = hasher.fromText('Harbourview Savings Bank said it raised its base lending rate to 6-1/2 pct from 6-1/4 pct');
    expect(comparePair(flash, story, { ...DEFAULT_POLICY, lead: null }).match).toBe(false);
    expect(comparePair(flash, story, { ...DEFAULT_POLICY, containment: null }).match).toBe(false);
    expect(hasher.fromText('Harbourview Savings Bank said it raised').opening).toBe(NO_OPENING);
  });
});

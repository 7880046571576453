import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../src/match/verify.js';
import { explainPair } from '../src/explain.js';
import { formatExplanation } from '../src/report/explain.js';
import { DEFAULT_FINGERPRINT } from '../src/sketch/minhash.js';

const articles = fileURLToPath(new URL('../fixtures/articles/', import.meta.url));
const options = { read: { maxFileSize: 1 << 24 }, fingerprint: DEFAULT_FINGERPRINT, policy: DEFAULT_POLICY };

describe('explain', () => {
  it('shows the passages a trimmed copy shares with the full story and what only the full story has', async () => {
    const { explanation: e } = await explainPair(`${articles}meridian-wire/harbour-bridge-closure.txt`, `${articles}valley-gazette/bridge-shut.txt`, options);
    expect(e.verdict.duplicate).toBe(true);
    const sharedWords = e.shared.reduce((n, p) => n + p.words, 0);
    const onlyFull = e.a.onlyHere.reduce((n, p) => n + p.words, 0);
    // The trimmed copy is about 43% of the story: most of it is shared, the rest only in the full one.
    expect(sharedWords / e.a.words).toBeGreaterThan(0.35);
    expect(sharedWords / e.a.words).toBeLessThan(0.55);
    expect(onlyFull).toBeGreaterThan(sharedWords);
    expect(e.b.onlyHere.reduce((n, p) => n + p.words, 0)).toBeLessThan(20);
    expect(e.shared[0].text).toMatch(/^port ellis/);
  });

  it('says why a templated notice is a different story and prints it', async () => {
    const { explanation: e } = await explainPair(`${articles}meridian-wire/treasury-auction-week-10.txt`, `${articles}meridian-wire/treasury-auction-week-11.txt`, options);
    expect(e.verdict.duplicate).toBe(false);
    expect(e.estimated.slots.changed).toBeGreaterThan(0);
    expect(e.a.onlyHere.some((p) => /4 12 percent|week 10/.test(p.text))).toBe(true);
    const text = formatExplanation(e, false);
    expect(text).toMatch(/^DIFFERENT STORIES/);
    expect(text).toMatch(/figures +\d+% of the smaller figure set/);
  });
});

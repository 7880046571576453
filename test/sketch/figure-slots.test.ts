import { describe, expect, it } from 'vitest';
import { compareSlots } from '../../src/sketch/compare.js';
import { DEFAULT_FINGERPRINT, MinHasher, type Fingerprint } from '../../src/sketch/minhash.js';
import { readFixture } from '../helpers/paths.js';

const hasher = new MinHasher(DEFAULT_FINGERPRINT);
const sketch = (text: string) => hasher.fromText(text);

describe('figure slots', () => {
  it('compares the figures two texts put in the same words', () => {
    const a = sketch('The bank sold 450 million of bills at 4.12 percent on Tuesday, March 4, and will sell more next week.');
    const b = sketch('The bank sold 450 million of bills at 4.17 percent on Tuesday, March 11, and will sell more next week.');
    const slots = compareSlots(a.slots, b.slots);
    expect(slots.shared).toBe(3);
    expect(slots.changed).toBe(2);
    expect(slots.datesChanged).toBe(1);
  });

  it('keeps per-document features compact', () => {
    const fp: Fingerprint = sketch(readFixture('newsroll/harbour-bridge.txt'));
    expect(fp.figures.length).toBeLessThanOrEqual(48);
    expect(fp.slots.length).toBeLessThanOrEqual(48);
    expect(fp.lead.length).toBeLessThanOrEqual(24);
  });
});

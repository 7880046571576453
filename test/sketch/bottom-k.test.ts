import { describe, expect, it } from 'vitest';
import { bottomK } from '../../src/sketch/features.js';
import { random } from '../helpers/random.js';

describe('bottom-k samples', () => {
  /** The k smallest distinct values, sorted: the definition bottomK keeps. */
  const reference = (values: readonly number[], k: number) => [...new Set(values)].sort((a, b) => a - b).slice(0, k);

  it('keeps the k smallest distinct values in order, whatever the input order and repeats', () => {
    const next = random(11);
    for (let t = 0; t < 2000; t++) {
      const count = Math.floor(next() * 200);
      // Small ranges give many repeats; some inputs come sorted or reversed.
      const range = next() < 0.3 ? 1 + Math.floor(next() * 30) : 2 ** 32;
      let values = Array.from({ length: count }, () => Math.floor(next() * range) >>> 0);
      if (t % 7 === 0) values.sort((a, b) => a - b);
      if (t % 7 === 1) values.sort((a, b) => b - a);
      if (t % 7 === 2) values = values.map(() => 0xffffffff);
      const k = 1 + Math.floor(next() * 64);
      const buffer = new Uint32Array(count + 3).fill(7);
      buffer.set(values);
      expect([...bottomK(buffer, count, k)]).toEqual(reference(values, k));
    }
  });
});

/** Property test (fast-check): the cleaner's law for any input, not only the fixtures. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../../src/clean/index.js';
import type { SourceFormat } from '../../src/types.js';
import { anyText } from '../helpers/arbitraries.js';

const FORMATS: SourceFormat[] = ['text', 'markdown', 'html'];

describe('cleaner', () => {
  it('never throws and never returns more text than it was given', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...FORMATS), (raw, format) => {
        const cleaned = cleanDocument(raw, format);
        expect(typeof cleaned.text).toBe('string');
        expect(cleaned.text.length).toBeLessThanOrEqual(raw.length);
      }),
      { numRuns: 500 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { recordFormat } from '../../src/input/records.js';

describe('HTML fragments and markup-like text', () => {
  it('tells HTML markup from angle-bracketed newswire tickers', () => {
    expect(recordFormat('PHILLIPS <P> RAISES CRUDE POSTINGS\n\nPhillips Petroleum said')).toBe('text');
    expect(recordFormat('DU PONT <DD> WINS SUIT AGAINST PHILLIPS <P.W. Stephens>')).toBe('text');
    expect(recordFormat('<p>A paragraph.</p><p>Another.</p>')).toBe('html');
    expect(recordFormat('First line <br> second line')).toBe('html');
    expect(recordFormat('<div class=article>Body')).toBe('html');
    expect(recordFormat('<P>Upper-case paragraph</P>')).toBe('html');
  });
});

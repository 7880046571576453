/** HTML fragments and pages without <html> keep their text (the DOM parser once took the first element as the root). */

import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../../src/clean/index.js';

const PARAGRAPH =
  'The city council voted on Tuesday to approve a new budget for the harbour district, allocating twelve million dollars to repairs of the old bridge and the sea wall. Officials said construction would begin in the spring and last about eighteen months.';

describe('HTML fragments and markup-like text', () => {
  it.each([
    ['a paragraph fragment', `<p>${PARAGRAPH}</p><p>Residents welcomed it.</p>`],
    ['text with line breaks', `${PARAGRAPH} <br> Residents welcomed it.`],
    ['a div with attributes', `<div class=article>${PARAGRAPH}</div>`],
    ['a page without <html>', `<!DOCTYPE html><meta charset="utf-8"><title>Budget</title><p>${PARAGRAPH}</p>`],
    ['a page with head and body but no <html>', `<head><title>Budget</title></head><body><p>${PARAGRAPH}</p></body>`],
    ['a page with a script before <html>', `<script>var x = 1;</script><html><body><p>${PARAGRAPH}</p></body></html>`],
  ])('keeps the text of %s', (_name, html) => {
    const cleaned = cleanDocument(html, 'html');
    expect(cleaned.text).toContain('The city council voted on Tuesday');
    expect(cleaned.text).toContain('about eighteen months');
  });

  it('keeps the title of a page without <html> as metadata', () => {
    expect(cleanDocument(`<meta charset="utf-8"><title>Budget vote</title><p>${PARAGRAPH}</p>`, 'html').title).toBe('Budget vote');
  });
});

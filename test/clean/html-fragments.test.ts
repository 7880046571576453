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

  it.each([
    ['an HTML fragment', '<p>Harbour bridge closed &amp; traffic diverted</p>', 'html'],
    ['a page whose title is its only text', '<html><head><title>Harbour bridge closed</title></head><body><h1>Harbour bridge closed</h1></body></html>', 'html'],
    ['a Markdown file', '# Harbour bridge closed\n', 'markdown'],
  ] as const)('keeps a headline that is all the text of %s as its text, as plain text keeps it', (_name, raw, format) => {
    const cleaned = cleanDocument(raw, format);
    expect(cleaned.text).toMatch(/^Harbour bridge closed/);
    expect(cleaned.text).toBe(cleanDocument(cleaned.text, 'text').text);
  });

  it('still drops a title line that leads a body', () => {
    const cleaned = cleanDocument(`<html><head><title>Budget vote</title></head><body><h1>Budget vote</h1><p>${PARAGRAPH}</p></body></html>`, 'html');
    expect(cleaned.text.startsWith('Budget vote')).toBe(false);
    expect(cleaned.text).toContain('The city council voted on Tuesday');
  });
});

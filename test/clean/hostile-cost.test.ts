/**
 * Cleaning is linear in the document and bounded per document: hostile pages (deep nesting,
 * thousands of unclosed openers, tag-dense markup) clean in well under a second, and a page over
 * the HTML budget is kept as plain text with a flag saying why. The time bounds are generous
 * (these clean in tens of milliseconds; before, they took from seconds to minutes).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanDocument, corpusLineHashes } from '../../src/clean/index.js';
import { HTML_BUDGET, nestingWork, overBudgetBeforeParsing, parse, quickHtmlLines } from '../../src/clean/html.js';
import { markdownToText } from '../../src/clean/markdown.js';
import type { SourceFormat } from '../../src/types.js';

// The DOM library loads with the first HTML page: not a cost of the pages timed here.
beforeAll(() => {
  cleanDocument('<html><body><p>A first page.</p></body></html>', 'html');
});

const LEAD = 'Lead paragraph about the harbour budget vote in the council this week. '.repeat(5).trim();
const GENEROUS_MS = 5_000;

/** Cleans a document as a run does (its corpus lines counted, then cleaned), and how long that took. */
function timedClean(raw: string, format: SourceFormat) {
  const started = performance.now();
  corpusLineHashes(raw, format);
  const cleaned = cleanDocument(raw, format);
  return { cleaned, ms: performance.now() - started };
}

describe('hostile HTML', () => {
  it('a page of 1,500 nested <div> is kept as plain text, flagged, at once', () => {
    const page = `<html><body><p>${LEAD}</p>${'<div>'.repeat(1500)}deep text${'</div>'.repeat(1500)}</body></html>`;
    expect(page.length).toBeGreaterThan(16_000);
    const { cleaned, ms } = timedClean(page, 'html');
    expect(ms).toBeLessThan(GENEROUS_MS);
    expect(cleaned.flags).toEqual(['budget:html-nesting']);
    expect(cleaned.text).toContain(LEAD);
    expect(cleaned.text).toContain('deep text');
  });

  it('a page of 100,000 unclosed <!-- keeps its text, at once', () => {
    const page = `<html><body><p>${LEAD}</p>${'<!--'.repeat(100_000)}</body></html>`;
    const { cleaned, ms } = timedClean(page, 'html');
    expect(ms).toBeLessThan(GENEROUS_MS);
    expect(cleaned.flags).toEqual(['budget:html-tags']);
    expect(cleaned.text).toContain(LEAD);
    expect(cleaned.text).not.toContain('<!--');
  });

  it('thousands of unclosed <script and </style openers are stripped in one pass', () => {
    for (const opener of ['<script>', '<style>x</style', '<<<<', '<p<p']) {
      const page = `<p>${LEAD}</p>${opener.repeat(400_000 / opener.length)}<p>tail</p>`;
      const started = performance.now();
      const text = quickHtmlLines(page);
      expect(performance.now() - started, opener).toBeLessThan(GENEROUS_MS);
      expect(text, opener).toContain(LEAD);
    }
  });

  it('a tag-dense page over the tag budget is not parsed, and its words are kept', () => {
    const page = `<html><body><p>${LEAD}</p><p>${'<i>w</i> '.repeat(HTML_BUDGET.tags)}</p></body></html>`;
    expect(overBudgetBeforeParsing(page)).toBe('budget:html-tags');
    const { cleaned, ms } = timedClean(page, 'html');
    expect(ms).toBeLessThan(GENEROUS_MS);
    expect(cleaned.flags).toEqual(['budget:html-tags']);
    expect(cleaned.text.split(/\s+/).filter((w) => w === 'w')).toHaveLength(HTML_BUDGET.tags);
  });

  it('a page longer than the size budget is kept as plain text', () => {
    expect(overBudgetBeforeParsing(`<p>${'x'.repeat(HTML_BUDGET.chars)}</p>`)).toBe('budget:html-size');
  });

  it('an ordinary page is within every budget and extracted as before', () => {
    const page = `<html><head><title>Harbour vote</title></head><body><nav><a href="/">Home</a></nav><article><p>${LEAD}</p><p>${LEAD.toUpperCase()}</p></article></body></html>`;
    expect(overBudgetBeforeParsing(page)).toBeUndefined();
    expect(nestingWork(parse(page).documentElement, HTML_BUDGET.nestingWork)).toBeLessThan(100);
    const cleaned = cleanDocument(page, 'html');
    expect(cleaned.flags.filter((f) => f.startsWith('budget:'))).toEqual([]);
    expect(cleaned.text).toContain(LEAD);
    expect(cleaned.text).not.toContain('Home');
  });

  it('nesting work is the sum of the elements depths', () => {
    // html 1, head 2, body 2, then a chain of three divs at 3, 4, 5
    expect(nestingWork(parse('<html><head></head><body><div><div><div>x</div></div></div></body></html>').documentElement, 1_000)).toBe(1 + 2 + 2 + 3 + 4 + 5);
  });
});

describe('hostile Markdown', () => {
  const lines: Record<string, string> = {
    'image openers': '!['.repeat(20_000),
    'link openers': '['.repeat(40_000),
    'unfinished links': '[a]('.repeat(10_000),
    'tag openers': '<a'.repeat(20_000),
    'autolink openers': '<http:'.repeat(7_000),
    'strong openers': '**a '.repeat(10_000),
    'underline openers': '__a '.repeat(10_000),
    'strike openers': '~~a '.repeat(10_000),
    backticks: '`'.repeat(40_000),
  };
  for (const [name, line] of Object.entries(lines)) {
    it(`40 KB of ${name} on one line cleans at once`, () => {
      const { cleaned, ms } = timedClean(`${LEAD}\n\n${line}\n`, 'markdown');
      expect(ms).toBeLessThan(GENEROUS_MS);
      expect(cleaned.text).toContain(LEAD);
    });
  }

  it('a heading or table line of 40,000 spaces cleans at once', () => {
    for (const line of [`# x${' '.repeat(40_000)}y`, `${' '.repeat(40_000)}x`, `|--${' '.repeat(40_000)}x`]) {
      const started = performance.now();
      markdownToText(line);
      expect(performance.now() - started).toBeLessThan(GENEROUS_MS);
    }
  });

  it('links, images, emphasis, code and headings are still read as Markdown', () => {
    const md = [
      '# The harbour vote ##',
      '',
      'See [the report](https://example.com/a_(b) "Report") and ![a chart](chart.png) or [the notes][n].',
      '**Strong words** and __under__ and ~~gone~~ and *em* and ``a `tick` b`` and <https://example.com>.',
      '',
      '| a | b |',
      '| -- | :--: |',
    ].join('\n');
    const { text, heading } = markdownToText(md);
    expect(heading).toBe('The harbour vote');
    expect(text).toContain('See the report and  or the notes.');
    expect(text).toContain('Strong words and under and gone and em and a tick b and https://example.com.');
    expect(text).not.toContain('--');
  });
});

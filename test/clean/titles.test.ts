import { describe, expect, it } from 'vitest';
import { cleanDocument, CorpusLineCounter } from '../../src/clean/index.js';

const STORY =
  'The council of Marlow Bay voted on Tuesday to rebuild the old harbour wall, ending a dispute that had divided residents for almost a decade. Engineers said the new wall would be two metres higher than the current one.';

function page(head: string, h1?: string): string {
  return `<html><head>${head}</head><body><nav><a href="/">Home</a></nav>${h1 ? `<h1>${h1}</h1>` : ''}<article><p>${STORY}</p><p>${STORY}</p></article></body></html>`;
}

describe('titles worth showing', () => {
  it('ranks og:title first, then the JSON-LD headline, the h1 and the <title>', () => {
    const ld = '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Harbour wall to be rebuilt (LD)"}</script>';
    expect(cleanDocument(page(`<meta property="og:title" content="Harbour wall to be rebuilt (og)">${ld}<title>T</title>`, 'H1 title'), 'html').title).toBe('Harbour wall to be rebuilt (og)');
    expect(cleanDocument(page(`${ld}<title>T</title>`, 'H1 title'), 'html').title).toBe('Harbour wall to be rebuilt (LD)');
    expect(cleanDocument(page('<title>Page title</title>', 'Harbour wall to be rebuilt (h1)'), 'html').title).toBe('Harbour wall to be rebuilt (h1)');
  });

  it('passes over the site name alone, a skip link and a cookie banner', () => {
    const head = '<meta property="og:site_name" content="Daily Harbor"><meta property="og:title" content="| Daily Harbor"><title>Skip to main content</title>';
    expect(cleanDocument(page(head, 'Harbour wall to be rebuilt after decade-long dispute'), 'html').title).toBe('Harbour wall to be rebuilt after decade-long dispute');
    const cookie = '<meta property="og:title" content="This website uses cookies to improve your experience">';
    expect(cleanDocument(page(cookie, 'Harbour wall to be rebuilt'), 'html').title).toBe('Harbour wall to be rebuilt');
  });

  it('in plain text, never takes a skip link or a line the corpus repeats as the title', () => {
    const raw = ['Skip to main content', '', STORY, '', STORY.replace('Tuesday', 'Monday')].join('\n');
    expect(cleanDocument(raw, 'text').title).toBeUndefined();
    const withLogo = ['Harbor Daily logo', 'Home', 'World', '', STORY].join('\n');
    const counter = new CorpusLineCounter();
    for (let i = 0; i < 12; i++) counter.add(`Harbor Daily logo\nHome\nWorld\n\nStory number ${i} of the day`, 'text');
    expect(cleanDocument(withLogo, 'text', { boilerplateLines: counter.boilerplate() }).title).toBeUndefined();
  });

  it('prefers a headline standing alone above the story to a heading-like line next to it', () => {
    const raw = ['Harbour wall to be rebuilt after decade-long dispute', '', 'Local desk', 'Updated hourly', '', STORY].join('\n');
    expect(cleanDocument(raw, 'text').title).toBe('Harbour wall to be rebuilt after decade-long dispute');
  });

  it('takes the headline of a page title "Headline | Site" above the story, without the site', () => {
    const raw = ['Menu', 'Local News', 'Obits', 'Harbour wall to be rebuilt after decade-long dispute | Marlow Post', 'Share This Post', '', STORY].join('\n');
    expect(cleanDocument(raw, 'text').title).toBe('Harbour wall to be rebuilt after decade-long dispute');
  });

  it('takes a headline printed twice in a row among menu lines, even when the copies of its story make the corpus repeat it', () => {
    const headline = 'Harbour wall to be rebuilt after decade-long dispute';
    const raw = ['Home', 'World', 'Sport', headline, headline, 'By Ann Example', '', STORY].join('\n');
    expect(cleanDocument(raw, 'text').title).toBe(headline);
    const counter = new CorpusLineCounter();
    for (let i = 0; i < 12; i++) counter.add(`Home\nWorld\nSport\n${headline}\n\nCopy number ${i} of the story`, 'text');
    expect(cleanDocument(raw, 'text', { boilerplateLines: counter.boilerplate() }).title).toBe(headline);
  });

  it('never takes a slogan the corpus repeats, standing once above the story, as the title', () => {
    const slogan = 'News about the whole world of the harbour';
    const counter = new CorpusLineCounter();
    for (let i = 0; i < 12; i++) counter.add(`Home\n${slogan}\n\nStory number ${i} of the day`, 'text');
    const raw = ['Home', slogan, '', STORY].join('\n');
    expect(cleanDocument(raw, 'text').title).toBe(slogan);
    expect(cleanDocument(raw, 'text', { boilerplateLines: counter.boilerplate() }).title).toBeUndefined();
  });

  it('takes a headline the story\'s core begins with as the title when nothing above it is one', () => {
    const headline = 'Harbour wall to be rebuilt after decade-long dispute';
    const raw = ['Menu', '', headline, '', 'By Ann Example', '', STORY, '', STORY.replace('Tuesday', 'Monday')].join('\n');
    const cleaned = cleanDocument(raw, 'text');
    expect(cleaned.title).toBe(headline);
    expect(cleaned.text.startsWith(headline)).toBe(false);
  });

  it('keeps an HTML page\'s first paragraph without a full stop in the text when the page names its title', () => {
    const first = 'The council of Marlow Bay this morning paid the final instalment of the harbour fund to the regional authority to secure the rebuilding of the old wall';
    const html = `<html><head><meta property="og:title" content="Harbour wall to be rebuilt"></head><body><article><h1>Harbour wall to be rebuilt</h1><p>${first}</p><p>${STORY}</p><p>${STORY}</p></article></body></html>`;
    const cleaned = cleanDocument(html, 'html');
    expect(cleaned.title).toBe('Harbour wall to be rebuilt');
    expect(cleaned.text).toContain(first);
    expect(cleaned.text).not.toMatch(/^Harbour wall to be rebuilt/);
  });
});


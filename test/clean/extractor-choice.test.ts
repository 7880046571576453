/**
 * The HTML cleaner checks what Readability hands it against the other candidates on the page (the
 * elements marking the story, the densest text region, JSON-LD articleBody) instead of returning
 * its first answer. Invented pages and texts.
 */
import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../../src/clean/index.js';
import { articleShape, chooseCandidate, otherCandidates, parse } from '../../src/clean/html.js';

const STORY = [
  'The river authority in Lowmarsh opened its new flood gates on Monday after four years of building work, officials said at a ceremony beside the weir.',
  'Engineers said the gates can hold back a surge two metres higher than the one that flooded the market square in the winter of the great storm.',
  'Residents who lost shops and homes in that flood watched from the bank as the first of the six steel gates swung shut for a test.',
  'The project cost forty million pounds, most of it from a national fund for towns on tidal rivers, and came in a year late.',
  'A local baker, whose shop stood under a metre of water, said she would sleep better now that the gates were working.',
  'The authority will test the gates every month and publish the results on the town hall notice board, a spokesman said.',
];
const TITLE = 'Lowmarsh opens flood gates after four years of work';
const PROMO = [
  'Subscribe today, and get the whole year of our weekend magazine, the puzzles, the recipes, and the travel pages, for less.',
  'Every week, a new puzzle, a new recipe, a new trip, and a new story, delivered to your door, with free gifts.',
  'Join now, and save, and enjoy, and share, and give, and read, all year, with our best offer yet, today only.',
];

describe('choosing between extractor candidates', () => {
  it("rejects Readability's pick of a promo for the element that holds the story", () => {
    const chosen = chooseCandidate(PROMO.join('\n\n'), [{ source: 'container', text: [TITLE, ...STORY].join('\n\n') }], TITLE);
    expect(chosen?.source).toBe('container');
  });

  it("keeps Readability's pick when it holds the story and a wider region adds other stories' teasers", () => {
    const teasers = ['Council names new harbour master after a long search for the post, and the town...', 'Bakers of the valley meet to share their recipes for the winter fair, which opens next...'];
    const wider = [teasers[0], TITLE, ...STORY, teasers[1]].join('\n\n');
    const chosen = chooseCandidate(STORY.join('\n\n'), [{ source: 'dense', text: wider }], TITLE);
    expect(chosen?.source).toBe('readability');
  });

  it("takes the whole story when Readability picks one of its sections", () => {
    const more = STORY.map((s) => s.replace('Lowmarsh', 'the town').replace('gates', 'barriers'));
    const whole = [TITLE, ...STORY, 'How the barriers work', ...more].join('\n\n');
    const chosen = chooseCandidate(more.join('\n\n'), [{ source: 'container', text: whole }], TITLE);
    expect(chosen?.source).toBe('container');
  });

  it("takes the story alone when Readability's pick adds header lines above it and cards of other stories under it", () => {
    const header = ['Sign in', 'Breaking news', TITLE, 'Updated 9:41 pm, Tuesday'];
    const cards = ['Harbour master named', 'The town chose its new harbour master after a search of two years.', 'Winter fair opens', 'Stalls from six valleys open on the square for the winter fair.'];
    const pick = [...header, ...STORY, ...cards].join('\n\n');
    const chosen = chooseCandidate(pick, [{ source: 'dense', text: STORY.join('\n\n') }], TITLE);
    expect(chosen?.source).toBe('dense');
  });

  it("keeps Readability's pick when the tighter candidate leaves out the code blocks between its paragraphs", () => {
    const code = ['$ gate status --all', '$ gate test --gate 3 --surge 2m', '$ gate close --all --log /var/log/gates'];
    const pick = STORY.flatMap((s, i) => [s, ...code.map((c) => `${c} --step ${i}`)]).join('\n\n');
    const chosen = chooseCandidate(pick, [{ source: 'dense', text: STORY.join('\n\n') }], TITLE);
    expect(chosen?.source).toBe('readability');
  });

  it('counts teasers cut short with an ellipsis as no prose', () => {
    expect(articleShape('A council names its new harbour master after a long search for the post...').prose).toBe(0);
    expect(articleShape(STORY[0]).prose).toBeGreaterThan(20);
  });
});

/** A paragraph of three sentences: the sentence and two more of the story. */
const long = (s: string): string => `${s} ${STORY[(STORY.indexOf(s) + 1) % STORY.length]} ${STORY[(STORY.indexOf(s) + 2) % STORY.length]}`;

const page = (body: string): string => `<html><head><title>${TITLE}</title></head><body>${body}</body></html>`;

describe('HTML pages whose first extraction is wrong', () => {
  it('cleans to the story, not the promo Readability picks, when the story is in deeply wrapped blocks', () => {
    const deep = (s: string): string => `<div class="r1"><div class="r2"><div class="r3"><div class="r4">${s}</div></div></div></div>`;
    const html = page(`<div class="article-body">${PROMO.map((s) => `<p>${s}</p>`).join('')}</div><main><h1>${TITLE}</h1>${STORY.map(deep).join('')}</main>`);
    const text = cleanDocument(html, 'html').text;
    for (const s of STORY) expect(text).toContain(s);
    expect(text).not.toContain('Subscribe today');
  });

  it('reads the story a server streamed into a hidden segment after the page shell', () => {
    const html = page(`<nav><a href="/">Home</a> <a href="/news">News</a></nav><main><template id="B:0"></template><p>Loading...</p></main><div hidden id="S:0"><article><h1>${TITLE}</h1>${STORY.map((s) => `<p>${s}</p>`).join('')}</article></div>`);
    const text = cleanDocument(html, 'html').text;
    for (const s of STORY) expect(text).toContain(s);
  });

  it('keeps the code blocks of a tutorial', () => {
    const code = ['const gates = openGates(6);', 'for (const gate of gates) {', '  gate.test();', '}'];
    const html = page(`<article><h1>How to test six gates in a loop</h1><p>${STORY[0]}</p><p>${STORY[1]}</p><pre><code>${code.join('\n')}</code></pre><p>${STORY[2]}</p><pre><code>gate.close();</code></pre><p>${STORY[3]}</p></article>`);
    const text = cleanDocument(html, 'html').text;
    for (const line of code) expect(text).toContain(line.trim());
    expect(text).toContain('gate.close();');
    expect(text).toContain(STORY[3]);
  });

  it('drops a "Related" card inside the article and keeps the paragraphs after it', () => {
    const card = '<h3>Related Articles</h3><ul><li><a href="/a">Harbour master named</a></li><li><a href="/b">Winter fair opens</a></li></ul>';
    const html = page(`<article><h1>${TITLE}</h1>${STORY.slice(0, 3).map((s) => `<p>${long(s)}</p>`).join('')}${card}${STORY.slice(3).map((s) => `<p>${long(s)}</p>`).join('')}</article>`);
    const text = cleanDocument(html, 'html').text;
    expect(text).toContain(STORY[5]);
    expect(text).not.toContain('Related Articles');
    expect(text).not.toContain('Harbour master named');
  });

  it('drops a "Read more about ..." pointer and its card inside the article and keeps the paragraphs after it', () => {
    const card = '<p><a href="/gates"><strong>Read more about the new gates on the river.</strong></a></p><p><a href="/shop">Buy a flood kit</a></p><h3>Best sandbags</h3>';
    const html = page(`<article><h1>${TITLE}</h1>${STORY.slice(0, 3).map((s) => `<p>${long(s)}</p>`).join('')}${card}${STORY.slice(3).map((s) => `<p>${long(s)}</p>`).join('')}</article>`);
    const text = cleanDocument(html, 'html').text;
    expect(text).toContain(STORY[0]);
    expect(text).toContain(long(STORY[5]));
    expect(text).not.toContain('Read more about the new gates');
  });

  it('still cuts at "Related Articles" in plain text, where another story may follow', () => {
    const raw = [...STORY.slice(0, 3).map(long), 'Related Articles', 'Harbour master named', ...STORY.slice(3).map(long)].join('\n\n');
    const text = cleanDocument(raw, 'text').text;
    expect(text).toContain(STORY[0]);
    expect(text).not.toContain(STORY[5]);
  });

  it('cuts the comment thread under the article', () => {
    const comments = ['<h3>3 Comments</h3>', ...['Mara', 'Tom', 'Ines'].map((name) => `<div><b>${name}</b> <span>2 days ago</span><p>I walked past the gates this morning and they looked very solid, which is good news for all of us on the lower streets.</p><a href="#reply">Reply</a></div>`)].join('');
    const html = page(`<div><h1>${TITLE}</h1>${STORY.map((s) => `<p>${s}</p>`).join('')}${comments}</div>`);
    const text = cleanDocument(html, 'html').text;
    expect(text).toContain(STORY[5]);
    expect(text).not.toContain('I walked past the gates');
  });

  it('reads a story laid out in page-builder blocks whose classes call every block a widget', () => {
    const block = (s: string): string => `<div class="builder-widget builder-widget-text"><div class="builder-widget-container"><p>${long(s)}</p></div></div>`;
    const html = page(`<main><div class="builder-widget builder-widget-intro"><p>${STORY[5]}</p></div><h1>${TITLE}</h1>${STORY.map(block).join('')}</main>`);
    const container = otherCandidates(parse(html)).find((c) => c.source === 'container');
    for (const s of STORY) expect(container?.text).toContain(long(s));
    const text = cleanDocument(html, 'html').text;
    for (const s of STORY) expect(text).toContain(long(s));
  });

  it("reads a story whose article's only child is a layout wrapper named after its sidebar", () => {
    const sidebar = '<div class="sidebar"><p>Follow us for more stories from the valley every week.</p></div>';
    const html = page(`<h1>${TITLE}</h1><div class="hero-text">${PROMO.map((s) => `<p>${s}</p>`).join('')}</div><article><div class="sidebar-layout"><div class="wrap"><div class="sidebar-content">${STORY.map((s) => `<p>${long(s)}</p>`).join('')}</div>${sidebar}</div></div></article>`);
    const text = cleanDocument(html, 'html').text;
    for (const s of STORY) expect(text).toContain(long(s));
    expect(text).not.toContain('Follow us for more stories');
    expect(text).not.toContain('Subscribe today');
  });

  it('leaves a box of cards that are all links out of the candidates, whatever its class', () => {
    const cards = ['Harbour master named after a long search', 'Winter fair opens with a record number of stalls', 'Bakers of the valley share their recipes'];
    const box = `<div class="zone-box"><h4>Editors' picks</h4>${cards.map((c, i) => `<div class="card"><a href="/s${i}"><h5>${c}</h5><p>${c} and more from the valley</p></a></div>`).join('')}</div>`;
    const html = page(`<main><article><h1>${TITLE}</h1>${STORY.map((s) => `<p>${s}</p>`).join('')}</article>${box}</main>`);
    const candidates = otherCandidates(parse(html)).filter((c) => c.source !== 'json-ld');
    expect(candidates.length).toBeGreaterThan(0);
    for (const c of candidates) {
      expect(c.text).toContain(STORY[5]);
      for (const card of cards) expect(c.text).not.toContain(card);
    }
  });
});

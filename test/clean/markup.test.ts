import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../../src/clean/index.js';

const P1 =
  'The town council of Marlow Bay voted on Tuesday to rebuild the old harbour wall, ending a dispute that had divided residents for almost a decade.';
const P2 =
  'Engineers said the new wall would be two metres higher than the current one and would protect about four hundred homes from winter storms.';
const P3 =
  'Work is expected to start in the spring and to last eighteen months, according to a statement published by the council after the vote.';

const P4 = 'Several residents who had opposed the plan said they would accept the decision, although some still worried about the cost.';

describe('markdown', () => {
  it('strips the syntax and keeps the text, with the heading as title', () => {
    const md = [
      '[Marlow Times](/) > News > Local',
      '',
      '# Harbour wall to be *rebuilt*',
      '',
      'The town council of **Marlow Bay** voted on Tuesday to rebuild the old harbour wall, ending a dispute that had divided residents for [almost a decade](https://example.com/history).',
      '',
      '![The harbour](harbour.jpg)',
      '',
      '> Engineers said the new wall would be two metres higher than the current one and would protect about four hundred homes from winter storms.',
      '',
      '- Work is expected to start in the spring and to last eighteen months, according to a statement published by the council after the vote.',
      '',
      '```',
      'const x = 1;',
      '```',
      '',
      '| Item | Cost |',
      '|------|------|',
      '| Wall | £4m, <b>approved</b> by the council in its meeting on Tuesday. |',
      '',
      P4,
    ].join('\n');
    const res = cleanDocument(md, 'markdown');
    expect(res.title).toBe('Harbour wall to be rebuilt');
    expect(res.text).toBe([P1, P2, P3, 'const x = 1;', 'Item Cost\nWall £4m, approved by the council in its meeting on Tuesday.', P4].join('\n\n'));
    expect(res.text).not.toContain('Marlow Times');
  });

  it('applies the plain-text rules after stripping', () => {
    const teaser = 'Council approves the new budget for the coming year after a long debate about the cost of the harbour works and schools.';
    const md = ['# Harbour wall', '', P1, '', P2, '', P3, '', '## Related Articles', '', `- [${teaser}](/a)`, '- [Storm hits coast](/b)'].join('\n');
    const res = cleanDocument(md, 'markdown');
    expect(res.title).toBe('Harbour wall');
    expect(res.text).toBe([P1, P2, P3].join('\n\n'));
    expect(res.removed.find((r) => r.rule === 'terminator:related')?.text).toContain(teaser);
  });
});

describe('html', () => {
  const page = `<!doctype html><html><head>
<title>Harbour wall to be rebuilt | Marlow Times</title>
<meta property="og:site_name" content="Marlow Times">
<meta property="og:title" content="Harbour wall to be rebuilt">
<link rel="canonical" href="https://marlow.example/news/harbour-wall">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Harbour wall to be rebuilt","datePublished":"2019-11-19T09:00:00Z","publisher":{"@type":"Organization","name":"Marlow Times Ltd"}}</script>
<script>document.write('<p>INJECTED BY SCRIPT</p>'); fetch('https://tracker.example/');</script>
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article>
<h1>Harbour wall to be rebuilt</h1>
<p>${P1}</p>
<div class="share-bar"><a href="#">Facebook</a> <a href="#">Twitter</a></div>
<p>${P2}</p>
<figure><img src="a.jpg"><figcaption>The harbour at low tide. Photo: John Smith</figcaption></figure>
<p>${P3}</p>
</article>
<aside class="related"><h2>Related Articles</h2><ul><li><a href="/x">Council approves new budget for the coming year</a></li></ul></aside>
<div id="comments"><h3>Comments</h3><p>No comments yet, be the first to share your thoughts on this story.</p></div>
</main>
<footer><p>© 2019 Marlow Times. All rights reserved.</p></footer>
</body></html>`;

  it('extracts the article body and metadata, without running scripts', () => {
    const res = cleanDocument(page, 'html');
    expect(res.text).toBe([P1, P2, P3].join('\n\n'));
    expect(res.title).toBe('Harbour wall to be rebuilt');
    expect(res.url).toBe('https://marlow.example/news/harbour-wall');
    expect(res.siteName).toBe('Marlow Times');
    expect(res.date).toBe('2019-11-19T09:00:00Z');
    expect(res.text).not.toContain('INJECTED');
  });

  it('reads metadata from JSON-LD when meta tags are missing', () => {
    const html = `<html><head><script type="application/ld+json">[{"@type":"WebSite","name":"x"},{"@type":"NewsArticle","headline":"Storm warning","datePublished":"2020-01-02","url":"https://e.example/s","publisher":{"name":"Coast News"}}]</script></head><body><article><p>${P1}</p><p>${P2}</p><p>${P3}</p></article></body></html>`;
    const res = cleanDocument(html, 'html');
    expect(res.title).toBe('Storm warning');
    expect(res.date).toBe('2020-01-02');
    expect(res.url).toBe('https://e.example/s');
    expect(res.siteName).toBe('Coast News');
    expect(res.text).toBe([P1, P2, P3].join('\n\n'));
  });

  it('keeps table rows on one line', () => {
    const rows = Array.from({ length: 3 }, (_, i) => `<tr><td>${i + 1}</td><td>Kyle Busch</td><td>50${i}0</td></tr>`).join('');
    const html = `<html><body><article><p>${P1}</p><p>${P2}</p><table>${rows}</table><p>${P3}</p></article></body></html>`;
    const res = cleanDocument(html, 'html');
    expect(res.text).toContain('1 Kyle Busch 5000\n2 Kyle Busch 5010\n3 Kyle Busch 5020');
  });
});

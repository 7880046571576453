/** fast-check generators shared by the property tests. */

import fc from 'fast-check';

/** Text that looks like a scrape: words, markup, entities, links, blank lines, odd characters. */
const scrapeLike = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.constantFrom('<p>', '</p>', '<br>', '<div class="nav">', '</div>', '<script>var x = 1;</script>', '<title>Headline here</title>', '&amp;', '&nbsp;', '&#39;', '&lt;b&gt;'),
      fc.constantFrom('# Heading', '**bold**', '[link](http://a.example)', '![img](x.png)', '- item', 'Related Stories', 'Share this post', '12 Comments'),
      fc.constantFrom('\n', '\n\n', '\r\n', ' ', '\t', '\u00a0', '\u200b', '\ufeff', '\u0000', '\ud800'),
      fc.lorem({ maxCount: 12, mode: 'sentences' }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(' '));

/** Any text: scrape-like, arbitrary code units (lone surrogates included) or plain strings. */
export const anyText = fc.oneof(scrapeLike, fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ maxLength: 400 }));

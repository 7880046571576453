/**
 * `--html FILE`: one self-contained page (nothing fetched from the network), holding every
 * cluster of the run's --json report, with hostile titles kept as data, never as markup.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { FIXTURES } from '../helpers/paths.js';
import { story } from '../helpers/text.js';

beforeAll(assertBuilt);
afterAll(removeTempDirs);

interface PageCluster {
  id: string;
  size: number;
  members: { id: string; title: string | null }[];
  texts?: { canonical: { text: string } | null; copies: ({ shared: number[] } | null)[] } | null;
}

/** The page's data blob, parsed as the page parses it. */
function pageData(html: string): { clusters: PageCluster[] } {
  const match = /<script type="application\/json" id="dedupe-data">([\s\S]*?)<\/script>/.exec(html);
  expect(match, 'the page holds its data blob').not.toBeNull();
  return JSON.parse(match![1]);
}

function expectSelfContained(html: string): void {
  expect(html).not.toMatch(/\b(?:src|href|action|srcset|poster)\s*=\s*["']?\s*(?:https?:)?\/\//i);
  expect(html).not.toMatch(/<link\b/i);
  expect(html).not.toMatch(/<script\b[^>]*\bsrc\s*=/i);
  expect(html).not.toMatch(/@import|url\(\s*["']?(?:https?:)?\/\//i);
}

describe('dedupe --html', () => {
  it('writes a self-contained page holding every cluster of the --json report, alongside --json', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'report.html');
    const result = await runCli([FIXTURES, '--json', '--html', file]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { clusters: { id: string; size: number; members: { id: string }[] }[] };
    const html = readFileSync(file, 'utf8');
    expectSelfContained(html);
    const data = pageData(html);
    expect(data.clusters.map((c) => c.id)).toEqual(report.clusters.map((c) => c.id));
    for (const cluster of report.clusters) {
      const shown = data.clusters.find((c) => c.id === cluster.id)!;
      expect(shown.members.map((m) => m.id)).toEqual(cluster.members.map((m) => m.id));
      // Texts for duplicate clusters only, one per copy, each with shared ranges.
      if (cluster.size > 1) {
        expect(shown.texts?.canonical?.text.length).toBeGreaterThan(0);
        expect(shown.texts?.copies).toHaveLength(cluster.size - 1);
        for (const copy of shown.texts!.copies) expect(copy!.shared.length).toBeGreaterThan(0);
      } else expect(shown.texts).toBeUndefined();
    }
    // The debris chart: one bar per outlet folder, and the record file of the feeds as its own source.
    const chart = html.slice(html.indexOf('aria-label="debris share per source"'));
    for (const outlet of ['meridian-wire', 'newsroll', 'channel-nine-news', 'valley-gazette']) expect(chart).toContain(`>${outlet}</text>`);
    expect(chart).toMatch(/>feeds\/[^<]+\.jsonl<\/text>/);
  });

  it('keeps a hostile title as text: no markup from the data reaches the page', async () => {
    const hostile = '</script><img src=x onerror=alert(1)>';
    const dir = tempDir();
    const body = story(7);
    writeFiles(dir, {
      'feed.jsonl': [
        JSON.stringify({ id: 'one', title: hostile, text: body }),
        JSON.stringify({ id: 'two', title: hostile, text: `${body}\n\nA closing line added by the second site.` }),
        JSON.stringify({ id: 'alone', title: `${hostile}<!--`, text: story(8) }),
      ].join('\n'),
    });
    const file = path.join(dir, 'out.html');
    const result = await runCli([dir, '--html', file, '--quiet']);
    expect(result.code).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<!--');
    expect(html.match(/<\/script>/gi)).toHaveLength(2);
    expectSelfContained(html);
    const data = pageData(html);
    const titles = data.clusters.flatMap((c) => c.members.map((m) => m.title));
    expect(titles).toEqual(expect.arrayContaining([hostile, `${hostile}<!--`]));
    expect(data.clusters.some((c) => c.size === 2)).toBe(true);
  });

  it('refuses, before the run, a page in a missing folder, a folder, or an input named on the command line', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.txt': story(3) });
    const input = path.join(dir, 'a.txt');
    for (const [target, message] of [
      [path.join(dir, 'missing', 'r.html'), 'does not exist'],
      [dir, 'is a folder'],
      [input, 'is an input'],
    ]) {
      const result = await runCli([input, '--html', target, '--quiet']);
      expect(result.code, target).toBe(2);
      expect(result.stderr).toContain(message);
    }
    expect(readFileSync(input, 'utf8')).toBe(story(3));
  });

  it('is refused with --index', async () => {
    const dir = tempDir();
    const result = await runCli([FIXTURES, '--index', path.join(dir, 'x.db'), '--html', path.join(dir, 'r.html')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--html');
  });

  it('explain --html writes the pair as one page', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'pair.html');
    const result = await runCli(['explain', path.join(FIXTURES, 'meridian-wire/harbour-bridge-closure.txt'), path.join(FIXTURES, 'newsroll/harbour-bridge.txt'), '--html', file, '--quiet']);
    expect(result.code).toBe(0);
    const html = readFileSync(file, 'utf8');
    expectSelfContained(html);
    const data = pageData(html);
    expect(data.clusters).toHaveLength(1);
    expect(data.clusters[0].texts?.copies[0]?.shared.length).toBeGreaterThan(0);
  });
});

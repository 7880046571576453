/** Runs with one job and with several give the same report, on files, JSONL over many chunks and standard input. */

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { random } from '../helpers/random.js';
import { letters } from '../helpers/text.js';

afterAll(removeTempDirs);

/** Invented stories: a few hundred made-up words, sentences with figures, near copies with edits. */
function corpus(count: number, seed: number): string[] {
  const next = random(seed);
  const vocabulary = Array.from({ length: 800 }, (_, i) => `${letters(i)}${['an', 'or', 'et', 'ul'][i % 4]}`);
  const word = () => vocabulary[Math.floor(next() ** 2 * vocabulary.length)];
  const stories: string[] = [];
  for (let i = 0; i < count; i++) {
    if (stories.length > 5 && next() < 0.25) {
      const source = stories[Math.floor(next() * stories.length)];
      stories.push(source.split(' ').map((w) => (next() < 0.04 ? word() : w)).join(' '));
      continue;
    }
    const sentences = Array.from({ length: 12 + Math.floor(next() * 20) }, () => {
      const s = Array.from({ length: 8 + Math.floor(next() * 12) }, () => (next() < 0.05 ? String(Math.floor(next() * 1000)) : word()));
      return s.join(' ') + '.';
    });
    stories.push(sentences.join(' '));
  }
  return stories;
}

describe('worker pool', () => {
  let dir: string;
  let feed: string;
  beforeAll(() => {
    dir = tempDir('dedupe-jobs-');
    const stories = corpus(3200, 7);
    // A folder of files in several formats.
    mkdirSync(path.join(dir, 'site-a'));
    mkdirSync(path.join(dir, 'site-b'));
    stories.slice(0, 200).forEach((s, i) => {
      const paragraphs = s.replace(/\. /g, '.\n\n');
      if (i % 3 === 0) writeFileSync(path.join(dir, 'site-a', `story-${i}.html`), `<html><body><nav>Home | News</nav><article><p>${paragraphs.replace(/\n\n/g, '</p><p>')}</p></article></body></html>`);
      else writeFileSync(path.join(dir, i % 3 === 1 ? 'site-a' : 'site-b', `story-${i}.txt`), `Site menu | Home | Sport\n\n${paragraphs}\n\nShare this article`);
    });
    // JSONL over several chunks (more than 1 MB), with records lacking an id, a malformed line and a blank line.
    const lines = stories.slice(200).map((text, i) => (i % 5 === 0 ? JSON.stringify({ text }) : JSON.stringify({ id: `feed-${i}`, title: `Story ${i}`, text })));
    lines.splice(1500, 0, '{"id": "broken", "text": ');
    lines.splice(2100, 0, '');
    feed = path.join(dir, 'feed.jsonl');
    writeFileSync(feed, lines.join('\n') + '\n');
  });

  it('gives the same report with one job and with several', async () => {
    const [one, two, three] = await Promise.all([1, 2, 3].map((jobs) => runCli(['--json', '--all', '--jobs', String(jobs), dir])));
    expect(one.code).toBe(0);
    const report = JSON.parse(one.stdout) as Report;
    expect(report.summary.documents).toBe(3200);
    expect(report.summary.duplicates).toBeGreaterThan(400);
    expect(report.skipped.map((s) => s.path)).toEqual(['feed.jsonl:1501']);
    expect(two.stdout).toBe(one.stdout);
    expect(three.stdout).toBe(one.stdout);
  });

  it('numbers JSONL records by their line across chunk boundaries', async () => {
    const result = await runCli(['--json', '--all', '--jobs', '2', feed]);
    const report = JSON.parse(result.stdout) as Report;
    const ids = new Set(report.clusters.flatMap((c) => c.members.map((m) => m.id.replace(/^.*(feed\.jsonl:\d+)$/, '$1'))));
    // Record i (0-based) without an id sits on line i+1, or i+2 after the malformed line, or i+3 after the blank one.
    for (const i of [0, 5, 1495, 1500, 2095, 2100, 2995]) {
      const line = i + 1 + (i >= 1500 ? 1 : 0) + (i >= 2099 ? 1 : 0);
      expect(ids.has(`feed.jsonl:${line}`), `record ${i} on line ${line}`).toBe(true);
    }
  });

  it('reads standard input once and gives the same clusters as the file', async () => {
    const { readFileSync } = await import('node:fs');
    const fromFile = await runCli(['--jsonl', '--jobs', '2', feed]);
    const fromStdin = await runCli(['--jsonl', '--jobs', '2', '-'], { input: readFileSync(feed) });
    const members = (out: string) => out.trim().split('\n').map((l) => (JSON.parse(l) as { members: { id: string }[] }).members.map((m) => m.id.replace(/^.*:(\d+)$/, '$1')).join(' '));
    expect(members(fromStdin.stdout)).toEqual(members(fromFile.stdout));
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { ROOT } from '../helpers/paths.js';

afterAll(removeTempDirs);

const CLEAN_FIXTURES = path.join(ROOT, 'fixtures', 'clean');

describe('dedupe clean', () => {
  it('--jsonl prints one record per document with the removed lines and their rules', async () => {
    const result = await runCli(['clean', '--jsonl', path.join(CLEAN_FIXTURES, 'nav-and-share.txt')]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]);
    expect(Object.keys(record)).toEqual(['id', 'path', 'line', 'title', 'text', 'removed', 'flags']);
    expect(record.line).toBeNull();
    expect(record.id).toBe('fixtures/clean/nav-and-share.txt');
    expect(record.text).not.toMatch(/Share This Post/);
    const shareLine = record.removed.find((r: { text: string }) => r.text.includes('Share This Post'));
    expect(shareLine?.rule).toMatch(/\S/);
    // Every paragraph of the expected body is kept.
    const expected = readFileSync(path.join(CLEAN_FIXTURES, 'nav-and-share.expected.txt'), 'utf8');
    for (const paragraph of expected.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)) expect(record.text).toContain(paragraph);
  });

  it('--explain shows removed lines marked with their rule and kept lines plain, in order', async () => {
    const result = await runCli(['clean', '--explain', path.join(CLEAN_FIXTURES, 'nav-and-share.txt')]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^==> fixtures\/clean\/nav-and-share\.txt <==\s+removed \d+:/);
    const share = lines.find((l) => l.includes('Share This Post'));
    expect(share).toMatch(/^- Share This Post\s+\[[\w:-]+\]$/);
    const expected = readFileSync(path.join(CLEAN_FIXTURES, 'nav-and-share.expected.txt'), 'utf8');
    const firstParagraph = expected.trim().split('\n')[0].trim();
    expect(lines).toContain(`  ${firstParagraph}`);
    expect(lines.indexOf(`  ${firstParagraph}`)).toBeLessThan(lines.indexOf(share!));
  });

  it('prints the cleaned text under a header for each document, and counts nothing twice', async () => {
    const result = await runCli(['clean', path.join(CLEAN_FIXTURES, 'repeated-teaser.txt'), path.join(CLEAN_FIXTURES, 'comments-quote.txt')]);
    expect(result.code).toBe(0);
    expect(result.stdout.match(/^==> .* <==$/gm)).toEqual(['==> fixtures/clean/repeated-teaser.txt <==', '==> fixtures/clean/comments-quote.txt <==']);
  });

  it('gives each record its line, repeated ids included, and skips what the run skips: a document with no word left', async () => {
    const dir = tempDir();
    const story = 'The council approved the harbour budget on Tuesday after a long debate about the bridge.';
    const lines = [{ id: 'a', text: story }, { id: 'a', text: `${story} Work starts in spring.` }, { id: 'b', text: '<p>!!! ??? ...</p>' }];
    writeFiles(dir, { 'feed.jsonl': lines.map((l) => JSON.stringify(l)).join('\n') + '\n' });
    const cleaned = await runCli(['clean', '--jsonl', dir]);
    expect(cleaned.code).toBe(0);
    const records = cleaned.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; line: number });
    expect(records.map((r) => [r.id, r.line])).toEqual([['a', 1], ['a', 2]]);
    expect(cleaned.stderr).toContain('skipped feed.jsonl:3: no text left after cleaning');
    const run = JSON.parse((await runCli([dir, '--json'])).stdout) as { skipped: { path: string; reason: string }[] };
    expect(run.skipped).toEqual([{ path: 'feed.jsonl:3', reason: 'no text left after cleaning' }]);
  });

  it('exits 2 when nothing can be read', async () => {
    const result = await runCli(['clean', '/no/such/folder']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no such file or folder/);
  });
});

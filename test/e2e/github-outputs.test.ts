/**
 * `dedupe check --format github` end to end: at most one annotation per duplicate cluster and
 * ten in all, the largest clusters first, then a line counting the rest; with
 * GITHUB_STEP_SUMMARY set, a Markdown job summary appended to that file (verdict, counts, a
 * table of clusters capped at 50 rows with a note).
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { story } from '../helpers/text.js';

beforeAll(assertBuilt);
afterAll(removeTempDirs);

/** `pairs` stories with two copies each, and one story with four copies (s000-*). */
function corpus(pairs: number): string {
  const dir = tempDir();
  const files: Record<string, string> = {};
  for (let k = 0; k < 4; k++) files[`data/s000-${k}.txt`] = story(1000);
  for (let i = 1; i <= pairs; i++) {
    const name = `s${String(i).padStart(3, '0')}`;
    files[`data/${name}-a.txt`] = story(1000 + i);
    files[`data/${name}-b.txt`] = story(1000 + i);
  }
  files['data/unique.txt'] = story(5000);
  writeFiles(dir, files);
  return dir;
}

const annotations = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('::error') || l.startsWith('::warning'));

describe('check --format github', () => {
  it('annotates each cluster once, ten at most with the largest first, and counts the rest', async () => {
    const dir = corpus(14);
    const result = await runCli(['check', 'data', '--format', 'github'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: '' } });
    expect(result.code, result.stderr).toBe(1);
    const lines = annotations(result.stdout);
    expect(lines.length).toBe(10);
    expect(lines.every((l) => l.startsWith('::error file=data/'))).toBe(true);
    // The cluster of four comes first, and names its other new copies.
    expect(lines[0]).toMatch(/^::error file=data\/s000-\d\.txt,title=Duplicate of data\/s000-\d\.txt::/);
    expect(lines[0]).toContain('and 2 other new copies');
    // One annotation per cluster.
    const clusters = lines.map((l) => /\(cluster (c\d+),/.exec(l)?.[1]);
    expect(new Set(clusters).size).toBe(10);
    expect(result.stdout).toContain('dedupe check: 5 more duplicate clusters (5 new copies) not annotated');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/^dedupe check: FAIL: 17 new duplicates in 33 documents/);
    expect(readdirSync(dir)).toEqual(['data']);
  });

  it('appends a job summary with the verdict, the counts and the clusters table to $GITHUB_STEP_SUMMARY', async () => {
    const dir = corpus(3);
    const summary = path.join(dir, 'summary.md');
    writeFiles(dir, { 'summary.md': '# earlier step\n\n' });
    const result = await runCli(['check', 'data', '--format', 'github'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(result.code, result.stderr).toBe(1);
    expect(annotations(result.stdout).length).toBe(4);
    expect(result.stdout).not.toContain('not annotated');
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# earlier step\n\n## dedupe check: FAIL\n')).toBe(true);
    expect(text).toContain('6 new duplicates in 11 documents (54.5%, over the allowed 0.0%)');
    expect(text).toContain('| documents | duplicates | new | accepted by the baseline | allowed share | clusters with new copies | skipped |');
    expect(text).toContain('| 11 | 6 | 6 | 0 | 0.0% | 4 | 0 |');
    const rows = text.split('\n').filter((l) => /^\| c\d{6} \|/.test(l));
    expect(rows.length).toBe(4);
    expect(rows[0]).toMatch(/^\| c\d{6} \| 4 \| `data\/s000-\d\.txt` \| (`data\/s000-\d\.txt` \(1\.00\)(, )?){3} \|$/);
    for (const row of rows.slice(1)) expect(row).toMatch(/^\| c\d{6} \| 2 \| `data\/s00\d-a\.txt` \| `data\/s00\d-b\.txt` \(1\.00\) \|$/);

    // A passing check appends its own summary after the first.
    const pass = await runCli(['check', 'data/unique.txt', '--format', 'github'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(pass.code, pass.stderr).toBe(0);
    const after = readFileSync(summary, 'utf8');
    expect(after.startsWith(text)).toBe(true);
    expect(after.slice(text.length)).toContain('## dedupe check: PASS');
    expect(after.slice(text.length)).not.toContain('| cluster |');
  });

  it('caps the summary table at 50 rows with a note of the rest', async () => {
    const dir = corpus(54);
    const summary = path.join(dir, 'summary.md');
    const result = await runCli(['check', 'data', '--format', 'github'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(result.code, result.stderr).toBe(1);
    expect(annotations(result.stdout).length).toBe(10);
    expect(result.stdout).toContain('45 more duplicate clusters (45 new copies) not annotated');
    const text = readFileSync(summary, 'utf8');
    expect(text.split('\n').filter((l) => /^\| c\d{6} \|/.test(l)).length).toBe(50);
    expect(text).toContain('5 more clusters not shown: run `dedupe check --format text` for the full list.');
  });

  it('writes no summary without GITHUB_STEP_SUMMARY, nor in the other formats', async () => {
    const dir = corpus(2);
    const summary = path.join(dir, 'summary.md');
    const text = await runCli(['check', 'data'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(text.code).toBe(1);
    expect(existsSync(summary)).toBe(false);
    const github = await runCli(['check', 'data', '--format', 'github'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: '' } });
    expect(github.code).toBe(1);
    expect(readdirSync(dir)).toEqual(['data']);
  });
});

/**
 * Clustering keeps every member a copy of its canonical (no chains). A document verified as a
 * copy of a member but not of the canonical stands apart: the report says so for it, and
 * explain, which sees the pair alone, says the same of clustering.
 */

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, runJson } from '../helpers/cli.js';
import { removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { random } from '../helpers/random.js';

beforeAll(assertBuilt);
afterAll(removeTempDirs);

/** Paragraphs of seeded nonsense words, so no two share a phrase by chance. */
function paragraphs(seed: number, count: number): string[] {
  const next = random(seed);
  const word = () => Array.from({ length: 4 + Math.floor(next() * 5) }, () => String.fromCharCode(97 + Math.floor(next() * 26))).join('');
  return Array.from({ length: count }, () => `${Array.from({ length: 60 }, word).join(' ')}.`);
}

describe('a verified copy kept out of a cluster', () => {
  // b holds all of a and all of c; a and c share only their first paragraph
  const [lead, p2, p3, p4, q1, q2, q3, q4] = paragraphs(11, 8);
  const files = {
    'a.txt': [lead, p2, p3, p4].join('\n\n'),
    'b.txt': [lead, p2, p3, p4, q1, q2, q3, q4].join('\n\n'),
    'c.txt': [lead, q1, q2, q3, q4].join('\n\n'),
  };

  it('is marked keptApart in --json, naming the copy and the canonical it does not match', async () => {
    const dir = tempDir();
    writeFiles(dir, files);
    const report = await runJson([dir, '--canonical', 'path']);
    const cluster = report.clusters.find((c) => c.size === 2)!;
    expect(cluster.members.map((m) => m.id)).toEqual(['a.txt', 'b.txt']);
    const members = report.clusters.flatMap((c) => c.members) as Array<{ id: string; keptApart?: string }>;
    const c = members.find((m) => m.id === 'c.txt')!;
    expect(c.keptApart).toContain('a verified copy of b.txt');
    expect(c.keptApart).toContain("canonical a.txt");
    for (const m of members.filter((m) => m.id !== 'c.txt')) expect(m.keptApart).toBeUndefined();
  });

  it('explain calls the pair copies and says that clustering may keep one apart', async () => {
    const dir = tempDir();
    writeFiles(dir, files);
    const { stdout } = await runCli(['explain', path.join(dir, 'b.txt'), path.join(dir, 'c.txt'), '--json']);
    const explained = JSON.parse(stdout) as { verdict: { duplicate: boolean }; notes: string[] };
    expect(explained.verdict.duplicate).toBe(true);
    expect(explained.notes.join('\n')).toMatch(/keptApart/);
    const { stdout: apart } = await runCli(['explain', path.join(dir, 'a.txt'), path.join(dir, 'c.txt'), '--json']);
    expect((JSON.parse(apart) as { verdict: { duplicate: boolean } }).verdict.duplicate).toBe(false);
  });

  it('explain --in makes the run and says where it puts the pair: apart, naming the canonical the copy does not match and why', async () => {
    const dir = tempDir();
    writeFiles(dir, files);
    const { stdout, code } = await runCli(['explain', path.join(dir, 'b.txt'), path.join(dir, 'c.txt'), '--in', dir, '--canonical', 'path', '--json']);
    expect(code).toBe(0);
    const explained = JSON.parse(stdout) as { verdict: { duplicate: boolean }; notes: string[]; run: { documents: number; together: boolean; a: { canonical: string; size: number }; b: { keptApart?: { copyOf: string; canonical: string; verdict: { rule: string } } }; summary: string } };
    expect(explained.verdict.duplicate).toBe(true);
    expect(explained.run.documents).toBe(3);
    expect(explained.run.together).toBe(false);
    expect(explained.run.a).toMatchObject({ canonical: 'a.txt', size: 2 });
    expect(explained.run.b.keptApart).toMatchObject({ copyOf: 'b.txt', canonical: 'a.txt' });
    expect(explained.run.b.keptApart?.verdict.rule).not.toBe('similar');
    expect(explained.run.summary).toMatch(/B is a verified copy of b\.txt kept out of its cluster/);
    // the run's view replaces the note that only warns of it
    expect(explained.notes.join('\n')).not.toMatch(/keptApart/);
    const terminal = await runCli(['explain', path.join(dir, 'a.txt'), path.join(dir, 'b.txt'), '--in', dir, '--canonical', 'path']);
    expect(terminal.stdout).toMatch(/In the run over .* \(3 documents/);
    expect(terminal.stdout).toMatch(/the run puts both in one cluster of 2, whose canonical is a\.txt/);
  });

  it('explain --in refuses a document the inputs do not hold', async () => {
    const dir = tempDir();
    const other = tempDir();
    writeFiles(dir, { 'a.txt': files['a.txt'], 'b.txt': files['b.txt'] });
    writeFiles(other, { 'c.txt': files['c.txt'] });
    const result = await runCli(['explain', path.join(dir, 'a.txt'), path.join(other, 'c.txt'), '--in', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/c\.txt is not among the documents of/);
  });
});

describe('explain --in cleans as the run does', () => {
  it('removes the lines the run learns across its documents, which explain alone keeps', async () => {
    const dir = tempDir();
    const chrome = ['Harbour Post front page', 'Weather and tides today', 'Letters to the editor', 'Subscribe to the morning paper'];
    const pages: Record<string, string> = {};
    paragraphs(23, 12).forEach((story, i) => (pages[`page-${i}.txt`] = [...chrome, '', story].join('\n')));
    writeFiles(dir, pages);
    const removedRules = (stdout: string, side: 'a' | 'b') => (JSON.parse(stdout) as Record<'a' | 'b', { removed: Array<{ rule: string }> }>)[side].removed.map((r) => r.rule);
    const alone = await runCli(['explain', path.join(dir, 'page-0.txt'), path.join(dir, 'page-1.txt'), '--json']);
    expect(removedRules(alone.stdout, 'a')).not.toContain('corpus-repeated');
    const within = await runCli(['explain', path.join(dir, 'page-0.txt'), path.join(dir, 'page-1.txt'), '--in', dir, '--json']);
    expect(removedRules(within.stdout, 'a')).toContain('corpus-repeated');
    expect((JSON.parse(within.stdout) as { run: { corpusLines: number } }).run.corpusLines).toBeGreaterThan(0);
  });
});


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
});

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { slug, summaryLine, writeOutputFolder, type Report } from '../src/report.js';
import { tempDir } from './helpers.js';

const report: Report = {
  version: 1,
  params: { shingleSize: 4, permutations: 128, seed: 1, threshold: 0.5, containment: 0.7, figures: 0.6, candidateThreshold: 0.25, bands: 32, rows: 4, canonical: 'complete', corpusLines: true },
  summary: { files: 3, documents: 3, clusters: 2, duplicateClusters: 1, duplicates: 1, skipped: 0 },
  clusters: [
    { id: 'c1', size: 2, canonical: '../../etc/passwd', reason: 'longest', members: [
      { id: '../../etc/passwd', path: 'a.txt', title: '../../Escape attempt', similarity: 1, containment: 1 },
      { id: 'b', path: 'b.txt', title: null, similarity: 0.9, containment: 0.95 },
    ] },
    { id: 'c2', size: 1, canonical: 'c', reason: null, members: [{ id: 'c', path: 'c.txt', title: null, similarity: 1, containment: 1 }] },
  ],
  skipped: [],
};

describe('slug', () => {
  it('makes safe, non-empty file name parts', () => {
    expect(slug('../../Escape attempt')).toBe('escape-attempt');
    expect(slug('Café déjà vu!')).toBe('cafe-deja-vu');
    expect(slug('///')).toBe('story');
    expect(slug('x'.repeat(200)).length).toBeLessThanOrEqual(60);
  });
});

describe('writeOutputFolder', () => {
  it('writes inside DIR only, whatever the ids, and leaves no temporary files', async () => {
    const dir = path.join(tempDir(), 'out');
    const texts = new Map([['c1', 'Story one.'], ['c2', 'Story two.']]);
    const written = await writeOutputFolder(dir, report, texts, new Set());
    for (const file of written) expect(path.dirname(file)).toBe(dir);
    expect(readdirSync(dir).sort()).toEqual(['c1-escape-attempt.txt', 'c2-c.txt', 'manifest.json']);
    expect(readFileSync(path.join(dir, 'c1-escape-attempt.txt'), 'utf8')).toBe('../../Escape attempt\n\nStory one.\n');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.documents.map((d: { id: string; cluster: string }) => [d.id, d.cluster])).toEqual([['../../etc/passwd', 'c1'], ['b', 'c1'], ['c', 'c2']]);
  });

  it('refuses to overwrite an input file', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'c2-c.txt');
    writeFileSync(input, 'original');
    await expect(writeOutputFolder(dir, report, new Map([['c2', 'new']]), new Set([input]))).rejects.toThrow(/refusing to overwrite/);
    expect(readFileSync(input, 'utf8')).toBe('original');
    expect(existsSync(path.join(dir, 'manifest.json'))).toBe(false);
  });
});

describe('summaryLine', () => {
  it('counts in words', () => {
    expect(summaryLine(report.summary)).toBe('3 documents from 3 files: 1 duplicate cluster, 1 duplicate, 2 unique stories');
  });
});

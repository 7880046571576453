import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { buildReport, slug, summaryLine, writeJsonLinesReport, writeJsonReport, writeOutputFolder, type Report } from '../../src/report/report.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import type { RunResult } from '../../src/engine/result.js';
import { written as writtenTo } from '../helpers/streams.js';

afterAll(removeTempDirs);

const report: Report = {
  version: 1,
  params: { shingleSize: 4, permutations: 128, seed: 1, threshold: 0.5, containment: 0.7, figures: 0.6, candidateThreshold: 0.25, bands: 32, rows: 4, canonical: 'complete', corpusLines: true, tokenisation: 'words' },
  summary: { files: 3, documents: 3, clusters: 2, duplicateClusters: 1, duplicates: 1, skipped: 0 },
  stats: { candidatePairs: 1, verifiedPairs: 1, acceptedPairs: 1 },
  clusters: [
    { id: 'c1', size: 2, canonical: '../../etc/passwd', reason: 'longest', members: [
      { id: '../../etc/passwd', path: 'a.txt', file: 'in/a.txt', line: null, url: null, title: '../../Escape attempt', date: null, similarity: 1, containment: 1 },
      { id: 'b', path: 'b.txt', file: 'in/b.jsonl', line: 7, url: 'https://example.com/b', title: null, date: '2026-01-02', similarity: 0.9, containment: 0.95 },
    ] },
    { id: 'c2', size: 1, canonical: 'c', reason: null, members: [{ id: 'c', path: 'c.txt', file: '/elsewhere/c.txt', line: null, url: null, title: null, date: null, similarity: 1, containment: 1 }] },
  ],
  flagged: [],
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
    mkdirSync(dir);
    const texts = new Map([['c1', 'Story one.'], ['c2', 'Story two.']]);
    const written = await writeOutputFolder(dir, report, texts);
    for (const file of written) expect(path.dirname(file)).toBe(dir);
    expect(readdirSync(dir).sort()).toEqual(['c1-escape-attempt.txt', 'c2-c.txt', 'manifest.json']);
    expect(readFileSync(path.join(dir, 'c1-escape-attempt.txt'), 'utf8')).toBe('../../Escape attempt\n\nStory one.\n');
    const manifestText = readFileSync(path.join(dir, 'manifest.json'), 'utf8');
    const manifest = JSON.parse(manifestText);
    // Written in pieces, laid out as JSON.stringify lays out the whole.
    expect(manifestText).toBe(JSON.stringify(manifest, null, 2) + '\n');
    expect(manifest.documents.map((d: { id: string; cluster: string }) => [d.id, d.cluster])).toEqual([['../../etc/passwd', 'c1'], ['b', 'c1'], ['c', 'c2']]);
    // Each document's file and line, as its member record gives them.
    expect(manifest.documents.map((d: { file: string; line: number | null }) => [d.file, d.line])).toEqual([['in/a.txt', null], ['in/b.jsonl', 7], ['/elsewhere/c.txt', null]]);
    // The mark a later run recognises before it replaces the folder.
    expect(manifest.generator).toBe('dedupe');
  });
});

describe('summaryLine', () => {
  it('counts in words', () => {
    expect(summaryLine(report.summary)).toBe('3 documents from 3 files: 1 duplicate cluster, 1 duplicate, 2 unique stories');
  });
});

describe('streamed JSON output', () => {
  /** Everything written to a stream that asks the writer to wait after each block. */
  const written = (write: (stream: PassThrough) => Promise<void>) => writtenTo(write, 16);

  const variants: [string, Report][] = [
    ['duplicates and singletons', report],
    ['no clusters', { ...report, clusters: [], summary: { ...report.summary, documents: 0, clusters: 0, duplicateClusters: 0, duplicates: 0 } }],
    ['flagged documents', { ...report, flagged: [{ id: 'deep.html', file: 'in/deep.html', line: null, flags: ['budget:html-nesting'] }, { id: 'r7', file: 'in/b.jsonl', line: 7, flags: ['guard:kept-original', 'html:readability-empty'] }] }],
    ['skipped inputs', { ...report, skipped: [{ path: 'bad.json', reason: 'malformed JSON: Unexpected token' }, { path: 'x "quoted".txt', reason: 'empty file' }] }],
    ['many clusters', { ...report, clusters: Array.from({ length: 3000 }, (_, i) => ({ ...report.clusters[1], id: `c${i}`, canonical: `d${i}`, members: [{ ...report.clusters[1].members[0], id: `d${i}`, title: `Story ${i} \u2014 "quoted"` }] })) }],
  ];

  it.each(variants)('--json writes what JSON.stringify prints (%s)', async (_name, value) => {
    expect(await written((stream) => writeJsonReport(stream, value))).toBe(JSON.stringify(value, null, 2) + '\n');
  });

  it.each(variants)('--jsonl writes one line per cluster (%s)', async (_name, value) => {
    const text = await written((stream) => writeJsonLinesReport(stream, value));
    expect(text.split('\n').filter(Boolean).map((line) => JSON.parse(line))).toEqual(value.clusters);
    expect(text === '' || text.endsWith('\n')).toBe(true);
  });
});

describe('buildReport cluster order', () => {
  it('lists larger clusters first, clusters of one size by their first member, then singletons in input order', () => {
    const documents = Array.from({ length: 12 }, (_, index) => ({ index, id: `d${index}`, path: 'feed.jsonl', file: '/in/feed.jsonl', record: index + 1, flags: [] as string[] }));
    // Members are listed canonical first, so a cluster's first member is not always its first listed.
    const clusters = [
      { canonical: 9, members: [9, 4], reason: 'r' },
      { canonical: 7, members: [7, 2, 11], reason: 'r' },
      { canonical: 3, members: [3, 1], reason: 'r' },
      { canonical: 8, members: [8, 10, 6], reason: 'r' },
    ];
    const result = { params: report.params, files: 1, documents, skipped: [], missing: [], clusters, similarity: new Map(), keptApart: new Map(), stats: report.stats } as unknown as RunResult;
    const built = buildReport(result);
    expect(built.clusters.map((c) => c.canonical)).toEqual(['d7', 'd8', 'd3', 'd9', 'd0', 'd5']);
    expect(built.clusters.map((c) => c.id)).toEqual(['c000001', 'c000002', 'c000003', 'c000004', 'c000005', 'c000006']);
  });
});

/**
 * Every cluster member says where its document is: `file` (openable, and what `dedupe explain`
 * takes), `line` (JSONL line or JSON array index) and `url`, the same in every stream; cluster
 * ids follow one rule everywhere; `explain --json` rounds its figures as the reports do.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterId, roundFigure, type ClusterRecord, type MemberRecord } from '../../src/report/model.js';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { parseReport } from '../helpers/report-schema.js';
import { Database, sqliteMissing } from '../helpers/sqlite.js';

beforeAll(assertBuilt);
afterAll(removeTempDirs);

const STORY =
  'The city council approved the new harbour budget on Tuesday evening after a long debate about school funding, ' +
  'road repairs in the northern district and the future of the old ferry terminal. The mayor said the plan would ' +
  'keep taxes level for another year while the port authority raises its fees for cargo ships by a small margin. ' +
  'Opposition members argued that the repairs had been promised twice before and asked for a public timetable.';
const OTHER =
  'A late frost damaged apple orchards across the valley this week, and growers expect a smaller harvest than last ' +
  'autumn. Several farms are asking the regional office for emergency help with the cost of replacing young trees.';
/** The story with its last sentence changed: a copy whose similarity is not a round figure. */
const EDITED = STORY.replace('asked for a public timetable.', 'demanded a written timetable with dates for each stage of the work.');

const HTML = `<!doctype html><html><head><title>Harbour budget approved</title>
<link rel="canonical" href="https://news.example/harbour-budget"></head>
<body><article><p>${STORY}</p></article></body></html>`;

/** A corpus with the same relative name under two input folders, a JSONL file, a JSON array and a page. */
function corpus(): string {
  const root = tempDir('dedupe-member-places-');
  writeFiles(root, {
    'north/story.txt': STORY,
    'south/story.txt': STORY,
    'feeds/wire.jsonl': [
      JSON.stringify({ id: 'w1', text: STORY, url: 'https://wire.example/1' }),
      JSON.stringify({ id: 'w2', text: OTHER }),
      JSON.stringify({ id: 'w3', text: STORY, link: 'https://wire.example/3' }),
    ].join('\n') + '\n',
    'feeds/batch.json': JSON.stringify([{ id: 'j1', text: OTHER }, { id: 'j2', text: EDITED }]),
    'pages/page.html': HTML,
  });
  return root;
}

const INPUTS = ['north', 'south', 'feeds', 'pages'];
const refOf = (m: Pick<MemberRecord, 'file' | 'line'>) => (m.line === null ? m.file! : `${m.file}:${m.line}`);
const members = (clusters: readonly ClusterRecord[]) => clusters.flatMap((c) => c.members);
/** Where each document is, by id: the fields every stream must agree on. */
const places = (list: readonly MemberRecord[]) => Object.fromEntries(list.map((m) => [m.id, { path: m.path, file: m.file, line: m.line, url: m.url }]));
const jsonLines = <T>(stdout: string): T[] => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);

describe('member places', () => {
  it('gives each member a file and line that are unique and that dedupe explain opens', async () => {
    const root = corpus();
    const run = await runCli([...INPUTS, '--json'], { cwd: root });
    expect(run.code).toBe(0);
    const all = members(parseReport(run.stdout).clusters);
    expect(all).toHaveLength(8);
    expect(new Set(all.map(refOf)).size).toBe(all.length);

    // Two folders holding story.txt: the same display path, two files.
    const stories = all.filter((m) => m.path === 'story.txt');
    expect(stories.map((m) => [m.file, m.line])).toEqual([
      [path.join('north', 'story.txt'), null],
      [path.join('south', 'story.txt'), null],
    ]);
    const twoFolders = await runCli(['explain', '--json', refOf(stories[0]), refOf(stories[1])], { cwd: root });
    expect(twoFolders.code, twoFolders.stderr).toBe(0);
    expect(JSON.parse(twoFolders.stdout).verdict.duplicate).toBe(true);
    expect(stories[0].file).not.toBe(stories[1].file);

    // Records of a JSONL file: their lines, and the URL of a url or link field.
    const byId = new Map(all.map((m) => [m.id, m]));
    expect(places([byId.get('w1')!, byId.get('w2')!, byId.get('w3')!])).toEqual({
      w1: { path: 'wire.jsonl', file: path.join('feeds', 'wire.jsonl'), line: 1, url: 'https://wire.example/1' },
      w2: { path: 'wire.jsonl', file: path.join('feeds', 'wire.jsonl'), line: 2, url: null },
      w3: { path: 'wire.jsonl', file: path.join('feeds', 'wire.jsonl'), line: 3, url: 'https://wire.example/3' },
    });
    const records = await runCli(['explain', '--json', refOf(byId.get('w1')!), refOf(byId.get('w3')!)], { cwd: root });
    expect(records.code, records.stderr).toBe(0);
    const explained = JSON.parse(records.stdout);
    expect([explained.a.id, explained.b.id]).toEqual(['w1', 'w3']);

    // A JSON array's records by their 1-based index; a page by its canonical URL.
    expect([byId.get('j1')!.line, byId.get('j2')!.line]).toEqual([1, 2]);
    const page = all.find((m) => m.path === 'page.html')!;
    expect(page).toMatchObject({ file: path.join('pages', 'page.html'), line: null, url: 'https://news.example/harbour-budget' });
    const mixed = await runCli(['explain', refOf(byId.get('j2')!), refOf(page)], { cwd: root });
    expect(mixed.code, mixed.stderr).toBe(0);
  });

  it('names a file outside the working folder by its absolute path, and standard input as "-"', async () => {
    const root = corpus();
    const elsewhere = tempDir('dedupe-member-places-cwd-');
    const outside = await runCli([path.join(root, 'north'), path.join(root, 'south'), '--jsonl'], { cwd: elsewhere });
    expect(outside.code).toBe(0);
    const files = members(jsonLines<ClusterRecord>(outside.stdout)).map((m) => m.file);
    expect(files).toEqual([path.join(root, 'north', 'story.txt'), path.join(root, 'south', 'story.txt')]);
    const explained = await runCli(['explain', files[0]!, files[1]!], { cwd: elsewhere });
    expect(explained.code, explained.stderr).toBe(0);

    const stdin = await runCli(['-', '--jsonl'], { input: readFileSync(path.join(root, 'feeds', 'wire.jsonl')) });
    expect(stdin.code).toBe(0);
    const fromStdin = members(jsonLines<ClusterRecord>(stdin.stdout));
    expect(fromStdin.map((m) => [m.id, m.file, m.line])).toEqual([
      ['w1', '-', 1],
      ['w3', '-', 3],
      ['w2', '-', 2],
    ]);
  });

  it('gives the same places in --json, --jsonl and manifest.json, and cluster ids by one rule', async () => {
    const root = corpus();
    const json = parseReport((await runCli([...INPUTS, '--json'], { cwd: root })).stdout);
    const lines = jsonLines<ClusterRecord>((await runCli([...INPUTS, '--jsonl'], { cwd: root })).stdout);
    const out = await runCli([...INPUTS, '--out', 'canonical', '-q'], { cwd: root });
    expect(out.code, out.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(root, 'canonical', 'manifest.json'), 'utf8'));

    const expected = places(members(json.clusters));
    expect(places(members(lines))).toEqual(expected);
    expect(places(members(manifest.clusters))).toEqual(expected);
    expect(Object.fromEntries(manifest.documents.map((d: { id: string; file: string; line: number | null }) => [d.id, [d.file, d.line]]))).toEqual(
      Object.fromEntries(Object.entries(expected).map(([id, p]) => [id, [p.file, p.line]])),
    );

    const ids = json.clusters.map((c) => c.id);
    expect(ids).toEqual(ids.map((_, i) => `c${String(i + 1).padStart(6, '0')}`));
    expect(lines.map((c) => c.id)).toEqual(ids);
    expect(manifest.clusters.map((c: ClusterRecord) => c.id)).toEqual(ids);
    expect(manifest.clusters[0].file).toMatch(/^c000001-/);
  });

  it('pads cluster ids to at least six digits whatever the output holds', () => {
    expect([clusterId(1), clusterId(42), clusterId(999_999), clusterId(1_000_000), clusterId(12_345_678)]).toEqual(['c000001', 'c000042', 'c999999', 'c1000000', 'c12345678']);
  });

  it('rounds the figures of explain --json to three decimals, as the reports do', async () => {
    const root = corpus();
    const run = await runCli(['explain', '--json', 'north/story.txt', 'feeds/batch.json:2'], { cwd: root });
    expect(run.code, run.stderr).toBe(0);
    const e = JSON.parse(run.stdout);
    const figures = [e.estimated.jaccard, e.estimated.containment, e.estimated.figures, e.estimated.lead, e.exact.jaccard, e.exact.containment];
    for (const x of figures) expect(x).toBe(roundFigure(x));
    // A partial copy: figures that are not round before rounding.
    expect(e.exact.jaccard).toBeGreaterThan(0);
    expect(e.exact.jaccard).toBeLessThan(1);
    const report = parseReport((await runCli(['north', 'feeds', '--json'], { cwd: root })).stdout);
    const j2 = members(report.clusters).find((m) => m.id === 'j2')!;
    expect(j2.similarity).toBe(e.estimated.jaccard);
  });
});

describe.skipIf(sqliteMissing)('member places in index outputs', () => {
  it('gives the same places in --index reports and index export as in --json', async () => {
    const root = corpus();
    const json = parseReport((await runCli([...INPUTS, '--json'], { cwd: root })).stdout);
    const indexed = await runCli([...INPUTS, '--index', 'news.db', '--json'], { cwd: root });
    expect(indexed.code, indexed.stderr).toBe(0);
    const run = JSON.parse(indexed.stdout) as { clusters: (ClusterRecord & { members: (MemberRecord & { indexed: boolean })[] })[] };
    const expected = places(members(json.clusters));
    // story.txt of south has the id of north's in an index (ids are unique there): it is not added.
    const { 'story.txt#1': _south, ...indexable } = expected;
    const fromRun = places(members(run.clusters));
    for (const [id, place] of Object.entries(fromRun)) expect(place).toEqual(indexable[id]);
    expect(Object.keys(fromRun).length).toBeGreaterThanOrEqual(4);
    expect(run.clusters.map((c) => c.id)[0]).toBe('c000001');

    const exported = await runCli(['index', 'export', 'news.db'], { cwd: root });
    expect(exported.code, exported.stderr).toBe(0);
    const lines = jsonLines<ClusterRecord>(exported.stdout);
    expect(places(members(lines))).toEqual(indexable);
    expect(lines.map((c) => c.id)).toEqual(lines.map((_, i) => clusterId(i + 1)));

    // Exported from another folder: files are named from there.
    const elsewhere = tempDir('dedupe-member-places-cwd-');
    const fromElsewhere = members(jsonLines<ClusterRecord>((await runCli(['index', 'export', path.join(root, 'news.db')], { cwd: elsewhere })).stdout));
    expect(fromElsewhere.find((m) => m.id === 'w1')!.file).toBe(path.join(root, 'feeds', 'wire.jsonl'));
  });

  it('reads an index written before documents recorded their file and line, and records them from then on', async () => {
    const root = corpus();
    expect((await runCli(['feeds', '--index', 'old.db', '-q'], { cwd: root })).code).toBe(0);
    const db = new Database(path.join(root, 'old.db'));
    db.exec('ALTER TABLE documents DROP COLUMN file; ALTER TABLE documents DROP COLUMN record');
    db.close();

    const before = await runCli(['index', 'export', 'old.db'], { cwd: root });
    expect(before.code, before.stderr).toBe(0);
    const old = members(jsonLines<ClusterRecord>(before.stdout));
    expect(old.map((m) => [m.id, m.file, m.line]).sort()).toEqual([
      ['j1', null, null],
      ['j2', null, null],
      ['w1', null, null],
      ['w2', null, null],
      ['w3', null, null],
    ]);
    expect(old.find((m) => m.id === 'w1')!.url).toBe('https://wire.example/1');

    const added = await runCli(['north', '--index', 'old.db', '--json'], { cwd: root });
    expect(added.code, added.stderr).toBe(0);
    const after = members(jsonLines<ClusterRecord>((await runCli(['index', 'export', 'old.db'], { cwd: root })).stdout));
    expect(after.find((m) => m.id === 'story.txt')).toMatchObject({ file: path.join('north', 'story.txt'), line: null });
    expect(after.find((m) => m.id === 'w1')).toMatchObject({ file: null, line: null });
  });
});

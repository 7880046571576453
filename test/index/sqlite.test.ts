import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENING_BANDS, optimalBanding } from '../../src/match/candidates.js';
import { DEFAULT_CANDIDATE_THRESHOLD } from '../../src/settings.js';
import { DEFAULT_POLICY } from '../../src/match/verify.js';
import { DEFAULT_FINGERPRINT } from '../../src/sketch/minhash.js';
import { run } from '../../src/engine/run.js';
import { runMain } from '../helpers/cli.js';
import { exportLines, makeCorpus, memberSets, withoutPaths, writeJsonl } from '../helpers/corpus.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { sqliteMissing } from '../helpers/sqlite.js';
import { NOTICE_RECORDS } from '../helpers/weekly-notice.js';

let dir: string;
afterAll(removeTempDirs);

const corpus = makeCorpus();
/** The banding every run here uses: the one tuned for the default candidate threshold. */
const { bands, rows } = optimalBanding(DEFAULT_CANDIDATE_THRESHOLD, DEFAULT_FINGERPRINT.permutations);
/** Bucket rows per indexed document: its signature bands and its opening bands. */
const bucketRows = bands + OPENING_BANDS;
// Halves: stories 0, 4, 8... wholly in the first; 1, 5, 9... with the original in the first and
// copies in the second; the others wholly in the second.
const story = (id: string) => Number(id.slice(1, 4));
const inFirst = (id: string) => story(id) % 4 === 0 || (story(id) % 4 === 1 && !id.includes('-copy'));
const first = corpus.documents.filter((d) => inFirst(d.id));
const second = corpus.documents.filter((d) => !inFirst(d.id));
let whole: string;
let halfA: string;
let halfB: string;

describe.skipIf(sqliteMissing)('SQLite index', () => {
  // Made when the tests run: vitest runs no hook of a file whose tests all skip, not even afterAll.
  beforeAll(() => {
    dir = tempDir('dedupe-index-sqlite-');
    whole = writeJsonl(path.join(dir, 'whole', 'all.jsonl'), corpus.documents);
    halfA = writeJsonl(path.join(dir, 'a', 'half.jsonl'), first);
    halfB = writeJsonl(path.join(dir, 'b', 'half.jsonl'), second);
  });

  it('gives the same clusters from two runs over two halves as from one run over the whole corpus', async () => {
    const split = path.join(dir, 'split.db');
    const once = path.join(dir, 'once.db');
    expect((await runMain([halfA, '--index', split, '-q'])).code).toBe(0);
    const secondRun = await runMain([halfB, '--index', split, '--json']);
    expect(secondRun.code).toBe(0);
    expect((await runMain([whole, '--index', once, '-q'])).code).toBe(0);

    // Paths differ (the halves are other files); clusters, canonicals and reasons must not.
    const fromSplit = exportLines((await runMain(['index', 'export', split])).stdout);
    const clusters = exportLines((await runMain(['index', 'export', once])).stdout);
    expect(withoutPaths(fromSplit)).toEqual(withoutPaths(clusters));
    expect(clusters.reduce((n, c) => n + c.size, 0)).toBe(corpus.documents.length);
    // Every generated story with copies is found as one cluster.
    expect(memberSets(clusters)).toEqual(corpus.groups.map((g) => [...g].sort()).sort((a, b) => (a[0] < b[0] ? -1 : 1)));

    // The same as the in-memory pipeline over the whole corpus.
    const full = await run([whole], {
      discover: {},
      read: {},
      fingerprint: DEFAULT_FINGERPRINT,
      policy: DEFAULT_POLICY,
      canonical: 'complete',
      candidateThreshold: DEFAULT_CANDIDATE_THRESHOLD,
      corpusLines: false,
    });
    const pipelineSets = memberSets(full.clusters.map((c) => ({ members: c.members.map((m) => ({ id: full.documents[m].id })) })));
    expect(memberSets(clusters)).toEqual(pipelineSets);

    // The second run tells copies of indexed stories from copies among its own documents.
    const report = JSON.parse(secondRun.stdout);
    expect(report.summary.indexedBefore).toBe(first.length);
    expect(report.summary.added).toBe(second.length);
    const secondIds = new Set(second.map((d) => d.id));
    for (const cluster of report.clusters) {
      const allNew = cluster.members.every((m: { id: string }) => secondIds.has(m.id));
      expect(cluster.kind).toBe(allNew ? 'new-vs-new' : 'new-vs-indexed');
      for (const m of cluster.members) expect(m.indexed).toBe(!secondIds.has(m.id));
    }
    expect(report.summary.newVsIndexed).toBeGreaterThan(0);
    expect(report.summary.newVsNew).toBeGreaterThan(0);
  });

  it('finds the same pairs after the recent LSH rows are merged into the main table', async () => {
    const merged = path.join(dir, 'merged.db');
    await runMain([halfA, '--index', merged, '-q']);
    // Imported here: the module loads better-sqlite3, which may be missing (the tests skip then).
    const { SqliteStore } = await import('../../src/index/sqlite.js');
    const store = new SqliteStore(merged, { create: false });
    const rows = () => store.db.prepare('SELECT (SELECT count(*) FROM bands), (SELECT count(*) FROM recent_bands)').raw().get();
    const [, recentBefore] = rows() as number[];
    expect(recentBefore).toBe(first.length * bucketRows);
    expect(store.mergeRecentBands(true)).toBe(true);
    expect(rows()).toEqual([first.length * bucketRows, 0]);
    await store.close();
    await runMain([halfB, '--index', merged, '-q']);
    const once = path.join(dir, 'merged-once.db');
    await runMain([whole, '--index', once, '-q']);
    expect(withoutPaths(exportLines((await runMain(['index', 'export', merged])).stdout))).toEqual(withoutPaths(exportLines((await runMain(['index', 'export', once])).stdout)));
  });

  it('adds nothing twice when the same documents come again', async () => {
    const file = path.join(dir, 'again.db');
    await runMain([whole, '--index', file, '-q']);
    const before = (await runMain(['index', 'export', file])).stdout;
    const again = await runMain([halfA, whole, '--index', file, '--json']);
    const summary = JSON.parse(again.stdout).summary;
    expect(summary.added).toBe(0);
    expect(summary.alreadyIndexed).toBe(first.length + corpus.documents.length);
    expect((await runMain(['index', 'export', file])).stdout).toBe(before);
    const stats = JSON.parse((await runMain(['index', 'stats', file, '--json'])).stdout);
    expect(stats.documents).toBe(corpus.documents.length);
    expect(stats.pending + stats.unlabelled).toBe(0);
    expect(stats.duplicateClusters).toBe(corpus.groups.length);
  });

  it('refuses a run with other parameters with exit status 2', async () => {
    const file = path.join(dir, 'params.db');
    await runMain([halfA, '--index', file, '-q']);
    const refused = await runMain([halfB, '--index', file, '--shingle', '5', '--bands', '20', '--rows', '5']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`built with other parameters: --shingle 4 (this run: 5), --bands ${bands} (this run: 20), --rows ${rows} (this run: 5)`);
    expect(JSON.parse((await runMain(['index', 'stats', file, '--json'])).stdout).documents).toBe(first.length);
  });

  it('keeps the date gap across runs: this week\'s notice is not a copy of last week\'s indexed one', async () => {
    const [week1, week1Resend, week2, week2Outlet] = NOTICE_RECORDS;
    const lastWeek = writeJsonl(path.join(dir, 'notices', 'week-1.jsonl'), [week1, week1Resend]);
    // An exact re-send of this week's notice: the same text as last week's too, it must find this week's.
    const week2Resend = { ...week2, id: 'tender-week-2-resend', date: '2031-05-12T10:45:00Z' };
    const thisWeek = writeJsonl(path.join(dir, 'notices', 'week-2.jsonl'), [week2, week2Outlet, week2Resend]);
    const clusterSets = async (file: string) => memberSets(exportLines((await runMain(['index', 'export', file])).stdout).filter((c) => c.size > 1));

    const file = path.join(dir, 'notices.db');
    expect((await runMain([lastWeek, '--index', file, '-q'])).code).toBe(0);
    const secondRun = await runMain([thisWeek, '--index', file, '--json']);
    expect(secondRun.code).toBe(0);
    const report = JSON.parse(secondRun.stdout);
    expect(report.params.dateGap).toBe(1.5);
    expect(report.clusters.map((c: { kind: string; size: number }) => [c.kind, c.size])).toEqual([['new-vs-new', 3]]);
    expect(await clusterSets(file)).toEqual([[week1.id, week1Resend.id], [week2.id, week2Outlet.id, week2Resend.id].sort()]);

    // Without the rule the two weeks are one story, across runs as well.
    const undated = path.join(dir, 'notices-off.db');
    await runMain([lastWeek, '--index', undated, '--no-date-gap', '-q']);
    await runMain([thisWeek, '--index', undated, '--no-date-gap', '-q']);
    expect(await clusterSets(undated)).toEqual([[week1.id, week1Resend.id, week2.id, week2Outlet.id, week2Resend.id].sort()]);
  });

  it('reads an index written before the date gap as built without it', async () => {
    const file = path.join(dir, 'before-date-gap.db');
    await runMain([halfA, '--index', file, '-q']);
    // Imported here: the module loads better-sqlite3, which may be missing (the tests skip then).
    const { SqliteStore } = await import('../../src/index/sqlite.js');
    const store = new SqliteStore(file, { create: false });
    const params = JSON.parse(store.db.prepare("SELECT value FROM meta WHERE key = 'params'").pluck().get() as string);
    delete params.dateGap;
    store.db.prepare("UPDATE meta SET value = ? WHERE key = 'params'").run(JSON.stringify(params));
    await store.close();

    expect(JSON.parse((await runMain(['index', 'stats', file, '--json'])).stdout).params.dateGap).toBeNull();
    const refused = await runMain([halfB, '--index', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('built with other parameters: --date-gap off (this run: 1.5)');
    expect((await runMain([halfB, '--index', file, '--no-date-gap', '-q'])).code).toBe(0);
  });

  it('answers --query-only without changing the index, and limits --fail-on-duplicates with --new-only', async () => {
    const file = path.join(dir, 'query.db');
    await runMain([halfA, '--index', file, '-q']);
    const statsBefore = (await runMain(['index', 'stats', file, '--json'])).stdout;
    const query = await runMain([halfB, '--index', file, '--query-only', '--json']);
    expect(query.code).toBe(0);
    const report = JSON.parse(query.stdout);
    expect(report.mode).toBe('query');
    expect(report.summary.newVsIndexed).toBeGreaterThan(0);
    expect((await runMain(['index', 'stats', file, '--json'])).stdout).toBe(statsBefore);

    // A story unlike anything indexed: --new-only passes, the plain check fails on the index's own copies.
    const fresh = writeJsonl(path.join(dir, 'fresh', 'one.jsonl'), [{ id: 'fresh-1', title: 'fresh', date: '2025-05-01', text: makeCorpus(1, 99).documents[0].text }]);
    expect((await runMain([fresh, '--index', file, '--query-only', '--fail-on-duplicates', '--new-only', '-q'])).code).toBe(0);
    expect((await runMain([fresh, '--index', file, '--query-only', '--fail-on-duplicates', '-q'])).code).toBe(1);
    expect((await runMain([halfB, '--index', file, '--query-only', '--fail-on-duplicates', '--new-only', '-q'])).code).toBe(1);
  });

  it('says so when --query-only names an index that does not exist, or a file that is not an index', async () => {
    const missing = await runMain([halfA, '--index', path.join(dir, 'missing.db'), '--query-only']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
    const notIndex = await runMain([halfA, '--index', halfB]);
    expect(notIndex.code).toBe(2);
    expect(notIndex.stderr).toMatch(/is not a dedupe index/);
  });

  it('indexes 1,000 copies of one text with one pair each and one set of bucket rows, in seconds', async () => {
    const file = path.join(dir, 'copies.db');
    const text = makeCorpus(1, 5).documents[0].text;
    const copies = writeJsonl(path.join(dir, 'copies', 'copies.jsonl'), Array.from({ length: 1000 }, (_, i) => ({ id: `copy-${i}`, title: 'copy', date: '2025-05-02', text })));
    const started = Date.now();
    const result = await runMain([copies, '--index', file, '--json']);
    const seconds = (Date.now() - started) / 1000;
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).clusters.map((c: { size: number }) => c.size)).toEqual([1000]);
    // The work is bounded by design: each copy is paired with the first, and only the first is in the buckets.
    const stats = JSON.parse((await runMain(['index', 'stats', file, '--json'])).stdout);
    expect(stats).toMatchObject({ documents: 1000, pairs: 999, duplicateClusters: 1, duplicates: 999 });
    const { SqliteStore } = await import('../../src/index/sqlite.js');
    const store = new SqliteStore(file, { create: false, readonly: true });
    expect(store.db.prepare('SELECT (SELECT count(*) FROM bands) + (SELECT count(*) FROM recent_bands)').pluck().get()).toBe(bucketRows);
    await store.close();
    // 2.3 s on two cores loaded by other work (load average above 20); when each copy read every
    // earlier copy's bucket rows, 18 s on idle cores.
    expect(seconds).toBeLessThan(15);
  });
});

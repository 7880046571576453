/**
 * An index learns the lines repeated across its corpus (site chrome) as a run does, over all its
 * runs: documents indexed in several runs are cleaned, and so clustered, as one run over the
 * whole corpus cleans them. Runs on SQLite, and on Redis when DEDUPE_TEST_REDIS_URL is set.
 */

import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/index/open.js';
import { runMain } from '../helpers/cli.js';
import { exportLines, makeCorpus, writeJsonl, type CorpusDocument, type ExportLine } from '../helpers/corpus.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { deleteRedisIndexes } from '../helpers/redis.js';
import { sqliteMissing } from '../helpers/sqlite.js';

const redisUrl = process.env.DEDUPE_TEST_REDIS_URL;
const prefixes: string[] = [];
let dir: string;

/** Each site's own line, repeated in every page it serves, between two paragraphs of the story. */
const SITE_LINES = [
  'Harbour Times morning edition for subscribers and friends',
  'Valley Courier weekend magazine and puzzles inside',
  'Northern Post readers club members save on tickets',
  'Meridian Wire desk updates every hour on the hour',
];

/** The corpus with each document served by one of `sites` (by its place in the list). */
function served(documents: readonly CorpusDocument[], sites: readonly number[]): CorpusDocument[] {
  return documents.map((doc, i) => {
    const words = doc.text.split(' ');
    const middle = Math.floor(words.length / 2);
    const line = SITE_LINES[sites[i % sites.length]];
    return { ...doc, text: `${words.slice(0, middle).join(' ')}\n\n${line}\n\n${words.slice(middle).join(' ')}` };
  });
}

/** Clusters of copies as canonical, members and the canonical's reason, which gives the debris cleaning removed. */
function clusterViews(clusters: readonly { canonical: string; reason: string | null; members: { id: string }[] }[]) {
  return clusters
    .filter((c) => c.members.length > 1)
    .map((c) => ({ canonical: c.canonical, reason: c.reason, members: c.members.map((m) => m.id).sort() }))
    .sort((a, b) => (a.canonical < b.canonical ? -1 : 1));
}

const backends = [
  { name: 'SQLite', skip: Boolean(sqliteMissing), target: (name: string) => path.join(dir, `${name}.db`) },
  {
    name: 'Redis',
    skip: !redisUrl,
    target: (name: string) => {
      const prefix = `dedupe-test-lines-${name}-${randomBytes(4).toString('hex')}`;
      prefixes.push(prefix);
      return `${redisUrl}?prefix=${prefix}`;
    },
  },
];

afterAll(async () => {
  removeTempDirs();
  if (redisUrl) await deleteRedisIndexes(redisUrl, prefixes);
});

for (const backend of backends) {
  describe.skipIf(backend.skip)(`corpus lines in a ${backend.name} index`, () => {
    const documents = served(makeCorpus(120, 11).documents, [0, 1, 2]);
    const half = Math.floor(documents.length / 2);
    let whole: string;
    let first: string;
    let second: string;

    beforeAll(() => {
      dir ??= tempDir('dedupe-index-lines-');
      whole = writeJsonl(path.join(dir, `${backend.name}-whole.jsonl`), documents);
      first = writeJsonl(path.join(dir, `${backend.name}-first.jsonl`), documents.slice(0, half));
      second = writeJsonl(path.join(dir, `${backend.name}-second.jsonl`), documents.slice(half));
    });

    it('cleans and clusters two runs over two halves as one run without an index over the whole corpus', async () => {
      const target = backend.target('halves');
      expect((await runMain([first, '--index', target, '-q'])).code).toBe(0);
      expect((await runMain([second, '--index', target, '-q'])).code).toBe(0);
      const indexed = clusterViews(exportLines((await runMain(['index', 'export', target])).stdout) as never);

      const plain = clusterViews(JSON.parse((await runMain([whole, '--json'])).stdout).clusters);
      expect(indexed).toEqual(plain);
      expect(plain.length).toBeGreaterThan(10);
      // The site lines are what the cleaning removes: without them the debris in every reason differs.
      const unlearnt = clusterViews(JSON.parse((await runMain([whole, '--json', '--no-corpus-lines'])).stdout).clusters);
      expect(unlearnt.map((c) => c.reason)).not.toEqual(plain.map((c) => c.reason));
    });

    it('learns a line once its count over every run passes the threshold, and keeps what it learnt', async () => {
      const target = backend.target('drift');
      const lines = async () => {
        const store = await openStore(target, 'read');
        try {
          return await store.corpusLines();
        } finally {
          await store.close();
        }
      };
      const corpus = makeCorpus(60, 12).documents;
      // Run 1: site 0 only. Runs 2 and 3: site 1 in 3 documents each, site 2 in 12 (the threshold is 10 documents).
      const run1 = writeJsonl(path.join(dir, `${backend.name}-run1.jsonl`), served(corpus.slice(0, 30), [0]));
      const run2 = writeJsonl(path.join(dir, `${backend.name}-run2.jsonl`), served(corpus.slice(30, 45), [1, 2, 2, 2, 2]));
      const run3 = writeJsonl(path.join(dir, `${backend.name}-run3.jsonl`), served(corpus.slice(45, 60), [1, 2, 2, 2, 2]));

      expect((await runMain([run1, '--index', target, '-q'])).code).toBe(0);
      const afterRun1 = await lines();
      expect(afterRun1.documents).toBe(30);
      expect(afterRun1.learnt.size).toBe(1);
      const exportAfterRun1 = (await runMain(['index', 'export', target])).stdout;
      // The same documents again are indexed already: not counted twice.
      expect((await runMain([run1, '--index', target, '-q'])).code).toBe(0);
      expect((await lines()).documents).toBe(30);

      expect((await runMain([run2, '--index', target, '-q'])).code).toBe(0);
      const afterRun2 = await lines();
      expect(afterRun2.documents).toBe(45);
      // Site 2's line is learnt; site 1's is counted, and learnt by no run: 6 documents in all.
      expect(afterRun2.learnt.size).toBe(2);
      expect([...afterRun2.counts.values()].sort((a, b) => a - b)).toEqual([3, 12, 30]);

      // --query-only counts nothing into the index.
      expect((await runMain([run3, '--index', target, '--query-only', '-q'])).code).toBe(0);
      expect((await lines()).documents).toBe(45);

      expect((await runMain([run3, '--index', target, '-q'])).code).toBe(0);
      const afterRun3 = await lines();
      expect(afterRun3.documents).toBe(60);
      expect([...afterRun3.counts.values()].sort((a, b) => a - b)).toEqual([6, 24, 30]);
      expect(afterRun3.learnt.size).toBe(2);
      // Documents indexed by run 1 were not cleaned again: their clusters (those no later copy
      // joined) are as run 1 left them, debris in the reason and similarities included.
      const run1Ids = new Set(corpus.slice(0, 30).map((d) => d.id));
      const withoutId = (c: ExportLine) => ({ ...c, id: undefined });
      const before = new Map(exportLines(exportAfterRun1).map((c) => [c.canonical, withoutId(c)]));
      const unchanged = exportLines((await runMain(['index', 'export', target])).stdout).filter((c) => c.size > 1 && c.members.every((m) => run1Ids.has(m.id)));
      expect(unchanged.length).toBeGreaterThan(3);
      for (const cluster of unchanged) expect(withoutId(cluster)).toEqual(before.get(cluster.canonical));
    });
  });
}

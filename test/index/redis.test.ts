/**
 * The Redis index against a real Redis server. Set DEDUPE_TEST_REDIS_URL (redis://host:port/db)
 * or run the tests through `bash .ci/with-redis.sh npm test`, which starts a throw-away server.
 */

import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAfterBatches, runCli, runMain } from '../helpers/cli.js';
import { Redis } from 'ioredis';
import { exportLines, makeCorpus, withoutPaths, writeJsonl, type ExportLine } from '../helpers/corpus.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { deleteRedisIndexes } from '../helpers/redis.js';
import { firstTakes } from '../helpers/first-takes.js';

const url = process.env.DEDUPE_TEST_REDIS_URL;
if (!url) console.warn('Redis index tests skipped: set DEDUPE_TEST_REDIS_URL=redis://127.0.0.1:6379/0 or run them via bash .ci/with-redis.sh npm test');

let dir: string;
const prefixes: string[] = [];

function target(name: string): string {
  const prefix = `dedupe-test-${name}-${randomBytes(4).toString('hex')}`;
  prefixes.push(prefix);
  return `${url}?prefix=${prefix}`;
}

afterAll(async () => {
  removeTempDirs();
  if (url) await deleteRedisIndexes(url, prefixes);
});

describe.skipIf(!url)('Redis index', () => {
  const corpus = makeCorpus(200, 23);
  let whole: string;
  // Made when the tests run: vitest runs no hook of a file whose tests all skip, not even afterAll.
  beforeAll(() => {
    dir = tempDir('dedupe-index-redis-');
    whole = writeJsonl(path.join(dir, 'whole', 'all.jsonl'), corpus.documents);
  });

  it('gives the same clusters from two runs over two halves as from one run, and as SQLite', async () => {
    const split = target('split');
    const once = target('once');
    const half = (n: number) => corpus.documents.filter((_, i) => (i % 3 === 0) === (n === 0));
    const a = writeJsonl(path.join(dir, 'a', 'half.jsonl'), half(0));
    const b = writeJsonl(path.join(dir, 'b', 'half.jsonl'), half(1));
    expect((await runMain([a, '--index', split, '-q'])).code).toBe(0);
    const second = JSON.parse((await runMain([b, '--index', split, '--json'])).stdout);
    expect(second.summary.newVsIndexed).toBeGreaterThan(0);
    expect((await runMain([whole, '--index', once, '-q'])).code).toBe(0);

    const fromSplit = exportLines((await runMain(['index', 'export', split])).stdout);
    const fromOnce = exportLines((await runMain(['index', 'export', once])).stdout);
    expect(withoutPaths(fromSplit)).toEqual(withoutPaths(fromOnce));
    expect(fromOnce.filter((c) => c.size > 1)).toHaveLength(corpus.groups.length);

    const sqlite = path.join(dir, 'same.db');
    await runMain([whole, '--index', sqlite, '-q']);
    expect((await runMain(['index', 'export', sqlite])).stdout).toBe((await runMain(['index', 'export', once])).stdout);

    const refused = await runMain([b, '--index', split, '--permutations', '64']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--permutations 128 \(this run: 64\)/);
  });

  it('clusters first takes and flashes with their stories as a run does, when added after them and when queried', async () => {
    const takes = firstTakes(6);
    const fulls = writeJsonl(path.join(dir, 'takes', 'full.jsonl'), takes.full);
    const later = writeJsonl(path.join(dir, 'takes', 'takes.jsonl'), takes.takes);
    const clusterSets = (clusters: { members: { id: string }[] }[]) => clusters.filter((c) => c.members.length > 1).map((c) => c.members.map((m) => m.id).sort().join(' | ')).sort();
    const index = target('takes');
    expect((await runMain([fulls, '--index', index, '-q'])).code).toBe(0);
    const query = JSON.parse((await runMain([later, '--index', index, '--query-only', '--json'])).stdout);
    expect(clusterSets(query.clusters)).toEqual(takes.clusters);
    expect((await runMain([later, '--index', index, '-q'])).code).toBe(0);
    expect(clusterSets(exportLines((await runMain(['index', 'export', index])).stdout))).toEqual(takes.clusters);
  });

  it('gives four concurrent processes over overlapping shards the same clusters as one process', async () => {
    // Shard k holds documents i with i % 4 == k, plus a third of shard k+1's: overlapping ids
    // arrive from two processes at once, and copies of one story land in different shards.
    const shards = [0, 1, 2, 3].map((k) =>
      writeJsonl(
        path.join(dir, 'shards', `shard-${k}.jsonl`),
        corpus.documents.filter((_, i) => i % 4 === k || (i % 4 === (k + 1) % 4 && i % 3 === 0)),
      ),
    );
    const shared = target('four');
    const runs = await Promise.all(shards.map((shard) => runCli([shard, '--index', shared, '--batch', '16', '-q'])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);

    const single = target('one');
    expect((await runMain([whole, '--index', single, '-q'])).code).toBe(0);
    const four = exportLines((await runMain(['index', 'export', shared])).stdout);
    expect(withoutPaths(four)).toEqual(withoutPaths(exportLines((await runMain(['index', 'export', single])).stdout)));

    // No lost or double inserts, nothing left half-done, and the stored labels agree.
    const stats = JSON.parse((await runMain(['index', 'stats', shared, '--json'])).stdout);
    const statsSingle = JSON.parse((await runMain(['index', 'stats', single, '--json'])).stdout);
    expect(stats).toMatchObject({ documents: corpus.documents.length, pending: 0, unlabelled: 0 });
    expect({ ...stats, target: '', bytes: 0 }).toEqual({ ...statsSingle, target: '', bytes: 0 });
  }, 60_000);

  it('finishes the work of a run killed with SIGKILL, giving the same index as an uninterrupted run', async () => {
    const killed = target('killed');
    for (const batches of [3, 60]) expect((await killAfterBatches([whole, '--index', killed], batches)).signal).toBe('SIGKILL');
    const partial = JSON.parse((await runMain(['index', 'stats', killed, '--json'])).stdout);
    expect(partial.documents).toBeGreaterThan(0);
    expect(partial.documents).toBeLessThan(corpus.documents.length);
    expect((await runMain([whole, '--index', killed, '-q'])).code).toBe(0);

    const uninterrupted = target('uninterrupted');
    expect((await runMain([whole, '--index', uninterrupted, '-q'])).code).toBe(0);
    expect((await runMain(['index', 'export', killed])).stdout).toBe((await runMain(['index', 'export', uninterrupted])).stdout);
    const stats = JSON.parse((await runMain(['index', 'stats', killed, '--json'])).stdout);
    const expected = JSON.parse((await runMain(['index', 'stats', uninterrupted, '--json'])).stdout);
    expect({ ...stats, target: '', bytes: 0 }).toEqual({ ...expected, target: '', bytes: 0 });
    expect(stats).toMatchObject({ pending: 0, unlabelled: 0 });
  }, 60_000);

  it('with metadata=minimal keeps smaller records and finds the same clusters, reported without titles, and keeps that choice', async () => {
    const full = target('full');
    const minimal = target('minimal');
    expect((await runMain([whole, '--index', full, '-q'])).code).toBe(0);
    expect((await runMain([whole, '--index', `${minimal}&metadata=minimal`, '-q'])).code).toBe(0);

    const fromFull = exportLines((await runMain(['index', 'export', full])).stdout);
    const fromMinimal = exportLines((await runMain(['index', 'export', minimal])).stdout);
    const idsOf = (lines: ExportLine[]) => lines.map((line) => line.members.map((m) => m.id));
    expect(idsOf(fromMinimal)).toEqual(idsOf(fromFull));
    expect(fromFull.filter((c) => c.size > 1)).toHaveLength(corpus.groups.length);
    type Member = { path: string; file: string | null; line: number | null; title: string | null };
    const membersOf = (lines: ExportLine[]) => lines.flatMap((line) => line.members as unknown as Member[]);
    expect(membersOf(fromFull).every((m) => m.title !== null && m.file !== null)).toBe(true);
    expect(membersOf(fromMinimal).every((m) => m.title === null && m.file === null && m.line === null && m.path !== null)).toBe(true);

    const client = new Redis(url!);
    const recordBytes = async (url: string) => {
      const prefix = new URL(url).searchParams.get('prefix')!;
      const records = await client.hvalsBuffer(`{${prefix}/r0}:d`);
      return records.reduce((sum, record) => sum + record.length, 0) / records.length;
    };
    const [fullBytes, minimalBytes] = [await recordBytes(full), await recordBytes(minimal)];
    client.disconnect();
    // The corpus's titles, paths and lines: tens of bytes a record.
    expect(fullBytes - minimalBytes).toBeGreaterThan(30);

    const refused = await runMain([whole, '--index', `${minimal}&metadata=full`, '-q']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('keeps metadata=minimal in its records; metadata=full is chosen when an index is created');
    expect((await runMain([whole, '--index', minimal, '-q'])).code).toBe(0);
  }, 60_000);
});

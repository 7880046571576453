/**
 * The Redis index spread over a real Redis Cluster. Set DEDUPE_TEST_REDIS_CLUSTER_URL
 * (redis+cluster://host:port,...) or run the tests through `bash .ci/with-redis-cluster.sh npm test`,
 * which starts three primaries with one replica each. Under CI=true a missing cluster fails the
 * tests instead of skipping them.
 */

import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runMain, startCli } from '../helpers/cli.js';
import { exportLines, makeCorpus, withoutPaths, writeJsonl } from '../helpers/corpus.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { deleteRedisIndexes, indexKeysPerPrimary, testClient } from '../helpers/redis.js';
import { firstTakes } from '../helpers/first-takes.js';

const url = process.env.DEDUPE_TEST_REDIS_CLUSTER_URL;
const required = process.env.CI === 'true';
if (!url && !required) console.warn('Redis Cluster index tests skipped: set DEDUPE_TEST_REDIS_CLUSTER_URL=redis+cluster://127.0.0.1:7000,... or run them via bash .ci/with-redis-cluster.sh npm test');

const prefixes: string[] = [];
function target(name: string): string {
  const prefix = `dedupe-test-${name}-${randomBytes(4).toString('hex')}`;
  prefixes.push(prefix);
  return `${url}?prefix=${prefix}`;
}
const prefixOf = (t: string) => new URL(t.replace(/^redis\+cluster:\/\/[^/]*/, 'redis://h')).searchParams.get('prefix')!;

afterAll(async () => {
  removeTempDirs();
  if (url) await deleteRedisIndexes(url, prefixes);
});

/** Runs an index command that must succeed, and gives its stats without the fields a run changes. */
async function stats(t: string): Promise<Record<string, unknown>> {
  const parsed = JSON.parse((await runMain(['index', 'stats', t, '--json'])).stdout);
  return { ...parsed, target: '', bytes: 0 };
}

async function exported(t: string): Promise<unknown[]> {
  return withoutPaths(exportLines((await runMain(['index', 'export', t])).stdout));
}

/** The replica that takes over from a primary, and that primary: from CLUSTER NODES. */
async function replicaOfAPrimary(seed: Redis): Promise<{ replica: { host: string; port: number }; primary: string }> {
  const lines = String(await seed.call('CLUSTER', 'NODES')).trim().split('\n').map((line) => line.split(' '));
  const primaries = new Map(lines.filter((l) => l[2].includes('master') && !l[2].includes('fail')).map((l) => [l[0], l[1]]));
  const replica = lines.find((l) => l[2].includes('slave') && !l[2].includes('fail') && l[7] === 'connected' && primaries.has(l[3]));
  if (!replica) throw new Error('the cluster has no connected replica of a primary to fail over to: start a fresh one (bash .ci/with-redis-cluster.sh)');
  const [host, port] = replica[1].split('@')[0].split(':');
  return { replica: { host, port: Number(port) }, primary: primaries.get(replica[3])! };
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await condition().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(!url && !required)('Redis Cluster index', () => {
  const corpus = makeCorpus(200, 29);
  let dir: string;
  let whole: string;
  beforeAll(() => {
    if (!url) throw new Error('DEDUPE_TEST_REDIS_CLUSTER_URL is not set: under CI=true the Redis Cluster tests must run (bash .ci/with-redis-cluster.sh npm test)');
    dir = tempDir('dedupe-index-cluster-');
    whole = writeJsonl(path.join(dir, 'whole', 'all.jsonl'), corpus.documents);
  });

  it('gives four concurrent workers over overlapping shards the same index as one process, spread over every primary', async () => {
    // Shard k: documents i with i % 4 == k, plus a third of shard k+1's (as in redis.test.ts).
    const shards = [0, 1, 2, 3].map((k) =>
      writeJsonl(path.join(dir, 'shards', `shard-${k}.jsonl`), corpus.documents.filter((_, i) => i % 4 === k || (i % 4 === (k + 1) % 4 && i % 3 === 0))),
    );
    const shared = target('four');
    const runs = await Promise.all(shards.map((shard) => runCli([shard, '--index', shared, '--batch', '16', '-q'])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const single = target('one');
    const one = await runCli([whole, '--index', single, '-q']);
    expect(one.code, one.stderr).toBe(0);

    expect(await exported(shared)).toEqual(await exported(single));
    expect((await exported(single)).filter((c) => (c as { size: number }).size > 1)).toHaveLength(corpus.groups.length);
    expect(await stats(shared)).toMatchObject({ documents: corpus.documents.length, pending: 0, unlabelled: 0 });
    expect(await stats(shared)).toEqual(await stats(single));

    const client = await testClient(url!);
    const perPrimary = (await indexKeysPerPrimary(client, prefixOf(shared))).map((keys) => keys.length);
    client.disconnect();
    const total = perPrimary.reduce((a, b) => a + b, 0);
    expect(perPrimary.length).toBeGreaterThanOrEqual(3);
    for (const count of perPrimary) expect(count / total, `keys per primary: ${perPrimary.join(', ')}`).toBeGreaterThanOrEqual(0.2);
  }, 180_000);

  it('clusters first takes and flashes with their stories as a run does, through the opening bands of every primary', async () => {
    const takes = firstTakes(6);
    const fulls = writeJsonl(path.join(dir, 'takes', 'full.jsonl'), takes.full);
    const later = writeJsonl(path.join(dir, 'takes', 'takes.jsonl'), takes.takes);
    const index = target('takes');
    expect((await runMain([fulls, '--index', index, '-q'])).code).toBe(0);
    expect((await runMain([later, '--index', index, '-q'])).code).toBe(0);
    const clusters = exportLines((await runMain(['index', 'export', index])).stdout).filter((c) => c.size > 1);
    expect(clusters.map((c) => c.members.map((m) => m.id).sort().join(' | ')).sort()).toEqual(takes.clusters);
  });

  it('completes an index whose primary failed over mid-run, with nothing lost or doubled', async () => {
    const failed = `${target('failover')}&replicas=1`;
    const seed = (await testClient(url!)) as unknown as { nodes(role: 'master'): Redis[]; disconnect(): void };
    const { replica } = await replicaOfAPrimary(seed.nodes('master')[0]);
    seed.disconnect();

    // A worker adds 8 documents a batch; after a few batches, a replica takes over its primary
    // without waiting for it (FAILOVER FORCE), as when the primary is lost.
    const child = startCli([whole, '--index', failed, '--batch', '8', '--progress', '-q']);
    child.stdin.end();
    child.stdout.resume();
    let batches = 0;
    let failedOver: Promise<void> | undefined;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      batches += chunk.split('\n').filter((line) => line.startsWith('indexed ')).length;
      if (batches >= 4 && !failedOver) {
        failedOver = (async () => {
          const node = new Redis(replica);
          await node.call('CLUSTER', 'FAILOVER', 'FORCE');
          await until(async () => ((await node.call('ROLE')) as string[])[0] === 'master', 'the replica to become a primary');
          await until(async () => String(await node.call('CLUSTER', 'INFO')).includes('cluster_state:ok'), 'the cluster to serve again');
          node.disconnect();
        })();
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(failedOver, 'the run ended before the failover').toBeDefined();
    await failedOver;
    // The worker either rode the failover out or stopped with an error; either way a re-run completes the index.
    expect([0, 3]).toContain(code);
    const rerun = await runCli([whole, '--index', failed, '-q']);
    expect(rerun.code, rerun.stderr).toBe(0);

    const uninterrupted = target('uninterrupted');
    expect((await runCli([whole, '--index', uninterrupted, '-q'])).code).toBe(0);
    expect(await exported(failed)).toEqual(await exported(uninterrupted));
    expect(await stats(failed)).toMatchObject({ documents: corpus.documents.length, pending: 0, unlabelled: 0 });
    expect(await stats(failed)).toEqual(await stats(uninterrupted));
  }, 180_000);
});

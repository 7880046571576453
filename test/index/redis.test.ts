/**
 * The Redis index against a real Redis server. Set DEDUPE_TEST_REDIS_URL (redis://host:port/db)
 * or run the tests through `bash .ci/with-redis.sh npm test`, which starts a throw-away server.
 */

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, exportLines, makeCorpus, withoutPaths, writeJsonl } from '../store-corpus.js';

const url = process.env.DEDUPE_TEST_REDIS_URL;
if (!url) console.warn('Redis index tests skipped: set DEDUPE_TEST_REDIS_URL=redis://127.0.0.1:6379/0 or run them via bash .ci/with-redis.sh npm test');

const bin = fileURLToPath(new URL('../../bin/dedupe.js', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'dedupe-store-redis-'));
const prefixes: string[] = [];

function target(name: string): string {
  const prefix = `dedupe-test-${name}-${randomBytes(4).toString('hex')}`;
  prefixes.push(prefix);
  return `${url}?prefix=${prefix}`;
}

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (!url) return;
  const client = new Redis(url);
  for (const prefix of prefixes) {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `{${prefix}}:*`, 'COUNT', 1000);
      if (keys.length) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
  client.disconnect();
});

function dedupeProcess(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** Starts an indexing run and kills it with SIGKILL once it has finished `batches` batches. */
function killAfter(args: string[], batches: number): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args, '--batch', '1', '--progress', '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let seen = 0;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      seen += chunk.split('\n').filter((line) => line.startsWith('indexed ')).length;
      if (seen >= batches && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve(signal));
  });
}

describe.skipIf(!url)('Redis index', () => {
  const corpus = makeCorpus(200, 23);
  const whole = writeJsonl(path.join(dir, 'whole', 'all.jsonl'), corpus.documents);

  it('gives the same clusters from two runs over two halves as from one run, and as SQLite', async () => {
    const split = target('split');
    const once = target('once');
    const half = (n: number) => corpus.documents.filter((_, i) => (i % 3 === 0) === (n === 0));
    const a = writeJsonl(path.join(dir, 'a', 'half.jsonl'), half(0));
    const b = writeJsonl(path.join(dir, 'b', 'half.jsonl'), half(1));
    expect((await cli([a, '--index', split, '-q'])).code).toBe(0);
    const second = JSON.parse((await cli([b, '--index', split, '--json'])).stdout);
    expect(second.summary.newVsIndexed).toBeGreaterThan(0);
    expect((await cli([whole, '--index', once, '-q'])).code).toBe(0);

    const fromSplit = exportLines((await cli(['index', 'export', split])).stdout);
    const fromOnce = exportLines((await cli(['index', 'export', once])).stdout);
    expect(withoutPaths(fromSplit)).toEqual(withoutPaths(fromOnce));
    expect(fromOnce.filter((c) => c.size > 1)).toHaveLength(corpus.groups.length);

    const sqlite = path.join(dir, 'same.db');
    await cli([whole, '--index', sqlite, '-q']);
    expect((await cli(['index', 'export', sqlite])).stdout).toBe((await cli(['index', 'export', once])).stdout);

    const refused = await cli([b, '--index', split, '--permutations', '64']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--permutations 128 \(this run: 64\)/);
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
    const runs = await Promise.all(shards.map((shard) => dedupeProcess([shard, '--index', shared, '--batch', '16', '-q'])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);

    const single = target('one');
    expect((await cli([whole, '--index', single, '-q'])).code).toBe(0);
    const four = exportLines((await cli(['index', 'export', shared])).stdout);
    expect(withoutPaths(four)).toEqual(withoutPaths(exportLines((await cli(['index', 'export', single])).stdout)));

    // No lost or double inserts, nothing left half-done, and the stored labels agree.
    const stats = JSON.parse((await cli(['index', 'stats', shared, '--json'])).stdout);
    const statsSingle = JSON.parse((await cli(['index', 'stats', single, '--json'])).stdout);
    expect(stats).toMatchObject({ documents: corpus.documents.length, pending: 0, unlabelled: 0 });
    expect({ ...stats, target: '', bytes: 0 }).toEqual({ ...statsSingle, target: '', bytes: 0 });
    const client = new Redis(url!);
    const prefix = new URL(shared).searchParams.get('prefix');
    expect(Number(await client.get(`{${prefix}}:seq`))).toBe(corpus.documents.length);
    client.disconnect();
  }, 60_000);

  it('finishes the work of a run killed with SIGKILL, giving the same index as an uninterrupted run', async () => {
    const killed = target('killed');
    for (const batches of [3, 60]) expect(await killAfter([whole, '--index', killed], batches)).toBe('SIGKILL');
    const partial = JSON.parse((await cli(['index', 'stats', killed, '--json'])).stdout);
    expect(partial.documents).toBeGreaterThan(0);
    expect(partial.documents).toBeLessThan(corpus.documents.length);
    expect((await cli([whole, '--index', killed, '-q'])).code).toBe(0);

    const uninterrupted = target('uninterrupted');
    expect((await cli([whole, '--index', uninterrupted, '-q'])).code).toBe(0);
    expect((await cli(['index', 'export', killed])).stdout).toBe((await cli(['index', 'export', uninterrupted])).stdout);
    const stats = JSON.parse((await cli(['index', 'stats', killed, '--json'])).stdout);
    const expected = JSON.parse((await cli(['index', 'stats', uninterrupted, '--json'])).stdout);
    expect({ ...stats, target: '', bytes: 0 }).toEqual({ ...expected, target: '', bytes: 0 });
    expect(stats).toMatchObject({ pending: 0, unlabelled: 0 });
  }, 60_000);
});

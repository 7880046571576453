/**
 * The Redis index records its format with its parameters and refuses an index written by an
 * earlier version (whose signatures would not compare). Needs DEDUPE_TEST_REDIS_URL, like
 * redis.test.ts.
 */

import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';
import { makeCorpus, writeJsonl } from '../helpers/corpus.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { deleteRedisIndexes, indexKeysPerPrimary } from '../helpers/redis.js';

const url = process.env.DEDUPE_TEST_REDIS_URL;
const prefix = `dedupe-test-format-${randomBytes(4).toString('hex')}`;
const target = `${url}?prefix=${prefix}`;

afterAll(async () => {
  removeTempDirs();
  if (url) await deleteRedisIndexes(url, [prefix]);
});

describe.skipIf(!url)('Redis index format', () => {
  let input: string;
  // Made when the tests run: vitest runs no hook of a file whose tests all skip, not even afterAll.
  beforeAll(() => {
    input = writeJsonl(path.join(tempDir('dedupe-index-redis-format-'), 'docs.jsonl'), makeCorpus(5).documents);
  });

  it('records the current format with a new index and opens it again', async () => {
    expect((await runMain([input, '--index', target, '-q'])).code).toBe(0);
    const client = new Redis(url!);
    expect(await client.get(`{${prefix}}:format`)).toBe('dedupe-index/7 redis-sharded/2');
    client.disconnect();
    expect((await runMain([input, '--index', target, '--query-only', '-q'])).code).toBe(0);
  });

  it('refuses an index written before the format was recorded, for writing, querying and stats, and leaves it as it was', async () => {
    const client = new Redis(url!);
    await client.del(`{${prefix}}:format`);
    const before = (await indexKeysPerPrimary(client, prefix)).flat().sort();
    for (const mode of [['--query-only'], []]) {
      const result = await runMain([input, '--index', target, ...mode, '-q']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('was written by another version of dedupe (format older than dedupe-index/7; this version reads dedupe-index/7 redis-sharded/2): build a new index');
    }
    expect((await runMain(['index', 'stats', target])).stderr).toContain('was written by another version of dedupe');
    expect((await indexKeysPerPrimary(client, prefix)).flat().sort()).toEqual(before);
    expect(await client.get(`{${prefix}}:format`)).toBeNull();
    client.disconnect();
  });

  it.each([
    ['dedupe-index/4', 'the earlier one-slot key layout, whose format names the sketches only'],
    ['dedupe-index/4 redis-sharded/1', 'JSON metadata, 32-bit signatures and buckets as hash fields'],
    ['dedupe-index/5 redis-sharded/2', 'sketches that read a time of day as two figures'],
    ['dedupe-index/6 redis-sharded/2', 'records with no opening key and buckets of the signature bands only'],
  ])('refuses an index of format %s (%s)', async (format) => {
    const client = new Redis(url!);
    await client.set(`{${prefix}}:format`, format);
    const result = await runMain([input, '--index', target, '-q']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`(format ${format}; this version reads dedupe-index/7 redis-sharded/2): build a new index`);
    client.disconnect();
  });
});

/**
 * Redis targets: how a URL is read (one server or a cluster), that its password never appears in
 * a message, and that a database the server does not have is refused rather than replaced by db 0.
 */

import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRedisTarget } from '../../src/index/redis.js';
import { runMain } from '../helpers/cli.js';
import { makeCorpus, writeJsonl } from '../helpers/corpus.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { testClient } from '../helpers/redis.js';

const url = process.env.DEDUPE_TEST_REDIS_URL;
let input: string;

beforeAll(() => {
  input = writeJsonl(path.join(tempDir('dedupe-redis-target-'), 'docs.jsonl'), makeCorpus(3).documents);
});
afterAll(() => removeTempDirs());

describe('Redis target URLs', () => {
  it('reads one server, a cluster seed list and the cluster flag', () => {
    expect(parseRedisTarget('redis://u:p%40ss@10.0.0.1:7000/3?prefix=news')).toMatchObject({
      cluster: false, nodes: [{ host: '10.0.0.1', port: 7000 }], username: 'u', password: 'p@ss', db: 3, prefix: 'news', replicas: 0, shown: 'redis://u:***@10.0.0.1:7000/3?prefix=news',
    });
    expect(parseRedisTarget('redis+cluster://:pw@a:7000,b:7001,[::1]:7002/?prefix=x&replicas=1')).toMatchObject({
      cluster: true, tls: false, nodes: [{ host: 'a', port: 7000 }, { host: 'b', port: 7001 }, { host: '::1', port: 7002 }], password: 'pw', db: 0, prefix: 'x', replicas: 1,
    });
    expect(parseRedisTarget('rediss://h/0?cluster=1')).toMatchObject({ cluster: true, tls: true, nodes: [{ host: 'h', port: 6379 }], prefix: 'dedupe' });
  });

  it('refuses a database that is not a number, and any but 0 in a cluster', () => {
    expect(() => parseRedisTarget('redis://h:6379/zero')).toThrow('Redis database "zero" in redis://h:6379/zero is not a number');
    expect(() => parseRedisTarget('redis+cluster://h:6379/2')).toThrow('a Redis Cluster has database 0 only');
  });

  it('masks the password in the message for a URL that does not parse', async () => {
    for (const target of ['redis://user:s3cret-pw@127.0.0.1:99999/0', 'redis://:s3cret-pw@[bad/0', 'redis+cluster://:s3cret-pw@127.0.0.1:7000,127.0.0.1:99999/']) {
      const result = await runMain([input, '--index', target]);
      expect(result.code, target).toBe(2);
      expect(result.stderr).toContain('cannot parse the Redis URL');
      expect(result.stderr).toContain(':***@');
      expect(result.stderr).not.toContain('s3cret');
    }
  });

  it('masks the password in the message for a server that cannot be reached', async () => {
    // Port 1 on loopback: nothing listens there.
    const result = await runMain(['index', 'stats', 'redis://user:s3cret-pw@127.0.0.1:1/0?prefix=x']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('cannot reach Redis at redis://user:***@127.0.0.1:1/0?prefix=x');
    expect(result.stderr).not.toContain('s3cret');
  });
});

describe.skipIf(!url)('Redis database numbers on a real server', () => {
  it('refuses a database above the server\'s last one, writing nothing to database 0', async () => {
    const prefix = `dedupe-test-db-${randomBytes(4).toString('hex')}`;
    const base = url!.replace(/\/\d*$/, '');
    for (const db of [16, 42]) {
      const result = await runMain([input, '--index', `${base}/${db}?prefix=${prefix}`]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`Redis database ${db} of ${base}/${db}?prefix=${prefix} cannot be used`);
    }
    // An index's first writes are its format and parameters.
    const client = await testClient(`${base}/0`);
    expect(await client.exists(`{${prefix}}:format`, `{${prefix}}:params`, `{${prefix}}:seq`)).toBe(0);
    client.disconnect();
  });
});

/**
 * `dedupe filter --membership`: a membership index (band hashes only) on a real Redis server and
 * a real Redis Cluster. Set DEDUPE_TEST_REDIS_URL and DEDUPE_TEST_REDIS_CLUSTER_URL, or run the
 * tests through `bash .ci/with-redis.sh bash .ci/with-redis-cluster.sh npm test`; under CI=true a
 * missing server fails the tests instead of skipping them.
 */

import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { deleteRedisIndexes, indexKeysPerPrimary, testClient } from '../helpers/redis.js';
import { story } from '../helpers/text.js';

const required = process.env.CI === 'true';
const servers = [
  { name: 'one server', url: process.env.DEDUPE_TEST_REDIS_URL },
  { name: 'a cluster', url: process.env.DEDUPE_TEST_REDIS_CLUSTER_URL },
];
if (servers.some((s) => !s.url) && !required) console.warn('membership index tests skipped where DEDUPE_TEST_REDIS_URL or DEDUPE_TEST_REDIS_CLUSTER_URL is not set (bash .ci/with-redis.sh bash .ci/with-redis-cluster.sh npm test)');

const prefixes = new Map<string, string[]>();
afterAll(async () => {
  removeTempDirs();
  for (const [url, list] of prefixes) await deleteRedisIndexes(url, list);
});
beforeAll(assertBuilt);

const line = (id: string, text: string) => JSON.stringify({ id, text });
const lines = (stdout: string) => stdout.split('\n').filter((l) => l !== '');
const input = (records: string[]) => ({ input: records.join('\n') + '\n' });

for (const server of servers) {
  describe.skipIf(!server.url && !required)(`membership index on ${server.name}`, () => {
    const url = server.url ?? '';
    function target(name: string): { target: string; prefix: string } {
      const prefix = `dedupe-test-membership-${name}-${randomBytes(4).toString('hex')}`;
      if (!prefixes.has(url)) prefixes.set(url, []);
      prefixes.get(url)!.push(prefix);
      return { target: `${url}?prefix=${prefix}`, prefix };
    }
    beforeAll(() => {
      if (!server.url) throw new Error(`no Redis URL for ${server.name}: under CI=true the membership tests must run (bash .ci/with-redis.sh bash .ci/with-redis-cluster.sh npm test)`);
    });

    const originals = [1, 2, 3].map((n) => line(`s${n}`, story(n, 150)));
    const copyOf1 = line('s1-copy', story(1, 150) + '\nShare this article');

    it('passes new stories byte for byte, holds back copies of earlier records and of indexed ones, and keeps only band hashes', async () => {
      const { target: index, prefix } = target('pass');
      const first = await runCli(['filter', '--membership', '--index', index], input([originals[0], originals[1], copyOf1, originals[2]]));
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(lines(first.stdout)).toEqual(originals);

      // Found as a membership index without --membership: a copy is held back, a new story passes.
      const fresh = line('s4', story(4, 150));
      const second = await runCli(['filter', '--index', index], input([line('s2-again', story(2, 150) + '\nRead more'), fresh]));
      expect(second.code).toBe(0);
      expect(lines(second.stdout)).toEqual([fresh]);
      const again = await runCli(['filter', '--index', index], input([fresh]));
      expect(again.stdout).toBe('');

      // Nothing of a document is kept but its band hashes: no records, ids or pairs.
      const client = await testClient(url);
      try {
        const perPrimary = await indexKeysPerPrimary(client, prefix);
        const keys = perPrimary.flat();
        expect(keys.some((key) => key.startsWith(`{${prefix}/m`))).toBe(true);
        // In a cluster the band keys spread over every primary.
        for (const held of perPrimary) expect(held.length / keys.length).toBeGreaterThanOrEqual(perPrimary.length > 1 ? 0.2 : 1);
        expect(keys.filter((key) => !/^\{[^}/]*\/m\d+\.\d+\}\d+$/.test(key)).sort()).toEqual([`{${prefix}}:documents`, `{${prefix}}:format`, `{${prefix}}:lines`, `{${prefix}}:params`]);
      } finally {
        client.disconnect();
      }
    });

    it('compares without adding with --query-only, and always passes a record left with too little text', async () => {
      const { target: index } = target('query');
      expect((await runCli(['filter', '--membership', '--index', index], input(originals))).code).toBe(0);
      const fresh = line('s5', story(5, 150));
      const stub = line('stub', 'Subscribe to read.');
      const query = await runCli(['filter', '--index', index, '--query-only'], input([copyOf1, fresh, line('s5-again', story(5, 150)), stub]));
      expect(query.code).toBe(0);
      expect(lines(query.stdout)).toEqual([fresh, stub]);
      // Nothing was added: the new story passes again.
      const after = await runCli(['filter', '--index', index, '--query-only'], input([fresh]));
      expect(lines(after.stdout)).toEqual([fresh]);
    });

    it('never loses a story that two workers pass at the same moment', async () => {
      const { target: index } = target('race');
      // Over 1 MB, so each worker reads it in several chunks and adds between them.
      const stories = Array.from({ length: 1500 }, (_, i) => line(`r${i}`, story(100 + i, 120)));
      const runs = await Promise.all([0, 1].map(() => runCli(['filter', '--membership', '--index', index, '-q'], input(stories))));
      for (const run of runs) expect(run.code, run.stderr).toBe(0);
      const passed = new Set(runs.flatMap((run) => lines(run.stdout)));
      expect([...passed].sort()).toEqual([...stories].sort());
    });

    it('is refused with exit 2 by the modes that need a clustering index, and a clustering index is refused by --membership', async () => {
      const { target: membership } = target('refuse');
      expect((await runCli(['filter', '--membership', '--index', membership], input(originals))).code).toBe(0);
      const dir = tempDir('dedupe-membership-');
      const file = path.join(dir, 'a.txt');
      (await import('node:fs')).writeFileSync(file, story(6, 150));
      for (const args of [[file, '--index', membership], ['index', 'export', membership]]) {
        const run = await runCli(args);
        expect(run.code, args.join(' ')).toBe(2);
        expect(run.stderr).toContain('is a membership index');
      }
      const { target: clustering } = target('clustering');
      expect((await runCli(['filter', '--index', clustering], input(originals))).code).toBe(0);
      const refused = await runCli(['filter', '--membership', '--index', clustering], input(originals));
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('is a clustering index');
    });
  });
}

describe('dedupe filter --membership with a SQLite file', () => {
  it('is refused with exit 2: a membership index lives in Redis', async () => {
    const index = path.join(tempDir('dedupe-membership-'), 'archive.db');
    const run = await runCli(['filter', '--membership', '--index', index], input([line('a', story(1, 150))]));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--membership needs a Redis index');
    expect(run.stdout).toBe('');
  });
});

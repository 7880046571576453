/**
 * Redis index tests: a client for a test server or cluster URL, and the keys of an index (every
 * key of prefix P has a hash tag starting with `{P}` or `{P/`), counted or deleted on every primary.
 */

import { Cluster, Redis } from 'ioredis';
import { parseRedisTarget } from '../../src/index/redis.js';

export type TestClient = Redis | Cluster;

/** A client for a test URL (redis://... or redis+cluster://...). */
export async function testClient(url: string): Promise<TestClient> {
  const target = parseRedisTarget(url);
  const client = target.cluster ? new Cluster(target.nodes, { lazyConnect: true }) : new Redis({ ...target.nodes[0], db: target.db, lazyConnect: true });
  await client.connect();
  return client;
}

export function primaries(client: TestClient): Redis[] {
  return client instanceof Cluster ? client.nodes('master') : [client];
}

/** The keys of an index on each primary, in the order of `primaries`. */
export async function indexKeysPerPrimary(client: TestClient, prefix: string): Promise<string[][]> {
  return Promise.all(
    primaries(client).map(async (node) => {
      const keys: string[] = [];
      for (const pattern of [`{${prefix}}*`, `{${prefix}/*`]) {
        let cursor = '0';
        do {
          const [next, found] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 100000);
          keys.push(...found);
          cursor = next;
        } while (cursor !== '0');
      }
      return keys;
    }),
  );
}

export async function deleteRedisIndexes(url: string, prefixes: readonly string[]): Promise<void> {
  const client = await testClient(url);
  for (const prefix of prefixes) {
    const perPrimary = await indexKeysPerPrimary(client, prefix);
    await Promise.all(
      primaries(client).map((node, i) => {
        // One pipeline per primary: keys of several slots cannot go in one DEL.
        const pipeline = node.pipeline();
        for (const key of perPrimary[i]) pipeline.unlink(key);
        return pipeline.exec();
      }),
    );
  }
  client.disconnect();
}

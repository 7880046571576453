/** Redis test indexes: each test names its own prefix, and its keys are removed afterwards. */

import { Redis } from 'ioredis';

/** Deletes every key of these index prefixes ({prefix}:*) from the server at url. */
export async function deleteRedisIndexes(url: string, prefixes: readonly string[]): Promise<void> {
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
}

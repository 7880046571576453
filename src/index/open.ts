/** Opens the index a `--index` target names: a Redis URL, or else a SQLite file. */

import type { IndexStore } from './store.js';

export type OpenMode =
  /** Add documents: create the index when it does not exist. */
  | 'write'
  /** Compare against the index or read it, without changing it: it must exist. */
  | 'read';

export function isRedisTarget(target: string): boolean {
  return /^rediss?:\/\//i.test(target);
}

/**
 * The store modules load on first use: a run without `--index` never loads Redis or SQLite.
 * Loading the SQLite store loads better-sqlite3 (an optional dependency), or fails with a
 * SqliteUnavailableError that says how to install it.
 */
export async function openStore(target: string, mode: OpenMode): Promise<IndexStore> {
  if (isRedisTarget(target)) return (await import('./redis.js')).RedisStore.open(target);
  const { SqliteStore } = await import('./sqlite.js');
  return new SqliteStore(target, { create: mode === 'write', readonly: mode === 'read' });
}

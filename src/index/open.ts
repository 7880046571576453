/** Opens the index a `--index` target names: a Redis URL, or else a SQLite file. */

import { IndexTargetError, type IndexStore } from './store.js';

export type OpenMode =
  /** Add documents: create the index when it does not exist. */
  | 'write'
  /** Compare against the index or read it, without changing it: it must exist. */
  | 'read';

export function isRedisTarget(target: string): boolean {
  return /^rediss?(\+cluster)?:\/\//i.test(target);
}

/**
 * Refuses the targets SQLite would take without keeping anything: an empty name and ":memory:"
 * (and its URI forms) open a database that is gone when the run ends, so a run would report
 * documents indexed that no later run finds.
 */
function checkTarget(target: string): void {
  if (target.trim() === '') throw new IndexTargetError('the index target is empty: give a SQLite file or a redis:// URL');
  if (/^(file:)?:memory:|^file:.*[?&]mode=memory/i.test(target.trim())) {
    throw new IndexTargetError(`index ${target} is an in-memory database, which keeps nothing after the run: give a SQLite file or a redis:// URL`);
  }
}

/**
 * The store modules load on first use: a run without `--index` never loads Redis or SQLite.
 * Loading the SQLite store loads better-sqlite3 (an optional dependency), or fails with a
 * SqliteUnavailableError that says how to install it.
 */
export async function openStore(target: string, mode: OpenMode): Promise<IndexStore> {
  checkTarget(target);
  if (isRedisTarget(target)) return (await import('./redis.js')).RedisStore.open(target);
  const { SqliteStore } = await import('./sqlite.js');
  return new SqliteStore(target, { create: mode === 'write', readonly: mode === 'read' });
}

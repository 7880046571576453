/**
 * better-sqlite3 is an optional dependency (a native addon: without a prebuilt binary it needs a
 * C++ toolchain to install). It is loaded here, on first use of a SQLite index and nowhere else,
 * so a run without one never needs it.
 */

import type BetterSqlite3 from 'better-sqlite3';
import { IndexTargetError } from './store.js';

export type SqliteDriver = typeof BetterSqlite3;

/** SQLite support is missing: the package is not installed, or its compiled binary does not load. */
export class SqliteUnavailableError extends IndexTargetError {}

let loaded: Promise<SqliteDriver> | undefined;

/** The better-sqlite3 constructor, loaded once; rejects with a SqliteUnavailableError that names the fix. */
export function loadSqliteDriver(): Promise<SqliteDriver> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<SqliteDriver> {
  let driver: SqliteDriver;
  try {
    driver = (await import('better-sqlite3')).default;
    // The package loads its compiled binary on the first connection: open one in memory now,
    // so a missing or mismatched binary shows here rather than as a broken index file.
    new driver(':memory:').close();
  } catch (error) {
    throw new SqliteUnavailableError(unavailableMessage(error));
  }
  return driver;
}

function unavailableMessage(error: unknown): string {
  const reason = reasonOf(error);
  const rebuild = /NODE_MODULE_VERSION|compiled against a different Node/i.test(reason) ? ', or `npm rebuild better-sqlite3` after a change of Node version' : '';
  return (
    `SQLite support is not installed: better-sqlite3 could not be loaded (${reason}). ` +
    `Install it with \`npm install better-sqlite3\` (needs a C++ toolchain where no prebuilt binary exists)${rebuild}, ` +
    'or use a Redis index (redis://host:port in place of the file).'
  );
}

/** The first line of the loader's error, without the list of paths it tried. */
function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n')[0]?.trim().replace(/[.:]\s*$/, '') ?? '';
  if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && first.includes("'better-sqlite3'")) return 'the package is not installed';
  if (/could not locate the bindings file/i.test(message)) return 'its compiled binary, better_sqlite3.node, is missing';
  return first || 'unknown error';
}

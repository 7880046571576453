/**
 * better-sqlite3 is an optional dependency. Where it is not installed (no prebuilt binary and no
 * C++ toolchain to build one) the tests that need a SQLite index skip with a warning, as the
 * Redis tests do without a server; test/e2e/without-sqlite.test.ts covers the CLI there.
 */

import { loadSqliteDriver, type SqliteDriver } from '../../src/index/sqlite-driver.js';

let missing: string | undefined;
const loaded = await loadSqliteDriver().catch((error: Error) => {
  missing = error.message;
  console.warn(`SQLite index tests skipped: ${missing}`);
  return undefined;
});

/** Why SQLite tests skip: the loader's message, or undefined where better-sqlite3 loads. */
export const sqliteMissing: string | undefined = missing;

/** The better-sqlite3 constructor (throws on use where it is missing: guard with sqliteMissing). */
export const Database: SqliteDriver =
  loaded ??
  (class {
    constructor() {
      throw new Error(`better-sqlite3 is not available: ${missing}`);
    }
  } as unknown as SqliteDriver);

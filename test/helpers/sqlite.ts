/**
 * better-sqlite3 is an optional dependency. Where it is not installed (no prebuilt binary and no
 * C++ toolchain to build one) the tests that need a SQLite index skip with a warning on a
 * developer's machine; test/e2e/without-sqlite.test.ts covers the CLI there. Under CI (CI set)
 * a missing SQLite fails instead: CI installs it, and a broken install must not pass as skips.
 */

import { loadSqliteDriver, type SqliteDriver } from '../../src/index/sqlite-driver.js';

let missing: string | undefined;
const loaded = await loadSqliteDriver().catch((error: Error) => {
  if (process.env.CI) throw new Error(`SQLite support is required under CI: ${error.message}`);
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

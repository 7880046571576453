/**
 * A SQLite index that cannot be used says why: a damaged index is the run failing (exit 3, with
 * SQLite's reason), and a database holding another program's tables is not a dedupe index
 * (exit 2), never "written by another version of dedupe" naming this version's own format.
 */

import { statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDEX_FORMAT } from '../../src/index/store.js';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { FIXTURES } from '../helpers/paths.js';
import { Database, sqliteMissing } from '../helpers/sqlite.js';

afterAll(removeTempDirs);
beforeAll(assertBuilt);

describe.skipIf(sqliteMissing)('SQLite index open errors', () => {
  it('exit 3 with the reason for a damaged index, exit 2 for a database with a meta table of its own', async () => {
    const dir = tempDir('dedupe-index-errors-');
    const damaged = path.join(dir, 'damaged.db');
    expect((await runCli([FIXTURES, '--index', damaged, '--quiet'])).code).toBe(0);
    truncateSync(damaged, Math.floor(statSync(damaged).size / 2));
    const run = await runCli([FIXTURES, '--index', damaged, '--quiet']);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`dedupe: cannot use index ${damaged}: database disk image is malformed\n`);

    const foreign = path.join(dir, 'foreign.db');
    const db = new Database(foreign);
    db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES ('format', '${INDEX_FORMAT}'); CREATE TABLE documents (x)`);
    db.close();
    const other = await runCli([FIXTURES, '--index', foreign, '--quiet']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(new RegExp(`^dedupe: ${foreign.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a dedupe index \\(`));
    expect(other.stderr).not.toContain('another version');
  });
});

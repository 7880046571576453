/**
 * What the CLI says about a SQLite index path that is not an index yet: a run creates a new
 * file; a missing folder, a folder, a missing file for reading, an empty file and another
 * program's database each get their own message and exit 2. A read-only index is read by
 * `index stats`, `index export` and --query-only, and refused for adding.
 */

import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { isRoot, removeTempDirs, tempDir } from '../helpers/files.js';
import { FIXTURES } from '../helpers/paths.js';
import { Database, sqliteMissing } from '../helpers/sqlite.js';

afterAll(removeTempDirs);
beforeAll(assertBuilt);

describe.skipIf(sqliteMissing)('SQLite index targets', () => {
  it('creates a new index for a run with --index on a file that does not exist', async () => {
    const file = path.join(tempDir('dedupe-targets-'), 'new.db');
    const run = await runCli([FIXTURES, '--index', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`18 new documents added to ${file}`);
    const stats = await runCli(['index', 'stats', '--json', file]);
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ documents: 18 });
  });

  it('says the index does not exist for index stats, index export and --query-only, and creates nothing', async () => {
    const dir = tempDir('dedupe-targets-');
    const file = path.join(dir, 'x.db');
    for (const args of [['index', 'stats', file], ['index', 'export', file], [FIXTURES, '--index', file, '--query-only']]) {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`dedupe: index ${file} does not exist\n`);
    }
    expect(existsSync(file)).toBe(false);
  });

  it('refuses an empty target and an in-memory database, which would keep nothing, and writes no file', async () => {
    const folder = tempDir();
    for (const target of ['', ':memory:', 'file::memory:', 'file:x.db?mode=memory']) {
      for (const args of [[FIXTURES, '--index', target], ['index', 'stats', target]]) {
        const result = await runCli(args, { cwd: folder });
        expect(result.code, `${args.join(' ')}`).toBe(2);
        expect(result.stderr).toMatch(target === '' ? /index target is empty/ : /in-memory database, which keeps nothing/);
        expect(result.stdout).toBe('');
      }
    }
    expect(readdirSync(folder)).toEqual([]);
  });

  it('says which folder is missing when a new index cannot be created', async () => {
    const folder = path.join(tempDir('dedupe-targets-'), 'no-such-folder');
    const result = await runCli([FIXTURES, '--index', path.join(folder, 'x.db')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`dedupe: cannot create index ${path.join(folder, 'x.db')}: folder ${folder} does not exist\n`);
    expect(existsSync(folder)).toBe(false);
  });

  it('says a folder is not an index file', async () => {
    const folder = path.join(tempDir('dedupe-targets-'), 'index.db');
    mkdirSync(folder);
    for (const args of [[FIXTURES, '--index', folder], ['index', 'stats', folder]]) {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`dedupe: ${folder} is a folder, not an index file\n`);
    }
  });

  it('says an empty file is not an index when reading it, and says why for a file that is not a database', async () => {
    const dir = tempDir('dedupe-targets-');
    const empty = path.join(dir, 'empty.db');
    const text = path.join(dir, 'notes.db');
    writeFileSync(empty, '');
    writeFileSync(text, 'not a database\n');
    const stats = await runCli(['index', 'stats', empty]);
    expect(stats.code).toBe(2);
    expect(stats.stderr).toBe(`dedupe: ${empty} is not a dedupe index (the file is empty)\n`);
    const run = await runCli([FIXTURES, '--index', text]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`dedupe: ${text} is not a dedupe index (file is not a database)\n`);
  });

  it("refuses another program's database, adding no table to it and leaving its journal mode", async () => {
    const file = path.join(tempDir('dedupe-targets-'), 'app.sqlite');
    const app = new Database(file);
    app.exec("CREATE TABLE users (name TEXT); INSERT INTO users VALUES ('ada')");
    app.close();
    const before = readFileSync(file);
    for (const args of [[FIXTURES, '--index', file], ['index', 'stats', file], [FIXTURES, '--index', file, '--query-only']]) {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/is not a dedupe index/);
    }
    expect((await runCli([FIXTURES, '--index', file])).stderr).toBe(
      `dedupe: ${file} is not a dedupe index: it is a SQLite database with other tables (users), and dedupe does not add its own to another program's database. Give a new file or an existing dedupe index\n`,
    );
    expect(readFileSync(file).equals(before)).toBe(true);
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['users']);
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('reads a read-only index with index stats, index export and --query-only, and refuses to add to it', async () => {
    const folder = path.join(tempDir('dedupe-targets-'), 'archive');
    mkdirSync(folder);
    const file = path.join(folder, 'index.db');
    expect((await runCli([FIXTURES, '--index', file, '-q'])).code).toBe(0);
    const stats = await runCli(['index', 'stats', '--json', file]);
    const exported = await runCli(['index', 'export', file]);
    // The adding run left nothing beside the index, which is read with nothing created.
    expect(readdirSync(folder)).toEqual(['index.db']);
    // Root writes anywhere, so as root the CLI runs as "nobody".
    const asUser = isRoot() ? { uid: 65534, gid: 65534 } : {};
    chmodSync(file, 0o444);
    chmodSync(folder, 0o555);
    try {
      const readStats = await runCli(['index', 'stats', '--json', file], asUser);
      expect(readStats.stderr).toBe('');
      expect(readStats.stdout).toBe(stats.stdout);
      const readExport = await runCli(['index', 'export', file], asUser);
      expect(readExport.code).toBe(0);
      expect(readExport.stdout).toBe(exported.stdout);
      const query = await runCli([FIXTURES, '--index', file, '--query-only', '--json'], asUser);
      expect(query.stderr).toBe('');
      expect(query.code).toBe(0);
      expect(JSON.parse(query.stdout).summary).toMatchObject({ indexedBefore: 18, added: 0 });

      const add = await runCli([FIXTURES, '--index', file], asUser);
      expect(add.code).toBe(2);
      expect(add.stderr).toBe(
        `dedupe: index ${file} is read-only (its file cannot be written): \`dedupe index stats\`, \`dedupe index export\` and --query-only read it; adding documents needs write access to the file and its folder\n`,
      );
      const create = await runCli([FIXTURES, '--index', path.join(folder, 'new.db')], asUser);
      expect(create.code).toBe(2);
      expect(create.stderr).toBe(`dedupe: cannot create index ${path.join(folder, 'new.db')}: folder ${folder} cannot be written\n`);
      expect(readdirSync(folder)).toEqual(['index.db']);
    } finally {
      chmodSync(folder, 0o755);
      chmodSync(file, 0o644);
    }
  });
});

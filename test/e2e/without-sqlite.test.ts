/**
 * better-sqlite3 is optional: the built CLI run with it unresolvable (a module hook, so
 * node_modules is untouched) still deduplicates, cleans, checks and explains, and refuses a
 * SQLite index with exit 2 and one message that names the fix, creating no file.
 */

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, type RunCliOptions } from '../helpers/cli.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { FIXTURES, ROOT } from '../helpers/paths.js';

afterAll(removeTempDirs);
beforeAll(assertBuilt);

/** Runs the CLI with one of the test/helpers/without-sqlite*.mjs hooks imported first. */
function withHook(hook: string): RunCliOptions {
  const url = pathToFileURL(path.join(ROOT, 'test', 'helpers', hook)).href;
  return { env: { NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import "${url}"`].filter(Boolean).join(' ') } };
}

const NO_PACKAGE = withHook('without-sqlite.mjs');
const NO_BINARY = withHook('without-sqlite-binary.mjs');
const FIX = 'Install it with `npm install better-sqlite3`';

describe('without better-sqlite3 installed', () => {
  it('deduplicates the fixtures as usual', async () => {
    const result = await runCli([FIXTURES], NO_PACKAGE);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('18 documents from 14 files: 3 duplicate clusters, 7 duplicates, 11 unique stories');
  });

  it('runs clean, check and explain, which never use an index', async () => {
    const clean = await runCli(['clean', path.join(ROOT, 'fixtures', 'clean', 'nav-and-share.txt')], NO_PACKAGE);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('Volunteers haul two tonnes of rubbish off Gullpoint beach');

    const check = await runCli(['check', FIXTURES], NO_PACKAGE);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('dedupe check: FAIL: 7 new duplicates in 18 documents');

    const a = path.join(FIXTURES, 'feeds', 'wire-feed.jsonl');
    const explain = await runCli(['explain', `${a}:2`, `${a}:3`], NO_PACKAGE);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toMatch(/similarity/);
  });

  it('refuses --index FILE with exit 2 and the way to install SQLite support, creating nothing', async () => {
    const dir = tempDir('dedupe-no-sqlite-');
    const result = await runCli([FIXTURES, '--index', path.join(dir, 'x.db')], NO_PACKAGE);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'dedupe: SQLite support is not installed: better-sqlite3 could not be loaded (the package is not installed). ' +
        `${FIX} (needs a C++ toolchain where no prebuilt binary exists), or use a Redis index (redis://host:port in place of the file).\n`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses dedupe index stats and export on a SQLite file the same way', async () => {
    const dir = tempDir('dedupe-no-sqlite-');
    for (const command of ['stats', 'export']) {
      const result = await runCli(['index', command, path.join(dir, 'x.db')], NO_PACKAGE);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^dedupe: SQLite support is not installed: better-sqlite3 could not be loaded \(the package is not installed\)\./);
      expect(result.stderr).toContain(FIX);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('with better-sqlite3 installed but no compiled binary', () => {
  it('refuses --index FILE with exit 2, naming the missing binary and the fix, creating nothing', async () => {
    const dir = tempDir('dedupe-no-sqlite-binary-');
    const result = await runCli([FIXTURES, '--index', path.join(dir, 'x.db')], NO_BINARY);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SQLite support is not installed: better-sqlite3 could not be loaded (its compiled binary, better_sqlite3.node, is missing).');
    expect(result.stderr).toContain(FIX);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('still deduplicates without an index', async () => {
    const result = await runCli([FIXTURES, '--json'], NO_BINARY);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).summary).toMatchObject({ documents: 18, duplicates: 7 });
  });
});

/**
 * Vitest global setup: every test run gets a temp folder of its own, and fails when a test
 * leaves anything in it.
 *
 * Before any test file starts, a fresh folder is made under the system's temp folder and set as
 * TMPDIR, which the test workers and the CLI processes they start inherit, so `os.tmpdir()`
 * (and with it `tempDir()` in files.ts) points there. After the last test file has ended,
 * whatever is left in it is litter: the entries are listed and the run fails. The folder itself
 * is always removed, so a failing or interrupted test does not leave litter in the system's
 * temp folder either; and other test runs on the same machine cannot be mistaken for ours.
 */

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(path.join(tmpdir(), 'dedupe-test-run-'));
  // Like /tmp: tests that run the CLI as another user make their folders in it.
  chmodSync(root, 0o1777);
  process.env.TMPDIR = root;

  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    let left: string[] = [];
    try {
      left = readdirSync(root).sort();
    } finally {
      // rm copes with trees deeper than PATH_MAX and with folders a test left unwritable.
      spawnSync('rm', ['-rf', root]);
    }
    if (left.length) {
      process.exitCode = 1;
      const list = left.map((name) => `  ${name}`).join('\n');
      throw new Error(
        `tests left ${left.length} temp ${left.length === 1 ? 'entry' : 'entries'} behind (removed now); each test file removes what it makes, ` +
          `e.g. afterAll(removeTempDirs) from test/helpers/files.ts:\n${list}`,
      );
    }
  };
}

/** Temp folders and files for tests. */

import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';

const created: string[] = [];

/**
 * A fresh temp folder, readable by every user (permission tests run the CLI as another user).
 * A test file that makes them removes them with `afterAll(removeTempDirs)`.
 */
export function tempDir(prefix = 'dedupe-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  created.push(dir);
  return dir;
}

/** Removes the temp folders of a test file (with rm, which copes with trees deeper than PATH_MAX). */
export function removeTempDirs(): void {
  if (created.length) spawnSync('rm', ['-rf', ...created.splice(0)]);
}

/** Writes files (with their folders) under root: name -> content. */
export function writeFiles(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(root, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

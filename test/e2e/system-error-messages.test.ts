/**
 * File system failures are told in sentences, never as Node's errno texts ("EISDIR: illegal
 * operation on a directory, read") or a stack trace: a settings file or baseline that is a
 * folder, an output that cannot be written (named by its own path, not its temporary name), and
 * too few file descriptors to load the program at all.
 */

import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemErrorText } from '../../src/cli/main.js';
import { writeFileAtomic } from '../../src/io/atomic.js';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { BIN } from '../helpers/paths.js';
import { story } from '../helpers/text.js';

beforeAll(assertBuilt);
afterAll(removeTempDirs);

describe('file system failures', () => {
  it('name the output and say what went wrong in words', async () => {
    const file = path.join(tempDir(), 'missing-folder', 'report.html');
    const failure = await writeFileAtomic(file, 'x').then(() => undefined, (error: unknown) => error);
    expect(systemErrorText(failure)).toBe(`cannot write ${file}: no such file or folder`);
    const exists = Object.assign(new Error('EEXIST: file already exists, mkdir'), { code: 'EEXIST', syscall: 'mkdir', path: '/data/out' });
    expect(systemErrorText(exists)).toBe('cannot create the folder /data/out: a file or folder of that name already exists');
    expect(systemErrorText(new Error('not a system error'))).toBeUndefined();
  });

  it('say a settings file or a baseline is a folder, with exit 2', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'in/a.txt': story(95) });
    mkdirSync(path.join(dir, 'settings'));
    const config = await runCli([path.join(dir, 'in'), '--config', 'settings'], { cwd: dir });
    expect(config.code).toBe(2);
    expect(config.stderr).toBe('dedupe: settings: cannot read settings: is a folder\n');
    const baseline = await runCli(['check', path.join(dir, 'in'), '--baseline', 'settings'], { cwd: dir });
    expect(baseline.code).toBe(2);
    expect(baseline.stderr).toContain('dedupe: baseline settings: is a folder\n');
  });

  it('too few file descriptors to load the program: one sentence and exit 3, no stack trace', () => {
    // Node 20 starts with 20 descriptors and loads the program's modules with 48: 28 fails in between.
    const dir = tempDir();
    writeFiles(dir, { 'a.txt': story(96) });
    const result = spawnSync('bash', ['-c', `ulimit -n 28 && exec "${process.execPath}" "${BIN}" "${dir}" --quiet`], { encoding: 'utf8' });
    expect(result.stderr).toBe('dedupe: cannot start: too many open files (raise the limit with ulimit -n)\n');
    expect(result.status).toBe(3);
  });
});

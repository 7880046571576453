import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir } from '../helpers/files.js';
import { FIXTURES } from '../helpers/paths.js';

afterAll(removeTempDirs);

describe('exit codes', () => {
  it('is 1 with --fail-on-duplicates when duplicates exist, 0 when none do', async () => {
    expect((await runCli(['--fail-on-duplicates', '--quiet', FIXTURES])).code).toBe(1);
    const single = await runCli(['--fail-on-duplicates', path.join(FIXTURES, 'coastline-daily')]);
    expect(single.code).toBe(0);
  });

  it('is 0 for the highest threshold the options take, identical texts only (--threshold 1 --no-containment)', async () => {
    const result = await runCli([FIXTURES, '--threshold', '1', '--no-containment', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { params: { bands: number; rows: number }; clusters: { members: { similarity: number }[] }[] };
    expect(report.params).toMatchObject({ bands: 1, rows: 128 });
    expect(report.clusters.flatMap((c) => c.members.map((m) => m.similarity))).toEqual(expect.arrayContaining([1]));
    expect(report.clusters.every((c) => c.members.every((m) => m.similarity === 1))).toBe(true);
  });

  it('is 2 with a one-line message for a missing path, an empty folder and a bad option', async () => {
    const missing = await runCli(['/nonexistent/articles']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/no such file or folder/);
    expect(missing.stderr).not.toMatch(/\bat .*\.js:\d+/);

    const empty = await runCli([tempDir()]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no input files/);

    const bad = await runCli(['--threshold', '7', FIXTURES]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--threshold/);

    expect((await runCli([])).code).toBe(2);
  });

  it('--help describes the options and exit codes', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--fail-on-duplicates/);
    expect(help.stdout).toMatch(/Exit status/);
  });
});

/**
 * Temporary files and folders a killed run (SIGKILL) left beside its outputs are removed by the
 * next run that writes the same output; those of a run still going are left alone.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { story } from '../helpers/text.js';

beforeAll(assertBuilt);
afterAll(removeTempDirs);

describe('leftovers of a killed run', () => {
  it('are removed beside --out DIR and --html FILE, unless their process still runs', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'in/a.txt': story(97), 'in/b.txt': story(98) });
    // A process id that existed and has ended.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const stale = [`.out.tmp-${dead}-0123abcd`, `.out.tmp-${dead}-0123abcd.old`, `.report.html.${dead}.tmp`];
    for (const folder of stale.slice(0, 2)) {
      mkdirSync(path.join(dir, folder));
      writeFileSync(path.join(dir, folder, 'c000001-story.txt'), 'half written');
    }
    writeFileSync(path.join(dir, stale[2]), '<html>half');
    const running = `.report.html.${process.pid}.tmp`;
    writeFileSync(path.join(dir, running), 'being written');
    const result = await runCli(['in', '--out', 'out', '--html', 'report.html', '--quiet'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([running, 'in', 'out', 'report.html'].sort());
    expect(existsSync(path.join(dir, 'out', 'manifest.json'))).toBe(true);
  });
});

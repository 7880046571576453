/**
 * --max-file-size: a limit larger than one document can hold reads gzip files (it used to make
 * every one "not a valid gzip file"), and a limit that comes to no bytes is refused with exit 2,
 * from the command line and from the config file alike.
 */

import { truncateSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES, readBytes } from '../../src/input/open.js';
import { assertBuilt, documentIds, runCli, runJson } from '../helpers/cli.js';
import { removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { story } from '../helpers/text.js';

beforeAll(assertBuilt);
afterAll(removeTempDirs);

describe('--max-file-size', () => {
  it('above what one document can hold reads gzip files, and skips a file too large to hold with that reason', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'a.txt.gz': gzipSync(story(90)),
      'feed.jsonl.gz': gzipSync(`${JSON.stringify({ id: 'r1', text: story(91) })}\n`),
      'b.html.gz': gzipSync(`<html><body><article><p>${story(92)}</p></article></body></html>`),
    });
    const report = await runJson([dir, '--max-file-size', '5GB']);
    expect(report.skipped).toEqual([]);
    expect(documentIds(report)).toEqual(['a.txt.gz', 'b.html.gz', 'r1']);
    // A sparse file a byte over what a string can hold is refused from its size, unread.
    const huge = path.join(dir, 'huge.txt');
    writeFileSync(huge, '');
    truncateSync(huge, MAX_DOCUMENT_BYTES + 1);
    expect(readBytes({ path: huge, displayPath: 'huge.txt', kind: 'text' }, 5 * 1024 ** 3)).toEqual({ reason: 'file is 512 MB, over the 512 MB one document can hold' });
    expect(readBytes({ path: huge, displayPath: 'huge.txt', kind: 'text' }, 1024)).toEqual({ reason: 'file is 512 MB, over the --max-file-size limit of 1 KB' });
  });

  it('that comes to no bytes is refused with exit 2, as a flag and in the config file', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.txt': story(93) });
    for (const size of ['0', '0.4', '0MB', '-1']) {
      const result = await runCli([dir, '--max-file-size', size, '--json']);
      expect(result.code, size).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`--max-file-size must be a size such as "20MB", "512KB" or a number of bytes, got "${size}"`);
    }
    writeFileSync(path.join(dir, 'dedupe.config.json'), JSON.stringify({ maxFileSize: 0 }));
    const fromConfig = await runCli([dir, '--json'], { cwd: dir });
    expect(fromConfig.code).toBe(2);
    expect(fromConfig.stderr).toContain('dedupe.config.json: "maxFileSize" must be a size');
  });
});

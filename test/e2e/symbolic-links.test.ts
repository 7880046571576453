/**
 * Symbolic links in an untrusted input folder: a link whose target is outside the input folders
 * is skipped with a reason in every mode, so its text never reaches a report, --print, --out or
 * `dedupe clean`; --follow-links (or the config file's followLinks) reads it. Links within the
 * inputs keep working.
 */

import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, documentIds, runCli, runJson } from '../helpers/cli.js';
import { removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { story } from '../helpers/text.js';

beforeAll(assertBuilt);
afterAll(removeTempDirs);

/** A word only the files outside the input folder hold. */
const SECRET = 'zyxwvutsecret';

/** An input folder with one story, a story in a linked folder inside it, and links to a file and a folder outside it. */
function archiveWithLinksOut(): { archive: string; outside: string } {
  const outside = tempDir();
  writeFiles(outside, { 'credentials.txt': `${SECRET} ${story(80)}`, 'home/notes.txt': `${SECRET} ${story(81)}` });
  const archive = tempDir();
  writeFiles(archive, { 'story.txt': story(82), 'inner/kept.txt': story(83) });
  symlinkSync(path.join(outside, 'credentials.txt'), path.join(archive, 'leak.txt'));
  symlinkSync(path.join(outside, 'home'), path.join(archive, 'home-link'));
  symlinkSync(path.join(archive, 'inner'), path.join(archive, 'inner-link'));
  return { archive, outside };
}

describe('symbolic links out of the input folders', () => {
  it('are skipped with a reason and their text reaches no output, unless --follow-links is given', async () => {
    const { archive, outside } = archiveWithLinksOut();
    const report = await runJson([archive]);
    expect(report.skipped).toEqual([
      { path: 'home-link', reason: `symbolic link to ${path.join(outside, 'home')}, outside the input folders (--follow-links reads it)` },
      { path: 'leak.txt', reason: `symbolic link to ${path.join(outside, 'credentials.txt')}, outside the input folders (--follow-links reads it)` },
      { path: 'inner-link', reason: 'same folder as inner, read once' },
    ]);
    expect(documentIds(report)).toEqual(['inner/kept.txt', 'story.txt']);

    const printed = await runCli([archive, '--print', 'canonical', '--quiet']);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain(story(82).split(' ').slice(0, 6).join(' '));
    expect(printed.stdout).not.toContain(SECRET);
    const cleaned = await runCli(['clean', archive]);
    expect(cleaned.code).toBe(0);
    expect(cleaned.stdout).not.toContain(SECRET);
    expect(cleaned.stderr).toContain('leak.txt: symbolic link to');
    const out = path.join(tempDir(), 'out');
    expect((await runCli([archive, '--out', out, '--quiet'])).code).toBe(0);
    const written = readdirSync(out).map((name) => readFileSync(path.join(out, name), 'utf8'));
    expect(written.length).toBeGreaterThan(0);
    expect(written.join('\n')).not.toContain(SECRET);

    const followed = await runJson([archive, '--follow-links']);
    expect(followed.skipped).toEqual([{ path: 'inner-link', reason: 'same folder as inner, read once' }]);
    expect(documentIds(followed)).toEqual(['home-link/notes.txt', 'inner/kept.txt', 'leak.txt', 'story.txt']);
  });

  it('are followed when the config file says followLinks, and a link into another input folder is always followed', async () => {
    const { archive, outside } = archiveWithLinksOut();
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'dedupe.config.json'), JSON.stringify({ followLinks: true }));
    expect(documentIds(await runJson([archive], { cwd }))).toContain('leak.txt');
    // Both folders named: the links lead into an input folder.
    const both = await runJson([archive, outside]);
    expect(both.skipped.filter((s) => s.reason.includes('outside the input folders'))).toEqual([]);
    // Each outside file is read once, at the first path it was met by.
    expect(documentIds(both)).toEqual(['home-link/notes.txt', 'inner/kept.txt', 'leak.txt', 'story.txt']);
    expect(both.skipped).toEqual(expect.arrayContaining([{ path: 'credentials.txt', reason: 'same file as leak.txt, read once' }]));
  });
});

/**
 * Text from the input never reaches a terminal or a CI log as control characters: an escape
 * sequence in a file name, an id or a title could recolour, hide or rewrite what a person reads.
 */

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { story } from '../helpers/text.js';

const ESC = '\u001b';
const CSI = '\u009b';
/** Clears the screen and moves the cursor home: what a hostile page would like a reviewer not to see. */
const HOSTILE = `${ESC}[2J${ESC}[H${CSI}31m`;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

let dir: string;

beforeAll(() => {
  assertBuilt();
  dir = tempDir();
  const body = story(11);
  writeFiles(dir, {
    [`wire${ESC}[31m.txt`]: body,
    'copy.txt': body,
    'feed.jsonl': `${JSON.stringify({ id: `r${HOSTILE}1`, title: `Title ${HOSTILE} here`, text: story(12) })}\n${JSON.stringify({ id: 'r2', title: 'plain', text: story(12) })}\n`,
    [`empty${ESC}[8m.md`]: '',
  });
});
afterAll(removeTempDirs);

describe('control characters from the input are shown escaped', () => {
  it('in the terminal report and the skipped notes', async () => {
    const result = await runCli([dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(CONTROL);
    expect(result.stderr).not.toMatch(CONTROL);
    expect(result.stdout).toContain('wire\\x1b[31m.txt');
    expect(result.stdout).toContain('Title \\x1b[2J\\x1b[H\\x9b31m here');
    expect(result.stderr).toContain(`skipped empty\\x1b[8m.md`);
  });

  it('in check, as text and as GitHub annotations', async () => {
    for (const format of ['text', 'github']) {
      const result = await runCli(['check', dir, '--format', format], { cwd: path.dirname(dir) });
      expect(result.code).toBe(1);
      expect(result.stdout, format).not.toMatch(CONTROL);
      expect(result.stdout, format).toContain('\\x1b');
    }
  });

  it('in the headers and titles of dedupe clean and clean --explain, where a newline in an id cannot forge a header', async () => {
    const forged = tempDir();
    writeFiles(forged, { 'feed.jsonl': `${JSON.stringify({ id: `x\n==> forged <==\n${HOSTILE}`, title: `Title ${HOSTILE}\nsecond line`, text: story(13) })}\n` });
    for (const flags of [[], ['--explain']]) {
      const result = await runCli(['clean', ...flags, forged]);
      expect(result.code).toBe(0);
      expect(result.stdout, flags.join(' ')).not.toMatch(CONTROL);
      expect(result.stdout.match(/^==> .*$/gm), flags.join(' ')).toEqual([expect.stringMatching(/^==> x\\n==> forged <==\\n\\x1b\[2J/)]);
      // --explain shows the raw lines of a text record, its title field only where a line holds it.
      if (flags.length === 0) expect(result.stdout).toContain('Title \\x1b[2J\\x1b[H\\x9b31m\\nsecond line');
    }
  });

  it('in the headers and titles of --print canonical, where a newline in an id cannot forge a header', async () => {
    const forged = tempDir();
    const body = story(14);
    writeFiles(forged, { 'feed.jsonl': `${JSON.stringify({ id: `x\n==> c000009 forged <==\n${HOSTILE}`, title: `Title ${HOSTILE}`, text: body })}\n${JSON.stringify({ id: 'y', text: body })}\n` });
    const result = await runCli([forged, '--print', 'canonical']);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(CONTROL);
    expect(result.stdout.match(/^==> .*$/gm)).toEqual([expect.stringMatching(/^==> c000001 x\\n==> c000009 forged <==\\n\\x1b\[2J.* \(2 copies\) <==$/)]);
    expect(result.stdout).toContain('Title \\x1b[2J\\x1b[H\\x9b31m');
  });

  it('while --json keeps the values exact (JSON escapes them itself)', async () => {
    const result = await runCli([dir, '--json']);
    const report = JSON.parse(result.stdout) as { clusters: { members: { id: string; title: string | null }[] }[] };
    const ids = report.clusters.flatMap((c) => c.members.map((m) => m.id));
    expect(ids).toContain(`wire${ESC}[31m.txt`);
    expect(ids).toContain(`r${HOSTILE}1`);
  });
});

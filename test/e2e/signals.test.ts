/** Interrupting the CLI: exit status 130, and no partial output files left behind. */

import { once } from 'node:events';
import { constants as osConstants } from 'node:os';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, startCli } from '../helpers/cli.js';
import { removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { story } from '../helpers/text.js';

beforeAll(assertBuilt);
afterAll(removeTempDirs);

describe('signals', () => {
  it('exits 130 on Ctrl-C while reading standard input', async () => {
    const child = startCli(['-']);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.write(JSON.stringify({ id: 'a', text: story(90) }) + '\n');
    await handlersInstalled(child.pid!);
    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(130);
    expect(stderr).toContain('dedupe: interrupted');
  });

  it('leaves no output and no temporary folder when interrupted while writing a new --out', async () => {
    const dir = manyStories();
    const parent = tempDir();
    const out = path.join(parent, 'out');
    const child = startCli([dir, '--out', out, '-q']);
    await writingStarted(parent, child);
    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(130);
    expect(readdirSync(parent)).toEqual([]);
  }, 60_000);

  it('keeps the previous output whole when interrupted while writing its replacement', async () => {
    const parent = tempDir();
    const out = path.join(parent, 'out');
    const small = tempDir();
    writeFiles(small, { 'a.txt': story(1, 120), 'b.txt': story(2, 120) });
    const [firstCode] = (await once(startCli([small, '--out', out, '-q']), 'exit')) as [number | null];
    expect(firstCode).toBe(0);
    const before = readdirSync(out).sort();
    const manifest = readFileSync(path.join(out, 'manifest.json'), 'utf8');
    const child = startCli([manyStories(), '--out', out, '-q']);
    await writingStarted(parent, child);
    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(130);
    expect(readdirSync(parent)).toEqual(['out']);
    expect(readdirSync(out).sort()).toEqual(before);
    expect(readFileSync(path.join(out, 'manifest.json'), 'utf8')).toBe(manifest);
  }, 60_000);
});

/** A folder of 3000 distinct stories: enough that writing their --out takes a while. */
function manyStories(): string {
  const dir = tempDir();
  writeFiles(dir, Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`doc-${String(i).padStart(4, '0')}.txt`, story(1000 + i, 120)])));
  return dir;
}

/** Waits until the run's temporary --out folder (a hidden sibling of DIR, in `parent`) holds a file. */
async function writingStarted(parent: string, child: { exitCode: number | null }): Promise<void> {
  const holdsFiles = (name: string) => {
    try {
      return name.startsWith('.out.tmp-') && readdirSync(path.join(parent, name)).length > 0;
    } catch {
      return false;
    }
  };
  while (child.exitCode === null && !readdirSync(parent).some(holdsFiles)) await new Promise((resolve) => setTimeout(resolve, 5));
}

/**
 * Waits until the CLI's signal handlers are installed (Linux: the SigCgt mask in /proc), so a
 * test's signal is not sent too early. Node catches SIGINT itself from startup, so this looks
 * for SIGHUP, which the entry point handles together with SIGINT and SIGTERM.
 */
async function handlersInstalled(pid: number): Promise<void> {
  const bit = BigInt(1) << BigInt(osConstants.signals.SIGHUP - 1);
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    let status: string;
    try {
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      // No /proc here: give the process time to start.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      return;
    }
    const caught = /^SigCgt:\s*([0-9a-f]+)$/m.exec(status)?.[1];
    if (caught && (BigInt(`0x${caught}`) & bit) !== BigInt(0)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A corpus whose candidate phase is long: every document joins three passages of a pool of
 * 30, as digest pages join wire stories, so the LSH bands are full of shared buckets.
 */
function sharedPassageCorpus(documents: number): string {
  const pool = Array.from({ length: 30 }, (_, i) => story(7000 + i, 70));
  const lines: string[] = [];
  for (let d = 0; d < documents; d++) {
    const parts = [pool[d % 30], pool[(d * 7 + 3) % 30], pool[(d * 13 + 11) % 30]];
    lines.push(JSON.stringify({ id: `page-${d}`, text: `Digest page ${d}\n\n${parts.join('\n\n')}` }));
  }
  return lines.join('\n') + '\n';
}

describe('signals during the candidate phase', () => {
  for (const [signal, status] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`${signal} ends the run with exit ${status} and leaves no output`, async () => {
      const dir = tempDir();
      writeFiles(dir, { 'pages.jsonl': sharedPassageCorpus(20_000) });
      const out = path.join(tempDir(), 'out');
      const child = startCli([path.join(dir, 'pages.jsonl'), '--out', out, '--progress', '--bands', '256', '--rows', '1', '--permutations', '256']);
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      while (!stderr.includes(' candidates ') && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(stderr).not.toContain('clustering');
      child.kill(signal);
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(status);
      expect(stderr).toContain('dedupe: interrupted');
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    }, 120_000);
  }
});

/**
 * Records whose cleaning takes a while each (a page nested 200 elements deep: within the cleaning
 * budget, so Readability runs on it): 400 of them in one JSONL chunk are minutes of cleaning in
 * one batch.
 */
function slowToCleanRecords(records: number): string {
  const lines: string[] = [];
  for (let r = 0; r < records; r++) {
    const page = `<html><body><p>${story(9000 + r, 40)}</p>${'<div>'.repeat(200)}Record ${r}${'</div>'.repeat(200)}</body></html>`;
    lines.push(JSON.stringify({ id: `slow-${r}`, text: page }));
  }
  return lines.join('\n') + '\n';
}

describe('signals while documents are cleaned in the main thread', () => {
  const runs = [
    ['a run with --jobs 1', ['--jobs', '1', '--json', '--progress'], (stdout: string, stderr: string) => stderr.includes('reading')],
    ['dedupe clean', ['--jsonl'], (stdout: string) => stdout.length > 0],
  ] as const;
  for (const [name, args, started] of runs) {
    it(`SIGTERM ends ${name} between two documents, not after the batch`, async () => {
      const dir = tempDir();
      writeFiles(dir, { 'pages.jsonl': slowToCleanRecords(400) });
      const input = path.join(dir, 'pages.jsonl');
      const child = startCli(name === 'dedupe clean' ? ['clean', input, ...args] : [input, ...args]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      while (!started(stdout, stderr) && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
      await handlersInstalled(child.pid!);
      // the first chunk of records is read by then, and its batch being cleaned
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const sent = Date.now();
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      // cleaning every record takes minutes; one record well under a second
      expect(Date.now() - sent).toBeLessThan(20_000);
      expect(code).toBe(143);
      expect(stderr).toContain('dedupe: interrupted');
      expect(stdout.split('\n').filter(Boolean).length).toBeLessThan(400);
    }, 120_000);
  }
});

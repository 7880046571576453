/**
 * `dedupe PATHS --out DIR` end to end: DIR is created or used when missing or empty, replaced
 * whole when it holds dedupe's own earlier output, and refused (exit 2, a message naming it,
 * nothing written or removed) when it is a file, someone else's folder, tied to an input, or
 * cannot be written.
 */

import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { isRoot, removeTempDirs, tempDir, writeFiles } from '../helpers/files.js';
import { FIXTURES } from '../helpers/paths.js';
import { story } from '../helpers/text.js';

beforeAll(assertBuilt);
afterAll(removeTempDirs);

interface Manifest {
  generator: string;
  clusters: { file: string | null }[];
}

/** Every file under a folder, by relative path, with its content: what a refused run must not change. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, file)] = readFileSync(file, 'utf8');
  }
  return files;
}

function readManifest(out: string): Manifest {
  return JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
}

/** The files a run's manifest says it wrote, plus the manifest. */
function filesOfManifest(out: string): string[] {
  const written = readManifest(out).clusters.flatMap((c) => (c.file ? [c.file] : []));
  return [...written, 'manifest.json'].sort();
}

/** Two small story folders whose outputs differ in size and names. */
function corpora(): { first: string; second: string } {
  const first = tempDir();
  writeFiles(first, { 'a.txt': story(11), 'b.txt': story(12), 'c.txt': story(13) });
  const second = tempDir();
  writeFiles(second, { 'd.txt': story(21) });
  return { first, second };
}

async function expectRefused(args: string[], message: RegExp, cwd?: string): Promise<string> {
  const result = await runCli([...args, '-q'], { cwd });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stdout).toBe('');
  return result.stderr;
}

describe('--out DIR that may be written', () => {
  it('creates a missing DIR (and its parents) and leaves nothing beside it', async () => {
    const { first } = corpora();
    const parent = tempDir();
    const out = path.join(parent, 'nested', 'out');
    const result = await runCli([first, '--out', out, '-q']);
    expect(result.code).toBe(0);
    expect(readdirSync(parent)).toEqual(['nested']);
    expect(readdirSync(path.join(parent, 'nested'))).toEqual(['out']);
    expect(readdirSync(out).sort()).toEqual(filesOfManifest(out));
    expect(readdirSync(out)).toHaveLength(4);
    expect(readManifest(out).generator).toBe('dedupe');
  });

  it('uses an existing empty DIR, keeping its access rights', async () => {
    const { first } = corpora();
    const out = path.join(tempDir(), 'out');
    mkdirSync(out);
    chmodSync(out, 0o750);
    const result = await runCli([first, '--out', out, '-q']);
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(filesOfManifest(out));
    expect(statSync(out).mode & 0o777).toBe(0o750);
  });

  it('replaces its own earlier output whole: only the new run files are left, nothing beside DIR', async () => {
    const { first, second } = corpora();
    const parent = tempDir();
    const out = path.join(parent, 'out');
    expect((await runCli([first, '--out', out, '-q'])).code).toBe(0);
    const firstFiles = readdirSync(out).sort();
    expect(firstFiles).toHaveLength(4);
    const result = await runCli([second, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`to ${out} (replacing the previous output)`);
    const secondFiles = readdirSync(out).sort();
    expect(secondFiles).toEqual(filesOfManifest(out));
    expect(secondFiles).toHaveLength(2);
    const text = readFileSync(path.join(out, secondFiles.find((f) => f.endsWith('.txt'))!), 'utf8');
    expect(text).toContain(story(21).slice(0, 40));
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('leaves an earlier output, and a missing DIR, as they were when the run finds no input', async () => {
    const { first } = corpora();
    const parent = tempDir();
    const out = path.join(parent, 'out');
    expect((await runCli([first, '--out', out, '-q'])).code).toBe(0);
    const before = snapshot(parent);
    const noInput = await runCli([tempDir(), '--out', out, '-q']);
    expect(noInput.code).toBe(2);
    expect(noInput.stderr).toMatch(/no input files/);
    expect(snapshot(parent)).toEqual(before);
    expect(readdirSync(parent)).toEqual(['out']);
    const fresh = path.join(tempDir(), 'a', 'b');
    expect((await runCli([tempDir(), '--out', fresh, '-q'])).code).toBe(2);
    expect(readdirSync(path.dirname(path.dirname(fresh)))).toEqual([]);
  });

  it('replaces an output whose manifest predates the generator field', async () => {
    const { first, second } = corpora();
    const out = path.join(tempDir(), 'out');
    expect((await runCli([first, '--out', out, '-q'])).code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    delete manifest.generator;
    writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest));
    expect((await runCli([second, '--out', out, '-q'])).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(filesOfManifest(out));
    expect(readdirSync(out)).toHaveLength(2);
  });
});

describe('--out DIR refused: exit 2, nothing written, nothing removed', () => {
  it('a non-empty folder that is not dedupe output', async () => {
    const { first } = corpora();
    const parent = tempDir();
    const out = path.join(parent, 'mine');
    writeFiles(out, { 'notes.txt': 'my notes', 'sub/data.json': '{"a": 1}' });
    const before = snapshot(parent);
    await expectRefused([first, '--out', out], new RegExp(`--out folder ${out} is not empty and holds no manifest.json written by dedupe: choose a new or empty folder`));
    expect(snapshot(parent)).toEqual(before);
    expect(readdirSync(parent)).toEqual(['mine']);
  });

  it('a folder whose manifest.json is not dedupe', async () => {
    const { first } = corpora();
    const out = tempDir();
    writeFiles(out, { 'manifest.json': '{"name": "some other tool"}', 'c1-x.txt': 'kept' });
    const before = snapshot(out);
    await expectRefused([first, '--out', out], /holds no manifest.json written by dedupe/);
    expect(snapshot(out)).toEqual(before);
  });

  it('dedupe output with a file added to it, which replacing would delete', async () => {
    const { first, second } = corpora();
    const out = path.join(tempDir(), 'out');
    expect((await runCli([first, '--out', out, '-q'])).code).toBe(0);
    writeFileSync(path.join(out, 'my-notes.txt'), 'do not delete');
    const before = snapshot(out);
    await expectRefused([second, '--out', out], new RegExp(`--out folder ${out} holds my-notes.txt, which dedupe did not write there`));
    expect(snapshot(out)).toEqual(before);
  });

  it('DIR inside an input folder, equal to it, or holding it', async () => {
    const { first, second } = corpora();
    const before = snapshot(first);
    const inside = path.join(first, 'clean');
    await expectRefused([first, '--out', inside], new RegExp(`--out folder ${inside} is the input ${first} or inside it: the next run would read the outputs back as articles`));
    expect(existsSync(inside)).toBe(false);
    await expectRefused([second, first, '--out', first], /is the input .* or inside it/);
    // The input named through a glob, and both named by relative paths.
    await expectRefused([`${first}/*.txt`, '--out', inside], /or inside it/);
    await expectRefused(['.', '--out', 'clean'], /--out folder clean is the input \. or inside it/, first);
    expect(snapshot(first)).toEqual(before);
    const parent = path.dirname(first);
    await expectRefused([first, '--out', parent], new RegExp(`the input ${first} is inside the --out folder ${parent}, which is replaced on every run`));
    expect(snapshot(first)).toEqual(before);
  });

  it('DIR that is a regular file', async () => {
    const { first } = corpora();
    const parent = tempDir();
    const file = path.join(parent, 'out');
    writeFileSync(file, 'a file');
    await expectRefused([first, '--out', file], new RegExp(`--out ${file} is a file, not a folder`));
    expect(readFileSync(file, 'utf8')).toBe('a file');
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('DIR under a regular file', async () => {
    const { first } = corpora();
    const parent = tempDir();
    const file = path.join(parent, 'file');
    writeFileSync(file, 'a file');
    const out = path.join(file, 'out');
    await expectRefused([first, '--out', out], new RegExp(`cannot create the --out folder ${out}: .* is a file, not a folder`));
    expect(readdirSync(parent)).toEqual(['file']);
  });

  it('DIR in a folder the user cannot write', async () => {
    const { first } = corpora();
    const parent = tempDir();
    // Root writes anywhere, so as root the CLI runs as "nobody"; the parent is root's, mode 0755.
    const asUser = isRoot() ? { uid: 65534, gid: 65534 } : {};
    if (!isRoot()) chmodSync(parent, 0o555);
    try {
      const out = path.join(parent, 'out');
      const result = await runCli([first, '--out', out, '-q'], asUser);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`cannot write the --out folder ${out}: permission denied \\(EACCES in ${parent}\\)`));
      expect(readdirSync(parent)).toEqual([]);
    } finally {
      chmodSync(parent, 0o755);
    }
  });

  it.runIf(existsSync('/proc/self'))('DIR under /proc fails at once instead of hanging', async () => {
    const { first } = corpora();
    const started = Date.now();
    await expectRefused([first, '--out', '/proc/dedupe-out'], /cannot write the --out folder \/proc\/dedupe-out: .*\(E[A-Z]+ in \/proc\)/);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(existsSync('/proc/dedupe-out')).toBe(false);
  }, 30_000);
});

/** Helpers for end-to-end tests: run the built CLI as a child process on inputs made in a temp dir. */

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'dedupe.js');

export function assertBuilt(): void {
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run npm run build (npm test builds first)');
}

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  cwd?: string;
  uid?: number;
  gid?: number;
  input?: string;
  env?: NodeJS.ProcessEnv;
}

export function runCli(args: string[], options: RunCliOptions = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    uid: options.uid,
    gid: options.gid,
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the CLI without waiting, for tests that signal it. */
export function startCli(args: string[], options: RunCliOptions = {}) {
  return spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
}

export interface JsonReport {
  summary: { files: number; documents: number; clusters: number; duplicateClusters: number; duplicates: number; skipped: number };
  clusters: { id: string; size: number; canonical: string; members: { id: string; path: string }[] }[];
  skipped: { path: string; reason: string }[];
}

/** Runs with --json and parses the report; fails the test when the run did not exit 0. */
export function runJson(args: string[], options: RunCliOptions = {}): JsonReport {
  const result = runCli([...args, '--json'], options);
  if (result.status !== 0) throw new Error(`dedupe exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as JsonReport;
}

export function documentIds(report: JsonReport): string[] {
  return report.clusters.flatMap((c) => c.members.map((m) => m.id)).sort();
}

const created: string[] = [];

/** A fresh temp folder, readable by every user (permission tests run the CLI as another user). */
export function tempDir(prefix = 'dedupe-hardening-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  created.push(dir);
  return dir;
}

/** Removes the temp folders of a test file (with rm, which copes with trees deeper than PATH_MAX). */
export function removeTempDirs(): void {
  if (created.length) spawnSync('rm', ['-rf', ...created.splice(0)]);
}

export function writeFiles(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(root, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

const WORDS = (
  'harbour council river market school bridge library station garden museum festival ferry orchard quarry ' +
  'lantern valley meadow tunnel archive workshop theatre hospital stadium airport canal village mill forest ' +
  'engineer teacher farmer mayor nurse captain baker painter pilot miner sailor student judge doctor ranger ' +
  'opens closes repairs expands delays approves rejects funds studies restores builds counts visits plans ' +
  'quietly early late twice slowly again finally briefly openly jointly locally widely firmly newly rarely'
).split(' ');

/** A made-up story of about `words` words; different seeds give unrelated texts. */
export function story(seed: number, words = 90): string {
  let state = (seed * 2654435761 + 12345) >>> 0;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state;
  };
  const sentences: string[] = [];
  let count = 0;
  while (count < words) {
    const length = 8 + (next() % 6);
    const sentence = Array.from({ length }, () => WORDS[next() % WORDS.length]);
    sentence[0] = sentence[0][0].toUpperCase() + sentence[0].slice(1);
    sentence.push(String(1000 + (next() % 9000)));
    sentences.push(sentence.join(' ') + '.');
    count += length + 1;
  }
  const paragraphs: string[] = [];
  for (let i = 0; i < sentences.length; i += 3) paragraphs.push(sentences.slice(i, i + 3).join(' '));
  return paragraphs.join('\n\n') + '\n';
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

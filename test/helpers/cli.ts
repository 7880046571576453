/**
 * Running the command line in tests: `runCli`, the one way end-to-end tests run the built
 * bin/dedupe.js as a child process, and `runMain`, which calls the CLI's main() in this process
 * (from src/, no build needed) for tests of one module through the command line.
 */

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BIN, ROOT } from './paths.js';

export function assertBuilt(): void {
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run npm run build (npm test builds first)');
}

export interface RunCliOptions {
  /** Standard input (empty by default). */
  input?: string | Uint8Array;
  /** The working folder: the project's root by default. */
  cwd?: string;
  /** Added to this process's environment (NO_COLOR is set, FORCE_COLOR unset). */
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  /** Kills the run with SIGKILL after this many milliseconds (the result then says `timedOut`). */
  timeoutMs?: number;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The run was killed for taking longer than `timeoutMs`. */
  timedOut?: boolean;
}

/** Starts bin/dedupe.js without waiting, for tests that write to it, signal it or kill it. */
export function startCli(args: readonly string[], options: Omit<RunCliOptions, 'input'> = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    uid: options.uid,
    gid: options.gid,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs bin/dedupe.js as a child process (build first: `npm test` does) and waits for it to end. */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = startCli(args, options);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), options.timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ...(timedOut ? { timedOut } : {}) });
    });
    // A run may end before it reads all of its input.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

export interface JsonReport {
  summary: { files: number; documents: number; clusters: number; duplicateClusters: number; duplicates: number; skipped: number };
  clusters: { id: string; size: number; canonical: string; members: { id: string; path: string }[] }[];
  skipped: { path: string; reason: string }[];
}

/** Runs with --json and parses the report; fails the test when the run did not exit 0. */
export async function runJson(args: readonly string[], options: RunCliOptions = {}): Promise<JsonReport> {
  const result = await runCli([...args, '--json'], options);
  if (result.code !== 0) throw new Error(`dedupe exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as JsonReport;
}

export function documentIds(report: JsonReport): string[] {
  return report.clusters.flatMap((c) => c.members.map((m) => m.id)).sort();
}

/**
 * Starts an indexing run with `--batch 1 --progress -q` and kills it with SIGKILL once it has
 * reported `batches` batches indexed.
 */
export function killAfterBatches(args: readonly string[], batches: number): Promise<{ signal: NodeJS.Signals | null; seen: number }> {
  return new Promise((resolve, reject) => {
    const child = startCli([...args, '--batch', '1', '--progress', '-q']);
    child.stdin.end();
    child.stdout.resume();
    let seen = 0;
    let buffered = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      seen += lines.filter((l) => l.startsWith('indexed ')).length;
      if (seen >= batches && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve({ signal, seen }));
  });
}

/** Runs the command line's main() in this process and captures what it prints. */
export async function runMain(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import('../../src/cli/main.js');
  const { PassThrough } = await import('node:stream');
  let stdout = '';
  let stderr = '';
  const out = new PassThrough();
  const err = new PassThrough();
  out.on('data', (chunk) => (stdout += chunk));
  err.on('data', (chunk) => (stderr += chunk));
  const code = await main(args, { stdout: out, stderr: err, stdin: new PassThrough(), env: { NO_COLOR: '1' } });
  return { code, stdout, stderr };
}

/**
 * A pool of worker threads running batches (batch.ts). Each batch goes to the least busy
 * worker; the caller awaits results in whatever order it needs. With one job the batches run
 * in this thread instead, by the same code.
 */

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BatchWorker, type BatchResult, type BatchSetup, type BatchTask, type SampleResult } from './batch.js';

type Settle = { resolve: (result: BatchResult | SampleResult) => void; reject: (error: Error) => void };

interface Member {
  worker: Worker;
  busy: number;
  pending: Map<number, Settle>;
}

/** The compiled worker entry; tests that run the TypeScript sources use the built one. */
function workerScript(): URL {
  const beside = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  const built = new URL('../../dist/engine/worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new Error('worker script not found: run `npm run build` first');
}

export class BatchPool {
  private readonly members: Member[] = [];
  private local: BatchWorker | undefined;
  private setup: BatchSetup | undefined;
  private nextId = 0;
  private failure: Error | undefined;

  /** Up to `jobs` worker threads, each started when a batch finds every running one busy. */
  constructor(readonly jobs: number) {}

  /** Worker threads started so far. */
  get threads(): number {
    return this.members.length;
  }

  /** Setup for the batches that follow (sent to every worker before them, and to each worker started later). */
  configure(setup: BatchSetup): void {
    this.setup = setup;
    if (this.jobs <= 1) this.local = new BatchWorker(setup);
    for (const member of this.members) member.worker.postMessage({ setup });
  }

  run(task: BatchTask, transfer: ArrayBuffer[] = []): Promise<BatchResult | SampleResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.jobs <= 1) {
      if (!this.local) return Promise.reject(new Error('batch pool used before configure'));
      return this.local.run(task);
    }
    if (!this.setup) return Promise.reject(new Error('batch pool used before configure'));
    const member = this.memberFor();
    const id = this.nextId++;
    member.busy++;
    return new Promise((resolve, reject) => {
      member.pending.set(id, { resolve, reject });
      member.worker.postMessage({ id, task }, transfer);
    });
  }

  /**
   * The least busy worker, or a new one while every worker is busy and fewer than `jobs` run: a
   * thread costs tens of megabytes and a fraction of a second to start, so a small input (a
   * few files, or everything on a machine of many cores) starts only the threads it keeps busy.
   */
  private memberFor(): Member {
    let member: Member | undefined = this.members[0];
    for (const m of this.members) if (m.busy < member.busy) member = m;
    if (member === undefined || (member.busy > 0 && this.members.length < this.jobs)) member = this.start();
    return member;
  }

  private start(): Member {
    // A larger young generation: batches allocate many short-lived strings, and fewer scavenges cost less.
    const member: Member = { worker: new Worker(workerScript(), { resourceLimits: { maxYoungGenerationSizeMb: 64 } }), busy: 0, pending: new Map() };
    member.worker.on('message', (message: { id: number; result?: BatchResult | SampleResult; error?: string; stack?: string }) => {
      const settle = member.pending.get(message.id);
      if (!settle) return;
      member.pending.delete(message.id);
      member.busy--;
      if (message.error !== undefined) settle.reject(workerError(message.error, message.stack));
      else settle.resolve(message.result!);
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const settle of member.pending.values()) settle.reject(error);
      member.pending.clear();
    };
    member.worker.on('error', fail);
    member.worker.on('exit', (code) => {
      if (member.pending.size) fail(new Error(`worker thread stopped (exit code ${code})`));
    });
    member.worker.postMessage({ setup: this.setup });
    this.members.push(member);
    return member;
  }

  async close(): Promise<void> {
    await Promise.all(this.members.map((m) => m.worker.terminate()));
  }
}

/** A batch's failure in a worker thread: its message, and the worker's stack for DEDUPE_DEBUG. */
function workerError(message: string, stack: string | undefined): Error {
  const error = new Error(`batch failed: ${message}`);
  if (stack) error.stack = `Error: batch failed: ${stack}`;
  return error;
}

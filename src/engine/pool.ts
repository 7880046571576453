/**
 * A pool of worker threads running batches (batch.ts). Each batch goes to an idle worker; a new
 * worker is started only when every running one is busy, so a pool never holds more workers than
 * batches it was given, and never more than `size` (the jobs asked for, at most WORKERS_PER_CORE
 * per core: the work is CPU-bound, and each thread costs tens of MB). The caller awaits results
 * in whatever order it needs. With one job the batches run in this thread instead, by the same code.
 */

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BatchWorker, type BatchResult, type BatchSetup, type BatchTask, type SampleResult } from './batch.js';

type Settle = { resolve: (result: BatchResult | SampleResult) => void; reject: (error: Error) => void };

interface Member {
  worker: Worker;
  busy: number;
  pending: Map<number, Settle>;
}

/** Worker threads per available core at most, whatever --jobs asks for. */
export const WORKERS_PER_CORE = 2;

/** The compiled worker entry; tests that run the TypeScript sources use the built one. */
function workerScript(): URL {
  const beside = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  const built = new URL('../../dist/engine/worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new Error('worker script not found: run `npm run build` first');
}

export class BatchPool {
  /** Workers the pool may start: the jobs asked for, capped per core. */
  readonly size: number;
  private readonly members: Member[] = [];
  private local: BatchWorker | undefined;
  private setup: BatchSetup | undefined;
  private nextId = 0;
  private failure: Error | undefined;

  constructor(jobs: number, cores = availableParallelism()) {
    this.size = Math.max(1, Math.min(jobs, WORKERS_PER_CORE * cores));
  }

  /** Worker threads started so far. */
  get started(): number {
    return this.members.length;
  }

  /** Setup for the batches that follow (sent to every worker before them, and to workers started later). */
  configure(setup: BatchSetup): void {
    this.setup = setup;
    if (this.size === 1) this.local = new BatchWorker(setup);
    for (const member of this.members) member.worker.postMessage({ setup });
  }

  run(task: BatchTask, transfer: ArrayBuffer[] = []): Promise<BatchResult | SampleResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.setup) return Promise.reject(new Error('batch pool used before configure'));
    if (this.size === 1) return this.local!.run(task);
    let member: Member | undefined = this.members[0];
    for (const m of this.members) if (m.busy < member.busy) member = m;
    if ((!member || member.busy > 0) && this.members.length < this.size) member = this.start(this.setup);
    const id = this.nextId++;
    member.busy++;
    const chosen = member;
    return new Promise((resolve, reject) => {
      chosen.pending.set(id, { resolve, reject });
      chosen.worker.postMessage({ id, task }, transfer);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.members.map((m) => m.worker.terminate()));
  }

  /** Starts one more worker, set up like the others. */
  private start(setup: BatchSetup): Member {
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
    member.worker.postMessage({ setup });
    this.members.push(member);
    return member;
  }
}

/** A batch's failure in a worker thread: its message, and the worker's stack for DEDUPE_DEBUG. */
function workerError(message: string, stack: string | undefined): Error {
  const error = new Error(`batch failed: ${message}`);
  if (stack) error.stack = `Error: batch failed: ${stack}`;
  return error;
}

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
  private nextId = 0;
  private failure: Error | undefined;

  constructor(readonly jobs: number) {
    if (jobs <= 1) return;
    const script = workerScript();
    for (let i = 0; i < jobs; i++) {
      // A larger young generation: batches allocate many short-lived strings, and fewer scavenges cost less.
      const member: Member = { worker: new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: 64 } }), busy: 0, pending: new Map() };
      member.worker.on('message', (message: { id: number; result?: BatchResult | SampleResult; error?: string }) => {
        const settle = member.pending.get(message.id);
        if (!settle) return;
        member.pending.delete(message.id);
        member.busy--;
        if (message.error !== undefined) settle.reject(new Error(`batch failed: ${message.error}`));
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
      this.members.push(member);
    }
  }

  /** Setup for the batches that follow (sent to every worker before them). */
  configure(setup: BatchSetup): void {
    if (this.members.length === 0) this.local = new BatchWorker(setup);
    for (const member of this.members) member.worker.postMessage({ setup });
  }

  run(task: BatchTask, transfer: ArrayBuffer[] = []): Promise<BatchResult | SampleResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.members.length === 0) {
      if (!this.local) return Promise.reject(new Error('batch pool used before configure'));
      return this.local.run(task);
    }
    let member = this.members[0];
    for (const m of this.members) if (m.busy < member.busy) member = m;
    const id = this.nextId++;
    member.busy++;
    return new Promise((resolve, reject) => {
      member.pending.set(id, { resolve, reject });
      member.worker.postMessage({ id, task }, transfer);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.members.map((m) => m.worker.terminate()));
  }
}
